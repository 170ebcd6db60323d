"""JSON Lines (NDJSON) of ClaimReviews: one self-contained ClaimReview JSON-LD object per line.

:class:`LineStream` reads a feed line by line, in bounded memory, with orjson; a line that orjson
refuses is read again by the strict standard-library parser, which says what is wrong and where.
A broken line is reported and the next one is read. :func:`read` gathers every line into one
Document through the JSON-LD reader, for ``claimreview convert``.
"""

from __future__ import annotations

import json
from collections.abc import Generator, Iterator
from typing import Any

import orjson

from claimreview.formats import PAGE_URL, REVIEW, RULES, Format
from claimreview.readers.base import (
    INPUT_BOM,
    INPUT_EMPTY,
    INPUT_ENCODING,
    INPUT_RECORD_TOO_LARGE,
    JSON_DUPLICATE_KEY,
    JSON_SYNTAX,
    JSON_TOO_DEEP,
    Loaded,
    Record,
    Source,
)
from claimreview.readers.stream import (
    CHUNK,
    MAX_ENCODING_REPORTS,
    MAX_RECORD,
    Event,
    Prefixed,
    Readable,
    check_head,
    duplicate_suspect,
    message,
    strict_problems,
)
from claimreview.readers.strictjson import find_offset
from claimreview.readers.text import MAX_INPUT_BYTES
from claimreview.validation.diagnostics import Diagnostic, has_errors, pointer, split_pointer

_BOM = b"\xef\xbb\xbf"


class _Refused(ValueError):
    pass


def _constant(name: str) -> float:
    raise _Refused(name)


_STOP = b"\n"
"""Yielded by LineStream._lines in place of a line (which never holds a newline): stop reading."""


class LineStream:
    """The records of a JSON Lines input. Iterate it for :data:`~claimreview.readers.stream.Event`
    values: ``(index, record, raw_line, line, None)`` or a :class:`Diagnostic`. Blank lines are skipped."""

    prefix = ""
    """Pointers of a record's diagnostics are relative to the record; ``item`` and ``line`` say which."""

    def __init__(self, fh: Readable, file: str, *, chunk: int = CHUNK, max_record: int = MAX_RECORD,
                 max_skip: int = MAX_INPUT_BYTES) -> None:
        self.fh, self.file, self.chunk, self.max_record, self.max_skip = fh, file, chunk, max_record, max_skip
        self.items = 0
        self.bytes_read = 0
        self.line = 0
        """Line number of the current record (1-based)."""
        self._raw: bytes | str = b""
        self._encoding_errors = 0
        self._unterminated = False  # the last line has no newline: a cut may explain a syntax error

    def _lines(self) -> Iterator[bytes | None]:
        """Lines without their newline, in bounded memory; None for a line over ``max_record``
        bytes (it is skipped, not kept). When no line break comes within ``max_skip`` bytes of
        skipping either, the input is not JSON Lines (or never ends): :data:`_STOP` ends it."""
        rest = b""
        skipping = False
        skipped = 0
        while True:
            data = self.fh.read(self.chunk)
            self.bytes_read += len(data)
            if not data:
                if rest and not skipping:
                    self._unterminated = True
                    yield rest
                return
            lines = (rest + data).split(b"\n") if rest else data.split(b"\n")
            rest = lines.pop()
            if skipping:
                if not lines:
                    rest = b""
                    skipped += len(data)
                    if skipped > self.max_skip:
                        yield _STOP
                        return
                    continue
                lines = lines[1:]
                skipping = False
            yield from lines
            if len(rest) > self.max_record:
                yield None
                skipping, rest, skipped = True, b"", 0

    def __iter__(self) -> Iterator[Event]:
        loads, dumps_check = orjson.loads, duplicate_suspect
        head = True
        for line in self._lines():
            self.line += 1
            if line is None:
                yield self._too_large()
                continue
            if line is _STOP:
                yield INPUT_RECORD_TOO_LARGE.at(f"no line break in the {self.max_skip:,} bytes after the line "
                            "skipped above: this is not JSON Lines, and the rest of it is not read", file=self.file,
                            line=self.line - 1)
                return
            if head:
                head = False
                if line.startswith(_BOM):
                    line = line[len(_BOM):]
            if not line or line.isspace():
                continue
            self._raw = line
            try:
                record = loads(line)
            except orjson.JSONDecodeError:
                record = yield from self._slow(line)
                if record is not _BROKEN:
                    yield self.items, record, self._raw, self.line, None
                self.items += 1
                continue
            if dumps_check(line, record):
                yield from self._strict(line.decode("utf-8"), duplicates_only=True)
            yield self.items, record, line, self.line, None
            self.items += 1

    def _too_large(self) -> Diagnostic:
        d = INPUT_RECORD_TOO_LARGE.at(f"this line is over {self.max_record:,} bytes long, far more than any "
                  "ClaimReview: it was skipped", file=self.file, line=self.line, item=self.items)
        self.items += 1
        return d

    def _strict(self, text: str, duplicates_only: bool) -> Iterator[Diagnostic]:
        for d, offset in strict_problems(text, self.file):
            if not duplicates_only or d.kind == JSON_DUPLICATE_KEY:
                yield d.at(line=self.line, column=offset + 1, item=self.items)

    def _slow(self, line: bytes) -> Generator[Diagnostic, None, Any]:
        """A line orjson refused: say exactly why, and read it leniently when that is possible so
        that the record is still checked."""
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError as exc:
            self._encoding_errors += 1
            if self._encoding_errors <= MAX_ENCODING_REPORTS:
                column = len(line[: exc.start].decode("utf-8", "replace")) + 1
                yield INPUT_ENCODING.at(f"byte 0x{line[exc.start]:02x} is not UTF-8 (shown as U+FFFD): "
                            "re-save the file as UTF-8", file=self.file, line=self.line, column=column,
                            item=self.items)
            text = line.decode("utf-8", "replace")
        self._raw = text
        try:
            record = json.loads(text, parse_constant=_constant)
            if duplicate_suspect(text, record):
                yield from self._strict(text, duplicates_only=True)
            return record
        except _Refused:
            yield from self._strict(text, duplicates_only=False)
            return json.loads(text)
        except json.JSONDecodeError as exc:
            cut = exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated string")
            hint = " (is the file cut short?)" if cut and self._unterminated else ""
            yield JSON_SYNTAX.at(f"{message(exc)}{hint}", file=self.file, line=self.line,
                        column=exc.colno if exc.lineno == 1 else None, item=self.items)
        except RecursionError:
            yield JSON_TOO_DEEP.at("this line is nested too deeply to read (over about 1,000 levels); "
                        "a ClaimReview needs a few", file=self.file, line=self.line, column=1, item=self.items)
        return _BROKEN


