"""HTML pages: every ``<script type="application/ld+json">`` block, read as ClaimReview JSON-LD.

The blocks are found by a small tokenizer that follows the HTML Living Standard where it decides
what is a script and where it ends: comments, ``<title>``/``<textarea>`` text, raw-text elements
(``<style>``, ``<noscript>``, ...) and the escaped states of script data (``<!--<script>`` inside a
script keeps a ``</script>`` from ending it), so a block is cut where a browser cuts it.
(``html.parser`` from the standard library ends a script at the first ``</script>`` whatever
comes before it, misses ``</script/>``, and drops an unterminated block.)

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
import html
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple

from claimreview.readers import _json, jsonld
from claimreview.readers._text import LineIndex, decode, line_col
from claimreview.readers.base import INPUT_ENCODING, Loaded, Source
from claimreview.readers.jsonld import JSONLD_NO_CLAIMREVIEW
from claimreview.schemas.ld import claimreview_nodes
from claimreview.validation import claimreview
from claimreview.validation.diagnostics import (
    ERROR,
    WARNING,
    Code,
    Diagnostic,
    escape_token,
    split_pointer,
)

LD_JSON = "application/ld+json"

HTML_EMPTY_BLOCK = Code("html.empty-block", WARNING, "An empty ld+json block")
HTML_MICRODATA_NOT_READ = Code("html.microdata-not-read", WARNING,
    "A ClaimReview in microdata, which claimreview does not read")
HTML_NO_CLAIMREVIEW = Code("html.no-claimreview", ERROR, "The page has no ld+json block with a ClaimReview in it")
HTML_RDFA_NOT_READ = Code("html.rdfa-not-read", WARNING, "A ClaimReview in RDFa, which claimreview does not read")
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
    HTML_UNCLOSED_SCRIPT,
    HTML_UNKNOWN_CHARSET,
    HTML_WRAPPED_BLOCK,
)
"""Every diagnostic code this reader adds to those of the JSON and JSON-LD readers
(``json.syntax``, ``json.duplicate-key``, ``jsonld.*``, ``claimreview.*``, ...)."""

# --- the tokenizer ---------------------------------------------------------------------------

_WS = "\t\n\f\r "
_SKIP = re.compile(f"[{_WS}/]*")
_TAG_NAME = re.compile(f"[A-Za-z][^{_WS}/>]*")
_BARE_TAG = re.compile("([A-Za-z][A-Za-z0-9]*)>")
_ATTR_NAME = re.compile(f"[^{_WS}/>][^{_WS}/>=]*")
_ATTR_VALUE = re.compile(f"[{_WS}]*=[{_WS}]*" + r"""(?:"([^"]*)("?)|'([^']*)('?)|""" + f"([^{_WS}>]*))")
_COMMENT_END = re.compile(r"--!?>")
_SCRIPT_END = re.compile(f"</script[{_WS}/>]", re.IGNORECASE)
_SCRIPT_START = re.compile(f"<script[{_WS}/>]", re.IGNORECASE)
_ESCAPED_NEXT = re.compile(r"<|-->")
_RAWTEXT = frozenset({"style", "xmp", "iframe", "noembed", "noframes", "noscript", "title", "textarea"})
"""Elements whose content is text up to their own end tag (RAWTEXT and RCDATA: for finding
scripts the two are the same). ``noscript`` is raw text in a browser that runs scripts."""


class Tag(NamedTuple):
    """A start tag: lower-case name, attributes (the first of a repeated name wins, values
    with character references decoded), and where it starts and ends in the page text.
    (A named tuple: a big page has hundreds of thousands of tags, and tuples are cheap.)"""

    name: str
    attrs: dict[str, str]
    start: int
    end: int


class Script(NamedTuple):
    """A ``<script>`` element: its start tag and the span of its text in the page."""

    tag: Tag
    content_start: int
    content_end: int
    closed: bool
    """False when the page ends before ``</script>``."""


