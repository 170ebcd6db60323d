"""``--jobs N``: the records of one feed file checked in N processes, output in input order and
the same, byte for byte, as in one process.

- **JSON Lines** are cut into pieces of about :data:`PIECE` bytes at line boundaries; each worker
  reads its pieces itself (nothing but the byte range crosses the process boundary on the way
  in), numbering lines and items from the piece's start; the parent adds the lines and items of
  the pieces before (known, because pieces are handed back in order), so lines, columns and
  items are the file's.
- **Arrays and DataFeeds** are parsed in the parent (the layout decides where an item ends) and
  checked by the workers in batches of :data:`BATCH` records.

At most ``2 * jobs`` pieces are in flight, so memory stays bounded whatever the file's size.
Diagnostics and records cross back as plain tuples: a slotted dataclass unpickles several times
slower. Workers are forked: they inherit the compiled checks of the parent.
"""

from __future__ import annotations

import errno
import multiprocessing
import signal
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, Any

from claimreview.engines import Checked, Stats
from claimreview.readers.base import INPUT_ENCODING, Record
from claimreview.validation.diagnostics import Code, Diagnostic, Severity
from claimreview.validation.record import Settings, checker

if TYPE_CHECKING:
    from claimreview.readers.feed import Input

PIECE = 4 << 20
"""Bytes of JSON Lines in one task."""
BATCH = 2048
"""Array items in one task."""
MIN_SPLIT = 2 * PIECE
"""Smaller files are checked in this process: starting workers would cost more than it saves."""
MAX_ENCODING_REPORTS = 20

_SEVERITY = {s.value: s for s in Severity}

DiagnosticTuple = tuple[Code, str, str, str, str | None, int | None, int | None, int | None]


def _flat(d: Diagnostic) -> DiagnosticTuple:
    return d.kind, d.message, d.pointer, d.severity.value, d.file, d.line, d.column, d.item


def _diagnostic(t: DiagnosticTuple, line_base: int = 0, item_base: int = 0) -> Diagnostic:
    kind, message, pointer, severity, file, line, column, item = t
    where = {"file": file, "line": line + line_base if line is not None else None, "column": column,
             "item": item + item_base if item is not None else None}
    found = kind.at(message, pointer, **where)
    return found if severity == kind.severity.value else found.at(severity=_SEVERITY[severity])


class WorkerLost(OSError):
    """A worker process of ``--jobs`` died: the run cannot finish (the command says so in one line)."""


class _Range:
    """``size`` bytes of a file from ``start``."""

    def __init__(self, fh: Any, size: int) -> None:
        self.fh, self.left = fh, size

    def read(self, n: int = -1, /) -> bytes:
        if self.left <= 0:
            return b""
        data: bytes = self.fh.read(self.left if n < 0 else min(n, self.left))
        self.left -= len(data)
        return data


# -- in the workers --------------------------------------------------------------------------------


def _worker_started() -> None:
    """A worker writes no file, so it has nothing to clean up: SIGTERM (how the pool ends its
    workers) ends it at once, rather than running the command's handler, which unwinds the
    parent's temporary files and can leave a worker waiting forever on the pool's queue lock;
    Ctrl-C is the parent's to handle."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _lines_task(path: str, name: str, start: int, end: int, settings: Settings, keep: bool
                ) -> tuple[list[Any], int, int]:
    """Events of one piece of JSON Lines, numbered from the piece's start; its items and lines."""
    from claimreview.readers.feed import FeedRecords

    check = checker(settings).check_record
    out: list[Any] = []
    with open(path, "rb") as fh:
        fh.seek(start)
        stream = FeedRecords(name, _Range(fh, end - start), "jsonl", page_url=settings.page_url, check_start=False)
        for event in stream:
            if type(event) is Record:
                found = check(event)
                if keep:
                    out.append((event.data, event.item, event.line, event.column, event.pointer, event.context,
                                [_flat(d) for d in found]))
                else:
                    out.extend(_flat(d) for d in found)
            else:
                out.append(_flat(event) if not keep else ("d", _flat(event)))  # type: ignore[arg-type]
        lines = stream.stream.line if stream.stream is not None else 0  # type: ignore[union-attr]
        return out, stream.items, lines


def _batch_task(records: list[Record], settings: Settings) -> list[list[DiagnosticTuple]]:
    check = checker(settings).check_record
    return [[_flat(d) for d in check(r)] for r in records]


# -- in the parent ---------------------------------------------------------------------------------


def cuts(path: str, size: int, piece: int = PIECE) -> list[tuple[int, int]]:
    """Byte ranges of about ``piece`` bytes, each ending just after a line break (or at the end)."""
    ranges = []
    start = 0
    with open(path, "rb") as fh:
        while start < size:
            at = start + piece
            if at >= size:
                ranges.append((start, size))
                break
            fh.seek(at)
            while True:
                block = fh.read(1 << 16)
                if not block:
                    at = size
                    break
                newline = block.find(b"\n")
                if newline >= 0:
                    at += newline + 1
                    break
                at += len(block)
            ranges.append((start, at))
            start = at
    return ranges