_BROKEN: Any = object()


def sniff(head: bytes) -> bool:
    """Two or more lines, each a complete JSON object."""
    text = head.lstrip(_BOM + b" \t\r\n")
    if not text.startswith(b"{"):
        return False
    lines = [line for line in text.split(b"\n")[:3] if line.strip()]
    if len(lines) < 2 or not lines[1].lstrip().startswith(b"{"):
        return False
    try:
        return isinstance(orjson.loads(lines[0]), dict)
    except orjson.JSONDecodeError:
        return False


def read(source: Source, *, rules: str | None = None, page_url: str | None = None, **_: Any) -> Loaded:
    """Every line into one Document (through the JSON-LD reader); for ``claimreview convert``. To
    validate a big feed without building a Document, use :func:`claimreview.validate`."""
    from claimreview.readers.jsonld import read_data

    found: list[Diagnostic] = []
    records: list[Any] = []
    texts: list[bytes | str] = []
    lines: list[int] = []
    items: list[int] = []  # the item (line's record) number of each record read: broken lines leave gaps
    with source.open() as fh:
        head = fh.read(CHUNK)
        problems = check_head(head, source.name)[1]
        found += [d for d in problems if d.kind != INPUT_BOM]
        if any(d.is_error for d in problems):
            return Loaded(None, found)
        stream = LineStream(Prefixed(head, fh), source.name)
        for event in stream:
            if isinstance(event, Diagnostic):
                found.append(event.at(pointer=f"/{event.item}{event.pointer}" if event.item is not None
                                      else event.pointer))
                continue
            items.append(event[0])
            records.append(event[1])
            texts.append(event[2])
            lines.append(event[3])

    def locate(ptr: str) -> tuple[int | None, int | None]:
        tokens = split_pointer(ptr)
        if not tokens or not tokens[0].isdigit() or int(tokens[0]) >= len(records):
            return None, None
        i = int(tokens[0])
        raw = texts[i]
        text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
        offset = find_offset(text, pointer(tokens[1:]))
        return lines[i], None if offset is None else offset + 1

    if not records:
        return Loaded(None, found or [INPUT_EMPTY.at("the file holds no ClaimReview", file=source.name)])
    loaded = read_data(records, file=source.name, locate=locate, rules=rules, page_url=page_url)
    renumbered = [d.at(pointer=_renumber(d.pointer, items)) for d in loaded.diagnostics]
    return Loaded(loaded.document if not has_errors(found) else None, found + renumbered)


def _renumber(ptr: str, items: list[int]) -> str:
    """A pointer into the list of records read, as a pointer to the item (line) it came from."""
    head, sep, rest = ptr[1:].partition("/")
    if not head.isdigit() or int(head) >= len(items):
        return ptr
    return f"/{items[int(head)]}{sep}{rest}"


def records(source: Source, settings: Any = None) -> Iterator[Record | Diagnostic]:
    """The lines of ``source`` as a record stream (``Format.records``), in bounded memory."""
    from claimreview.readers.feed import records as feed_records

    return feed_records(source, settings, "jsonl")


FORMAT = Format(
    "jsonl", "JSON Lines, one ClaimReview per line: feeds of any size, streamed", (".jsonl", ".ndjson"),
    f"{__name__}:read", "claimreview.exporters.jsonl:JsonlExporter", sniff=f"{__name__}:sniff", aliases=("ndjson",),
    records=f"{__name__}:records", writer="claimreview.exporters.jsonl:JsonlWriter", options=(RULES, PAGE_URL, REVIEW),
    codes=("claimreview.exporters.jsonl:CODES",),
)
