"""Record streams of feeds: JSON Lines, JSON arrays and DataFeeds as typed :class:`Record` and
:class:`Diagnostic` events, in bounded memory; and command-line arguments to inputs.

:func:`plan` opens an input and tells, from its extension and first bytes, whether it streams
(``"jsonl"``, ``"array"``) or is read whole by its reader. :class:`FeedRecords` is the stream:
the parsing primitives are :class:`~claimreview.readers.jsonl.LineStream` and
:class:`~claimreview.readers.stream.ArrayStream`; each item that parses becomes a Record (with
its text and position, so that findings can be located in it), and what is wrong with the JSON
itself (syntax, encoding, duplicate keys, NaN) a Diagnostic. The collector is off while a feed
streams (records are trees, without cycles) and back on whenever an event is handed over.
"""

from __future__ import annotations

import gc
import glob
import io
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimreview.readers.base import (
    INPUT_UNREADABLE,
    JSON_NON_FINITE_NUMBER,
    MAX_INPUT_BYTES,
    Record,
    Source,
    is_binary,
    open_input,
    read_at_most,
)
from claimreview.readers.jsonl import LineStream
from claimreview.readers.jsonl import sniff as sniff_jsonl
from claimreview.readers.sniffing import wrapped_reviews
from claimreview.readers.stream import ArrayStream, Prefixed, Readable, check_head
from claimreview.validation.diagnostics import Diagnostic

HEAD = 65536
"""Bytes read to recognise an input."""
JSONL_SUFFIXES = (".jsonl", ".ndjson")
FEED_SUFFIXES = (".json", ".jsonld", "")


@dataclass
class Input:
    """An opened input: its name, path (None for stdin or bytes), reader, size when known, the
    first bytes (already read from ``fh``) and how it streams (None: read whole)."""

    name: str
    path: Path | None
    fh: Readable
    size: int | None
    head: bytes
    layout: str | None

    def close(self) -> None:
        if self.path is not None:
            self.fh.close()  # type: ignore[attr-defined]

    def whole_source(self) -> Source:
        """The input for a reader that reads it whole. A regular file or folder is opened again by
        path; anything else (stdin, a pipe, a device, <(process substitution)) has already given up
        its head, so the reader gets the bytes: the head alone when it is binary (/dev/zero,
        /dev/urandom: the reader says so from it), else up to the size limit and one byte more,
        which the reader refuses."""
        if self.path is not None and (self.path.is_file() or self.path.is_dir()):
            return Source(name=self.name, path=self.path)
        if is_binary(self.head):
            return Source.from_bytes(self.head, self.name)
        return Source.from_bytes(read_at_most(self.fh, MAX_INPUT_BYTES + 1 - len(self.head), self.head), self.name)


def plan(src: str | Path | Source, fmt: str | None = None) -> Input:
    """Open an input (a FIFO through :func:`~claimreview.readers.base.open_input`, which does not
    wait forever for a writer) and read its head; OSError when it cannot be."""
    fh: Any
    size: int | None
    if isinstance(src, Source) and src.data is not None:
        name, path, fh, size = src.name, None, io.BytesIO(src.data), len(src.data)
    elif not isinstance(src, Source) and str(src) == "-":
        name, path, fh, size = "<stdin>", None, sys.stdin.buffer, None
    else:
        if isinstance(src, Source):
            assert src.path is not None
            name, path = src.name, src.path
        else:
            name, path = str(src), Path(src)
        if path.is_dir():
            return Input(name, path, io.BytesIO(), None, b"", None)
        fh = open_input(path)
        st = os.fstat(fh.fileno())
        size = st.st_size if stat.S_ISREG(st.st_mode) else None  # a regular file's; a pipe or device has none
    try:
        head = fh.read(HEAD)
    except OSError:
        if path is not None:
            fh.close()
        raise
    suffix = Source(name=name, path=path).suffix
    # a file claimreview writes but does not read ("x.ftm.jsonl") is not a feed of its suffix; a feed's
    # own suffix (one, .jsonl or .json) needs no registry, so that feed validation imports no format module
    plain = suffix in JSONL_SUFFIXES + FEED_SUFFIXES and len(Path(name).suffixes) <= 1
    if not (fmt or plain):
        from claimreview.formats import written_only

        plain = written_only(name) is None
    layout = layout_of(head, suffix, fmt) if fmt or plain else None
    return Input(name, path, fh, size, head, layout)


