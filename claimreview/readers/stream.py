"""Record streams: the items of a big JSON input, parsed one at a time from a bounded buffer.

A feed of a million ClaimReviews is never held whole. :class:`ArrayStream` walks a top-level JSON
array (or the ``dataFeedElement`` array of a schema.org DataFeed) item by item with the standard
library's C scanner, which hands back each item together with its end offset; JSON Lines are
read by :mod:`claimreview.readers.jsonl`. Both yield the same things:

- ``(index, item, raw, line, column)`` for each item that parsed (``raw`` is its text, for
  locating problems and spotting duplicate keys; line and column where that text starts), and
- :class:`Diagnostic` objects for what is wrong with the JSON itself — syntax, encoding, a byte
  order mark, duplicate keys, NaN and Infinity, nesting too deep, an item too large — each with
  its line and column. After a broken item the stream finds the next one and goes on.

:mod:`claimreview.readers.feed` turns these into :class:`~claimreview.readers.base.Record` streams;
the record check locates its findings in ``raw`` only when there are any.
"""

from __future__ import annotations

import codecs
import contextlib
import json
import re
from collections.abc import Generator, Iterator
from typing import Any, Protocol

import orjson

from claimreview.readers.base import (
    INPUT_BOM,
    INPUT_EMPTY,
    INPUT_ENCODING,
    INPUT_RECORD_TOO_LARGE,
    JSON_DUPLICATE_KEY,
    JSON_SYNTAX,
    JSON_TOO_DEEP,
)
from claimreview.readers.strictjson import JsonLocator
from claimreview.readers.text import MAX_INPUT_BYTES, head_problems
from claimreview.validation.diagnostics import Diagnostic, escape_token

CHUNK = 1 << 20
"""Bytes read at a time."""
BATCH = 1 << 16
"""Characters of a pretty-printed array parsed in one call (see ArrayStream._batch)."""
MAX_RECORD = 16 << 20
"""An item larger than this (in characters) is reported and skipped, so memory stays bounded."""
MAX_ENCODING_REPORTS = 20
"""Invalid UTF-8 is reported this many times per file; the rest is counted in one last note."""

class Readable(Protocol):
    def read(self, n: int = -1, /) -> bytes: ...


class Prefixed:
    """A binary reader that gives ``head`` first, then the rest of ``fh``: sniffing a pipe
    without losing what was sniffed."""

    def __init__(self, head: bytes, fh: Readable) -> None:
        self._head, self._fh = head, fh

    def read(self, n: int = -1, /) -> bytes:
        if self._head:
            if n < 0:
                data, self._head = self._head + self._fh.read(), b""
                return data
            data, self._head = self._head[:n], self._head[n:]
            return data
        return self._fh.read(n)


Event = Diagnostic | tuple[int, Any, str | bytes, int, int | None]
"""What a stream yields: a diagnostic, or an item that parsed as ``(index, item, raw, line, column)``:
its text as read (for locating findings in it) and where that text starts (column None: the
start of a line of JSON Lines)."""

_WS = re.compile(r"[ \t\r\n]*")
_KEY = re.compile(r'("(?:[^"\\\n]|\\.)*")[ \t\r\n]*:')
_IN_STRING = re.compile(r'["\\]')
_STRUCTURE = re.compile(r'["\[\]{},]')
_NEAR_END = 16
"""A syntax error this close to the end of the buffer may only be the chunk boundary."""


def bom_warning(file: str) -> Diagnostic:
    return INPUT_BOM.at("the file starts with a UTF-8 byte order mark, which JSON forbids (RFC 8259 "
                   "section 8.1) and some tools reject: save it as UTF-8 without a BOM", file=file, line=1, column=1)


def check_head(head: bytes, file: str) -> tuple[int, list[Diagnostic]]:
    """What the first bytes say about a whole file: how many bytes to skip (a UTF-8 byte order
    mark) and diagnostics; an error here means the file cannot be read as JSON text at all."""
    problems = head_problems(head, file, "a JSON feed")
    if problems:
        return 0, problems
    skip = len(codecs.BOM_UTF8) if head.startswith(codecs.BOM_UTF8) else 0
    if not head[skip:].strip():
        return skip, [INPUT_EMPTY.at("the file is empty: there is nothing to check", file=file, line=1, column=1)]
    return skip, [bom_warning(file)] if skip else []


