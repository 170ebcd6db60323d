"""What every reader takes and returns."""

from __future__ import annotations

import io
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

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

if TYPE_CHECKING:  # the models cost a sixth of a second to import; feeds never need them
    from claimreview.schemas import Document


@dataclass
class Source:
    """An input: a path, or bytes already read (stdin, a test, a notebook)."""

    name: str
    """How diagnostics name the input: the path as given, or ``<stdin>``."""
    path: Path | None = None
    data: bytes | None = None

    @classmethod
    def from_arg(cls, arg: str) -> Source:
        if arg == "-":
            return cls(name="<stdin>", data=sys.stdin.buffer.read())
        return cls(name=arg, path=Path(arg))

    @classmethod
    def from_bytes(cls, data: bytes, name: str = "<bytes>") -> Source:
        return cls(name=name, data=data)

    def read_bytes(self) -> bytes:
        if self.data is not None:
            return self.data
        assert self.path is not None
        return self.path.read_bytes()

    def open(self) -> BinaryIO:
        if self.data is not None:
            return io.BytesIO(self.data)
        assert self.path is not None
        return self.path.open("rb")

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