def layout_of(head: bytes, suffix: str, fmt: str | None) -> str | None:
    """How an input is streamed: "jsonl", "array" (a JSON array or a DataFeed), or None when it is
    read whole by its reader."""
    if fmt == "jsonl" or (fmt is None and suffix in JSONL_SUFFIXES):
        return "jsonl"
    if fmt not in (None, "jsonld") or suffix not in FEED_SUFFIXES:
        return None
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"["):
        return None if _OTHER_SHAPES.search(head) or wrapped_reviews(head) else "array"
    if text.startswith(b"{"):
        if sniff_jsonl(head):
            return "jsonl"
        # a top-level DataFeed whose dataFeedElement is a list streams; one inside a @graph, or with a
        # single element, is read whole, so that nothing in it goes unchecked
        element = _FEED_ELEMENTS.search(head)
        if element and b"DataFeed" in head and b'"@graph"' not in head[:element.start()]:
            return "array"
    return None


_FEED_ELEMENTS = re.compile(rb'"dataFeedElement"\s*:\s*\[')
_OTHER_SHAPES = re.compile(rb'(?<!\\)"(?:claimReviewMarkups|claimReviewMarkupPages)"\s*:')
"""Keys of JSON arrays that are not feeds of ClaimReviews but another shape's list, read whole by
their format (claimreview.readers.factcheck_pages: a list of Read/Write API pages); an array of a
site's API records with the ClaimReviews inside them (:func:`wrapped_reviews`) is read whole too."""


class FeedRecords:
    """The records of a streamed input (``layout`` "jsonl" or "array"), as :class:`Record` and
    :class:`Diagnostic` events in input order. ``items`` and ``bytes_read`` say how far it got.

    Records are handed over with the collector off (a consumer that keeps them past the next
    event should not rely on it running); it is back on for every diagnostic and at the end.
    ``first_item`` and ``first_line`` number a piece of a file that starts elsewhere (--jobs)."""

    def __init__(self, name: str, fh: Readable, layout: str, *, page_url: str | None = None,
                 first_item: int = 0, first_line: int = 1, check_start: bool = True) -> None:
        self.name, self.fh, self.layout, self.page_url = name, fh, layout, page_url
        self.first_item, self.first_line, self.check_start = first_item, first_line, check_start
        self.stream: LineStream | ArrayStream | None = None

    @property
    def items(self) -> int:
        """Items seen so far (parsed or not)."""
        return self.stream.items if self.stream is not None else 0

    @property
    def bytes_read(self) -> int:
        return self.stream.bytes_read if self.stream is not None else 0

    def __iter__(self) -> Iterator[Record | Diagnostic]:
        head = self.fh.read(HEAD)
        if self.check_start:
            _, problems = check_head(head, self.name)
            yield from problems
            if any(d.is_error for d in problems):
                return
        reader = Prefixed(head, self.fh)
        stream: LineStream | ArrayStream
        stream = LineStream(reader, self.name) if self.layout == "jsonl" else ArrayStream(reader, self.name)
        self.stream = stream
        if self.first_line != 1 and isinstance(stream, LineStream):
            stream.line = self.first_line - 1
        make, name, page_url, base = Record, self.name, self.page_url, self.first_item
        array = isinstance(stream, ArrayStream)
        wrapper: dict[str, Any] = stream.wrapper if isinstance(stream, ArrayStream) else {}
        gc_was_on = gc.isenabled()
        if gc_was_on:
            gc.disable()  # records are trees without cycles; the collector only slows the stream down
        from claimreview.validation.record import FEED_NO_ITEMS

        reported: list[str] = []
        try:
            for event in stream:
                if not isinstance(event, Diagnostic):
                    index, data, raw, line, column = event
                    index += base
                    record = make(data, name, index, line, column, f"{stream.prefix}/{index}" if array else "",
                                  page_url, raw, wrapper.get("@context") if array else None,
                                  tuple(reported) if reported else ())
                    if reported:
                        reported.clear()
                    yield record  # with the collector off: the consumer's check makes no cycles either
                    continue
                if event.kind == JSON_NON_FINITE_NUMBER:  # the check is not to report it again
                    start = f"{stream.prefix}/{stream.items}" if array else ""
                    reported.append(event.pointer[len(start):])
                if gc_was_on:
                    gc.enable()
                yield event.at(item=event.item + base) if base and event.item is not None else event
                if gc_was_on:
                    gc.disable()
            if stream.items == 0 and array:
                yield FEED_NO_ITEMS.at("the feed holds no ClaimReview", stream.prefix, file=name)
        finally:
            if gc_was_on:
                gc.enable()


