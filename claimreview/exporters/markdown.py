"""A readable fact-check report in Markdown (CommonMark with GFM tables).

The report: the article (headline, its own label, publisher, date, keywords, image credit), one
table of the document's claims (one row per claim: claimant, rating, reviewer), the detail of each
claim (appearances, reviews, with links), then people, organizations and sanctions.

How the exporter contract is kept (build -> check -> render):

- ``build`` turns the Document into the report's parts as plain data: a list of blocks (headings,
  paragraphs, lists, one table) whose inline content is a list of spans, each holding raw text
  from the document and, for links, the URL. No Markdown syntax is written here.
- ``check`` renders those blocks (the same deterministic function ``render`` uses, so the checked
  text is byte for byte the text written), parses the result with markdown-it-py (CommonMark plus
  the table and strikethrough extensions, as GitHub renders it) and verifies: no raw HTML tokens,
  every link is http(s), exactly as many links as the spans asked for, one H1 holding the title,
  one table row per claim, and that every heading, paragraph, list item and table cell shows
  exactly the literal text of its spans (so no field can add emphasis, links, cells or blocks).
- ``render`` writes the Markdown.

Escaping: every piece of document text goes through :func:`escape_text`, which collapses line
breaks and runs of white space to one space (a report is not a round-trip format, and a line
break inside a table cell or a list item would change the structure), backslash-escapes the ASCII
punctuation Markdown gives meaning to, and escapes a leading list, heading, quote or numbered-list
marker. URLs are re-checked (http or https with a host; the model already refuses others, but the
exporter does not rely on it) and escaped for a link destination by :func:`escape_url`; a URL that
fails the check is shown as text, never as a link, and the check reports it as a warning.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

from claimreview import urls
from claimreview.exporters.base import Exporter
from claimreview.schemas import Document
from claimreview.schemas.fields import is_http_url as safe_url
from claimreview.schemas.models import (
    Appearance,
    Article,
    Claim,
    Organization,
    Person,
    Review,
    Sanction,
)
from claimreview.validation.diagnostics import ERROR, WARNING, Code, Diagnostic

MARKDOWN_HEADING = Code("markdown.heading", ERROR, "The report lacks its one level-1 heading, the headline")
MARKDOWN_LINK_COUNT = Code("markdown.link-count", ERROR,
    "The report renders more or fewer links than it was built with")
MARKDOWN_LINK_WITHHELD = Code("markdown.link-withheld", WARNING,
    "A URL that is not http(s) is shown as text, not as a link")
MARKDOWN_RAW_HTML = Code("markdown.raw-html", ERROR,
    "The rendered report would hold raw HTML (an escaping bug; nothing is written)")
MARKDOWN_ROW_COUNT = Code("markdown.row-count", ERROR, "The claims table does not have one row per claim")
MARKDOWN_STRUCTURE = Code("markdown.structure", ERROR, "The report renders other blocks than it was built with")
MARKDOWN_TABLE = Code("markdown.table", ERROR, "The claims table does not render as one table")
MARKDOWN_TABLE_CELLS = Code("markdown.table-cells", ERROR, "A claims-table row renders with the wrong number of cells")
MARKDOWN_TEXT = Code("markdown.text", ERROR, "A piece of document text would render as something other than itself")
BIDI = Code("markdown.bidi", ERROR, "The rendered report would hold a bidirectional control character, which "
    "can reverse the rest of a line or table row (an escaping bug; nothing is written)")
MARKDOWN_UNSAFE_LINK = Code("markdown.unsafe-link", ERROR,
    "The rendered report would link somewhere other than http(s)")

CODES: tuple[Code, ...] = (
    MARKDOWN_HEADING,
    MARKDOWN_LINK_COUNT,
    MARKDOWN_LINK_WITHHELD,
    MARKDOWN_RAW_HTML,
    MARKDOWN_ROW_COUNT,
    MARKDOWN_STRUCTURE,
    MARKDOWN_TABLE,
    MARKDOWN_TABLE_CELLS,
    MARKDOWN_TEXT,
    MARKDOWN_UNSAFE_LINK,
    BIDI,
)


# --------------------------------------------------------------------------------------------
# Escaping

_SPECIAL = frozenset("\\`*_[]<>|#&~")
"""ASCII punctuation escaped wherever it appears: emphasis, code, links and images (``!`` needs
no escape once ``[`` has one), raw HTML and autolinks, table cells, headings, entities (``&amp;``
must show as typed) and strikethrough."""

_LEADING_MARKER = re.compile(r"^(?:[-+=]|\d{1,9}(?=[.)]))")
_WHITESPACE = re.compile(r"\s+")
_BIDI_EMBEDDING = re.compile("[\u202a-\u202e\u2066-\u2069]")
"""Embeddings, overrides and isolates: each reorders text up to its closing control or the end
of the line, so one in a cell can reverse the rest of a table row in the Markdown source."""
_BIDI_MARK = re.compile("[\u200e\u200f\u061c]")
"""Left-to-right, right-to-left and Arabic letter marks: invisible, and they change how the
neutral characters around them (pipes, brackets) are placed."""
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
_EMAIL_AT = re.compile("(?<!\u2060)@")
"""An ``@``, which GFM's autolink extension may read as part of an e-mail address (also after
``mailto:`` or ``xmpp:``, even with an empty local part). Backslash escapes and entities do not stop
it (cmark-gfm finds addresses in the text after escapes are resolved), so a WORD JOINER (U+2060,
invisible, no break) goes before every ``@``: cmark-gfm reads an address's local part from letters,
digits and ``._+-`` only, and the joiner ends it."""
WORD_JOINER = "\u2060"


def clean_text(value: str) -> str:
    """Document text as the report shows it: white space (line breaks included) collapsed to
    single spaces, NUL replaced as CommonMark does, bidirectional embeddings, overrides and
    isolates replaced by U+FFFD (visible: something was there) and bidi marks dropped, and a word
    joiner before an ``@`` that GitHub would turn into a mail link. Idempotent."""
    text = value.replace("\x00", "\ufffd")
    if _BIDI.search(text):
        text = _BIDI_MARK.sub("", _BIDI_EMBEDDING.sub("\ufffd", text))
    text = _WHITESPACE.sub(" ", text).strip()
    if "@" in text:
        text = _EMAIL_AT.sub(WORD_JOINER + "@", text)
    return text


def escape_text(value: str) -> str:
    """Markdown for literal text: CommonMark and GFM (cmark-gfm with its autolink extension) both
    show exactly ``clean_text(value)``, without links: besides the punctuation Markdown gives
    meaning to, the ``.`` of ``www.`` and the ``:`` of ``scheme:/`` (``https://``, ``ftp://``) are
    backslash-escaped, which stops GFM's autolinks and shows the same text; ``mailto:`` and
    ``xmpp:`` links need an address, which :func:`clean_text` breaks."""
    text = clean_text(value)
    out = []
    prev = ""
    for i, ch in enumerate(text):
        if ch in _SPECIAL or (ch == ":" and text[i + 1:i + 2] == "/" and prev.isascii() and prev.isalpha()) or (
                ch == "." and prev in "wW" and text[i - 3:i].lower() == "www"):
            out.append("\\" + ch)
        else:
            out.append(ch)
        prev = ch
    escaped = "".join(out)
    marker = _LEADING_MARKER.match(escaped)
    if marker:
        # "- x", "+ x", "= x" (setext underline) and "1. x" / "1) x" lose their block meaning
        end = marker.end()
        escaped = "\\" + escaped if not escaped[0].isdigit() else escaped[:end] + "\\" + escaped[end:]
    return escaped


_URL_BACKSLASH = frozenset("\\()&`*_[]|<>!#~")
"""Punctuation escaped in a link destination: parentheses (the destination's own delimiters),
entities, code spans (which bind tighter than links) and table cell pipes. CommonMark removes the
backslashes again, so the href is the URL unchanged."""


def escape_url(url: str) -> str:
    """A link destination for a URL that passed :func:`safe_url`."""
    out = []
    for ch in url:
        if ch in _URL_BACKSLASH:
            out.append("\\" + ch)
        elif ch == " " or ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append("".join(f"%{b:02X}" for b in ch.encode("utf-8")))
        else:
            out.append(ch)
    return "".join(out)


# --------------------------------------------------------------------------------------------
# The report as plain data
#
# span:  {"text": str} | {"text": str, "strong": True} | {"text": str, "href": str}
# block: {"type": "heading", "level": int, "content": [span]}
#        {"type": "paragraph", "content": [span]}
#        {"type": "list", "items": [{"content": [span], "items": [...]}]}
#        {"type": "table", "header": [str], "rows": [[[span]]], "pointers": [str]}

Span = dict[str, Any]
Block = dict[str, Any]
Item = dict[str, Any]


def _t(text: str) -> Span:
    return {"text": text}


def _b(text: str) -> Span:
    return {"text": text, "strong": True}


def _item(content: list[Span], items: list[Item] | None = None) -> Item:
    return {"content": content, "items": items or []}


def _field(label: str, content: list[Span], items: list[Item] | None = None) -> Item:
    return _item([_b(f"{label}:"), _t(" "), *content], items)


def _joined(groups: Sequence[list[Span]], sep: str = ", ") -> list[Span]:
    out: list[Span] = []
    for i, group in enumerate(groups):
        if i:
            out.append(_t(sep))
        out.extend(group)
    return out


def _host(url: str) -> str:
    return (urls.host_of(url) or url).removeprefix("www.")


class _Builder:
    """Walks a Document once and collects the report's blocks."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.entities = doc.entities()
        self.pointer_of = {e.id: f"/{kind}/{i}" for kind in ("people", "organizations", "sanctions", "articles",
                                                             "claims", "reviews")
                           for i, e in enumerate(getattr(doc, kind))}
        self.withheld: list[tuple[str, str]] = []
        self.blocks: list[Block] = []
        self.article_no = {a.id: n for n, a in enumerate(doc.articles, 1)}
        self.claims = self._claim_order()
        self.claim_no = {c.id: n for n, c in enumerate(self.claims, 1)}
        self.reviews_of: dict[str, list[Review]] = {}
        for r in doc.reviews:
            self.reviews_of.setdefault(r.claim, []).append(r)
        self.reported_in: dict[str, list[Article]] = {}
        for a in doc.articles:
            for cid in dict.fromkeys(a.claims):
                self.reported_in.setdefault(cid, []).append(a)

    # -- links and names ------------------------------------------------------------------

    def link(self, text: str, url: str | None, where: str) -> list[Span]:
        """A link when the URL is safe; otherwise the text alone, and a note for the check."""
        if url is None:
            return [_t(text)]
        if safe_url(url):
            return [{"text": text, "href": url}]
        self.withheld.append((where, url))
        return [_t(text)]

    def url_spans(self, url: str, where: str) -> list[Span]:
        return self.link(_host(url) or url, url, where)

    def name(self, entity_id: str | None) -> str:
        entity = self.entities.get(entity_id or "")
        if isinstance(entity, Person | Organization):
            return entity.name
        if isinstance(entity, Sanction):
            return entity.identifier or entity.title
        if isinstance(entity, Article):
            return entity.headline
        if isinstance(entity, Claim):
            return entity.text
        return entity_id or ""

    def named(self, entity_id: str) -> list[Span]:
        """An entity's name, linked to its own page when it has one."""
        entity = self.entities.get(entity_id)
        url = getattr(entity, "url", None)
        return self.link(self.name(entity_id), url, f"{self.pointer_of.get(entity_id, '')}/url")

    def names(self, ids: Sequence[str]) -> list[Span]:
        return _joined([self.named(i) for i in ids])

    def links(self, urls: Sequence[str], where: str) -> list[Span]:
        return _joined([self.url_spans(u, f"{where}/{j}") for j, u in enumerate(urls)])

    # -- order ----------------------------------------------------------------------------

    def _claim_order(self) -> list[Claim]:
        """Claims in the order the articles report them, then the claims no article reports."""
        by_id = {c.id: c for c in self.doc.claims}
        seen: dict[str, Claim] = {}
        for a in self.doc.articles:
            for cid in a.claims:
                if cid in by_id:
                    seen.setdefault(cid, by_id[cid])
        for c in self.doc.claims:
            seen.setdefault(c.id, c)
        return list(seen.values())

    # -- sections -------------------------------------------------------------------------

    def title(self) -> str:
        if len(self.doc.articles) == 1:
            return clean_text(self.doc.articles[0].headline)
        return "Fact-check report"

    def build(self) -> list[Block]:
        self.blocks.append({"type": "heading", "level": 1, "content": [_t(self.title())]})
        if len(self.doc.articles) == 1:
            self._article(self.doc.articles[0], heading=False)
        elif self.doc.articles:
            self._para(f"{len(self.doc.articles)} articles, {len(self.doc.claims)} claims, "
                       f"{len(self.doc.reviews)} reviews.")
            self._heading(2, "Articles")
            for a in self.doc.articles:
                self._article(a, heading=True)
        self._claims_table()
        self._claim_details()
        self._people()
        self._organizations()
        self._sanctions()
        return self.blocks

    def _heading(self, level: int, *content: Span | str) -> None:
        spans = [_t(c) if isinstance(c, str) else c for c in content]
        self.blocks.append({"type": "heading", "level": level, "content": spans})

    def _para(self, *content: Span | str) -> None:
        spans = [_t(c) if isinstance(c, str) else c for c in content]
        self.blocks.append({"type": "paragraph", "content": spans})

    def _list(self, items: list[Item]) -> None:
        if items:
            self.blocks.append({"type": "list", "items": items})

    def _article(self, a: Article, heading: bool) -> None:
        base = self.pointer_of[a.id]
        if heading:
            self._heading(3, f"{self.article_no[a.id]}. ", a.headline)
        items: list[Item] = []
        if a.label:
            items.append(_field("Label", [_t(a.label)]))
        items.append(_field("Publisher", self.named(a.publisher) if a.publisher else [_t("not given")]))
        if a.authors:
            items.append(_field("Authors", self.names(a.authors)))
        items.append(_field("Published", [_t(a.date_published or "not given")]))
        if a.date_modified:
            items.append(_field("Modified", [_t(a.date_modified)]))
        if a.language:
            items.append(_field("Language", [_t(a.language)]))
        if a.keywords:
            items.append(_field("Keywords", [_t(", ".join(clean_text(k) for k in a.keywords))]))
        if a.image is not None:
            items.append(self._image(a, base))
        if a.sources:
            items.append(_field("Cites", self.names(a.sources)))
        if a.about:
            items.append(_field("About", self.names(a.about)))
        if a.url:
            items.append(_field("Read the article", self.url_spans(a.url, f"{base}/url")))
        self._list(items)
        if a.description:
            self._para(a.description)

    def _image(self, a: Article, base: str) -> Item:
        image = a.image
        assert image is not None
        sub: list[Item] = []
        if image.caption:
            sub.append(_field("Caption", [_t(image.caption)]))
        if image.credit:
            sub.append(_field("Credit", [_t(image.credit)]))
        if image.creators:
            sub.append(_field("Photographer", self.names(image.creators)))
        if image.providers:
            sub.append(_field("Distributed by", self.names(image.providers)))
        if image.url:
            sub.append(_field("Image", self.url_spans(image.url, f"{base}/image/url")))
        return _item([_b("Image")], sub)

    # -- claims ---------------------------------------------------------------------------

    def _article_column(self) -> bool:
        if len(self.doc.articles) > 1:
            return True
        return len(self.doc.articles) == 1 and any(c.id not in self.reported_in for c in self.claims)

    def _claims_table(self) -> None:
        self._heading(2, "Claims")
        if not self.claims:
            self._para("This document holds no claims.")
            return
        with_article = self._article_column()
        reviewed = sum(c.id in self.reviews_of for c in self.claims)
        share = {0: "none reviewed yet", len(self.claims): "all reviewed"}.get(reviewed, f"{reviewed} of them reviewed")
        self._para(f"{_count(len(self.claims), 'claim')}, {share}.")
        header = ["No.", "Claim", "Claimant", "Rating", "Reviewed by"] + (["Article"] if with_article else [])
        rows: list[list[list[Span]]] = []
        for c in self.claims:
            reviews = self.reviews_of.get(c.id, [])
            if reviews:
                rating = _joined([self.link(r.rating.label, r.url, f"{self.pointer_of[r.id]}/url")
                                  for r in reviews], "; ")
                reviewer = _joined([[_t(self.name(r.reviewer))] for r in reviews], "; ")
            else:
                rating, reviewer = [_t("not reviewed")], [_t("—")]
            claimant = [_t(self.name(c.claimant))] if c.claimant else [_t("not named")]
            row = [[_t(str(self.claim_no[c.id]))], [_t(c.text)], claimant, rating, reviewer]
            if with_article:
                articles = self.reported_in.get(c.id, [])
                row.append([_t(", ".join(str(self.article_no[a.id]) for a in articles) or "none")])
            rows.append(row)
        self.blocks.append({"type": "table", "header": header, "rows": rows,
                            "pointers": [self.pointer_of[c.id] for c in self.claims]})

    def _claim_details(self) -> None:
        if not self.claims:
            return
        self._heading(2, "Claim details")
        for c in self.claims:
            self._heading(3, f"Claim {self.claim_no[c.id]}")
            self._list(self._claim_items(c))

    def _claim_items(self, c: Claim) -> list[Item]:
        base = self.pointer_of[c.id]
        items = [_field("Claim", [_t(c.text)])]
        items.append(_field("Claimant", self._claimant(c.claimant)))
        if c.date:
            items.append(_field("Date", [_t(c.date)]))
        articles = self.reported_in.get(c.id, [])
        if c.language and (not articles or any(a.language != c.language for a in articles)):
            items.append(_field("Language", [_t(c.language)]))
        if c.about:
            items.append(_field("About", self.names(c.about)))
        if len(self.doc.articles) > 1 or (self.doc.articles and not articles):
            where = ", ".join(f"article {self.article_no[a.id]}" for a in articles)
            items.append(_field("Reported in", [_t(where or "no article in this document")]))
        if c.first_appearance is not None:
            items.append(_field("First appeared", self._appearance(c.first_appearance, f"{base}/first_appearance")))
        if c.appearances:
            items.append(_item([_b("Appeared in")],
                               [_item(self._appearance(ap, f"{base}/appearances/{j}"))
                                for j, ap in enumerate(c.appearances)]))
        reviews = self.reviews_of.get(c.id, [])
        if reviews:
            items.append(_item([_b("Reviews")], [self._review(r) for r in reviews]))
        else:
            items.append(_field("Reviews", [_t("not reviewed yet")]))
        return items

    def _claimant(self, claimant: str | None) -> list[Span]:
        if claimant is None:
            return [_t("not named")]
        spans = self.named(claimant)
        entity = self.entities.get(claimant)
        role = entity.job_title if isinstance(entity, Person) else None
        return spans + ([_t(f" ({clean_text(role)})")] if role else [])

    def _appearance(self, ap: Appearance, where: str) -> list[Span]:
        parts: list[list[Span]] = []
        if ap.outlet:
            parts.append(self.named(ap.outlet))
        if ap.date:
            parts.append([_t(ap.date)])
        if ap.url:
            parts.append(self.url_spans(ap.url, f"{where}/url"))
        head = _joined(parts)
        if ap.description:
            return [*head, _t(": " if head else ""), _t(ap.description)]
        return head

    def _review(self, r: Review) -> Item:
        base = self.pointer_of[r.id]
        rating = r.rating
        content = [_b(self.name(r.reviewer)), _t(": "), *self.link(rating.label, r.url, f"{base}/url")]
        sub: list[Item] = []
        scale = _scale(rating.value, rating.worst, rating.best)
        if scale:
            sub.append(_field("Score", [_t(scale)]))
        if rating.explanation:
            sub.append(_field("Why", [_t(rating.explanation)]))
        if r.headline:
            sub.append(_field("Headline", [_t(r.headline)]))
        if r.date:
            sub.append(_field("Date", [_t(r.date)]))
        if r.language:
            sub.append(_field("Language", [_t(r.language)]))
        if rating.image:
            sub.append(_field("Rating image", self.url_spans(rating.image, f"{base}/rating/image")))
        if r.url:
            sub.append(_field("Read the review", self.url_spans(r.url, f"{base}/url")))
        if r.note:
            sub.append(_field("Note", [_t(r.note)]))
        return _item(content, sub)

    # -- entities -------------------------------------------------------------------------

    def _people(self) -> None:
        if not self.doc.people:
            return
        self._heading(2, "People")
        items = []
        for i, p in enumerate(self.doc.people):
            base = f"/people/{i}"
            sub: list[Item] = []
            if p.alternate_names:
                sub.append(_field("Also written", [_t("; ".join(clean_text(n) for n in p.alternate_names))]))
            if p.description:
                sub.append(_item([_t(p.description)]))
            if p.affiliations:
                sub.append(_field("Affiliations", self.names(p.affiliations)))
            if p.nationality:
                sub.append(_field("Nationality", [_t(p.nationality)]))
            if p.url:
                sub.append(_field("Page", self.url_spans(p.url, f"{base}/url")))
            if p.same_as:
                sub.append(_field("Same as", self.links(p.same_as, f"{base}/same_as")))
            head = [_b(p.name)] + ([_t(f" — {clean_text(p.job_title)}")] if p.job_title else [])
            items.append(_item(head, sub))
        self._list(items)

    def _organizations(self) -> None:
        if not self.doc.organizations:
            return
        self._heading(2, "Organizations")
        items = []
        for i, o in enumerate(self.doc.organizations):
            base = f"/organizations/{i}"
            sub: list[Item] = []
            if o.alternate_names:
                sub.append(_field("Also written", [_t("; ".join(clean_text(n) for n in o.alternate_names))]))
            if o.description:
                sub.append(_item([_t(o.description)]))
            if o.country:
                sub.append(_field("Country", [_t(o.country)]))
            if o.parent:
                sub.append(_field("Part of", self.named(o.parent)))
            if o.url:
                sub.append(_field("Website", self.url_spans(o.url, f"{base}/url")))
            if o.same_as:
                sub.append(_field("Same as", self.links(o.same_as, f"{base}/same_as")))
            kind = _KIND_LABELS.get(o.kind.value, o.kind.value.replace("-", " ")) if o.kind else None
            head = [_b(o.name)] + ([_t(f" — {kind}")] if kind else [])
            items.append(_item(head, sub))
        self._list(items)

    def _sanctions(self) -> None:
        if not self.doc.sanctions:
            return
        self._heading(2, "Sanctions")
        for i, s in enumerate(self.doc.sanctions):
            base = f"/sanctions/{i}"
            self._heading(3, s.title)
            items: list[Item] = []
            if s.identifier:
                items.append(_field("Identifier", [_t(s.identifier)]))
            if s.kind:
                items.append(_field("Kind", [_t(s.kind)]))
            items.append(_field("Authority", self.named(s.authority)))
            if s.date_adopted:
                items.append(_field("Adopted", [_t(s.date_adopted)]))
            if s.status:
                items.append(_field("Status", [_t(s.status)]))
            if s.targets:
                items.append(_field("Targets", self.names(s.targets)))
            if s.measures:
                items.append(_item([_b("Measures")], [_item([_t(m)]) for m in s.measures]))
            if s.reason:
                items.append(_field("Reason", [_t(s.reason)]))
            if s.url:
                items.append(_field("Source", self.url_spans(s.url, f"{base}/url")))
            if s.same_as:
                items.append(_field("Same as", self.links(s.same_as, f"{base}/same_as")))
            self._list(items)


_KIND_LABELS = {"tv-channel": "TV channel", "ngo": "NGO"}


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' * (n != 1)}"


def _number(x: float) -> str:
    return f"{x:g}"


def _scale(value: float | None, worst: float | None, best: float | None) -> str | None:
    if value is None and worst is None and best is None:
        return None
    out = _number(value) if value is not None else "no value"
    if worst is not None and best is not None:
        out += f" on a scale from {_number(worst)} (worst) to {_number(best)} (best)"
    elif best is not None:
        out += f" (best {_number(best)})"
    elif worst is not None:
        out += f" (worst {_number(worst)})"
    return out


# --------------------------------------------------------------------------------------------
# Rendering


def _edges(raw: str, core: str) -> str:
    """``core`` with one space on each side where ``raw`` had white space there (spans carry
    their own separators, such as ", " and " — ")."""
    if not core:
        return " " if raw else ""
    return (" " if raw[:1].isspace() else "") + core + (" " if raw[-1:].isspace() else "")


def _spans_md(spans: Sequence[Span]) -> str:
    out = []
    for s in spans:
        # emphasis and link text hug their delimiters; plain spans keep their separators' spaces
        marked = "href" in s or s.get("strong")
        text = escape_text(s["text"]) if marked else _edges(s["text"], escape_text(s["text"]))
        if "href" in s:
            out.append(f"[{text}]({escape_url(s['href'])})")
        elif s.get("strong"):
            out.append(f"**{text}**")
        else:
            out.append(text)
    md = "".join(out)
    # spans join with their own spacing; collapse what escaping left (line breaks never survive)
    return _WHITESPACE.sub(" ", md).strip()


def _list_md(items: Sequence[Item], depth: int = 0) -> Iterator[str]:
    indent = "  " * depth
    for item in items:
        yield f"{indent}- {_spans_md(item['content'])}"
        yield from _list_md(item["items"], depth + 1)


def _table_md(block: Block) -> Iterator[str]:
    header = block["header"]
    yield "| " + " | ".join(escape_text(h) for h in header) + " |"
    yield "|" + "|".join(" --- " for _ in header) + "|"
    for row in block["rows"]:
        yield "| " + " | ".join(_spans_md(cell) or " " for cell in row) + " |"


def render_markdown(blocks: Sequence[Block]) -> str:
    """The report's blocks as Markdown text (deterministic: same blocks, same bytes)."""
    parts = []
    for block in blocks:
        kind = block["type"]
        if kind == "heading":
            parts.append("#" * block["level"] + " " + _spans_md(block["content"]))
        elif kind == "paragraph":
            parts.append(_spans_md(block["content"]))
        elif kind == "list":
            parts.append("\n".join(_list_md(block["items"])))
        elif kind == "table":
            parts.append("\n".join(_table_md(block)))
    return "\n\n".join(parts) + "\n"


# --------------------------------------------------------------------------------------------
# Checking


def _plain(spans: Sequence[Span]) -> str:
    text = "".join(clean_text(s["text"]) if "href" in s or s.get("strong") else _edges(s["text"], clean_text(s["text"]))
                   for s in spans)
    return _WHITESPACE.sub(" ", text).strip()


Inline = tuple[str, str, tuple[str, ...]]
"""(what it is, the literal text it shows, the markup tokens it holds besides text)."""


def _markup(spans: Sequence[Span]) -> tuple[str, ...]:
    out: list[str] = []
    for s in spans:
        if "href" in s:
            out += ["link_open", "link_close"]
        elif s.get("strong"):
            out += ["strong_open", "strong_close"]
    return tuple(out)


def _expected_inlines(blocks: Sequence[Block]) -> Iterator[Inline]:
    """Every inline run the Markdown must show, in document order."""

    def items(its: Sequence[Item]) -> Iterator[Inline]:
        for it in its:
            yield "list item", _plain(it["content"]), _markup(it["content"])
            yield from items(it["items"])

    for block in blocks:
        kind = block["type"]
        if kind in ("heading", "paragraph"):
            yield kind, _plain(block["content"]), _markup(block["content"])
        elif kind == "list":
            yield from items(block["items"])
        elif kind == "table":
            for h in block["header"]:
                yield "table header", clean_text(h), ()
            for row in block["rows"]:
                for cell in row:
                    yield "table cell", _plain(cell), _markup(cell)


def _inline_markup(token: Any) -> tuple[str, ...]:
    return tuple(c.type for c in token.children or [] if c.type != "text")


def _inline_text(token: Any) -> str:
    out = []
    for child in token.children or []:
        if child.type in ("text", "code_inline", "html_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append("\n")
        elif child.type == "image":
            out.append(child.content)
    return "".join(out).strip()


def _walk(tokens: Sequence[Any]) -> Iterator[Any]:
    for token in tokens:
        yield token
        if token.children:
            yield from _walk(token.children)


def _count_links(blocks: Sequence[Block]) -> int:
    def spans(its: Sequence[Item]) -> Iterator[Span]:
        for it in its:
            yield from it["content"]
            yield from spans(it["items"])

    n = 0
    for block in blocks:
        if block["type"] in ("heading", "paragraph"):
            n += sum("href" in s for s in block["content"])
        elif block["type"] == "list":
            n += sum("href" in s for s in spans(block["items"]))
        elif block["type"] == "table":
            n += sum("href" in s for row in block["rows"] for cell in row for s in cell)
    return n


def _parser() -> Any:
    try:
        from markdown_it import MarkdownIt
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise ImportError("the markdown exporter needs markdown-it-py: pip install markdown-it-py") from exc
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def check_markdown(text: str, blocks: Sequence[Block], claims: int) -> list[Diagnostic]:
    """Parse ``text`` as CommonMark (+ tables) and verify it is the report ``blocks`` describe."""
    tokens = _parser().parse(text)
    found: list[Diagnostic] = []
    links = 0
    for token in _walk(tokens):
        if token.type in ("html_inline", "html_block"):
            found.append(MARKDOWN_RAW_HTML.at(f"the report would contain raw HTML ({token.content[:60]!r}); "
                               "this is a bug in the Markdown escaping, please report it"))
        elif token.type in ("link_open", "image"):
            href = str(token.attrs.get("href") or token.attrs.get("src") or "")
            links += token.type == "link_open"
            if token.type == "image" or not href.lower().startswith(("http://", "https://")):
                found.append(MARKDOWN_UNSAFE_LINK.at(f"the report would link to {href[:80]!r}; only http(s) "
                                   "links are written"))
    wanted_links = _count_links(blocks)
    if links != wanted_links:
        found.append(MARKDOWN_LINK_COUNT.at(f"the report renders {links} links where it should have "
                           f"{wanted_links}: some text was read as a link"))
    expected = list(_expected_inlines(blocks))
    actual = [(_inline_text(t), _inline_markup(t)) for t in tokens if t.type == "inline"]
    if len(actual) != len(expected):
        found.append(MARKDOWN_STRUCTURE.at(f"the report renders {len(actual)} runs of text where it "
                           f"should have {len(expected)}: some text changed the document's structure"))
    for (what, want, want_markup), (got, got_markup) in zip(expected, actual, strict=False):
        if want != got:
            found.append(MARKDOWN_TEXT.at(f"a {what} would show {got[:80]!r} instead of {want[:80]!r}"))
            break
        if want_markup != got_markup:
            extra = sorted(set(got_markup) - set(want_markup)) or sorted(set(want_markup) - set(got_markup))
            found.append(MARKDOWN_TEXT.at(f"a {what} reading {want[:80]!r} would be rendered with markup "
                               f"it should not have ({', '.join(extra) or 'in another order'})"))
            break
    found.extend(_check_gfm(text, wanted_links, commonmark_ok=not found))
    if _BIDI.search(text):
        found.append(BIDI.at("the report would hold a bidirectional control character; this is a bug in the "
                             "Markdown escaping, please report it"))
    found.extend(_check_headings(tokens, blocks))
    found.extend(_check_tables(tokens, blocks, claims))
    return found


class _HtmlLinks:
    """The links, images and omitted raw HTML in cmark-gfm's HTML output."""

    def __init__(self, html: str) -> None:
        from html.parser import HTMLParser

        self.hrefs: list[str] = []
        self.images: list[str] = []
        self.raw_html = 0
        outer = self

        class Parser(HTMLParser):
            def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
                if tag == "a":
                    outer.hrefs.append(dict(attrs).get("href") or "")
                elif tag == "img":
                    outer.images.append(dict(attrs).get("src") or "")

            def handle_comment(self, data: str) -> None:
                outer.raw_html += "raw HTML omitted" in data

        parser = Parser(convert_charrefs=True)
        parser.feed(html)
        parser.close()


def render_gfm(text: str) -> str:
    """``text`` as GitHub renders it: cmark-gfm, GitHub's own renderer, with its table, autolink,
    strikethrough, tag filter and task list extensions, raw HTML omitted (its safe default)."""
    try:
        import cmarkgfm  # type: ignore[import-untyped]
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise ImportError("the markdown exporter needs cmarkgfm: pip install cmarkgfm") from exc
    return str(cmarkgfm.github_flavored_markdown_to_html(text))


def _check_gfm(text: str, wanted_links: int, *, commonmark_ok: bool) -> list[Diagnostic]:
    """The report as GitHub renders it makes exactly the links counted, all http(s), and no HTML.
    A defect the CommonMark check already reported is not reported again."""
    seen = _HtmlLinks(render_gfm(text))
    found: list[Diagnostic] = []
    if seen.raw_html and commonmark_ok:
        found.append(MARKDOWN_RAW_HTML.at("GitHub's renderer (cmark-gfm) would find raw HTML in the report; "
                           "this is a bug in the Markdown escaping, please report it"))
    for href in seen.hrefs + seen.images:
        if href in seen.images or not href.lower().startswith(("http://", "https://")):
            found.append(MARKDOWN_UNSAFE_LINK.at(f"GitHub's renderer (cmark-gfm) would link to {href[:80]!r}; "
                               "only http(s) links are written"))
    if len(seen.hrefs) != wanted_links and commonmark_ok and not found:
        found.append(MARKDOWN_LINK_COUNT.at(f"GitHub's renderer (cmark-gfm, with autolinks) makes "
                           f"{len(seen.hrefs)} links where the report has {wanted_links}: some text was read "
                           "as a link"))
    return found


def _check_headings(tokens: Sequence[Any], blocks: Sequence[Block]) -> list[Diagnostic]:
    h1 = [i for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h1"]
    title = next((_plain(b["content"]) for b in blocks if b["type"] == "heading" and b["level"] == 1), "")
    if len(h1) != 1 or _inline_text(tokens[h1[0] + 1]) != title:
        return [MARKDOWN_HEADING.at(f"the report must have one level-1 heading reading {title[:80]!r}")]
    return []


def _check_tables(tokens: Sequence[Any], blocks: Sequence[Block], claims: int) -> list[Diagnostic]:
    tables = [b for b in blocks if b["type"] == "table"]
    rows: list[int] = []
    cells: list[list[int]] = []
    in_body = False
    for t in tokens:
        if t.type == "table_open":
            rows.append(0)
            cells.append([])
        elif t.type == "tbody_open":
            in_body = True
        elif t.type == "tbody_close":
            in_body = False
        elif t.type == "tr_open" and in_body:
            rows[-1] += 1
            cells[-1].append(0)
        elif t.type == "td_open" and in_body:
            cells[-1][-1] += 1
    found: list[Diagnostic] = []
    if len(rows) != len(tables):
        return [MARKDOWN_TABLE.at(f"the report renders {len(rows)} tables where it should have {len(tables)}")]
    claim_rows = sum(len(b["rows"]) for b in tables)
    if sum(rows) != claims or claim_rows != claims:
        found.append(MARKDOWN_ROW_COUNT.at(f"the claims table has {sum(rows)} rows for {claims} claims; "
                           "it must have one row per claim", "/claims"))
    for block, row_cells in zip(tables, cells, strict=True):
        width = len(block["header"])
        for pointer, n in zip(block["pointers"], row_cells, strict=False):
            if n != width:
                found.append(MARKDOWN_TABLE_CELLS.at(f"the row for this claim has {n} cells instead of "
                                   f"{width}", pointer))
    return found


# --------------------------------------------------------------------------------------------
# The exporter


class MarkdownExporter(Exporter):
    name = "markdown"
    suffixes = (".md",)

    def build(self, doc: Document, **options: Any) -> dict[str, Any]:
        builder = _Builder(doc)
        blocks = builder.build()
        return {
            "blocks": blocks,
            "claims": len(doc.claims),
            "withheld": [{"pointer": p, "url": u} for p, u in builder.withheld],
        }

    def check(self, data: Any, **options: Any) -> list[Diagnostic]:
        found = [MARKDOWN_LINK_WITHHELD.at(f"{w['url'][:100]!r} is not an http(s) URL, so the report "
                         "shows it as text instead of a link", w["pointer"]) for w in data["withheld"]]
        return found + check_markdown(render_markdown(data["blocks"]), data["blocks"], data["claims"])

    def render(self, data: Any, **options: Any) -> bytes:
        return render_markdown(data["blocks"]).encode("utf-8")
