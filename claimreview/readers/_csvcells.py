"""What the CSV readers share: parsing a CSV text into numbered rows, matching headers, turning
cells into values, and placing a problem at its file, row and column.

Rows are numbered as a spreadsheet numbers them: the header is row 1, and a record that spans
several lines (a quoted line break) is one row.
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from claimreview.readers.text import MAX_INPUT_BYTES
from claimreview.tables import QUOTE, normalise_header, restore
from claimreview.validation.diagnostics import ERROR, Code, Diagnostic

CSV_DUPLICATE_COLUMN = Code("csv.duplicate-column", ERROR, "Two headers name the same column")
CSV_INVALID_INTEGER = Code("csv.invalid-integer", ERROR, "A position cell that is not a whole number from 1")
CSV_INVALID_LIST = Code("csv.invalid-list", ERROR, "A list cell that is not a JSON array such as [\"a\", \"b\"]")
CSV_INVALID_NUMBER = Code("csv.invalid-number", ERROR, "A rating cell that is not a number (a decimal comma, a word)")
CSV_MISSING_COLUMN = Code("csv.missing-column", ERROR,
    "A required column (claim_text, rating_label, reviewer_name; a table's id) is missing")
CSV_NO_HEADER = Code("csv.no-header", ERROR, "The CSV is empty: its first row must name the columns")
CSV_ROW_LENGTH = Code("csv.row-length", ERROR,
    "A row with more or fewer cells than the header; it is left out and the rows after it are still read")
CSV_SYNTAX = Code("csv.syntax", ERROR, "The CSV cannot be read past a row (a field beyond the size limit)")
CSV_UNKNOWN_COLUMN = Code("csv.unknown-column", ERROR,
    "A column header claimreview does not know, with the closest known name")
CSV_UNNAMED_COLUMN = Code("csv.unnamed-column", ERROR, "A column with an empty header between named ones")

CODES: tuple[Code, ...] = (
    CSV_DUPLICATE_COLUMN,
    CSV_INVALID_INTEGER,
    CSV_INVALID_LIST,
    CSV_INVALID_NUMBER,
    CSV_MISSING_COLUMN,
    CSV_NO_HEADER,
    CSV_ROW_LENGTH,
    CSV_SYNTAX,
    CSV_UNKNOWN_COLUMN,
    CSV_UNNAMED_COLUMN,
)

# Whitespace as the model's "non-blank text" rule sees it (Unicode White_Space, the Rust regex
# engine's \s): a cell of nothing else holds no value, and the model can hold no such text.
_BLANK_CHARS = frozenset("\t\n\x0b\x0c\r \x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000"
                         + "".join(map(chr, range(0x2000, 0x200B))))
_BLANK = re.compile("[" + re.escape("".join(sorted(_BLANK_CHARS))) + "]*")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)
_INTEGER = re.compile(r"[+-]?\d+", re.ASCII)


class CellError(ValueError):
    def __init__(self, code: Code, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def text(cell: str) -> str | None:
    """A text cell's value: None when blank, else the text with the spreadsheet quote removed."""
    if not cell or (cell[0] in _BLANK_CHARS and _BLANK.fullmatch(cell)):
        return None
    return restore(cell) or None


def texts(column: Iterable[str]) -> list[str | None]:
    """:func:`text` over a column, without a call per cell."""
    blank, match, quote = _BLANK_CHARS, _BLANK.fullmatch, QUOTE
    return [None if not c or (c[0] in blank and match(c)) else (c[1:] or None) if c[0] == quote else c
            for c in column]


def number(cell: str) -> int | float | None:
    stripped = cell.strip()
    if not stripped:
        return None
    if len(stripped) > 100:  # int() refuses thousands of digits, float() overflows: no rating needs them
        raise CellError(CSV_INVALID_NUMBER, f"{cell[:50]!r}... is too long to be a number")
    if _INTEGER.fullmatch(stripped):
        return int(stripped)
    if _NUMBER.fullmatch(stripped):
        return float(stripped)
    hint = " (use a point, not a comma, for decimals)" if re.fullmatch(r"[+-]?\d+,\d+", stripped) else ""
    raise CellError(CSV_INVALID_NUMBER, f"{cell[:50]!r} is not a number{hint}")


def integer(cell: str) -> int | None:
    stripped = cell.strip()
    if not stripped:
        return None
    if len(stripped) > 18 or not _INTEGER.fullmatch(stripped):
        raise CellError(CSV_INVALID_INTEGER, f"{cell[:50]!r} is not a whole number of at most 18 digits")
    return int(stripped)


def array(cell: str) -> list[Any] | None:
    if text(cell) is None:
        return None
    try:
        value = json.loads(cell)
    except (ValueError, RecursionError):  # not JSON, a huge number, or nested thousands deep
        value = None
    if not isinstance(value, list):
        raise CellError(CSV_INVALID_LIST, f"{cell[:60]!r} is not a JSON array: write a list as "
                        '["first", "second"] (an empty cell for none)')
    return value


@dataclass
class Sheet:
    """A parsed CSV: its header and data rows, each with its row number."""

    file: str
    header: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    broken: list[tuple[int, list[str]]] = field(default_factory=list)
    """Rows of the wrong length: reported and left out."""
    diagnostics: list[Diagnostic] = field(default_factory=list)


