"""What every reader takes and returns."""

from __future__ import annotations

import codecs
import errno
import io
import os
import select
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Protocol

from claimreview.validation.diagnostics import ERROR, WARNING, Code, Diagnostic, has_errors

INPUT_BINARY = Code("input.binary", ERROR, "The input holds NUL bytes: it is a binary file, not a claim file.")
INPUT_BOM = Code("input.bom", WARNING,
    "The file starts with a UTF-8 byte order mark, which JSON forbids (RFC 8259 8.1); claimreview reads on, "
    "some tools stop.")
INPUT_EMPTY = Code("input.empty", ERROR, "The input is empty (or only white space): there is nothing to check.")
INPUT_ENCODING = Code("input.encoding", ERROR, "The input is not UTF-8 (or is UTF-16/32); re-save it as UTF-8.")
INPUT_FORMAT = Code("input.format", ERROR,
    "The input's format could not be told from its extension or content; name it with --from.",
    cannot_run=True)
INPUT_HUGE_STRING = Code("input.huge-string", WARNING,
    "A text value over 100,000 characters, far longer than any ClaimReview field.")
INPUT_NOT_READ = Code("input.not-read", WARNING,
    "A file of a format claimreview writes but does not read (a Markdown report): not checked.")
INPUT_OPTION = Code("input.option", ERROR, "A reader option with a value it does not take")
INPUT_RECORD_TOO_LARGE = Code("input.record-too-large", ERROR,
    "A feed record over 16 MiB: skipped unread, so that memory stays bounded.")
INPUT_TOO_LARGE = Code("input.too-large", ERROR,
    "The document is larger than claimreview reads whole; split it or use a streamed feed format.")
INPUT_UNREADABLE = Code("input.unreadable", ERROR,
    "The input could not be opened (missing, a folder where a file was expected, no permission).",
    cannot_run=True)
JSON_DUPLICATE_KEY = Code("json.duplicate-key", ERROR,
    "A key appears twice in one object; JSON parsers keep one silently, claimreview refuses.")
JSON_NON_FINITE_NUMBER = Code("json.non-finite-number", ERROR, "NaN or Infinity, which are not JSON numbers.")
JSON_SYNTAX = Code("json.syntax", ERROR, "The JSON is malformed or cut short; the position says where parsing stopped.")
JSON_TOO_DEEP = Code("json.too-deep", ERROR, "Nesting deeper than the parser allows (about 1,000 levels).")

CODES: tuple[Code, ...] = (
    INPUT_BINARY,
    INPUT_BOM,
    INPUT_EMPTY,
    INPUT_ENCODING,
    INPUT_FORMAT,
    INPUT_HUGE_STRING,
    INPUT_NOT_READ,
    INPUT_OPTION,
    INPUT_RECORD_TOO_LARGE,
    INPUT_TOO_LARGE,
    INPUT_UNREADABLE,
    JSON_DUPLICATE_KEY,
    JSON_NON_FINITE_NUMBER,
    JSON_SYNTAX,
    JSON_TOO_DEEP,
)

MAX_INPUT_BYTES = 256 * 1024 * 1024
"""Largest single document read whole (feeds stream and have no such limit)."""

OTHER_BOMS = {
    codecs.BOM_UTF32_LE: "UTF-32",
    codecs.BOM_UTF32_BE: "UTF-32",
    codecs.BOM_UTF16_LE: "UTF-16",
    codecs.BOM_UTF16_BE: "UTF-16",
}


def is_binary(head: bytes) -> bool:
    """NUL bytes in the first 8 KiB of a text that has no UTF-16/32 byte order mark: nothing
    after them is worth reading."""
    return b"\x00" in head[:8192] and not any(head.startswith(bom) for bom in OTHER_BOMS)


def too_large(size: int | None, file: str, limit: int = MAX_INPUT_BYTES) -> Diagnostic:
    """A document over the limit; ``size`` None when only limit + 1 bytes were read (a stream)."""
    said = f"the file is {size:,} bytes" if size is not None and size > limit + 1 else \
        f"the input goes on past {limit:,} bytes"
    return INPUT_TOO_LARGE.at(f"{said}; claimreview reads documents of up to {limit:,} bytes whole (split it, "
                              "or use a JSON Lines feed)", file=file)

if TYPE_CHECKING:  # the models cost a sixth of a second to import; feeds never need them
    from claimreview.schemas import Document


FIFO_WAIT = 10.0
"""Seconds a named pipe (FIFO) may stay silent before its first byte; a FIFO nobody writes to
would otherwise block the run forever."""
CHUNK = 1 << 20


class _Readable(Protocol):
    def read(self, n: int = -1, /) -> bytes: ...


class InputTooLarge(OSError):
    """A document over :data:`MAX_INPUT_BYTES`, found before it was read (a regular file's size)
    or after reading one byte more than the limit (stdin, a pipe, a device)."""

    def __init__(self, size: int | None, limit: int = MAX_INPUT_BYTES) -> None:
        super().__init__(errno.EFBIG, too_large(size, "", limit).message)
        self.size, self.limit = size, limit

    def diagnostic(self, file: str) -> Diagnostic:
        return too_large(self.size, file, self.limit)


def open_input(path: Path) -> BinaryIO:
    """Open an input for reading. A FIFO is opened without blocking and given :data:`FIFO_WAIT`
    seconds to say something (or end): with no writer, open() would wait forever."""
    if not stat.S_ISFIFO(os.stat(path).st_mode):
        return path.open("rb")
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        poller = select.poll()
        poller.register(fd, select.POLLIN | select.POLLHUP)
        if not poller.poll(int(FIFO_WAIT * 1000)):
            raise OSError(errno.ETIMEDOUT, f"nothing was written to this pipe within {FIFO_WAIT:g} s (no writer?)")
        os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return os.fdopen(fd, "rb")