def duplicate_suspect(raw: str | bytes, item: Any) -> bool:
    """True when ``raw`` may hold a duplicate key that the parser silently dropped.

    Every key is followed by a colon, and string contents are the same before and after a round
    trip, so parsed and re-serialised text hold the same number of colons unless a key was
    dropped — or a colon was written as an escape (rare; then the slow, strict check decides).
    Costs about a microsecond; the strict parser with a hook costs ten times more."""
    try:
        dumped = orjson.dumps(item)
    except (orjson.JSONEncodeError, TypeError):  # deeper than orjson writes, or a 65-bit integer
        return True
    if isinstance(raw, bytes):
        return raw.count(b":") != dumped.count(b":") or (b"\\" in raw and (b"\\u003a" in raw or b"\\u003A" in raw))
    return raw.count(":") != dumped.count(b":") or ("\\" in raw and ("\\u003a" in raw or "\\u003A" in raw))


def strict_problems(text: str, file: str | None, pointer_prefix: str = "") -> list[tuple[Diagnostic, int]]:
    """Duplicate keys and NaN/Infinity in ``text``, each with its offset in ``text``."""
    return [(d.at(pointer=pointer_prefix + d.pointer), offset)
            for d, offset in JsonLocator(text, file).refusals_at()]


class _Refused(ValueError):
    pass


def _constant(name: str) -> float:
    raise _Refused(name)