def detect_delimiter(text: str) -> str:
    """Comma, or the semicolon or tab of a spreadsheet saved in another locale, as the header
    line shows."""
    first = text.split("\n", 1)[0]
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > counts[","] else ","


def parse(text: str, file: str, delimiter: str = ",") -> Sheet:
    """Rows of an RFC 4180 text (quoted fields may hold delimiters, quotes and line breaks).

    Trailing empty header cells are dropped, as are empty cells beyond the header (spreadsheets
    leave them). A row of the wrong length is reported and left out, and reading goes on."""
    csv.field_size_limit(max(csv.field_size_limit(), MAX_INPUT_BYTES))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"', doublequote=True,
                        skipinitialspace=False, strict=False)
    sheet = Sheet(file, [])
    number_ = 0
    try:
        for number_, row in enumerate(reader, 1):
            if number_ == 1:
                while row and row[-1].strip() == "":
                    row.pop()
                sheet.header = row
                continue
            if not row or (len(row) == 1 and not row[0]):
                continue  # a blank line
            width = len(sheet.header)
            if len(row) > width and not any(c.strip() for c in row[width:]):
                del row[width:]
            if len(row) != width:
                sheet.diagnostics.append(CSV_ROW_LENGTH.at(
                    f"the row has {len(row)} cells but the header has {width}: is a comma "
                    "missing, or a text with a comma or line break not in double quotes? (this row is left out)",
                    file=file, line=number_))
                sheet.broken.append((number_, row))
                continue
            sheet.rows.append((number_, row))
    except csv.Error as exc:
        sheet.diagnostics.append(CSV_SYNTAX.at(f"the CSV cannot be read past this row: {exc}", file=file,
                                       line=number_ + 1))
    if not sheet.header:
        sheet.diagnostics.append(CSV_NO_HEADER.at("the file is empty: the first row must name the columns",
                                       file=file, line=1))
    return sheet


def match_header(sheet: Sheet, known: Mapping[str, str], required: Iterable[str], hint: str = "",
                 unknown: Callable[[str, list[str]], str] | None = None) -> tuple[dict[str, int], list[Diagnostic]]:
    """Column name -> index, matching headers by :func:`normalise_header`. ``known`` maps
    normalised names and aliases to column names ("" for a column to ignore). Unknown, repeated,
    unnamed and missing required columns are errors naming them; ``unknown(header, matched)``
    words the fix for an unknown one."""
    found: list[Diagnostic] = []
    columns: dict[str, int] = {}
    names = sorted(set(known.values()) - {""})
    for index, raw in enumerate(sheet.header):
        key = normalise_header(raw)
        where: dict[str, Any] = {"file": sheet.file, "line": 1, "column": index + 1}
        if not key:
            found.append(CSV_UNNAMED_COLUMN.at(f"column {index + 1} has no header: name it "
                               f"({', '.join(names)}) or delete it", **where))
            continue
        name = known.get(key)
        if name == "":
            continue
        if name is None and unknown is not None:
            found.append(CSV_UNKNOWN_COLUMN.at(unknown(raw, list(columns)) + hint, **where))
        elif name is None:
            close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
            suggestion = f"did you mean {known[close[0]]!r}?" if close else f"known columns: {', '.join(names)}"
            found.append(CSV_UNKNOWN_COLUMN.at(f"unknown column {raw!r}: {suggestion}{hint}", **where))
        elif name in columns:
            found.append(CSV_DUPLICATE_COLUMN.at(f"column {raw!r} repeats column "
                               f"{sheet.header[columns[name]]!r} (column {columns[name] + 1}): keep one", **where))
        else:
            columns[name] = index
    for name in required:
        if name not in columns:
            found.append(CSV_MISSING_COLUMN.at(f"the required column {name!r} is missing from the header",
                               file=sheet.file, line=1))
    return columns, found


def at_cell(code: Code, message: str, sheet_file: str, row: int, column: int | None, header: Sequence[str],
            ptr: str = "") -> Diagnostic:
    """A diagnostic at a cell, its message naming the column as the file's header names it."""
    named = f"{header[column]}: {message}" if column is not None and column < len(header) else message
    return code.at(named, ptr, file=sheet_file, line=row, column=None if column is None else column + 1)


Place = tuple[str, int, int | None, Sequence[str]]
"""Where a value came from: file, row, column index (None: the whole row), the file's header."""


def place(d: Diagnostic, where: Place | None) -> Diagnostic:
    """Move a model diagnostic to the cell its value came from."""
    if where is None:
        return d
    file, row, column, header = where
    message = f"{header[column]}: {d.message}" if column is not None and column < len(header) else d.message
    return d.at(file=file, line=row, column=None if column is None else column + 1, message=message)


def value_at(data: Any, tokens: Sequence[str]) -> Any:
    """The value at a JSON Pointer's tokens in plain data, or None."""
    for token in tokens:
        if isinstance(data, list) and token.isdigit() and int(token) < len(data):
            data = data[int(token)]
        elif isinstance(data, dict):
            data = data.get(token)
        else:
            return None
    return data