def records(source: Source, settings: Any = None, layout: str = "jsonl") -> Iterator[Record | Diagnostic]:
    """The records of a feed ``source`` (see :class:`FeedRecords`); ``settings`` give the page URL."""
    with source.open() as fh:
        yield from FeedRecords(source.name, fh, layout, page_url=getattr(settings, "page_url", None))


# -- arguments -----------------------------------------------------------------------------------


def known_suffixes() -> tuple[str, ...]:
    """Extensions of every readable format (what a folder is searched for)."""
    from claimreview.formats import FORMATS

    return tuple(sorted({s for f in FORMATS.values() if f.can_read for s in f.suffixes if s.startswith(".")}))


def expand(args: Iterable[str]) -> tuple[list[str], list[Diagnostic]]:
    """Command-line arguments to inputs: files as given, ``-``, folders searched recursively for
    known extensions (hidden files and folders skipped; a folder a reader takes whole, such as a
    CSV tables folder, stays one input), and glob patterns. Each input appears once, in order."""
    inputs: list[str] = []
    missing: list[Diagnostic] = []
    for arg in args:
        path = Path(arg)
        if arg == "-" or path.is_file():
            inputs.append(arg)
        elif path.is_dir():
            suffixes = known_suffixes()  # the format registry, imported only when a folder is searched
            unreadable = len(missing)
            found = _search(path, suffixes, missing)
            if not found and len(missing) == unreadable:
                missing.append(INPUT_UNREADABLE.at(f"no claim files ({' '.join(suffixes)}) in this folder",
                                     file=arg))
            inputs.extend(found)
        elif any(c in arg for c in "*?["):
            matches = sorted(glob.glob(arg, recursive=True))
            files = [m for m in matches if Path(m).is_file() or _reads_whole(Path(m))]
            if not files:
                missing.append(INPUT_UNREADABLE.at("no file matches this pattern", file=arg))
            inputs.extend(files)
        elif path.exists():
            inputs.append(arg)  # a device or a pipe: let the reader say what it is
        else:
            missing.append(INPUT_UNREADABLE.at("no such file or folder", file=arg))
    return list(dict.fromkeys(inputs)), missing


def _search(folder: Path, suffixes: tuple[str, ...], problems: list[Diagnostic],
            seen: set[str] | None = None) -> list[str]:
    """Claim files under ``folder``. A folder that cannot be read is a diagnostic in ``problems``
    and the search goes on; a folder reached again through a symlink is searched once."""
    seen = set() if seen is None else seen
    real = os.path.realpath(folder)
    if real in seen:
        return []
    seen.add(real)
    try:
        if _reads_whole(folder):
            return [str(folder)]
        entries = sorted(folder.iterdir(), key=lambda p: p.name)
    except OSError as exc:
        problems.append(INPUT_UNREADABLE.at(f"cannot read this folder: {exc.strerror or exc}; the rest is "
                              "checked", file=str(folder)))
        return []
    found: list[str] = []
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            found.extend(_search(entry, suffixes, problems, seen))
        elif entry.is_file() and entry.name.lower().endswith(suffixes):
            found.append(str(entry))
    return found


def _reads_whole(folder: Path) -> bool:
    """A folder that a registered reader takes as one input: a Data Package (CSV tables with
    their ``datapackage.json``)."""
    from claimreview.formats import FORMATS

    return (folder.is_dir() and (folder / "datapackage.json").is_file()
            and any("/" in f.suffixes for f in FORMATS.values() if f.can_read))


def array_records(source: Source, settings: Any = None) -> Iterator[Record | Diagnostic]:
    """A JSON array of ClaimReviews, or a DataFeed, as a record stream (``Format.records`` of
    jsonld; the JSON-LD reader itself imports the models, which a stream never needs)."""
    return records(source, settings, "array")