class ArrayStream:
    """The items of a top-level JSON array, or of the ``dataFeedElement`` array of a top-level
    object, read ``CHUNK`` bytes at a time. Iterate it for :data:`Event` values."""

    def __init__(self, fh: Readable, file: str, *, chunk: int = CHUNK, max_record: int = MAX_RECORD,
                 feed_key: str = "dataFeedElement", batch: int | None = None, max_skip: int = MAX_INPUT_BYTES) -> None:
        self.fh, self.file, self.chunk, self.max_record, self.feed_key = fh, file, chunk, max_record, feed_key
        self.max_skip = max_skip
        """Characters skipped in one go (white space, or an item over max_record) after which the
        input is taken to never end: reading stops."""
        self._stopped = False
        self.batch = BATCH if batch is None else batch
        """Characters parsed in one call where the layout allows (0: item by item)."""
        self.items = 0
        """Items seen so far (parsed or not)."""
        self.bytes_read = 0
        self.prefix = ""
        """Pointer of the array within the file: "" for a top-level array, /dataFeedElement for a feed."""
        self.wrapper: dict[str, Any] = {}
        """Members of a top-level object other than the feed array (@context, @type, ...)."""
        self._buf = ""
        self._pos = 0
        self._eof = False
        self._line = 1  # line and column (0-based) of _buf[0] in the file
        self._col = 0
        self._pending = b""
        self._encoding_errors = 0
        self._byte_base = 0  # bytes before _pending
        self._item_start = 0
        self._reported_end = False
        self._counted = (0, 0)  # (offset, line breaks before it) in the buffer
        # batching (see _batch): the text that starts every item, once the layout shows it
        self._marker: str | None = None
        self._marker_seen = False
        self._exact_until = 0
        self._misses = 0
        self._batch: list[Any] | None = None  # the items of the batch being handed out
        self._spans: list[tuple[int, int]] | None = None
        self._batch_start = self._batch_end = 0
        # the C scanner behind json.loads: a value at an offset, and where it ends (not in typeshed)
        self._scan = json.JSONDecoder(parse_constant=_constant).scan_once  # type: ignore[attr-defined]
        self._lenient_scan = json.JSONDecoder().scan_once  # type: ignore[attr-defined]

    # -- reading ------------------------------------------------------------------------------

    def _fill(self) -> list[Diagnostic]:
        """Read one more chunk into the buffer (dropping what has been consumed)."""
        if self._eof:
            return []
        if self._pos:
            self._advance_origin(self._pos)
            self._buf = self._buf[self._pos:]
            self._item_start -= self._pos
            self._pos = 0
        data = self.fh.read(self.chunk)
        self.bytes_read += len(data)
        if not data:
            self._eof = True
        return self._decode(self._pending + data)

    def _newlines(self, offset: int) -> int:
        """Line breaks in the buffer before ``offset``, counted on from the last offset asked
        about (positions are asked for in order, so a big buffer is counted through once)."""
        at, found = self._counted
        if at <= offset:
            found += self._buf.count("\n", at, offset)
        else:
            found = self._buf.count("\n", 0, offset)
        self._counted = (offset, found)
        return found

    def _advance_origin(self, upto: int) -> None:
        newlines = self._newlines(upto)
        self._counted = (0, 0)
        if newlines:
            self._line += newlines
            self._col = upto - self._buf.rfind("\n", 0, upto) - 1
        else:
            self._col += upto

    def _decode(self, data: bytes) -> list[Diagnostic]:
        found: list[Diagnostic] = []
        parts: list[str] = []
        start = 0
        while True:
            try:
                parts.append(data[start:].decode("utf-8"))
                self._pending = b""
                break
            except UnicodeDecodeError as exc:
                bad = start + exc.start
                parts.append(data[start:bad].decode("utf-8"))
                if not self._eof and exc.reason == "unexpected end of data":
                    self._pending = data[bad:]  # a character cut by the chunk boundary
                    break
                self._encoding_errors += 1
                if self._encoding_errors <= MAX_ENCODING_REPORTS:
                    line, column = self.position(len(self._buf) + sum(map(len, parts)), "".join(parts))
                    found.append(INPUT_ENCODING.at(f"byte 0x{data[bad]:02x} is not UTF-8 (shown as U+FFFD): "
                                       "re-save the file as UTF-8", file=self.file, line=line, column=column))
                parts.append("\ufffd")
                start = bad + max(1, exc.end - exc.start)
        self._buf += "".join(parts)
        return found

    def position(self, offset: int, extra: str = "") -> tuple[int, int]:
        """1-based line and column of a character offset in the buffer (``extra`` is text not yet
        appended to it)."""
        text = self._buf + extra if extra else self._buf
        newlines = text.count("\n", 0, offset) if extra else self._newlines(offset)
        if newlines:
            return self._line + newlines, offset - text.rfind("\n", 0, offset)
        return self._line, self._col + offset + 1

    def _skip_ws(self) -> Iterator[Diagnostic]:
        """Move past whitespace, reading more when the buffer runs out (up to max_skip)."""
        skipped = 0
        while True:
            start = self._pos
            self._pos = _WS.match(self._buf, self._pos).end()  # type: ignore[union-attr]
            if self._pos < len(self._buf) or self._eof:
                return
            skipped += self._pos - start
            if skipped > self.max_skip:
                yield from self._give_up("white space")
                return
            yield from self._fill()

    def _give_up(self, what: str) -> Iterator[Diagnostic]:
        """Stop reading an input that goes on and on (an endless device or pipe)."""
        line, column = self.position(self._pos)
        yield INPUT_RECORD_TOO_LARGE.at(f"more than {self.max_skip:,} characters of {what} in a row: the input "
                                        "looks endless, and the rest of it is not read", file=self.file,
                                        line=line, column=column)
        self._buf, self._pos, self._item_start, self._eof, self._reported_end = "", 0, 0, True, True
        self._stopped = True

    def _syntax(self, message: str, offset: int, ptr: str = "") -> Diagnostic:
        line, column = self.position(offset)
        cut = offset >= len(self._buf.rstrip()) or message == _MESSAGES["Unterminated string starting at"]
        at_end = self._eof and cut
        if at_end:
            self._reported_end = True
        hint = " (is the file cut short?)" if at_end else ""
        return JSON_SYNTAX.at(f"{message}{hint}", ptr, file=self.file, line=line, column=column)

    # -- the walk -----------------------------------------------------------------------------

    def __iter__(self) -> Iterator[Event]:
        yield from self._fill()
        yield from self._skip_ws()
        if self._buf.startswith("\ufeff"):
            self._pos += 1
            yield from self._skip_ws()
        if self._pos >= len(self._buf):
            return
        opener = self._buf[self._pos]
        if opener == "[":
            self._pos += 1
            yield from self._items()
        elif opener == "{":
            self._pos += 1
            yield from self._object()
        else:
            yield self._syntax("a feed is a JSON array of ClaimReviews, or a DataFeed object; "
                               "this file starts with neither", self._pos)
            return
        yield from self._skip_ws()
        if self._pos < len(self._buf):
            yield self._syntax("there is more after the end of the JSON value: one file holds one array", self._pos)

    def _object(self) -> Iterator[Event]:
        """A top-level object: stream the feed array, keep the other (small) members."""
        first = True
        while True:
            yield from self._skip_ws()
            if self._stopped:
                return
            if self._pos >= len(self._buf):
                yield self._syntax("the object is not closed", self._pos)
                return
            ch = self._buf[self._pos]
            if ch == "}":
                self._pos += 1
                return
            if not first:
                if ch != ",":
                    yield self._syntax("expected ',' or '}' after an object member", self._pos)
                    return
                self._pos += 1
                yield from self._skip_ws()
            first = False
            key = yield from self._key()
            if key is None:
                return
            yield from self._skip_ws()
            if key == self.feed_key and self._buf.startswith("[", self._pos):
                self.prefix = "/" + escape_token(key)
                self._pos += 1
                yield from self._items()
                continue
            value = yield from self._one_value(f"/{escape_token(key)}")
            if value is _BROKEN:
                return
            self.wrapper[key] = value

    def _key(self) -> Generator[Event, None, str | None]:
        while True:
            m = _KEY.match(self._buf, self._pos)
            if m:
                self._pos = m.end()
                try:
                    key: str = json.loads(m.group(1))
                    return key
                except json.JSONDecodeError:
                    yield self._syntax("this key is not a valid JSON string", m.start())
                    return None
            if not self._eof and len(self._buf) - self._pos < 4096:
                yield from self._fill()
                continue
            yield self._syntax("expected a key in double quotes", self._pos)
            return None

    def _one_value(self, ptr: str) -> Generator[Event, None, Any]:
        """Parse one (small) value at the current position."""
        while True:
            try:
                value, end = self._lenient_scan(self._buf, self._pos)
                if not self._eof and _may_go_on(value, end, len(self._buf)):
                    yield from self._fill()
                    continue
                self._pos = end
                return value
            except (StopIteration, json.JSONDecodeError, RecursionError) as exc:
                at = _error_at(exc, self._pos)
                if self._need_more(exc, at, self._pos):
                    yield from self._fill()
                    continue
                yield self._syntax(message(exc), at, ptr)
                return _BROKEN

    def _need_more(self, exc: BaseException, at: int, start: int) -> bool:
        if self._eof or isinstance(exc, RecursionError):
            return False
        if len(self._buf) - start > self.max_record:
            return False
        unterminated = isinstance(exc, json.JSONDecodeError) and exc.msg.startswith("Unterminated string")
        return unterminated or at >= len(self._buf) - _NEAR_END

    def _items(self) -> Iterator[Event]:
        """Items of the array whose '[' was just read, up to and including its ']'."""
        scan, ws = self._scan, _WS.match
        yield from self._skip_ws()
        if self._buf.startswith("]", self._pos):
            self._pos += 1
            return
        while not self._stopped:
            if self._marker is not None and self._pos >= self._exact_until:
                batched = yield from self._parse_batch()
                if batched:
                    continue
            start = self._item_start = self._pos
            refused = False
            try:
                item, end = scan(self._buf, start)
            except _Refused:
                refused = True
                item, end = yield from self._lenient(start)
                start = self._item_start
            except (StopIteration, json.JSONDecodeError, RecursionError) as exc:
                at = _error_at(exc, start)
                if self._need_more(exc, at, start):
                    yield from self._fill()
                    continue
                yield from self._broken(exc, at, start)
                item = _BROKEN
            if item is not _BROKEN and not self._eof and _may_go_on(item, end, len(self._buf)):
                yield from self._fill()  # a number may go on in the next chunk: read it again
                continue
            if item is not _BROKEN:
                self._pos = end
                if end - start > self.max_record:
                    yield from self._too_large(start)
                else:
                    raw = self._buf[start:end]
                    if refused or duplicate_suspect(raw, item):
                        yield from self._strict(raw, start, refused)
                    yield (self.items, item, raw, *self.position(start))
            self.items += 1
            # after an item: ',' or ']'
            self._pos = ws(self._buf, self._pos).end()  # type: ignore[union-attr]
            if self._pos >= len(self._buf):
                yield from self._skip_ws()
                if self._pos >= len(self._buf):
                    if not self._reported_end:
                        yield self._syntax("the array is not closed: the file ends before ']'", self._pos,
                                           self.prefix)
                    return
            ch = self._buf[self._pos]
            if ch == ",":
                comma = self._pos
                self._pos = ws(self._buf, comma + 1).end()  # type: ignore[union-attr]
                if not self._marker_seen and self._pos < len(self._buf):
                    self._learn_marker(self._buf[comma + 1:self._pos])
                if self._pos >= len(self._buf):
                    yield from self._skip_ws()
                continue
            if ch == "]":
                self._pos += 1
                return
            yield self._syntax("expected ',' or ']' after an item", self._pos,
                               f"{self.prefix}/{self.items}").at(item=self.items)
            if ch == "{":  # a missing comma: read on from the next item
                continue
            yield from self._resync()
            if self._pos >= len(self._buf):
                return
            if self._buf[self._pos] == "]":
                self._pos += 1
                return
            self._pos += 1
            yield from self._skip_ws()

    def _learn_marker(self, between: str) -> None:
        """Items that start on a line of their own, at one indentation: ``"\n" + indent + "{"``
        then marks the start of every item and nothing else (JSON text has no raw line break
        inside a string), which lets :meth:`_batch` parse many items in one call."""
        self._marker_seen = True
        if self.batch > 0 and "\n" in between and self._buf.startswith("{", self._pos):
            self._marker = "\n" + between.rsplit("\n", 1)[1] + "{"

    def _parse_batch(self) -> Generator[Event, None, bool]:
        """Parse the items of about ``BATCH`` characters in one orjson call. Anything unusual in
        that stretch — a syntax error, NaN, a possible duplicate key, an item count that does not
        match the layout — sends it, item by item, through the exact scanner instead."""
        marker = self._marker
        assert marker is not None
        while True:
            start = self._pos
            cut = self._buf.find(marker, start + self.batch)
            if cut >= 0:
                break
            if self._eof or len(self._buf) - start > self.max_record:
                self._exact_until = len(self._buf)
                return False
            yield from self._fill()
        region = self._buf[start:cut]
        text = region.rstrip()
        items = None
        if text.endswith(","):
            with contextlib.suppress(orjson.JSONDecodeError):
                items = orjson.loads("[" + text[:-1] + "]")
        if items is None or duplicate_suspect(text, items):
            self._exact_until = cut
            self._misses += 1
            if self._misses > 3 and self._misses * 4 > self.items // 256:
                self._marker = None  # the layout is not what it seemed: stay exact
            return False
        self._batch, self._batch_start, self._batch_end, self._spans = items, start, cut, None
        buf, position = self._buf, self.position
        for item, (begin, end) in zip(items, self._batch_spans(), strict=True):
            yield self.items, item, buf[begin:end], *position(begin)
            self.items += 1
        self._batch = None
        self._pos = cut + len(marker) - 1
        return True

    def _batch_spans(self) -> list[tuple[int, int]]:
        """Where each item of the current batch sits in the buffer: by the layout's marker, or,
        when the marker does not count the items right, by scanning them again."""
        if self._spans is None:
            items, marker, start, end = self._batch, self._marker or "", self._batch_start, self._batch_end
            assert items is not None
            parts = self._buf[start:end].split(marker)
            spans: list[tuple[int, int]] = []
            if len(parts) == len(items):
                at = start
                for i, part in enumerate(parts):
                    begin = at - 1 if i else at  # every part but the first lost its "{" to the split
                    spans.append((begin, at + len(part)))
                    at += len(part) + len(marker)
            else:
                at = start
                for _ in items:
                    _, stop = self._lenient_scan(self._buf, at)
                    spans.append((at, stop))
                    at = _WS.match(self._buf, stop).end() + 1  # type: ignore[union-attr]
                    at = _WS.match(self._buf, at).end()  # type: ignore[union-attr]
            self._spans = spans
        return self._spans

    def _lenient(self, start: int) -> Generator[Event, None, tuple[Any, int]]:
        """Read an item with NaN or Infinity leniently, so that the rest of it is still checked."""
        while True:
            try:
                return self._lenient_scan(self._buf, start)  # type: ignore[no-any-return]
            except (StopIteration, json.JSONDecodeError, RecursionError) as exc:
                at = _error_at(exc, start)
                if self._need_more(exc, at, start):
                    yield from self._fill()
                    start = self._item_start
                    continue
                yield from self._broken(exc, at, start)
                return _BROKEN, self._pos

    def _strict(self, raw: str, start: int, refused: bool) -> Iterator[Diagnostic]:
        """Duplicate keys (and, when the strict parse refused the item, NaN and Infinity)."""
        for d, offset in strict_problems(raw, self.file, f"{self.prefix}/{self.items}"):
            if refused or d.kind == JSON_DUPLICATE_KEY:
                line, column = self.position(start + offset)
                yield d.at(line=line, column=column, item=self.items)

    def _broken(self, exc: BaseException, at: int, start: int) -> Iterator[Diagnostic]:
        if isinstance(exc, RecursionError):
            line, column = self.position(start)
            yield JSON_TOO_DEEP.at("this item is nested too deeply to read (over about 1,000 levels); "
                        "a ClaimReview needs a few", f"{self.prefix}/{self.items}", file=self.file,
                        line=line, column=column, item=self.items)
        elif len(self._buf) - start > self.max_record and not self._eof:
            yield from self._too_large(start)
            return
        else:
            yield self._syntax(message(exc), at, f"{self.prefix}/{self.items}").at(item=self.items)
        self._pos = start
        yield from self._resync()

    def _too_large(self, start: int) -> Iterator[Diagnostic]:
        line, column = self.position(start)
        yield INPUT_RECORD_TOO_LARGE.at(f"this item is over {self.max_record:,} characters long, far more "
                    "than any ClaimReview: it was skipped", f"{self.prefix}/{self.items}", file=self.file,
                    line=line, column=column, item=self.items)
        self._pos = start
        yield from self._resync()

    def _resync(self) -> Iterator[Diagnostic]:
        """Skip to the end of the current item: the next ',' or ']' outside strings at the array's
        own depth. Tolerant of broken syntax; keeps at most one chunk in memory."""
        depth = 0
        in_string = False
        token, structure = _IN_STRING, _STRUCTURE
        skipped = 0
        while True:
            if in_string:
                m = token.search(self._buf, self._pos)
                if m is None:
                    self._pos = len(self._buf)
                elif m.group() == "\\":
                    if m.end() >= len(self._buf) and not self._eof:
                        self._pos = m.start()
                        yield from self._fill()
                        continue
                    self._pos = m.end() + 1
                    continue
                else:
                    self._pos = m.end()
                    in_string = False
                    continue
            else:
                m = structure.search(self._buf, self._pos)
                if m is None:
                    self._pos = len(self._buf)
                else:
                    ch = m.group()
                    if ch == '"':
                        in_string = True
                        self._pos = m.end()
                        continue
                    if ch in "[{":
                        depth += 1
                    elif depth == 0:  # ',' or ']' or '}' of the enclosing array
                        self._pos = m.start()
                        return
                    elif ch in "]}":
                        depth -= 1
                    self._pos = m.end()
                    continue
            if self._eof:
                return
            skipped += self._pos
            if skipped > self.max_skip:
                yield from self._give_up("one item")
                return
            self._item_start = self._pos
            yield from self._fill()


