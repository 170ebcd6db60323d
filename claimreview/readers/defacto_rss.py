"""DE FACTO RSS: RSS 2.0 items carrying ClaimReview and MediaReview JSON-LD -> Document.

DE FACTO, the French observatory of information (part of the European Digital Media
Observatory), exchanges fact checks between its members as RSS 2.0 feeds in a pivot format AFP
Medialab specified ("Defacto RSS + Schema.org pivot format", version 1.1, 2024,
https://github.com/AFP-Medialab/defacto-rss, CC BY-SA 4.0): each ``<item>`` is one fact-check
article (``title``, ``guid``, ``link``, ``pubDate``, ``content:encoded``, ``enclosure``,
``media:content``, ``author``, ``category``, ``atom:updateDate``, ``schema:version``), and its
``<schema:review encodingFormat="application/ld+json">`` element (namespace ``https://schema.org``)
holds the article's ClaimReview and/or MediaReview as JSON-LD "escaped into a CDATA section".

Each review's JSON is read and checked as any ClaimReview JSON-LD is, and every finding is placed
where it is in the feed: the line and column inside the CDATA text, the JSON Pointer within the
review's JSON, and the item (0-based) it belongs to. What the feed itself gets wrong is reported
too: XML that is not well-formed (each parser error at its line and column; the rest is still
read, as far as the parser can recover), a ``schema:review`` without the ``encodingFormat`` the
format requires or with another type, review text that is not JSON, an item without a review.
A feed with no review at all is an error: there is nothing to check.

The XML is parsed by lxml with entity expansion, DTD loading and network access off; a document
that declares a DTD is refused (RSS has none; entity declarations are how XML bombs and external
entity attacks work).
"""

from __future__ import annotations

import re
from typing import Any

from claimreview.formats import PAGE_URL, RULES, Format
from claimreview.readers import strictjson
from claimreview.readers._embedded import Origin, Origins, Place, read_nodes
from claimreview.readers.base import Loaded, Source
from claimreview.readers.text import LineIndex, decode
from claimreview.validation.diagnostics import ERROR, WARNING, Code, Diagnostic

RSS_XML_SYNTAX = Code("rss.xml-syntax", ERROR,
    "The feed is not well-formed XML (an undeclared namespace prefix, a broken tag, ...); an RSS reader may refuse "
    "it. What the parser could recover is still checked.")
RSS_DTD = Code("rss.dtd", ERROR,
    "The feed declares a DTD (<!DOCTYPE ...>): RSS has none, and entity declarations are how XML bombs work; "
    "the feed is not read")
RSS_NOT_RSS = Code("rss.not-rss", ERROR, "The XML is not an RSS 2.0 feed (its root is not <rss> with a <channel>)")
RSS_NO_REVIEWS = Code("rss.no-reviews", ERROR,
    "No item of the feed carries a schema:review: there is no ClaimReview or MediaReview to check")
RSS_ITEM_WITHOUT_REVIEW = Code("rss.item-without-review", WARNING,
    "An item with no schema:review element: DE FACTO's format carries each fact check's ClaimReview or "
    "MediaReview in it")
RSS_ENCODING_FORMAT = Code("rss.encoding-format", WARNING,
    "A schema:review without encodingFormat=\"application/ld+json\" (the DE FACTO format requires it)")
RSS_NEEDS_LXML = Code("rss.needs-lxml", ERROR,
    "Reading RSS needs lxml, which comes with the rss extra: pip install 'claimreview[rss]'", cannot_run=True)
RSS_REVIEW_NOT_JSON = Code("rss.review-not-json", ERROR,
    "The text of a schema:review is not JSON (the JSON-LD of a ClaimReview or MediaReview)")

CODES: tuple[Code, ...] = (RSS_XML_SYNTAX, RSS_DTD, RSS_NOT_RSS, RSS_NO_REVIEWS, RSS_ITEM_WITHOUT_REVIEW,
                           RSS_ENCODING_FORMAT, RSS_NEEDS_LXML, RSS_REVIEW_NOT_JSON)

