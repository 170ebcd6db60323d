"""HTML pages: every ``<script type="application/ld+json">`` block, read as ClaimReview JSON-LD.

The blocks are found by :mod:`claimreview.readers.htmlscan`, a small tokenizer that cuts a
script where a browser cuts it (the HTML exporter checks its output with the same one).

Each block is parsed strictly (duplicate keys and NaN are errors) with diagnostics at the line and
column in the HTML file. HTML comment and CDATA wrappers that content systems put around the JSON
are read through, with a warning. All blocks then go, as one array, to the ClaimReview JSON-LD
reader, so a page gives one Document.

Pointers into a page: ``/scripts/N`` is the N-th ld+json block of the page in document order,
counted from 0 as JSON Pointer counts array items, and ``/scripts/N/...`` points into its JSON
(``/scripts/1/reviewRating/alternateName``; for a block holding an array,
``/scripts/1/0/...``).

Microdata and RDFa ClaimReview are not read (see :func:`_markup_warnings`): a page that carries
them gets a warning that says so.
"""

from __future__ import annotations

import codecs
import re
from typing import Any

from claimreview.formats import PAGE_URL, PROFILE, REVIEW, RULES, SPLIT, Format, Option
from claimreview.readers import jsonld, microdata, strictjson
from claimreview.readers.base import INPUT_ENCODING, Loaded, Source
from claimreview.readers.htmlscan import LD_JSON, Block, Script, Tag, blocks, is_ld_json, scan, script_type
from claimreview.readers.jsonld import JSONLD_NO_CLAIMREVIEW
from claimreview.readers.text import LineIndex, decode, line_col
from claimreview.schemas.ld import claimreview_nodes, review_nodes
from claimreview.validation import claimreview
from claimreview.validation.diagnostics import (
    ERROR,
    WARNING,
    Code,
    Diagnostic,
    escape_token,
    split_pointer,
)
from claimreview.validation.scope import DEFAULT_SCOPE, judge, review_roots

HTML_EMPTY_BLOCK = Code("html.empty-block", WARNING, "An empty ld+json block")
HTML_MICRODATA_NOT_READ = Code("html.microdata-not-read", WARNING,
    "A ClaimReview in microdata, not checked because the optional extra that reads it (claimreview[microdata]) is "
    "not installed")
HTML_NO_CLAIMREVIEW = Code("html.no-claimreview", ERROR, "The page has no ClaimReview (in an ld+json block, or in "
                           "Microdata or RDFa with the microdata extra)")
HTML_RDFA_NOT_READ = Code("html.rdfa-not-read", WARNING, "A ClaimReview in RDFa, not checked because the optional "
                          "extra that reads it (claimreview[microdata]) is not installed")
HTML_TEMPLATE_BLOCK = Code("html.template-block", WARNING,
    "An ld+json block inside <template>, which browsers do not run and crawlers do not read: not read")
HTML_SCRIPT_TYPE = Code("html.script-type", WARNING,
    "A script typed with a misspelling of application/ld+json, not read")
HTML_UNCLOSED_SCRIPT = Code("html.unclosed-script", WARNING,
    "An ld+json block without </script>: the page ends inside it")
HTML_UNKNOWN_CHARSET = Code("html.unknown-charset", ERROR, "The page declares a charset that claimreview does not know")
HTML_WRAPPED_BLOCK = Code("html.wrapped-block", WARNING, "An ld+json block wrapped in <!-- --> or CDATA, read through")

CODES: tuple[Code, ...] = (
    HTML_EMPTY_BLOCK,
    HTML_MICRODATA_NOT_READ,
    HTML_NO_CLAIMREVIEW,
    HTML_RDFA_NOT_READ,
    HTML_SCRIPT_TYPE,
    HTML_TEMPLATE_BLOCK,
    HTML_UNCLOSED_SCRIPT,
    HTML_UNKNOWN_CHARSET,
    HTML_WRAPPED_BLOCK,
)
"""Every diagnostic code this reader adds to those of the JSON and JSON-LD readers
(``json.syntax``, ``json.duplicate-key``, ``jsonld.*``, ``claimreview.*``, ...)."""

# --- reading a page --------------------------------------------------------------------------------