_BROKEN: Any = object()


def _may_go_on(item: Any, end: int, size: int) -> bool:
    """Whether a value that ended near the end of the buffer may really be longer (a number cut
    by the chunk boundary: "12" of "1234", "0" of "0.5")."""
    return end >= size or (type(item) in (int, float) and size - end <= _NEAR_END)


def _error_at(exc: BaseException, start: int) -> int:
    """Where the scanner stopped: a nested value that is cut short raises StopIteration(offset)."""
    if isinstance(exc, json.JSONDecodeError):
        return exc.pos
    if isinstance(exc, StopIteration) and isinstance(exc.value, int):
        return exc.value
    return start


_MESSAGES = {
    "Unterminated string starting at": "this string is never closed",
    "Expecting value": "expected a JSON value",
    "Expecting ',' delimiter": "expected ',' between members",
    "Expecting ':' delimiter": "expected ':' after the key",
    "Expecting property name enclosed in double quotes": "expected a key in double quotes (JSON has no single "
                                                         "quotes, comments or trailing commas)",
    "Invalid control character at": "a raw control character (a line break or tab) inside a string: write it "
                                    "as an escape such as \\n or \\t",
    "Invalid \\escape": "an invalid backslash escape in a string",
    "Invalid \\uXXXX escape": "an invalid \\u escape in a string",
    "Extra data": "there is more after the end of the JSON value",
}


def message(exc: BaseException) -> str:
    """A person's words for the standard library's JSON errors."""
    if isinstance(exc, json.JSONDecodeError):
        return _MESSAGES.get(exc.msg, exc.msg)
    if isinstance(exc, RecursionError):
        return "nested too deeply to read"
    return "expected a JSON value"