SCHEMA_NAMESPACES = ("https://schema.org", "http://schema.org", "https://schema.org/", "http://schema.org/")
JSON_LD = "application/ld+json"
MAX_XML_ERRORS = 20
"""Parser errors reported one by one; past these, one more finding counts the rest."""


def sniff(head: bytes) -> bool:
    """XML whose root is ``<rss`` and which declares the schema.org namespace (or uses a
    ``schema:review`` element)."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not text.startswith(b"<"):
        return False
    return bool(_RSS_ROOT.search(head[:4096])) and (b"schema:review" in head or bool(_SCHEMA_NS.search(head)))


_RSS_ROOT = re.compile(rb"<rss[\s>]")
_SCHEMA_NS = re.compile(rb"xmlns:\w+\s*=\s*[\"']https?://schema\.org/?[\"']")


def _local(tag: Any) -> str:
    text = str(tag)
    return text.rsplit("}", 1)[-1].rsplit(":", 1)[-1]


def _is_review(element: Any) -> bool:
    tag = str(element.tag)
    if tag.startswith("{"):
        namespace, _, name = tag[1:].partition("}")
        return name == "review" and namespace in SCHEMA_NAMESPACES
    return tag == "schema:review"  # an unbound prefix, as a recovering parser leaves it


class _Feed:
    def __init__(self, text: str, file: str) -> None:
        self.text = text
        self.file = file
        self.lines = LineIndex(text)
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.found: list[Diagnostic] = []
        self.nodes: list[Any] = []
        self.origins = Origins()
        self.reviews = 0

    def review(self, element: Any, item: int) -> None:
        self.reviews += 1
        line = element.sourceline
        where = {"file": self.file, "line": line, "item": item}
        declared = element.get("encodingFormat")
        if declared is None:
            self.found.append(RSS_ENCODING_FORMAT.at(f"this schema:review has no encodingFormat: write "
                                                     f"encodingFormat=\"{JSON_LD}\"", **where))
        elif declared.strip().lower() != JSON_LD:
            self.found.append(RSS_ENCODING_FORMAT.at(f"this schema:review's encodingFormat is {declared[:60]!r}; the "
                                                     f"DE FACTO format carries JSON-LD, \"{JSON_LD}\"", **where))
        body = (element.text or "").lstrip()  # the CDATA section's text, after the white space before it
        if not body.strip():
            self.found.append(RSS_REVIEW_NOT_JSON.at("this schema:review is empty: put the ClaimReview's JSON-LD in "
                                                     "it (in a CDATA section)", **where))
            return
        start = self._start_of(body, line)
        data, problems = strictjson.parse(body, self.file)
        if problems:
            for d in problems:
                at_line, at_column = self._shift(start, d.line, d.column)
                self.found.append(RSS_REVIEW_NOT_JSON.at(f"the review is not JSON: {d.message}", d.pointer,
                                                         file=self.file, line=at_line or line, column=at_column,
                                                         item=item))
            return
        locator = strictjson.JsonLocator(body, self.file)

        def locate(pointer: str) -> tuple[int | None, int | None]:
            return self._shift(start, *locator.locate(pointer))

        place: Place = locate
        built = f"/{len(self.nodes)}"
        self.origins.add(built, Origin("", item=item), copied=True, locate=place)
        self.nodes.append(data)

    def _start_of(self, body: str, line: int | None) -> int | None:
        """Where the element's text starts in the file: its start found verbatim (a CDATA section;
        the parser joins the white space after the section to it) from the element's line on;
        None when it was written with entities."""
        origin = self.line_starts[line - 1] if line is not None and 0 < line <= len(self.line_starts) else 0
        found = self.text.find(body[:200], origin)
        return None if found < 0 else found

    def _shift(self, start: int | None, line: int | None, column: int | None) -> tuple[int | None, int | None]:
        """A line and column within the review's text, as a line and column of the file."""
        if start is None or line is None:
            return None, None
        base_line, base_column = self.lines.line_col(start)
        if line == 1:
            return base_line, (base_column + (column or 1) - 1)
        return base_line + line - 1, column