_META_CHARSET = re.compile(rb"""<meta\s[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_UTF8_LABELS = frozenset({"utf-8", "utf8", "unicode-1-1-utf-8", "utf-16", "utf-16le", "utf-16be"})
_WINDOWS_1252 = frozenset({"ascii", "us-ascii", "iso-8859-1", "iso8859-1", "latin1", "l1", "cp1252",
                           "windows-1252", "x-cp1252", "cp819", "ibm819", "iso-ir-100", "csisolatin1"})
"""Labels the Encoding Standard reads as windows-1252 (a page that says latin-1 means it)."""


def declared_charset(data: bytes) -> str | None:
    """The charset a ``<meta>`` in the first 1,024 bytes declares, lower-cased."""
    m = _META_CHARSET.search(data[:1024])
    return m.group(1).decode("ascii").lower() if m else None


def decode_page(data: bytes, file: str) -> tuple[str | None, list[Diagnostic]]:
    """Page text: a UTF-16 byte order mark, a ``<meta charset>`` other than UTF-8, else UTF-8."""
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom) and not data.startswith(codecs.BOM_UTF32_LE):
            return _decode_as(data[len(bom):], codec, file)
    label = declared_charset(data)
    if label is None or label in _UTF8_LABELS:
        return decode(data, file)
    if label in _WINDOWS_1252:
        return _decode_as(data, "cp1252", file)
    try:
        info = codecs.lookup(label)
        if not info._is_text_encoding:  # base64, hex, zlib, rot13: codecs, not charsets
            raise LookupError(label)
        codec = info.name
    except LookupError:
        return None, [HTML_UNKNOWN_CHARSET.at(f"the page declares charset {label!r}, which claimreview "
                            "does not know: re-save the page as UTF-8", file=file)]
    return _decode_as(data, codec, file)


def _decode_as(data: bytes, codec: str, file: str) -> tuple[str | None, list[Diagnostic]]:
    try:
        return data.decode(codec), []
    except UnicodeError as exc:  # idna and friends raise UnicodeError, not UnicodeDecodeError
        if not isinstance(exc, UnicodeDecodeError):
            return None, [HTML_UNKNOWN_CHARSET.at(f"the page declares charset {codec!r}, which is no "
                                "charset for a page: re-save the page as UTF-8", file=file)]
        good = data[: exc.start].decode(codec, errors="replace")
        line, column = line_col(good, len(good))
        return None, [INPUT_ENCODING.at(f"byte 0x{data[exc.start]:02x} at offset {exc.start} is not "
                            f"{codec} as the page says: re-save the page as UTF-8",
                            file=file, line=line, column=column)]


class _Page:
    """Maps a block's line and column, and pointers into the merged blocks, to the page."""

    def __init__(self, text: str, file: str) -> None:
        self.text, self.file = text, file
        self.members: list[tuple[Block | microdata.Item, str]] = []
        """For each item handed to the JSON-LD reader: its block (or Microdata/RDFa item) and
        pointer inside it."""
        self._locators: dict[int, strictjson.JsonLocator] = {}
        self._lines: LineIndex | None = None

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column of an offset in the page."""
        if self._lines is None:
            self._lines = LineIndex(self.text)
        return self._lines.line_col(offset)

    def place(self, block: Block, line: int | None, column: int | None) -> tuple[int | None, int | None]:
        """A line and column inside a block's text -> the line and column in the page."""
        first_line, first_column = self.line_col(block.start)
        if line is None:
            return first_line, first_column
        if line == 1:
            return first_line, first_column + (column or 1) - 1
        return first_line + line - 1, column

    def block_pointer(self, merged: str) -> tuple[Block | microdata.Item, str] | None:
        """``/k/rest`` (item k of the merged array) -> its block and ``/rest`` inside it."""
        tokens = split_pointer(merged)
        if not tokens or not tokens[0].isdigit() or int(tokens[0]) >= len(self.members):
            return None
        block, inner = self.members[int(tokens[0])]
        return block, inner + "".join("/" + escape_token(t) for t in tokens[1:])

    def pointer(self, merged: str) -> str:
        found = self.block_pointer(merged)
        if found is None:
            return merged
        member, inner = found
        return f"/{member.syntax}/{member.index}{inner}" if isinstance(member, microdata.Item) else \
            f"/scripts/{member.index}{inner}"

    def locate(self, merged: str) -> tuple[int | None, int | None]:
        found = self.block_pointer(merged)
        if found is None:
            return None, None
        block, inner = found
        if isinstance(block, microdata.Item):  # extruct gives no positions: the item's element
            return self.line_col(block.start) if block.start is not None else (None, None)
        locator = self._locators.get(block.index)
        if locator is None:
            locator = self._locators[block.index] = strictjson.JsonLocator(block.text)
        return self.place(block, *locator.locate(inner))


def _block_data(page: _Page, block: Block) -> tuple[Any, list[Diagnostic]]:
    """A block's JSON (None when it cannot be read) and what was found on the way."""
    found: list[Diagnostic] = []
    where = f"/scripts/{block.index}"
    line, column = page.place(block, None, None)
    if not block.closed:
        found.append(HTML_UNCLOSED_SCRIPT.at("the ld+json block has no </script>: the page ends "
                             "inside it; close it", where, file=page.file, line=line, column=column))
    if block.wrapped:
        found.append(HTML_WRAPPED_BLOCK.at("the ld+json block is wrapped in <!-- --> or CDATA; "
                             "claimreview reads through it, but strict JSON-LD parsers fail on it: remove the "
                             "wrapper", where, file=page.file, line=line, column=column))
    if not block.text.strip():
        found.append(HTML_EMPTY_BLOCK.at("the ld+json block is empty: remove it or fill it",
                             where, file=page.file, line=line, column=column))
        return None, found
    data, problems = strictjson.parse(block.text, page.file)
    for d in problems:
        at_line, at_column = page.place(block, d.line, d.column)
        found.append(d.at(pointer=where + d.pointer, line=at_line, column=at_column))
    return data, found


_REVIEW_WORD = re.compile(r"(?:Claim|Media)Review")
"""A block that names a review: when it cannot be read, what it held may be the review judged."""


def _markup_warnings(page: _Page, micro: list[Tag], rdfa: list[Tag]) -> list[Diagnostic]:
    """Microdata and RDFa reviews, when the extra that reads them is not installed: say so where
    they are, rather than dropping them silently (:mod:`claimreview.readers.microdata`)."""
    found: list[Diagnostic] = []
    for tags, attr, kind, code in ((micro, "itemtype", "microdata", HTML_MICRODATA_NOT_READ),
                                   (rdfa, "typeof", "RDFa", HTML_RDFA_NOT_READ)):
        for tag in tags:
            line, column = page.line_col(tag.start)
            found.append(code.at(f"a ClaimReview in {kind} (<{tag.name} {attr}=...>) is not checked: reading "
                                 f"{kind} needs the optional extra, pip install 'claimreview[{microdata.EXTRA}]'",
                                 file=page.file, line=line, column=column))
    return found


def _inert_scripts(page: _Page, items: list[Tag | Script]) -> list[Diagnostic]:
    """ld+json inside ``<template>``: inert markup, read by no browser or crawler, so not read here."""
    found = []
    for item in items:
        if isinstance(item, Script) and item.inert and is_ld_json(item):
            line, column = page.line_col(item.tag.start)
            found.append(HTML_TEMPLATE_BLOCK.at("this ld+json block is inside <template>, which browsers "
                                 "do not run and crawlers do not read: it is not read; move it out of the template "
                                 "if it is meant to count", file=page.file, line=line, column=column))
    return found


def _misnamed_scripts(page: _Page, items: list[Tag | Script]) -> list[Diagnostic]:
    """Scripts whose type is a common misspelling of application/ld+json: nobody reads them."""
    found: list[Diagnostic] = []
    for item in items:
        if not isinstance(item, Script) or is_ld_json(item):
            continue
        kind = script_type(item)
        if kind in ("application/json+ld", "application/ldjson", "application/ld-json", "text/ld+json",
                    "application/json-ld"):
            line, column = page.line_col(item.tag.start)
            found.append(HTML_SCRIPT_TYPE.at(f"a script of type {kind!r} is not read as JSON-LD by "
                                 f"search engines or by claimreview: write type=\"{LD_JSON}\"",
                                 file=page.file, line=line, column=column))
    return found


def read(source: Source, *, rules: str | None = None, page_url: str | None = None, conversion_notes: bool = True,
         scope: str = DEFAULT_SCOPE, **_: object) -> Loaded:
    """Every ClaimReview of a page's ld+json blocks, as one Document."""
    text, problems = decode_page(source.read_bytes(), source.name)
    if text is None:
        return Loaded(None, problems)
    return read_text(text, source.name, rules=rules, page_url=page_url, conversion_notes=conversion_notes,
                     scope=scope)


def read_text(text: str, file: str, *, rules: str | None = None, page_url: str | None = None,
              conversion_notes: bool = True, scope: str = DEFAULT_SCOPE) -> Loaded:
    """A page's text -> one Document from all its ld+json blocks, read by the JSON-LD reader as
    one array (so the page rules, one ClaimReview per page, see them together)."""
    page = _Page(text, file)
    items = list(scan(text))
    tags = [item.tag if isinstance(item, Script) else item for item in items]
    micro, rdfa = microdata.review_elements(tags)
    found = _misnamed_scripts(page, items) + _inert_scripts(page, items)
    merged: list[Any] = []  # every block's nodes, as one JSON-LD array
    page_blocks = blocks(text, items)
    for block in page_blocks:
        data, problems = _block_data(page, block)
        found.extend(problems)
        if data is None:
            continue
        for inner, value in [(f"/{j}", v) for j, v in enumerate(data)] if isinstance(data, list) else [("", data)]:
            page.members.append((block, inner))
            merged.append(value)
    if (micro or rdfa) and not microdata.available():
        found.extend(_markup_warnings(page, micro, rdfa))
    elif micro or rdfa:
        for item in microdata.extract(text, tags, page_url, rdfa=bool(rdfa)):
            page.members.append((item, ""))
            merged.append(item.data)
    if not merged:
        found.append(_no_claimreview(file, "no ld+json block that can be read" if page_blocks else "no ld+json block"))
        return Loaded(None, found)
    loaded = jsonld.read_data(merged, file=file, locate=page.locate, rules=rules, page_url=page_url,
                              conversion_notes=conversion_notes, scope=scope)
    # the page's own findings (a block that is not JSON, an unclosed script) are judged like the
    # markup's: about the ClaimReview when in its block, or in a block that names one and cannot be read
    in_markup = [page.pointer(p) for p in review_roots(merged)]
    named = [f"/scripts/{b.index}" for b in page_blocks if _REVIEW_WORD.search(b.text)]
    found = judge(found, in_markup + named if in_markup else [], scope)
    found.extend(d.at(pointer=page.pointer(d.pointer)) for d in loaded.diagnostics
                 if d.kind != JSONLD_NO_CLAIMREVIEW)
    reviews = [p for p, _ in claimreview_nodes(merged)]
    if page_url is None:  # the blocks are one page's markup (with a page URL, read_data checked that)
        for d in claimreview.rule_set(rules or claimreview.DEFAULT_RULES).check_page(reviews):
            line, column = page.locate(d.pointer)
            found.append(d.at(pointer=page.pointer(d.pointer), file=file, line=line, column=column))
    count = sum(1 for _ in review_nodes(merged))  # ClaimReviews and MediaReviews
    if not count:
        found.append(_no_claimreview(file, f"{_count(len(page_blocks), 'ld+json block')}, but no ClaimReview in them"))
        return Loaded(None, found)
    return Loaded(loaded.document, found, items=count)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' * (n != 1)}"


def _no_claimreview(file: str, what: str) -> Diagnostic:
    return HTML_NO_CLAIMREVIEW.at(f"the page has {what}: there is no ClaimReview markup to read (claimreview "
                                  "reads ClaimReview from <script type=\"application/ld+json\"> blocks, and from "
                                  f"Microdata and RDFa with the extra claimreview[{microdata.EXTRA}])", file=file)


FORMAT = Format(
    "html", "HTML: a paste-ready ld+json script block, or a small page (--standalone); reading takes every "
    "ld+json block of a saved page, and its Microdata and RDFa (extra microdata)", (".html", ".htm"),
    f"{__name__}:read", "claimreview.exporters.html:HtmlExporter", codes=(*CODES, "claimreview.exporters.html:CODES"),
    aliases=("htm", "page"),
    options=(Option("standalone", "A whole page, not only the script block.", type=bool), PROFILE, REVIEW, RULES,
             PAGE_URL, SPLIT),
)