def read_at_most(fh: _Readable, n: int, prefix: bytes = b"") -> bytes:
    """``prefix`` and then at most ``n`` bytes of ``fh``, in one buffer (no second copy). A
    binary start (NUL bytes: /dev/zero, /dev/urandom) ends it after the first 64 KiB: the reader
    says what it is from those."""
    buffer = io.BytesIO()
    buffer.write(prefix)
    head = prefix[:8192]
    if is_binary(head):
        return buffer.getvalue()
    while n > 0:
        chunk = fh.read(min(CHUNK, n))
        if not chunk:
            break
        buffer.write(chunk)
        n -= len(chunk)
        if len(head) < 8192:
            head += chunk[:8192 - len(head)]
            if is_binary(head):
                break
    return buffer.getvalue()


def read_limited(fh: BinaryIO, limit: int = MAX_INPUT_BYTES, prefix: bytes = b"") -> bytes:
    """A whole input, refused (:class:`InputTooLarge`) when a regular file is larger than
    ``limit``, before a byte is read; anything else is read to ``limit`` + 1 bytes at most, and
    refused when it reaches that."""
    try:
        st = os.fstat(fh.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        st = None
    if st is not None and stat.S_ISREG(st.st_mode) and st.st_size > limit:
        raise InputTooLarge(st.st_size, limit)
    data = read_at_most(fh, limit + 1 - len(prefix), prefix)
    if len(data) > limit and not is_binary(data[:8192]):
        raise InputTooLarge(None, limit)
    return data


@dataclass
class Source:
    """An input: a path, or bytes already read (stdin, a test, a notebook)."""

    name: str
    """How diagnostics name the input: the path as given, or ``<stdin>``."""
    path: Path | None = None
    data: bytes | None = None

    @classmethod
    def from_arg(cls, arg: str) -> Source:
        if arg == "-":  # over the limit: one byte more than it, which decode() reports
            return cls(name="<stdin>", data=read_at_most(sys.stdin.buffer, MAX_INPUT_BYTES + 1))
        path = Path(arg)
        try:
            mode = os.stat(path).st_mode
        except OSError:
            return cls(name=arg, path=path)  # the reader says what is wrong
        if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):  # a pipe or a device can be read once only
            with open_input(path) as fh:
                return cls(name=arg, data=read_at_most(fh, MAX_INPUT_BYTES + 1))
        return cls(name=arg, path=path)

    @classmethod
    def from_bytes(cls, data: bytes, name: str = "<bytes>") -> Source:
        return cls(name=name, data=data)

    def read_bytes(self) -> bytes:
        if self.data is not None:
            return self.data
        assert self.path is not None
        with open_input(self.path) as fh:
            return read_limited(fh)

    def open(self) -> BinaryIO:
        if self.data is not None:
            return io.BytesIO(self.data)
        assert self.path is not None
        return open_input(self.path)

    @property
    def suffix(self) -> str:
        """The extension of the path, or of the name given to bytes ("upload.json")."""
        if self.path is not None:
            return self.path.suffix.lower()
        return "" if self.name.startswith("<") else Path(self.name).suffix.lower()


@dataclass(frozen=True, slots=True)
class Record:
    """One ClaimReview (or MediaReview) of a stream, with what it references, and where it came from.

    Record streams (feeds, folders of pages, crawls) yield these and diagnostics; the record
    check (:func:`claimreview.validation.record.check_record`) and every record writer take them.
    Picklable, so ``--jobs`` and Dask can move them.
    """

    data: Any
    """The item as read: a ClaimReview's JSON-LD node (schema.org terms) with its claim, claimant,
    author and appearances embedded, or a DataFeedItem carrying one. Whatever a feed holds (a
    list, a number) is a record too, so that the check can say what is wrong with it."""
    file: str
    """How diagnostics name the input it came from."""
    item: int
    """Its index in the stream (0-based), the order outputs keep."""
    line: int | None = None
    """Line (1-based) where its text starts in the file."""
    column: int | None = None
    """Column (1-based) where its text starts; None for a line of JSON Lines (findings on it are
    located by their column in the line alone)."""
    pointer: str = ""
    """Where the node sits in its document (``/2``, ``/dataFeedElement/0``); "" for a line of JSON Lines."""
    page_url: str | None = None
    """The page the markup was published on, when the input says (a crawl's graph name)."""
    raw: str | bytes | None = None
    """Its text as read, to locate findings in it (line, column); None when there is none."""
    context: Any = None
    """The ``@context`` its feed gives it (a DataFeed's), when it has none of its own."""
    reported: tuple[str, ...] = ()
    """Pointers (relative to ``data``) the reader has already reported (NaN, Infinity), so that
    the check does not report them twice."""

    def reviews(self) -> list[dict[str, Any]]:
        """The ClaimReview nodes it carries: itself, or the item(s) of a DataFeedItem."""
        from claimreview.validation.record import other_type

        data = self.data
        if type(data) is not dict:
            return []
        if other_type(data.get("@type")) == "DataFeedItem":
            item = data.get("item")
            return [i for i in (item if type(item) is list else [item]) if type(i) is dict]
        return [data]


@dataclass
class Loaded:
    """A reader's answer: the document (None when it could not be built) and what was found."""

    document: Document | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    items: int | None = None
    """How many reviews the input holds, whether or not each could be built (a ClaimReview that
    lacks its rating is still an item that was checked); None: as many as the document has."""

    @property
    def ok(self) -> bool:
        return self.document is not None and not has_errors(self.diagnostics)