def read(source: Source, *, rules: str | None = None, page_url: str | None = None, conversion_notes: bool = True,
         scope: str | None = None, **_: Any) -> Loaded:
    """Read a DE FACTO RSS feed: every item's reviews, checked."""
    raw = source.read_bytes()
    text, problems = decode(raw, source.name)
    if text is None:
        return Loaded(None, problems)
    try:
        from lxml import etree  # type: ignore[import-untyped]  # no stubs
    except ImportError:
        return Loaded(None, [RSS_NEEDS_LXML.at("reading RSS needs lxml: pip install 'claimreview[rss]'",
                                               file=source.name)])
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                             huge_tree=False, recover=True)
    try:
        root = etree.fromstring(raw, parser)
    except etree.XMLSyntaxError as exc:
        return Loaded(None, [RSS_XML_SYNTAX.at(f"not XML: {exc.msg}", file=source.name, line=exc.lineno,
                                               column=exc.offset)])
    found = list(problems)
    errors = [e for e in parser.error_log if e.level_name in ("ERROR", "FATAL")]
    for e in errors[:MAX_XML_ERRORS]:
        found.append(RSS_XML_SYNTAX.at(f"{e.message}", file=source.name, line=e.line, column=e.column))
    if len(errors) > MAX_XML_ERRORS:
        found.append(RSS_XML_SYNTAX.at(f"{len(errors) - MAX_XML_ERRORS} more XML errors are not listed",
                                       file=source.name))
    if root is None:
        return Loaded(None, found or [RSS_NOT_RSS.at("the file holds no XML element", file=source.name)])
    if root.getroottree().docinfo.internalDTD is not None or root.getroottree().docinfo.doctype:
        return Loaded(None, [*found, RSS_DTD.at("the feed declares a DTD (<!DOCTYPE ...>), which RSS does not "
                                                "have; remove it", file=source.name, line=1, column=1)])
    channel = root.find("channel") if _local(root.tag) == "rss" else None
    if channel is None:
        return Loaded(None, [*found, RSS_NOT_RSS.at(f"the root element is <{_local(root.tag)}>"
                                                    f"{' without a <channel>' if _local(root.tag) == 'rss' else ''}: "
                                                    "an RSS 2.0 feed is <rss><channel><item>...",
                                                    file=source.name, line=root.sourceline, column=1)])
    feed = _Feed(text, source.name)
    for index, item in enumerate(channel.iter("item")):
        reviews = [child for child in item if _is_review(child)]
        if not reviews:
            feed.found.append(RSS_ITEM_WITHOUT_REVIEW.at("this item carries no schema:review (the ClaimReview or "
                                                         "MediaReview of the fact check)", file=source.name,
                                                         line=item.sourceline, item=index))
        for element in reviews:
            feed.review(element, index)
    found += feed.found
    if feed.reviews == 0:
        found.append(RSS_NO_REVIEWS.at("no item of this feed carries a schema:review: there is no ClaimReview or "
                                       "MediaReview to check", file=source.name, line=channel.sourceline))
        return Loaded(None, found)
    if not feed.nodes:  # every review was broken: each has its finding
        return Loaded(None, found, items=feed.reviews)
    return read_nodes(feed.nodes, feed.origins, source.name, found, rules=rules, page_url=page_url,
                      conversion_notes=conversion_notes, scope=scope)


FORMAT = Format(
    "defacto-rss", "DE FACTO RSS (AFP Medialab's exchange format): RSS 2.0 items carrying ClaimReview/MediaReview "
    "JSON-LD", (".xml", ".rss"), f"{__name__}:read", sniff=f"{__name__}:sniff", codes=CODES, extra="rss",
    aliases=("rss", "defacto"), options=(RULES, PAGE_URL),
)
