"""HTML tokenizing for ld+json script blocks: what the HTML reader reads and the HTML exporter
checks its output with (one tokenizer, so a page is cut the same way in and out).

The tokenizer follows the HTML Living Standard where it decides what is a script and where it
ends: comments, ``<title>``/``<textarea>`` text, raw-text elements (``<style>``, ``<noscript>``,
...) and the escaped states of script data (``<!--<script>`` inside a script keeps a
``</script>`` from ending it), so a block is cut where a browser cuts it. (``html.parser`` from
the standard library ends a script at the first ``</script>`` whatever comes before it, misses
``</script/>``, and drops an unterminated block.)
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

LD_JSON = "application/ld+json"

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
    inert: bool = False
    """Inside a ``<template>``: content a browser neither renders nor runs."""


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
    """Every start tag of a page, with scripts as :class:`Script`, in document order. A script
    inside ``<template>`` is marked inert: browsers do not run it, and crawlers do not read it."""
    i, n = 0, len(text)
    templates = 0
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
            if end_tag.name == "template" and templates:
                templates -= 1
            i = end_tag.end
        elif _is_alpha(nxt):
            tag = _parse_tag(text, j + 1)
            if tag is None:
                return
            if tag.name == "script":
                end, closed = _script_end(text, tag.end)
                yield Script(tag, tag.end, end, closed, templates > 0)
                i = end
                continue
            yield tag
            if tag.name == "template":
                templates += 1
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


def script_type(script: Script) -> str:
    """The media type of a script, lower-case, without parameters or spaces ("" when untyped)."""
    return script.tag.attrs.get("type", "").split(";", 1)[0].strip(_WS).lower()


def is_ld_json(script: Script) -> bool:
    """A script of type application/ld+json (any case, with parameters or spaces)."""
    return script_type(script) == LD_JSON


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
        if isinstance(item, Script) and is_ld_json(item) and not item.inert:
            body, wrapped = unwrap(text[item.content_start : item.content_end])
            found.append(Block(len(found), body, item.content_start, wrapped, item.closed))
    return found