def _is_alpha(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def _parse_tag(text: str, i: int) -> Tag | None:
    """The tag whose name starts at ``i`` (just after ``<`` or ``</``); None when the page ends
    inside it (a browser drops such a tag)."""
    bare = _BARE_TAG.match(text, i)
    if bare is not None:  # the common case, <p> or </p>: no attributes to read
        return Tag(bare.group(1).lower(), {}, i - 1, bare.end())
    m = _TAG_NAME.match(text, i)
    assert m is not None
    name, pos, n = m.group().lower(), m.end(), len(text)
    attrs: dict[str, str] = {}
    while True:
        pos = _SKIP.match(text, pos).end()  # type: ignore[union-attr]
        if pos >= n:
            return None
        if text[pos] == ">":
            return Tag(name, attrs, i - 1, pos + 1)
        key_m = _ATTR_NAME.match(text, pos)
        assert key_m is not None
        key, pos = key_m.group().lower(), key_m.end()
        value = ""
        value_m = _ATTR_VALUE.match(text, pos)
        if value_m is not None:
            dq, dq_end, sq, sq_end, unquoted = value_m.groups()
            if (dq is not None and not dq_end) or (sq is not None and not sq_end):
                return None
            value = html.unescape(dq if dq is not None else sq if sq is not None else unquoted)
            pos = value_m.end()
        attrs.setdefault(key, value)


def _comment_end(text: str, i: int) -> int:
    """End of the comment that starts with ``<!--`` at ``i`` (``<!-->`` and ``<!--->`` are
    whole comments; ``--!>`` also closes one)."""
    for short in (">", "->"):
        if text.startswith(short, i + 4):
            return i + 4 + len(short)
    m = _COMMENT_END.search(text, i + 4)
    return m.end() if m else len(text)


def _script_end(text: str, i: int) -> tuple[int, bool]:
    """Where the script text that starts at ``i`` ends: the offset of its ``</script``, following
    the script data states of the HTML tokenizer (plain, escaped after ``<!--``, double escaped
    after ``<!--<script>``)."""
    n, state = len(text), "data"
    while i < n:
        if state == "data":
            j = text.find("<", i)
            if j < 0:
                break
            if _SCRIPT_END.match(text, j):
                return j, True
            if text.startswith("<!--", j):
                state, i = "escaped", j + 2  # from the dashes: "<!-->" goes straight back
            else:
                i = j + 1
            continue
        m = _ESCAPED_NEXT.search(text, i)
        if m is None:
            break
        j = m.start()
        if m.group() == "-->":
            state, i = "data", m.end()
        elif state == "escaped" and _SCRIPT_END.match(text, j):
            return j, True
        elif state == "escaped" and _SCRIPT_START.match(text, j):
            state, i = "double", j + 7
        elif state == "double" and _SCRIPT_END.match(text, j):
            state, i = "escaped", j + 8
        else:
            i = j + 1
    return n, False


def scan(text: str) -> Iterator[Tag | Script]:
    """Every start tag of a page, with scripts as :class:`Script`, in document order."""
    i, n = 0, len(text)
    while True:
        j = text.find("<", i)
        if j < 0 or j + 1 >= n:
            return
        nxt = text[j + 1]
        if text.startswith("<!--", j):
            i = _comment_end(text, j)
        elif nxt in "!?" or (nxt == "/" and not _is_alpha(text[j + 2 : j + 3])):
            if text.startswith("</>", j):
                i = j + 3
                continue
            k = text.find(">", j)  # a bogus comment (doctype, CDATA outside SVG, </ 1>)
            if k < 0:
                return
            i = k + 1
        elif nxt == "/":
            end_tag = _parse_tag(text, j + 2)
            if end_tag is None:
                return
            i = end_tag.end
        elif _is_alpha(nxt):
            tag = _parse_tag(text, j + 1)
            if tag is None:
                return
            if tag.name == "script":
                end, closed = _script_end(text, tag.end)
                yield Script(tag, tag.end, end, closed)
                i = end
                continue
            yield tag
            if tag.name == "plaintext":
                return
            i = tag.end
            if tag.name in _RAWTEXT:
                m = re.compile(f"</{tag.name}[{_WS}/>]", re.IGNORECASE).search(text, i)
                if m is None:
                    return
                i = m.start()
        else:
            i = j + 1


# --- ld+json blocks ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    """One ld+json script block."""

    index: int
    """Its place among the page's ld+json blocks, from 0 (``/scripts/<index>``)."""
    text: str
    """The script text with any comment or CDATA wrapper blanked out with spaces, so that every
    character keeps its offset."""
    start: int
    """Offset of the text in the page."""
    wrapped: bool
    closed: bool


def is_ld_json(script: Script) -> bool:
    """A script of type application/ld+json (any case, with parameters or spaces)."""
    kind = script.tag.attrs.get("type", "")
    return kind.split(";", 1)[0].strip(_WS).lower() == LD_JSON


_OPEN_WRAPPER = re.compile(r"\A\s*(?:<!--|(?://|/\*)?[ \t]*<!\[CDATA\[(?:[ \t]*\*/)?)")
_CLOSE_WRAPPER = re.compile(r"(?:-->|(?://|/\*)?[ \t]*\]\]>(?:[ \t]*\*/)?)\s*\Z")


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + re.sub(r"[^\n]", " ", text[start:end]) + text[end:]


def unwrap(text: str) -> tuple[str, bool]:
    """The block text with ``<!-- -->``, ``<![CDATA[ ]]>`` (also as ``//<![CDATA[`` and
    ``/*<![CDATA[*/``) wrappers replaced by spaces; and whether there were any."""
    wrapped = False
    for _ in range(2):  # "<!--//<![CDATA[ ... //]]>-->" has two layers
        end = len(text.rstrip())  # a wrapper's end is in the last few characters: search only there
        head, tail = _OPEN_WRAPPER.match(text), _CLOSE_WRAPPER.search(text, max(0, end - 40))
        if head is None or tail is None or head.end() > tail.start():
            break
        text = _blank(_blank(text, tail.start(), tail.end()), head.start(), head.end())
        wrapped = True
    return text, wrapped


def blocks(text: str, items: Iterable[Tag | Script] | None = None) -> list[Block]:
    """Every ld+json block of a page, in document order (``items``: the page's :func:`scan`,
    when the caller has it already)."""
    found: list[Block] = []
    for item in scan(text) if items is None else items:
        if isinstance(item, Script) and is_ld_json(item):
            body, wrapped = unwrap(text[item.content_start : item.content_end])
            found.append(Block(len(found), body, item.content_start, wrapped, item.closed))
    return found


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
        self.members: list[tuple[Block, str]] = []
        """For each item handed to the JSON-LD reader: its block and pointer inside the block."""
        self._locators: dict[int, _json.JsonLocator] = {}
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

    def block_pointer(self, merged: str) -> tuple[Block, str] | None:
        """``/k/rest`` (item k of the merged array) -> its block and ``/rest`` inside it."""
        tokens = split_pointer(merged)
        if not tokens or not tokens[0].isdigit() or int(tokens[0]) >= len(self.members):
            return None
        block, inner = self.members[int(tokens[0])]
        return block, inner + "".join("/" + escape_token(t) for t in tokens[1:])

    def pointer(self, merged: str) -> str:
        found = self.block_pointer(merged)
        return merged if found is None else f"/scripts/{found[0].index}{found[1]}"

    def locate(self, merged: str) -> tuple[int | None, int | None]:
        found = self.block_pointer(merged)
        if found is None:
            return None, None
        block, inner = found
        locator = self._locators.get(block.index)
        if locator is None:
            locator = self._locators[block.index] = _json.JsonLocator(block.text)
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
    data, problems = _json.parse(block.text, page.file)
    for d in problems:
        at_line, at_column = page.place(block, d.line, d.column)
        found.append(d.at(pointer=where + d.pointer, line=at_line, column=at_column))
    return data, found


_MICRODATA = re.compile(r"(?:^|[/#:])(?:ClaimReview)$")


def _markup_warnings(page: _Page, items: list[Tag | Script]) -> list[Diagnostic]:
    """Microdata and RDFa ClaimReview are not read: say so where they are.

    Reading them well needs a microdata/RDFa processor (extruct, with lxml, rdflib, mf2py and
    pyRdfa); for markup that Google and fact-checkers overwhelmingly write as JSON-LD, claimreview
    does not carry that weight, and reports the markup instead of dropping it silently."""
    found: list[Diagnostic] = []
    for item in items:
        tag = item.tag if isinstance(item, Script) else item
        for attr, kind, code in (("itemtype", "microdata", HTML_MICRODATA_NOT_READ),
                                ("typeof", "RDFa", HTML_RDFA_NOT_READ)):
            if any(_MICRODATA.search(token) for token in tag.attrs.get(attr, "").split()):
                line, column = page.line_col(tag.start)
                found.append(code.at(f"a ClaimReview in {kind} "
                                     f"(<{tag.name} {attr}=...>): claimreview reads only JSON-LD, so this "
                                     "markup is not checked; publish it as an ld+json block",
                                     file=page.file, line=line, column=column))
    return found


def _misnamed_scripts(page: _Page, items: list[Tag | Script]) -> list[Diagnostic]:
    """Scripts whose type is a common misspelling of application/ld+json: nobody reads them."""
    found: list[Diagnostic] = []
    for item in items:
        if not isinstance(item, Script) or is_ld_json(item):
            continue
        kind = item.tag.attrs.get("type", "").split(";", 1)[0].strip(_WS).lower()
        if kind in ("application/json+ld", "application/ldjson", "application/ld-json", "text/ld+json",
                    "application/json-ld"):
            line, column = page.line_col(item.tag.start)
            found.append(HTML_SCRIPT_TYPE.at(f"a script of type {kind!r} is not read as JSON-LD by "
                                 f"search engines or by claimreview: write type=\"{LD_JSON}\"",
                                 file=page.file, line=line, column=column))
    return found


def read(source: Source, *, rules: str | None = None, page_url: str | None = None, conversion_notes: bool = True,
         **_: object) -> Loaded:
    """Every ClaimReview of a page's ld+json blocks, as one Document."""
    text, problems = decode_page(source.read_bytes(), source.name)
    if text is None:
        return Loaded(None, problems)
    return read_text(text, source.name, rules=rules, page_url=page_url, conversion_notes=conversion_notes)


def read_text(text: str, file: str, *, rules: str | None = None, page_url: str | None = None,
              conversion_notes: bool = True) -> Loaded:
    """A page's text -> one Document from all its ld+json blocks, read by the JSON-LD reader as
    one array (so the page rules, one ClaimReview per page, see them together)."""
    page = _Page(text, file)
    items = list(scan(text))
    found = _markup_warnings(page, items) + _misnamed_scripts(page, items)
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
    if not merged:
        found.append(_no_claimreview(file, "no ld+json block that can be read" if page_blocks else "no ld+json block"))
        return Loaded(None, found)
    loaded = jsonld.read_data(merged, file=file, locate=page.locate, rules=rules, page_url=page_url,
                              conversion_notes=conversion_notes)
    found.extend(d.at(pointer=page.pointer(d.pointer)) for d in loaded.diagnostics
                 if d.kind != JSONLD_NO_CLAIMREVIEW)
    reviews = [p for p, _ in claimreview_nodes(merged)]
    if page_url is None:  # the blocks are one page's markup (with a page URL, read_data checked that)
        for d in claimreview.rule_set(rules or claimreview.DEFAULT_RULES).check_page(reviews):
            line, column = page.locate(d.pointer)
            found.append(d.at(pointer=page.pointer(d.pointer), file=file, line=line, column=column))
    if not reviews:
        found.append(_no_claimreview(file, f"{_count(len(page_blocks), 'ld+json block')}, but no ClaimReview in them"))
        return Loaded(None, found)
    return Loaded(loaded.document, found)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' * (n != 1)}"


def _no_claimreview(file: str, what: str) -> Diagnostic:
    return HTML_NO_CLAIMREVIEW.at(f"the page has {what}: there is no ClaimReview markup to read "
                 "(claimreview reads ClaimReview from <script type=\"application/ld+json\"> blocks)", file=file)
