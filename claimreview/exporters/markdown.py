"""A fact-check report people read, in Markdown (CommonMark with GitHub's tables and footnotes).

The report opens with a summary: the headline, a notice when reviews are illustrative (their
review or reviewer is on a domain reserved for examples, RFC 2606/6761), the article (its own
label, publisher, date, the outlets it cites), how many claims it reports and how many are
reviewed, the verdicts counted, and one table of the claims at a glance (reviewed first: claim,
claimant, verdict, reviewer). Then each claim: its verdicts and why, its claimant, where it
appeared, what it is about, and its sources. Then the background the claims involve (the
sanctions they are about, each fact beside its own source) and who made the claims. Every
source is a footnote: the article's words, another document by its identifier, or an inference
marked as one, so a fact from a resolution never stands beside the article's facts unmarked.
With ``full`` (``--full``) an appendix lists every person, organization and sanction.

How the exporter contract is kept (build -> check -> render):

- ``build`` turns the Document into the report's parts as plain data: a list of blocks (headings,
  paragraphs, lists, one table, footnotes) whose inline content is a list of spans, each holding
  raw text from the document and, for links, the URL, or a footnote number. No Markdown syntax is
  written here.
- ``check`` (:func:`check_spans`) verifies what can change the report's structure, the text and
  URLs from the document: each distinct piece, escaped, parses back as exactly its literal text,
  each URL as one http(s) link to itself. :func:`check_markdown`, the full re-parse of the whole
  report (no raw HTML, only http(s) links and as many as the spans ask for, one H1, one table row
  per claim, every block showing exactly its spans' text), runs in the tests on every report they
  make, with a property test that escaped text keeps the structure of every kind of block.
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
from functools import cache, lru_cache
from typing import Any

from claimreview import urls
from claimreview.exporters.base import Exporter
from claimreview.formats import Format, Option
from claimreview.schemas import KINDS, Document
from claimreview.schemas.fields import is_http_url as safe_url
from claimreview.schemas.models import (
    Appearance,
    Article,
    Citation,
    Claim,
    Entity,
    MediaItem,
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

_SPECIAL = frozenset("\\`*_[]<>|#&~^")
"""ASCII punctuation escaped wherever it appears: emphasis, code, links and images (``!`` needs
no escape once ``[`` has one), raw HTML and autolinks, table cells, headings, entities (``&amp;``
must show as typed), strikethrough, and the ``^`` of markdown-it's inline footnotes (``^[...]``:
a ``^`` in the text before a source's ``[^1]`` would make one)."""

_ESCAPES = str.maketrans({ch: "\\" + ch for ch in _SPECIAL})
_SCHEME_COLON = re.compile(r"(?<=[A-Za-z]):(?=/)")
_WWW_DOT = re.compile(r"(?<=[wW][wW][wW])\.")
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


@lru_cache(maxsize=1 << 16)
def escape_text(value: str) -> str:
    """Markdown for literal text: CommonMark and GFM (cmark-gfm with its autolink extension) both
    show exactly ``clean_text(value)``, without links: besides the punctuation Markdown gives
    meaning to, the ``.`` of ``www.`` and the ``:`` of ``scheme:/`` (``https://``, ``ftp://``) are
    backslash-escaped, which stops GFM's autolinks and shows the same text; ``mailto:`` and
    ``xmpp:`` links need an address, which :func:`clean_text` breaks.

    One ``str.translate`` and two substitutions where a character at a time took a fifth of the
    report's time for 10,000 reviews, and each distinct text escaped once (labels, names and
    separators repeat on every claim); ``tests/test_markdown.py`` compares it with the plain loop."""
    escaped = clean_text(value).translate(_ESCAPES)
    if ":" in escaped:
        escaped = _SCHEME_COLON.sub(r"\\:", escaped)
    if "." in escaped:
        escaped = _WWW_DOT.sub(r"\\.", escaped)
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


_URL_ESCAPES = str.maketrans({**{ch: "\\" + ch for ch in _URL_BACKSLASH},
                              **{chr(c): f"%{c:02X}" for c in [*range(0x20), 0x20, 0x7F]}})


def escape_url(url: str) -> str:
    """A link destination for a URL that passed :func:`safe_url`: its punctuation backslashed,
    spaces and control characters percent-encoded."""
    return url.translate(_URL_ESCAPES)


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

    def __init__(self, doc: Document, full: bool = False) -> None:
        self.doc = doc
        self.full = full
        self.entities = doc.entities()
        self.pointer_of = {e.id: f"/{kind}/{i}" for kind in KINDS for i, e in enumerate(getattr(doc, kind))}
        self.withheld: list[tuple[str, str]] = []
        self.blocks: list[Block] = []
        self.notes: dict[tuple[Any, ...], int] = {}
        self.note_spans: list[list[Span]] = []
        self.article_no = {a.id: n for n, a in enumerate(doc.articles, 1)}
        self.reviews_of: dict[str, list[Review]] = {}
        for r in doc.reviews:
            self.reviews_of.setdefault(r.claim, []).append(r)
        self.reported_in: dict[str, list[Article]] = {}
        for a in doc.articles:
            for cid in dict.fromkeys(a.claims):
                self.reported_in.setdefault(cid, []).append(a)
        self.claims = self._claim_order()
        self.claim_no = {c.id: n for n, c in enumerate(self.claims, 1)}
        self.illustrative = {r.id for r in doc.reviews if self._illustrative(r)}
        notes = {clean_text(r.note) for r in doc.reviews if r.id in self.illustrative and r.note}
        self.shared_note = notes.pop() if len(notes) == 1 else None
        """The one note every illustrative review carries, said once in the notice."""
        self.claims_by: dict[str, int] = {}
        for c in self.claims:
            if c.claimant:
                self.claims_by[c.claimant] = self.claims_by.get(c.claimant, 0) + 1

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

    # -- sources as footnotes -------------------------------------------------------------

    @staticmethod
    def _citations(entity: Entity, field: str | None, whole: bool) -> list[Citation]:
        """The citations of ``entity`` that name ``field`` (``measures/1`` also takes those naming
        ``measures``); with ``whole``, also those naming no field."""
        base = field.partition("/")[0] if field else None
        return [c for c in entity.sources
                if (c.fields and field is not None and any(f in (field, base) for f in c.fields))
                or (not c.fields and whole)]

    def refs(self, entity: Entity, field: str | None, whole: bool = False) -> list[Span]:
        """Footnote references to the citations backing ``field``."""
        return [{"text": "", "note": self.note(c, entity)} for c in self._citations(entity, field, whole)]

    def sourced(self, entity: Entity, *fields: str) -> list[Span]:
        """The sources of the whole entity and of ``fields``, each by a short name and its note:
        "the article[^1], S/RES/2397 (2017)[^2], inferred[^3]"."""
        found = self._citations(entity, None, True)
        for f in fields:
            found += [c for c in self._citations(entity, f, False) if c not in found]
        groups: list[list[Span]] = []
        last = None
        for c in found:
            short = "the article" if c.article is not None else "inferred" if c.inferred is not None else c.document
            ref = {"text": "", "note": self.note(c, entity)}
            if short == last:
                groups[-1].append(ref)  # "the article[^1][^2]"
            else:
                groups.append([_t(short or ""), ref])
            last = short
        return _joined(groups)

    def note(self, c: Citation, entity: Entity) -> int:
        key = (c.article, c.document, c.inferred, c.quote, c.paragraph, c.url)
        if key not in self.notes:
            self.notes[key] = len(self.note_spans) + 1
            self.note_spans.append(self._note_text(c, entity))
        return self.notes[key]

    def _note_text(self, c: Citation, entity: Entity) -> list[Span]:
        if c.inferred is not None:
            return [_b("Inferred,"), _t(" not stated by a source: "), _t(c.inferred)]
        if c.article is not None:
            where = "The article" if len(self.doc.articles) == 1 else f"Article {self.article_no.get(c.article, '?')}"
        else:
            where = c.document or ""
        out = [_t(where)]
        if c.url:
            out += [_t(" ("), *self.url_spans(c.url, f"{self.pointer_of.get(entity.id, '')}/sources"), _t(")")]
        if c.paragraph:
            out.append(_t(f", paragraph {c.paragraph}"))
        if c.quote:
            out.append(_t(f": “{clean_text(c.quote)}”"))
        elif c.article is not None:
            out.append(_t(" as a whole"))
        return out

    # -- order ----------------------------------------------------------------------------

    def _claim_order(self) -> list[Claim]:
        """Reviewed claims first, then the others; within each, in the order the articles report
        them, then the claims no article reports."""
        by_id = {c.id: c for c in self.doc.claims}
        seen: dict[str, Claim] = {}
        for a in self.doc.articles:
            for cid in a.claims:
                if cid in by_id:
                    seen.setdefault(cid, by_id[cid])
        for c in self.doc.claims:
            seen.setdefault(c.id, c)
        ordered = list(seen.values())
        return [c for c in ordered if c.id in self.reviews_of] + [c for c in ordered if c.id not in self.reviews_of]

    def _illustrative(self, r: Review) -> bool:
        reviewer = self.entities.get(r.reviewer)
        urls = [r.url, getattr(reviewer, "url", None)]
        return any(u and _example_host(u) for u in urls)

    # -- sections -------------------------------------------------------------------------

    def title(self) -> str:
        if len(self.doc.articles) == 1:
            return clean_text(self.doc.articles[0].headline)
        return "Fact-check report"

    def build(self) -> list[Block]:
        self.blocks.append({"type": "heading", "level": 1, "content": [_t(self.title())]})
        self._notice()
        if len(self.doc.articles) == 1:
            self._article(self.doc.articles[0], heading=False)
        self._summary()
        if len(self.doc.articles) > 1:
            self._heading(2, "Articles")
            for a in self.doc.articles:
                self._article(a, heading=True)
        self._claims_table()
        self._claim_details()
        self._media_reviews()
        self._background()
        self._involved()
        if self.full:
            self._heading(2, "Appendix: everything in the document")
            self._people()
            self._organizations()
            self._sanctions()
        elif any(getattr(self.doc, k) for k in ("people", "organizations", "sanctions")):
            self._para(_t("The full lists of people, organizations and sanctions are in the report made with "),
                       _b("--full"), _t("."))
        if self.note_spans:
            self.blocks.append({"type": "footnotes", "notes": self._renumbered()})
        return self.blocks

    def _renumbered(self) -> list[list[Span]]:
        """The notes numbered in the order the report first refers to them, as GitHub lists them."""
        order: dict[int, int] = {}
        for span in _spans_of(self.blocks):
            if "note" in span:
                span["note"] = order.setdefault(span["note"], len(order) + 1)
        notes = [self.note_spans[old - 1] for old in sorted(order, key=order.__getitem__)]
        return notes

    def _heading(self, level: int, *content: Span | str) -> None:
        spans = [_t(c) if isinstance(c, str) else c for c in content]
        self.blocks.append({"type": "heading", "level": level, "content": spans})

    def _para(self, *content: Span | str) -> None:
        spans = [_t(c) if isinstance(c, str) else c for c in content]
        self.blocks.append({"type": "paragraph", "content": spans})

    def _list(self, items: list[Item]) -> None:
        if items:
            self.blocks.append({"type": "list", "items": items})

    def _notice(self) -> None:
        if not self.illustrative:
            return
        reviews = [r for r in self.doc.reviews if r.id in self.illustrative]
        reviewers = list(dict.fromkeys(self.name(r.reviewer) for r in reviews))
        hosts = list(dict.fromkeys(h for r in reviews for u in (r.url, getattr(self.entities.get(r.reviewer), "url",
                                                                                 None)) if u and (h := _host(u))))
        every = len(reviews) == len(self.doc.reviews)
        share = "The reviews" if every else f"{len(reviews)} of the {len(self.doc.reviews)} reviews"
        self._para(_b("Illustrative reviews."), _t(f" {share} in this report are by {', '.join(reviewers)}, "
                   f"published on {', '.join(hosts)}: a domain reserved for examples. They show what a review "
                   "looks like; they are not the verdicts of a real fact-checker."))
        if self.shared_note:
            self._para(_b("Note:"), _t(" "), _t(self.shared_note))

    def _summary(self) -> None:
        if not self.claims:
            return
        claims, reviewed = len(self.claims), sum(c.id in self.reviews_of for c in self.claims)
        named = {c.claimant for c in self.claims if c.claimant}
        unnamed = sum(c.claimant is None for c in self.claims)
        if len(self.doc.articles) == 1:
            what = "The article reports"
        elif self.doc.articles:
            what = f"{_count(len(self.doc.articles), 'article')} report"
        else:
            what = "This document holds"
        text = f"{what} {_count(claims, 'claim')}"
        if claims:
            text += f" by {_count(len(named), 'named claimant')}"
            if unnamed:
                text += f" ({unnamed} with no claimant named)"
            share = {0: "none is reviewed", claims: "all are reviewed"}.get(reviewed, f"{reviewed} of them reviewed")
            text += f"; {share}."
        else:
            text += "."
        self._para(text)
        verdicts: dict[str, int] = {}
        for c in self.claims:
            for r in self.reviews_of.get(c.id, []):
                label = clean_text(r.rating.label)
                verdicts[label] = verdicts.get(label, 0) + 1
        if verdicts:
            self._para(_b("Verdicts:"), _t(" " + ", ".join(f"{label} {n}" for label, n in verdicts.items()) + "."))

    def _article(self, a: Article, heading: bool) -> None:
        base = self.pointer_of[a.id]
        if heading:
            self._heading(3, f"{self.article_no[a.id]}. ", a.headline)
        items: list[Item] = []
        if a.label:
            items.append(_field("Its own label", [_t(a.label), *self.refs(a, "label")]))
        items.append(_field("Publisher", self.named(a.publisher) if a.publisher else [_t("not given")]))
        if a.authors:
            items.append(_field("Authors", self.names(a.authors)))
        items.append(_field("Published", [_t(a.date_published or "not given")]))
        if a.date_modified:
            items.append(_field("Modified", [_t(a.date_modified)]))
        if a.cites:
            items.append(_field("Cites", [*self.names(a.cites), *self.refs(a, "cites")]))
        if a.url:
            items.append(_field("Read the article", self.url_spans(a.url, f"{base}/url")))
        if self.full:
            if a.language:
                items.append(_field("Language", [_t(a.language), *self.refs(a, "language")]))
            if a.keywords:
                items.append(_field("Keywords", [_t(", ".join(clean_text(k) for k in a.keywords)),
                                                 *self.refs(a, "keywords")]))
            if a.image is not None:
                items.append(self._image(a, base))
            if a.about:
                items.append(_field("About", [*self.names(a.about), *self.refs(a, "about")]))
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
        return _item([_b("Image"), *self.refs(a, "image")], sub)

    # -- claims ---------------------------------------------------------------------------

    def _article_column(self) -> bool:
        if len(self.doc.articles) > 1:
            return True
        return len(self.doc.articles) == 1 and any(c.id not in self.reported_in for c in self.claims)

    def _claims_table(self) -> None:
        self._heading(2, "Claims at a glance")
        if not self.claims:
            self._para("This document holds no claims.")
            return
        with_article = self._article_column()
        header = ["No.", "Claim", "Claimant", "Verdict", "Reviewed by"] + (["Article"] if with_article else [])
        rows: list[list[list[Span]]] = []
        for c in self.claims:
            reviews = self.reviews_of.get(c.id, [])
            if reviews:
                rating = _joined([self.link(r.rating.label, r.url, f"{self.pointer_of[r.id]}/url")
                                  + ([_t(" (illustrative)")] if r.id in self.illustrative else [])
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
        self._heading(2, "The claims")
        for c in self.claims:
            self._heading(3, f"{self.claim_no[c.id]}. ", c.text)
            self._list(self._claim_items(c))

    def _claim_items(self, c: Claim) -> list[Item]:
        base = self.pointer_of[c.id]
        items: list[Item] = []
        reviews = self.reviews_of.get(c.id, [])
        if reviews:
            items.extend(self._review(r) for r in reviews)
        else:
            items.append(_field("Verdict", [_t("not reviewed")]))
        media = [(n, m) for n, m in enumerate(self.doc.media_reviews, 1) if c.id in m.claims]
        if media:
            items.append(_field("Media reviews", [_t(", ".join(
                f"media review {n} ({', '.join(_AUTHENTICITY_WORDS.get(a.value, a.value) for a in m.authenticity)})"
                for n, m in media))]))
        items.append(_field("Claimant", [*self._claimant(c.claimant), *self.refs(c, "claimant")]))
        if c.date:
            items.append(_field("Date", [_t(c.date), *self.refs(c, "date")]))
        articles = self.reported_in.get(c.id, [])
        if c.language and (not articles or any(a.language != c.language for a in articles)):
            items.append(_field("Language", [_t(c.language)]))
        if len(self.doc.articles) > 1 or (self.doc.articles and not articles):
            where = ", ".join(f"article {self.article_no[a.id]}" for a in articles)
            items.append(_field("Reported in", [_t(where or "no article in this document")]))
        if c.first_appearance is not None:
            items.append(_field("First appeared", self._appearance(c.first_appearance, f"{base}/first_appearance")))
        if c.appearances:
            items.append(_item([_b("Appeared in:"), *self.refs(c, "appearances")],
                               [_item(self._appearance(ap, f"{base}/appearances/{j}"))
                                for j, ap in enumerate(c.appearances)]))
        if c.about:
            items.append(_field("About", [*self.names(c.about), *self.refs(c, "about")]))
        sources = self.sourced(c, "text")
        if sources:
            items.append(_field("Sources", sources))
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
        content = [_b("Verdict:"), _t(" "), *self.link(rating.label, r.url, f"{base}/url"),
                   _t(f" — {clean_text(self.name(r.reviewer))}")]
        if r.id in self.illustrative:
            content.append(_t(", an illustrative review"))
        sub: list[Item] = []
        if rating.explanation:
            sub.append(_field("Why", [_t(rating.explanation), *self.refs(r, None, whole=True)]))
        scale = _scale(rating.value, rating.worst, rating.best)
        if scale:
            sub.append(_field("Score", [_t(scale)]))
        if r.date:
            sub.append(_field("Date", [_t(r.date)]))
        if rating.image:
            sub.append(_field("Rating image", self.url_spans(rating.image, f"{base}/rating/image")))
        if self.full:
            if r.headline:
                sub.append(_field("Headline", [_t(r.headline)]))
            if r.language:
                sub.append(_field("Language", [_t(r.language)]))
            if r.note:
                sub.append(_field("Note", [_t(r.note)]))
        elif r.note and not (r.id in self.illustrative and clean_text(r.note) == self.shared_note):
            sub.append(_field("Note", [_t(r.note)]))
        return _item(content, sub)

    def _media_reviews(self) -> None:
        """Each review of an image, video or audio clip: its verdicts, the media, what it really
        shows, the claims it was taken to make and the fact checks beside it."""
        if not self.doc.media_reviews:
            return
        self._heading(2, "Media reviews")
        for n, m in enumerate(self.doc.media_reviews, 1):
            base = self.pointer_of[m.id]
            by = f"Media reviewed by {self.name(m.reviewer)}" if m.reviewer else "Media review"
            self._heading(3, f"{n}. ", m.headline or m.media[0].description or by)
            verdict = ", ".join(_AUTHENTICITY_WORDS.get(a.value, a.value) for a in m.authenticity)
            content = [_b("Verdict:"), _t(" "), *self.link(verdict, m.url, f"{base}/url")]
            if m.reviewer:
                content.append(_t(f" — {clean_text(self.name(m.reviewer))}"))
            items = [_item(content, [_field("Date", [_t(m.date)])] if m.date else [])]
            if m.original_context:
                items.append(_field("What it really shows", [_t(m.original_context)]))
            if m.original_media:
                items.append(_field("Original", self.url_spans(m.original_media, f"{base}/original_media")))
            items.append(_item([_b("Seen as:")], [_item(self._media_item(x, f"{base}/media/{j}"))
                                                  for j, x in enumerate(m.media)]))
            if m.media_creator:
                items.append(_field("Made or shared by", self.named(m.media_creator)))
            if m.claims:
                items.append(_field("Taken to claim", _joined([
                    [_t(f"claim {self.claim_no[c]}")] if c in self.claim_no else [_t(self.name(c))]
                    for c in m.claims])))
            reviews = [r for r in self.doc.reviews if r.id in m.claim_reviews]
            if reviews:
                items.append(_field("Fact checks of the claim", _joined([
                    self.link(f"{clean_text(r.rating.label)}: {clean_text(self.name(r.claim))}", r.url,
                              f"{self.pointer_of[r.id]}/url") for r in reviews])))
            if m.note:
                items.append(_field("Note", [_t(m.note)]))
            sources = self.sourced(m, "authenticity")
            if sources:
                items.append(_field("Sources", sources))
            self._list(items)

    def _media_item(self, x: MediaItem, where: str) -> list[Span]:
        parts: list[list[Span]] = [[_t(_MEDIA_WORDS.get(x.type.value, x.type.value))]]
        if x.outlet:
            parts.append(self.named(x.outlet))
        if x.date:
            parts.append([_t(x.date)])
        for key in ("content_url", "url"):
            value = getattr(x, key)
            if value:
                parts.append(self.url_spans(value, f"{where}/{key}"))
        if x.archived_at:
            parts.append([_t("archived at "), *self.url_spans(x.archived_at, f"{where}/archived_at")])
        head = _joined(parts)
        return [*head, _t(": "), _t(x.description)] if x.description else head

    # -- what the claims involve ----------------------------------------------------------

    def _background(self) -> None:
        """The sanctions the claims are about, each fact with its own source."""
        wanted = {x for c in self.claims for x in c.about}
        sanctions = [s for s in self.doc.sanctions if s.id in wanted]
        if not sanctions or self.full:
            return
        self._heading(2, "Background")
        for s in sanctions:
            self._sanction(s, self.pointer_of[s.id], level=3)

    def _involved(self) -> None:
        """The people and organizations who made the claims, as far as the claims involve them."""
        claimants = list(dict.fromkeys(c.claimant for c in self.claims if c.claimant))
        if not claimants or self.full:
            return
        self._heading(2, "Who made the claims")
        items = []
        for cid in claimants:
            e = self.entities.get(cid)
            if not isinstance(e, Person | Organization):
                continue
            n = self.claims_by[cid]
            head = [*self.named(cid)]
            if isinstance(e, Person) and e.job_title:
                head.append(_t(f" — {clean_text(e.job_title)}"))
            elif isinstance(e, Organization) and e.kind:
                head.append(_t(f" — {_kind_label(e.kind.value)}"))
            head += [_t(f" ({_count(n, 'claim')})"), *self.refs(e, None, whole=True), *self.refs(e, "name"),
                     *self.refs(e, "job_title" if isinstance(e, Person) else "kind")]
            items.append(_item(head))
        self._list(items)

    # -- the appendix (--full) ------------------------------------------------------------

    def _people(self) -> None:
        if not self.doc.people:
            return
        self._heading(3, "People")
        items = []
        for i, p in enumerate(self.doc.people):
            base = f"/people/{i}"
            sub: list[Item] = []
            if p.alternate_names:
                sub.append(_field("Also written", [_t("; ".join(clean_text(n) for n in p.alternate_names)),
                                                   *self.refs(p, "alternate_names")]))
            if p.description:
                sub.append(_item([_t(p.description), *self.refs(p, "description")]))
            if p.affiliations:
                sub.append(_field("Affiliations", [*self.names(p.affiliations), *self.refs(p, "affiliations")]))
            if p.nationality:
                sub.append(_field("Nationality", [_t(p.nationality)]))
            if p.url:
                sub.append(_field("Page", self.url_spans(p.url, f"{base}/url")))
            sub.extend(self._ids(p, base))
            head = [_b(p.name)] + ([_t(f" — {clean_text(p.job_title)}")] if p.job_title else [])
            items.append(_item([*head, *self.refs(p, None, whole=True), *self.refs(p, "name"),
                                *self.refs(p, "job_title")], sub))
        self._list(items)

    def _ids(self, e: Person | Organization, base: str) -> list[Item]:
        sub: list[Item] = []
        if e.wikidata:
            sub.append(_field("Wikidata", self.link(e.wikidata, f"https://www.wikidata.org/wiki/{e.wikidata}",
                                                    f"{base}/wikidata")))
        if e.opensanctions:
            page = f"https://www.opensanctions.org/entities/{e.opensanctions}/"
            sub.append(_field("OpenSanctions", self.link(e.opensanctions, page, f"{base}/opensanctions")))
        if e.same_as:
            sub.append(_field("Same as", self.links(e.same_as, f"{base}/same_as")))
        return sub

    def _organizations(self) -> None:
        if not self.doc.organizations:
            return
        self._heading(3, "Organizations")
        items = []
        for i, o in enumerate(self.doc.organizations):
            base = f"/organizations/{i}"
            sub: list[Item] = []
            if o.alternate_names:
                sub.append(_field("Also written", [_t("; ".join(clean_text(n) for n in o.alternate_names)),
                                                   *self.refs(o, "alternate_names")]))
            if o.description:
                sub.append(_item([_t(o.description), *self.refs(o, "description")]))
            if o.country:
                sub.append(_field("Country", [_t(o.country), *self.refs(o, "country")]))
            if o.parent:
                sub.append(_field("Part of", [*self.named(o.parent), *self.refs(o, "parent")]))
            if o.url:
                sub.append(_field("Website", self.url_spans(o.url, f"{base}/url")))
            sub.extend(self._ids(o, base))
            kind = _kind_label(o.kind.value) if o.kind else None
            head = [_b(o.name)] + ([_t(f" — {kind}"), *self.refs(o, "kind")] if kind else [])
            items.append(_item([*head, *self.refs(o, None, whole=True), *self.refs(o, "name")], sub))
        self._list(items)

    def _sanctions(self) -> None:
        if not self.doc.sanctions:
            return
        self._heading(3, "Sanctions")
        for i, s in enumerate(self.doc.sanctions):
            self._sanction(s, f"/sanctions/{i}", level=4)

    def _sanction(self, s: Sanction, base: str, level: int) -> None:
        self._heading(level, s.title, *self.refs(s, None, whole=True), *self.refs(s, "title"))
        items: list[Item] = []
        if s.identifier:
            items.append(_field("Identifier", [_t(s.identifier), *self.refs(s, "identifier")]))
        if s.kind:
            items.append(_field("Kind", [_t(s.kind), *self.refs(s, "kind")]))
        items.append(_field("Authority", [*self.named(s.authority), *self.refs(s, "authority")]))
        if s.date_adopted:
            items.append(_field("Adopted", [_t(s.date_adopted), *self.refs(s, "date_adopted")]))
        if s.status:
            items.append(_field("Status", [_t(s.status), *self.refs(s, "status")]))
        if s.targets:
            items.append(_field("Targets", [*self.names(s.targets), *self.refs(s, "targets")]))
        if s.measures:
            items.append(_item([_b("Measures")], [_item([_t(m), *self.refs(s, f"measures/{j}")])
                                                  for j, m in enumerate(s.measures)]))
        if s.reason:
            items.append(_field("Reason", [_t(s.reason), *self.refs(s, "reason")]))
        if s.url:
            items.append(_field("Source", self.url_spans(s.url, f"{base}/url")))
        if s.same_as:
            items.append(_field("Same as", self.links(s.same_as, f"{base}/same_as")))
        self._list(items)


_KIND_LABELS = {"tv-channel": "TV channel", "ngo": "NGO"}


_AUTHENTICITY_WORDS = {
    "OriginalMediaContent": "original media",
    "DecontextualizedContent": "missing context",
    "EditedOrCroppedContent": "edited or cropped",
    "TransformedContent": "transformed",
    "StagedContent": "staged",
    "SatireOrParodyContent": "satire or parody",
}
"""schema.org's media manipulation ratings in the words schema.org 30.0 gives each member ("Content
coded 'missing context' in a MediaReview", ...), the labels of the Reporters' Lab's taxonomy."""
_MEDIA_WORDS = {"MediaObject": "media", "ImageObject": "image", "ImageObjectSnapshot": "image as shared",
                "VideoObject": "video", "VideoObjectSnapshot": "video as shared", "AudioObject": "audio"}


def _kind_label(kind: str) -> str:
    return _KIND_LABELS.get(kind, kind.replace("-", " "))


_EXAMPLE_HOSTS = re.compile(r"(?:^|\.)(?:example\.(?:com|net|org)|example|test|invalid|localhost)$")


def _example_host(url: str) -> bool:
    """A URL on a domain reserved for examples and tests (RFC 2606, RFC 6761)."""
    return bool(_EXAMPLE_HOSTS.search(_host(url).lower().rstrip(".")))


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
        if "note" in s:
            out.append(f"[^{s['note']}]")
            continue
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
        elif kind == "footnotes":
            parts.append("\n".join(f"[^{n}]: {_spans_md(note)}" for n, note in enumerate(block["notes"], 1)))
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
        if "note" in s:
            out.append("footnote_ref")
        elif "href" in s:
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
        elif kind == "footnotes":
            for note in block["notes"]:
                yield "footnote", _plain(note), _markup(note)


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
        elif block["type"] == "footnotes":
            n += sum("href" in s for note in block["notes"] for s in note)
    return n


@cache
def _parser() -> Any:
    """CommonMark with GitHub's tables, strikethrough and footnotes (the report's sources)."""
    try:
        from markdown_it import MarkdownIt
        from mdit_py_plugins.footnote import footnote_plugin
    except ImportError as exc:  # pragma: no cover - declared dependencies
        raise ImportError("the markdown exporter needs markdown-it-py and mdit-py-plugins: "
                          "pip install markdown-it-py mdit-py-plugins") from exc
    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(footnote_plugin)


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


def _spans_of(blocks: Sequence[Block]) -> Iterator[Span]:
    def items(its: Sequence[Item]) -> Iterator[Span]:
        for it in its:
            yield from it["content"]
            yield from items(it["items"])

    for block in blocks:
        kind = block["type"]
        if kind in ("heading", "paragraph"):
            yield from block["content"]
        elif kind == "list":
            yield from items(block["items"])
        elif kind == "table":
            yield from ({"text": h} for h in block["header"])
            for row in block["rows"]:
                for cell in row:
                    yield from cell
        elif kind == "footnotes":
            for note in block["notes"]:
                yield from note


_ACTIVE = re.compile(r"[\\`*_\[\]<>|#&~!^]")
_PLAIN_URL = re.compile(r"[^\\()&`*_\[\]|<>!#~\s\x00-\x1f\x7f]+")


def inert_text(text: str) -> bool:
    """Text without any character that inline Markdown gives meaning to (emphasis, code, links,
    footnotes, HTML, entities, strikethrough, cell pipes, backslashes), without what GFM makes
    autolinks of (``www.``, ``scheme:/``, ``@``) and without bidirectional controls: it renders as
    itself, whatever the escaping, so :func:`check_spans` need not parse it. (Most document text;
    property tests compare this shortcut with both parsers.)"""
    return (_ACTIVE.search(text) is None and "@" not in text and ":/" not in text and "www." not in text.lower()
            and _BIDI.search(text) is None)


def plain_url(url: str) -> bool:
    """A URL that :func:`escape_url` leaves as it is and that a link destination takes whole (no
    parentheses, brackets, spaces or controls): ``[x](url)`` is one link to it."""
    return _PLAIN_URL.fullmatch(url) is not None


def check_spans(blocks: Sequence[Block]) -> list[Diagnostic]:
    """The check ``export`` runs: every piece of document text, escaped, parses back as exactly
    its literal text and nothing else (markdown-it, CommonMark; cmark-gfm, GitHub's renderer, with
    its autolinks: no link, image or HTML; no bidirectional control), and every link as exactly one
    http(s) link to its URL in both.

    Only text that comes from the document can change the report's structure; the rest (block
    markers, table pipes, labels, note numbers) is written by :func:`render_markdown` from
    constants. So the text is parsed piece by piece (each distinct piece once) instead of the
    whole report: 10,000 reviews took 20 s and 900 MB when the whole report was parsed back,
    85% of it in the parse. That this suffices is what ``tests/test_markdown.py`` proves with a
    property test: escaped text keeps the structure of every block it can sit in (heading,
    paragraph, list item, table cell, link text, footnote), checked by parsing whole reports;
    the tests also run :func:`check_markdown`, the full re-parse, on every report they make."""
    parser = _parser()
    found: list[Diagnostic] = []
    seen_text: set[str] = set()
    seen_url: set[str] = set()
    for span in _spans_of(blocks):
        if "note" in span:
            continue
        text = span["text"]
        if text not in seen_text and not inert_text(text):
            want = clean_text(text)
            tokens = parser.parseInline(escape_text(text))[0].children or []
            got = "".join(t.content for t in tokens if t.type == "text")
            extra = [t.type for t in tokens if t.type != "text"]
            if got.strip() != want or extra:
                found.append(MARKDOWN_TEXT.at(f"the text {want[:80]!r} would render as {got[:80]!r}"
                                              + (f" with {', '.join(sorted(set(extra)))}" if extra else "")))
            escaped = escape_text(text)
            if _BIDI.search(escaped):
                found.append(BIDI.at(f"the text {want[:80]!r} would keep a bidirectional control character"))
            gfm = _HtmlLinks(render_gfm(escaped))
            if gfm.hrefs or gfm.images or gfm.raw_html:
                found.append(MARKDOWN_TEXT.at(f"GitHub's renderer (cmark-gfm) would make a link, an image "
                                              f"or HTML of the text {want[:80]!r}"))
        seen_text.add(text)
        href = span.get("href")
        if href is None or href in seen_url:
            continue
        seen_url.add(href)
        if not (safe_url(href) and plain_url(href)):
            tokens = parser.parseInline(f"[x]({escape_url(href)})")[0].children or []
            links = [t for t in tokens if t.type == "link_open"]
            target = str(links[0].attrs.get("href", "")) if len(links) == 1 else ""
            gfm = _HtmlLinks(render_gfm(f"[x]({escape_url(href)})"))
            if (len(links) != 1 or target != parser.normalizeLink(href) or not safe_url(href)
                    or len(gfm.hrefs) != 1 or not gfm.hrefs[0].lower().startswith(("http://", "https://"))):
                found.append(MARKDOWN_UNSAFE_LINK.at(f"the link to {href[:80]!r} would not render as one "
                                                     "http(s) link to that address"))
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
                found = dict(attrs)
                if tag == "a" and ("data-footnote-ref" in found or "data-footnote-backref" in found):
                    return  # a footnote and its way back: anchors within the page, made by cmark-gfm
                if tag == "a":
                    outer.hrefs.append(found.get("href") or "")
                elif tag == "img":
                    outer.images.append(dict(attrs).get("src") or "")

            def handle_comment(self, data: str) -> None:
                outer.raw_html += "raw HTML omitted" in data

        parser = Parser(convert_charrefs=True)
        parser.feed(html)
        parser.close()


def render_gfm(text: str) -> str:
    """``text`` as GitHub renders it: cmark-gfm, GitHub's own renderer, with its table, autolink,
    strikethrough, tag filter and task list extensions and footnotes, raw HTML omitted (its safe
    default)."""
    try:
        import cmarkgfm  # type: ignore[import-untyped]
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise ImportError("the markdown exporter needs cmarkgfm: pip install cmarkgfm") from exc
    from cmarkgfm.cmark import Options  # type: ignore[import-untyped]

    return str(cmarkgfm.github_flavored_markdown_to_html(text, options=Options.CMARK_OPT_FOOTNOTES))


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


    def build(self, doc: Document, full: bool = False, **options: Any) -> dict[str, Any]:
        builder = _Builder(doc, full=bool(full))
        blocks = builder.build()
        return {
            "blocks": blocks,
            "claims": len(doc.claims),
            "withheld": [{"pointer": p, "url": u} for p, u in builder.withheld],
        }

    def check(self, data: Any, **options: Any) -> list[Diagnostic]:
        found = [MARKDOWN_LINK_WITHHELD.at(f"{w['url'][:100]!r} is not an http(s) URL, so the report "
                         "shows it as text instead of a link", w["pointer"]) for w in data["withheld"]]
        return found + check_spans(data["blocks"])

    def render(self, data: Any, **options: Any) -> bytes:
        return render_markdown(data["blocks"]).encode("utf-8")


FORMAT = Format("markdown", "A readable fact-check report in Markdown", (".md", ".markdown"),
                exporter=f"{__name__}:MarkdownExporter", codes=CODES, aliases=("md",),
                options=(Option("full", "Append every person, organization and sanction, not only those the claims "
                                "involve.", type=bool),))