class Spread:
    """The events of one feed file, checked in ``jobs`` processes (see the module's docstring).
    Iterate it for diagnostics, or :meth:`checked` for records with their findings."""

    def __init__(self, opened: Input, settings: Settings, jobs: int, stats: Stats | None = None,
                 progress: Callable[[Stats], None] | None = None, *, keep_records: bool = False) -> None:
        self.opened, self.settings, self.jobs, self.stats, self.progress = opened, settings, jobs, stats, progress
        self.keep = keep_records
        self.piece, self.min_split, self.batch = PIECE, MIN_SPLIT, BATCH  # read when made: tests make them small
        self.items = 0

    def __iter__(self) -> Iterator[Diagnostic]:
        for event in self._events():
            if type(event) is Checked:
                yield from event.diagnostics
            else:
                yield event  # type: ignore[misc]

    def checked(self) -> Iterator[Checked | Diagnostic]:
        self.keep = True
        return self._events()

    def _local(self) -> Iterator[Checked | Diagnostic]:
        from claimreview.engines import local
        from claimreview.readers.feed import FeedRecords
        from claimreview.readers.stream import Prefixed

        opened = self.opened
        assert opened.layout is not None
        stream = FeedRecords(opened.name, Prefixed(opened.head, opened.fh), opened.layout,
                             page_url=self.settings.page_url)
        yield from local.checked(stream, self.settings) if self.keep else local.diagnostics(stream, self.settings)
        self.items = stream.items

    def _events(self) -> Iterator[Checked | Diagnostic]:
        opened = self.opened
        if opened.size is None or opened.size < self.min_split or opened.path is None:
            yield from self._local()
            return
        context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
        # an executor, not a multiprocessing.Pool: a worker that dies (killed from outside, out of memory)
        # breaks the run with an error instead of leaving its task, and the run, waiting forever
        try:
            with ProcessPoolExecutor(self.jobs, mp_context=context, initializer=_worker_started) as pool:
                if opened.layout == "jsonl":
                    yield from self._pieces(pool)
                else:
                    yield from self._arrays(pool)
        except BrokenProcessPool:
            raise WorkerLost(errno.ECHILD, "a --jobs worker process died (killed, or out of memory): nothing of "
                             "this run can be trusted; run it again, or with --jobs 1", opened.name) from None

    def _pieces(self, pool: Any) -> Iterator[Checked | Diagnostic]:
        from claimreview.readers.stream import check_head

        opened = self.opened
        assert opened.path is not None and opened.size is not None
        _, problems = check_head(opened.head, opened.name)
        yield from problems
        if any(d.is_error for d in problems):
            return
        path, name, settings, keep = str(opened.path), opened.name, self.settings, self.keep
        pending: deque[Any] = deque()
        ranges = iter(cuts(path, opened.size, self.piece))
        for start, end in ranges:
            pending.append(pool.submit(_lines_task, path, name, start, end, settings, keep))
            if len(pending) >= 2 * self.jobs:
                yield from self._piece(pending.popleft().result())
        while pending:
            yield from self._piece(pending.popleft().result())
        self.items = self._items

    _lines = _items = _encoding = 0
    """Lines and items of the pieces handed out so far; encoding problems reported."""

    def _piece(self, result: tuple[list[Any], int, int]) -> Iterator[Checked | Diagnostic]:
        events, items, lines = result
        line_base, item_base = self._lines, self._items
        name, page_url = self.opened.name, self.settings.page_url
        for e in events:
            if not self.keep:
                d = _diagnostic(e, line_base, item_base)
                if d.kind == INPUT_ENCODING:  # capped per file, as in one process
                    self._encoding += 1
                    if self._encoding > MAX_ENCODING_REPORTS:
                        continue
                yield d
            elif e[0] == "d":
                d = _diagnostic(e[1], line_base, item_base)
                if d.kind == INPUT_ENCODING:
                    self._encoding += 1
                    if self._encoding > MAX_ENCODING_REPORTS:
                        continue
                yield d
            else:
                data, item, line, column, pointer, context, found = e
                record = Record(data, name, item + item_base, line + line_base if line is not None else None,
                                column, pointer, page_url, None, context)
                yield Checked(record, [_diagnostic(t, line_base, item_base) for t in found])
        self._lines, self._items = line_base + lines, item_base + items
        if self.stats is not None and self.progress is not None:
            self.stats.items = self._items
            self.progress(self.stats)

    def _arrays(self, pool: Any) -> Iterator[Checked | Diagnostic]:
        from claimreview.readers.feed import FeedRecords
        from claimreview.readers.stream import Prefixed

        opened = self.opened
        assert opened.layout is not None
        stream = FeedRecords(opened.name, Prefixed(opened.head, opened.fh), opened.layout,
                             page_url=self.settings.page_url)
        pending: deque[tuple[Any, list[Any]]] = deque()  # (async result, the batch's events)
        batch: list[Any] = []
        records: list[Record] = []

        def send() -> None:
            nonlocal batch, records
            pending.append((pool.submit(_batch_task, records, self.settings), batch))
            batch, records = [], []

        for event in stream:
            batch.append(event)
            if type(event) is Record:
                records.append(event)
                if len(records) >= self.batch:
                    send()
                    while len(pending) >= 2 * self.jobs:
                        yield from self._batch(*pending.popleft())
        if batch:
            send()
        while pending:
            yield from self._batch(*pending.popleft())
        self.items = stream.items

    def _batch(self, result: Any, events: list[Any]) -> Iterator[Checked | Diagnostic]:
        found = iter(result.result())
        for event in events:
            if type(event) is not Record:
                yield event
                continue
            diagnostics = [_diagnostic(t) for t in next(found)]
            if self.keep:
                yield Checked(event, diagnostics)
            else:
                yield from diagnostics

    def __repr__(self) -> str:
        return f"Spread({self.opened.name!r}, jobs={self.jobs})"
