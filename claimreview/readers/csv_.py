"""CSV in: a claimreview Data Package (a folder or .zip with ``datapackage.json``, as
``--to csv`` writes it) or one sheet of reviews (a single .csv, as a spreadsheet saves it).

Every problem is placed at its file, row and column, with the JSON Pointer of the field the cell
fills: the Document is built from the cells and checked by the model, and each model diagnostic
is moved back to the cell its value came from. A broken row is reported and left out; the rows
after it are still read and checked.
"""

from __future__ import annotations

import codecs
import csv
import difflib
import io
import os
import posixpath
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO, Protocol

from claimreview.formats import CLAIMANT_KIND, Format, Option
from claimreview.readers import _csvcells as cells
from claimreview.readers import _sheet, _sheetmap, strictjson
from claimreview.readers._csvcells import (
    CSV_INVALID_INTEGER,
    CellError,
    Place,
    Sheet,
    at_cell,
    place,
    value_at,
)
from claimreview.readers._model import build_document
from claimreview.readers._sheet import read_sheet
from claimreview.readers._sheetmap import settings
from claimreview.readers.base import INPUT_TOO_LARGE, Loaded, Source
from claimreview.readers.text import MAX_INPUT_BYTES, decode
from claimreview.schemas.models import FORMAT_VERSION, MODEL_UNKNOWN_ID
from claimreview.tables import (
    LAYOUTS,
    SHEET_COLUMNS,
    Column,
    Table,
    gc_paused,
    normalise_header,
    table_of_kind,
    tables,
)
from claimreview.validation.diagnostics import ERROR, Code, Diagnostic, split_pointer

CSV_DATAPACKAGE = Code("csv.datapackage", ERROR,
    "Datapackage.json is not valid JSON, lacks resources, or names a path outside the package")
CSV_DUPLICATE_KEY = Code("csv.duplicate-key", ERROR, "Two child-table rows with one key (the same claim and position)")
CSV_FORMAT_VERSION = Code("csv.format-version", ERROR,
    "Datapackage.json names a claimreview format this release does not read")
CSV_MISSING_FILE = Code("csv.missing-file", ERROR,
    "A table listed in datapackage.json whose file is not in the package")
CSV_MISSING_KEY = Code("csv.missing-key", ERROR, "A child-table row that does not name its parent")
CSV_OTHER_FORMAT = Code("csv.other-format", ERROR, "The file is named .csv but holds another format claimreview "
                        "reads (JSON-LD, a page, an API response); the message names the --from that reads it")
CSV_NO_DATAPACKAGE = Code("csv.no-datapackage", ERROR,
    "A folder or zip without datapackage.json (a workbook gets a hint to save it as CSV)")
CSV_UNKNOWN_KEY = Code("csv.unknown-key", ERROR, "A child-table row whose parent id is not in the parent table")
CSV_UNKNOWN_TABLE = Code("csv.unknown-table", ERROR,
    "A table claimreview does not know; tables are never dropped silently")
CSV_ZIP = Code("csv.zip", ERROR, "A .zip that cannot be opened")
CSV_UNDECLARED_TABLE = Code("csv.undeclared-table", ERROR,
    "A CSV file in the package that datapackage.json does not list: it is not read (a package's tables are "
    "never dropped silently); list it as a resource, or move it out of the package")

CODES: tuple[Code, ...] = (
    CSV_DATAPACKAGE,
    CSV_DUPLICATE_KEY,
    CSV_FORMAT_VERSION,
    CSV_MISSING_FILE,
    CSV_MISSING_KEY,
    CSV_NO_DATAPACKAGE,
    CSV_OTHER_FORMAT,
    CSV_UNKNOWN_KEY,
    CSV_UNKNOWN_TABLE,
    CSV_ZIP,
    CSV_UNDECLARED_TABLE,
)
"""Codes of the CSV readers (the model's own codes are reported at the cell too)."""

_ZIP_MAGIC = b"PK\x03\x04"
DESCRIPTOR = "datapackage.json"
_DECODERS: dict[str, Callable[[str], Any]] = {
    "string": cells.text, "number": cells.number, "integer": cells.integer, "array": cells.array,
}


def read(source: Source, **options: Any) -> Loaded:
    """A folder or zip of tables, or a sheet: by what the input is. A sheet takes the options of
    :mod:`claimreview.readers._sheetmap` (``map``, ``mapping``, ``date_format``, ``claimant_kind``)."""
    with gc_paused():
        return _read(source, options)


def _read(source: Source, options: dict[str, Any]) -> Loaded:
    if source.path is not None and source.path.is_dir():
        return _read_package(_Folder(source.path, source.name))
    data = source.read_bytes()
    if data.startswith(_ZIP_MAGIC) or source.suffix == ".zip":
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, OSError) as exc:
            return Loaded(None, [CSV_ZIP.at(f"the file is not a readable zip ({exc})", file=source.name)])
        return _read_package(_Zip(archive, source.name))
    text, problems = decode(data, source.name)
    if text is None:
        return Loaded(None, problems)
    if text.lstrip("\ufeff \t\r\n")[:1] in ("{", "[", "<"):  # no CSV header starts so: another format?
        from claimreview.formats import content_format

        other = content_format(data[:65536], "csv")
        if other is not None:
            what = "an HTML page" if other.name == "html" else other.description
            return Loaded(None, [CSV_OTHER_FORMAT.at(f"this file is named {source.suffix or 'as CSV'} but "
                                       f"holds {what}, not CSV: read it with --from {other.name}, or give it the "
                                       "right extension", file=source.name, line=1, column=1)])
    sheet_settings, problems = settings(options, source.path)
    if any(d.is_error for d in problems):
        return Loaded(None, problems)
    loaded = read_sheet(text, source.name, sheet_settings)
    return Loaded(loaded.document, problems + loaded.diagnostics)


def sniff(head: bytes) -> bool:
    """A zip, or a text whose first row names at least three sheet columns."""
    if head.startswith(_ZIP_MAGIC):
        return True
    text = head.removeprefix(codecs.BOM_UTF8).decode("utf-8", "replace")
    first = text.split("\n", 1)[0]
    try:
        header = next(csv.reader([first], delimiter=cells.detect_delimiter(first)))
    except (csv.Error, StopIteration):
        return False
    known = {normalise_header(n) for sc in SHEET_COLUMNS for n in (sc.name, *sc.aliases)}
    return sum(normalise_header(h) in known for h in header) >= 3


# -- where the tables are: a folder or a zip ------------------------------------------------------


class _Files(Protocol):
    name: str

    def open(self, rel: str) -> BinaryIO | None: ...
    def display(self, rel: str) -> str: ...
    def csv_files(self) -> list[str]: ...


class _Unreadable(Exception):
    """A file of the package that cannot be read (a corrupt, encrypted or oddly compressed zip member)."""


class _TooLarge(Exception):
    pass


@dataclass
class _Budget:
    """The package is read whole, like any document, up to MAX_INPUT_BYTES across its files
    (whatever a zip's headers claim about sizes)."""

    left: int = field(default_factory=lambda: MAX_INPUT_BYTES)

    def read(self, files: _Files, rel: str) -> bytes | None:
        fh = files.open(rel)
        if fh is None:
            return None
        try:
            with fh:
                data = fh.read(self.left + 1)
        except (zipfile.BadZipFile, zlib.error, RuntimeError, NotImplementedError, EOFError, OSError) as exc:
            raise _Unreadable(f"{files.display(rel)} cannot be read from the package ({exc})") from None
        if len(data) > self.left:
            raise _TooLarge
        self.left -= len(data)
        return data


def _safe(rel: str) -> bool:
    """A resource path inside the package: relative, no '..', no backslashes or drive letters."""
    p = PurePosixPath(rel)
    return bool(rel) and not p.is_absolute() and ".." not in p.parts and "\\" not in rel and ":" not in rel


@dataclass
class _Folder:
    root: Path
    name: str

    def open(self, rel: str) -> BinaryIO | None:
        path = self.root / rel
        return path.open("rb") if path.is_file() else None

    def display(self, rel: str) -> str:
        return str(Path(self.name) / rel)

    def csv_files(self) -> list[str]:
        """Every .csv file under the folder (hidden files and folders skipped; links not followed)."""
        found = []
        for top, dirs, names in os.walk(self.root):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            rel = Path(top).relative_to(self.root)
            found += [(rel / n).as_posix() for n in sorted(names)
                      if n.lower().endswith(".csv") and not n.startswith(".") and (Path(top) / n).is_file()]
        return found


@dataclass
class _Zip:
    archive: zipfile.ZipFile
    name: str
    prefix: str = ""

    def __post_init__(self) -> None:
        names = self.archive.namelist()
        if DESCRIPTOR not in names:
            nested = [n for n in names if n.endswith("/" + DESCRIPTOR) and n.count("/") == 1]
            if len(nested) == 1:  # a zipped folder
                self.prefix = nested[0][: -len(DESCRIPTOR)]

    def open(self, rel: str) -> BinaryIO | None:
        try:
            return self.archive.open(self.prefix + rel)  # type: ignore[return-value]  # a ZipExtFile reads bytes
        except KeyError:
            return None

    def display(self, rel: str) -> str:
        return f"{self.name}/{self.prefix}{rel}"

    def csv_files(self) -> list[str]:
        """Every .csv member under the package's folder (macOS's __MACOSX and hidden files skipped)."""
        return sorted(n[len(self.prefix):] for n in self.archive.namelist()
                      if n.startswith(self.prefix) and n.lower().endswith(".csv") and not n.endswith("/")
                      and not any(part.startswith((".", "__MACOSX")) for part in n.split("/")))

    def looks_like_workbook(self) -> bool:
        names = set(self.archive.namelist())
        return "xl/workbook.xml" in names or "content.xml" in names


# -- the package ----------------------------------------------------------------------------------


@dataclass
class _TableData:
    table: Table
    file: str
    sheet: Sheet
    columns: dict[str, int]
    by_path: dict[tuple[str, ...], int] = field(default_factory=dict)
    """Field path (and each nested field's first segment) -> column index in the file."""


@dataclass
class _Assembly:
    data: dict[str, Any]
    found: list[Diagnostic] = field(default_factory=list)
    tables: dict[str, _TableData] = field(default_factory=dict)
    rows: dict[str, list[int]] = field(default_factory=dict)
    """Collection -> row number of each entity."""
    child_rows: dict[tuple[str, int, int | None], int] = field(default_factory=dict)
    """(child table, parent index, position index or None) -> row number."""
    skipped_ids: set[str] = field(default_factory=set)


def _read_package(files: _Files) -> Loaded:
    budget = _Budget()
    try:
        return _read_files(files, budget)
    except _Unreadable as exc:
        return Loaded(None, [CSV_ZIP.at(str(exc), file=files.name)])
    except _TooLarge:
        return Loaded(None, [INPUT_TOO_LARGE.at(f"the package holds more than {MAX_INPUT_BYTES:,} bytes; "
                                   "claimreview reads documents of up to that size whole (split it)", file=files.name)])


def _read_files(files: _Files, budget: _Budget) -> Loaded:
    raw = budget.read(files, DESCRIPTOR)
    if raw is None:
        hint = (": this looks like a spreadsheet workbook; save the sheet as \"CSV UTF-8\" and convert that file"
                if isinstance(files, _Zip) and files.looks_like_workbook() else
                ": a folder or zip is read as claimreview CSV tables (to read one sheet, name its .csv file)")
        return Loaded(None, [CSV_NO_DATAPACKAGE.at(f"{DESCRIPTOR} is missing{hint}", file=files.name)])
    resources, found = _resources(raw, files.display(DESCRIPTOR))
    if resources is None:
        return Loaded(None, found)
    found = found + _undeclared(files, resources)
    assembly = _Assembly({"claimreview": FORMAT_VERSION}, found)
    for table in tables():
        rel = resources.get(table.name)
        if rel is not None:
            _read_table(budget.read(files, rel), files.display(rel), table, rel, assembly)
    _attach_children(assembly)
    return _finish(assembly)


def _undeclared(files: _Files, resources: dict[str, str]) -> list[Diagnostic]:
    """A finding for each CSV file of the package that datapackage.json does not list."""
    declared = {posixpath.normpath(p) for p in resources.values()}
    listed = ", ".join(sorted(resources)) or "none"
    return [CSV_UNDECLARED_TABLE.at(f"{rel} is not listed in {DESCRIPTOR}, so it was not read (tables listed: "
                                    f"{listed}); add it to \"resources\" with its table name, or move it out of "
                                    "the package", file=files.display(rel))
            for rel in files.csv_files() if posixpath.normpath(rel) not in declared]


def _resources(raw: bytes, file: str) -> tuple[dict[str, str] | None, list[Diagnostic]]:
    """Table name -> path, from datapackage.json."""
    text, problems = decode(raw, file)
    if text is None:
        return None, problems
    descriptor, problems = strictjson.parse(text, file)  # strict: duplicate keys, NaN, depth, huge numbers
    if problems:
        return None, problems
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        return None, [CSV_DATAPACKAGE.at(f"{DESCRIPTOR} must be an object with a \"resources\" list", file=file)]
    version = descriptor.get("claimreview", FORMAT_VERSION)
    if version != FORMAT_VERSION:
        return None, [CSV_FORMAT_VERSION.at(f"claimreview format {version!r} is not known: this version reads "
                            f"format {FORMAT_VERSION!r}", "/claimreview", file=file)]
    known = [t.name for t in tables()]
    found: list[Diagnostic] = []
    out: dict[str, str] = {}
    for i, res in enumerate(descriptor["resources"]):
        ptr = f"/resources/{i}"
        name = res.get("name") if isinstance(res, dict) else None
        path = res.get("path") if isinstance(res, dict) else None
        if not isinstance(name, str) or not isinstance(path, str):
            found.append(CSV_DATAPACKAGE.at("each resource needs a \"name\" and a \"path\" (one file)", ptr,
                               file=file))
        elif name not in known:
            close = difflib.get_close_matches(name, known, n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"claimreview tables: {', '.join(known)}"
            found.append(CSV_UNKNOWN_TABLE.at(f"unknown table {name!r}: {hint} (tables are never dropped "
                               "silently: remove it from the package)", ptr, file=file))
        elif name in out:
            found.append(CSV_DATAPACKAGE.at(f"table {name!r} is listed twice", ptr, file=file))
        elif not _safe(path):
            found.append(CSV_DATAPACKAGE.at(f"the path {path!r} leaves the package: give a path relative to "
                               f"{DESCRIPTOR}, without '..'", f"{ptr}/path", file=file))
        else:
            out[name] = path
    return (None if found else out), found


def _read_table(raw: bytes | None, file: str, table: Table, rel: str, assembly: _Assembly) -> None:
    if raw is None:
        assembly.found.append(CSV_MISSING_FILE.at(f"{rel} is listed in {DESCRIPTOR} but is not in the "
                                    "package", file=file))
        return
    text, problems = decode(raw, file)
    if text is None:
        assembly.found.extend(problems)
        return
    sheet = cells.parse(text, file)
    assembly.found.extend(sheet.diagnostics)
    known = {normalise_header(c.name): c.name for c in table.columns}
    required = [c.name for c in table.columns if c.required]
    columns, problems = cells.match_header(sheet, known, required)
    assembly.found.extend(problems)
    if any(name not in columns for name in required) or not sheet.header:  # reported by match_header
        return
    td = _TableData(table, file, sheet, columns)
    for col in table.columns:
        if col.name in columns and col.path:
            td.by_path[col.path] = columns[col.name]
            td.by_path.setdefault(col.path[:1], columns[col.name])
    assembly.tables[table.name] = td
    if "id" in columns:
        assembly.skipped_ids.update(r[columns["id"]] for _, r in sheet.broken if len(r) > columns["id"])
    if table.child_field is None:
        assembly.data[table.kind] = _records(td, sheet.rows, assembly.found)
        assembly.rows[table.kind] = [n for n, _ in sheet.rows]


def _records(td: _TableData, rows: list[tuple[int, list[str]]], found: list[Diagnostic]) -> list[dict[str, Any]]:
    """One record per row, decoded a column at a time; an absent value leaves its key out."""
    flat: list[tuple[str, list[Any]]] = []
    nested: dict[str, list[tuple[str, list[Any]]]] = {}
    for col in td.table.columns:
        index = td.columns.get(col.name)
        if index is None or not col.path:
            continue
        values = _decode_column(td, col, index, rows, found)
        if len(col.path) == 1:
            flat.append((col.path[0], values))
        else:
            nested.setdefault(col.path[0], []).append((col.path[1], values))
    keys = [k for k, _ in flat]
    records = [{k: v for k, v in zip(keys, vals, strict=True) if v is not None}
               for vals in zip(*(v for _, v in flat), strict=True)] if flat else [{} for _ in rows]
    for head, subs in nested.items():
        sub_keys = [k for k, _ in subs]
        for record, vals in zip(records, zip(*(v for _, v in subs), strict=True), strict=True):
            sub = {k: v for k, v in zip(sub_keys, vals, strict=True) if v is not None}
            if sub:
                record[head] = sub
    return records


def _decode_column(td: _TableData, col: Column, index: int, rows: list[tuple[int, list[str]]],
                   found: list[Diagnostic]) -> list[Any]:
    column = [r[index] for _, r in rows]
    if col.type == "string":
        return cells.texts(column)

    def report(n: int, exc: CellError) -> None:
        found.append(at_cell(exc.code, exc.message, td.file, n, index, td.sheet.header))

    decode = _DECODERS[col.type]
    if col.type == "array":  # each list cell decoded for itself: no two records share a list object
        out: list[Any] = []
        for (n, _), cell in zip(rows, column, strict=True):
            try:
                out.append(decode(cell))
            except CellError as exc:
                report(n, exc)
                out.append(None)
        return out
    values: dict[str, Any] = {}
    bad: dict[str, CellError] = {}
    for cell in set(column):  # a column of numbers holds few distinct cells: decode each once
        try:
            values[cell] = decode(cell)
        except CellError as exc:
            values[cell], bad[cell] = None, exc
    for (n, _), cell in zip(rows, column, strict=True) if bad else ():
        if cell in bad:
            report(n, bad[cell])
    return [values[cell] for cell in column]


def _attach_children(assembly: _Assembly) -> None:
    for table in tables():
        td = assembly.tables.get(table.name)
        if table.child_field is None or td is None:
            continue
        parents = assembly.data.get(table.kind, [])
        index: dict[str, int] = {}
        for i, rec in enumerate(parents):
            index.setdefault(rec.get("id", ""), i)
        key_col = td.columns[table.key_column]
        pos_col = td.columns.get("position")
        groups: dict[int, dict[int | None, tuple[int, dict[str, Any]]]] = {}
        records = _records(td, td.sheet.rows, assembly.found)
        for (n, row), record in zip(td.sheet.rows, records, strict=True):
            key = cells.text(row[key_col])
            where = (td.file, n, key_col, td.sheet.header)
            if key is None:
                assembly.found.append(at_cell(CSV_MISSING_KEY, f"name the {table.key_column} this row belongs to",
                                              *where))
                continue
            if key not in index:
                if key not in assembly.skipped_ids:
                    assembly.found.append(at_cell(CSV_UNKNOWN_KEY, f"{key!r} is not an id in "
                                                  f"{table_of_kind(table.kind).file}", *where))
                continue
            position: int | None = None
            if pos_col is not None:
                try:
                    position = cells.integer(row[pos_col])
                except CellError as exc:
                    assembly.found.append(at_cell(exc.code, exc.message, td.file, n, pos_col, td.sheet.header))
                    continue
                if position is None or position < 1:
                    assembly.found.append(at_cell(CSV_INVALID_INTEGER, "write the position: 1, 2, 3, ...",
                                                  td.file, n, pos_col, td.sheet.header))
                    continue
            slot = groups.setdefault(index[key], {})
            if position in slot:
                what = f"position {position} of {key!r}" if table.many else f"{key!r}"
                assembly.found.append(at_cell(CSV_DUPLICATE_KEY, f"{what} is already in row {slot[position][0]}",
                                              td.file, n, pos_col if table.many else key_col, td.sheet.header))
                continue
            slot[position] = (n, record)
        for i, slot in groups.items():
            field_name = table.child_field
            assert field_name is not None
            if table.many:
                ordered = sorted(slot.items(), key=lambda kv: kv[0] or 0)
                parents[i][field_name] = [rec for _, (_, rec) in ordered]
                for j, (_, (n, _)) in enumerate(ordered):
                    assembly.child_rows[(table.name, i, j)] = n
            else:
                n, rec = slot[None]
                parents[i][field_name] = rec
                assembly.child_rows[(table.name, i, None)] = n


def _finish(assembly: _Assembly) -> Loaded:
    loaded = build_document(assembly.data)
    model = [place(d, _locate(assembly, d.pointer)) for d in loaded.diagnostics
             if not _follows_skipped_row(assembly, d)]
    found = assembly.found + model
    order = {t.name: i for i, t in enumerate(tables())}
    rank = {td.file: order[name] for name, td in assembly.tables.items()}
    found.sort(key=lambda d: (rank.get(d.file or "", -1), d.line or 0, d.column or 0))
    if any(d.is_error for d in found):
        return Loaded(None, found)
    return Loaded(loaded.document, found)


def _follows_skipped_row(assembly: _Assembly, d: Diagnostic) -> bool:
    """An unknown id that is the id of a row left out as broken: already reported there."""
    if d.kind != MODEL_UNKNOWN_ID or not assembly.skipped_ids:
        return False
    return value_at(assembly.data, split_pointer(d.pointer)) in assembly.skipped_ids


def _locate(assembly: _Assembly, ptr: str) -> Place | None:
    tokens = split_pointer(ptr)
    if len(tokens) < 2 or not tokens[1].isdigit():
        return None
    kind, i, rest = tokens[0], int(tokens[1]), tokens[2:]
    main = assembly.tables.get(kind)
    if main is None or i >= len(assembly.rows.get(kind, ())):
        return None
    td, row = main, assembly.rows[kind][i]
    child = next((t for t in tables() if t.kind == kind and rest and t.child_field == rest[0]), None)
    if child is not None and child.name in assembly.tables:
        j = int(rest[1]) if child.many and len(rest) > 1 and rest[1].isdigit() else None
        child_row = assembly.child_rows.get((child.name, i, j))
        if child_row is not None:
            td, row = assembly.tables[child.name], child_row
            rest = rest[2:] if child.many else rest[1:]
    column = td.by_path.get(tuple(rest[:2])) if len(rest) >= 2 else None
    if column is None and rest:
        column = td.by_path.get(tuple(rest[:1]))
    return td.file, row, column, td.sheet.header


def output_defaults(output: str) -> dict[str, str]:
    """One .csv file is a sheet; tables need a folder or a .zip."""
    return {"layout": "sheet"} if output.lower().endswith(".csv") else {}


FORMAT = Format(
    "csv", "CSV: a Frictionless Data Package (one table per entity kind, folder or .zip), or one sheet of "
    "reviews (--layout sheet)", (".csv", ".zip", "/"),
    f"{__name__}:read", "claimreview.exporters.csv_:CsvExporter", sniff=f"{__name__}:sniff", fallback=True,
    writer="claimreview.exporters.csv_:CsvWriter",
    defaults=f"{__name__}:output_defaults", aliases=("tsv", "sheet", "datapackage"),
    codes=(*CODES, *cells.CODES, *_sheet.CODES, *_sheetmap.CODES, "claimreview.exporters.csv_:CODES"),
    options=(Option("layout", "tables: a Data Package of one table per entity, nothing lost (a folder or .zip); "
                    "sheet: one row per review, for a spreadsheet (the default for a .csv output).",
                    choices=LAYOUTS),
             Option("excel", "UTF-8 with a byte order mark, for spreadsheet programs.", type=bool),
             Option("map", "Sheet: what a header means, e.g. --map \"Fact-check URL=review_url\" (repeatable; an "
                    "empty column name ignores the header).", side="read", multiple=True),
             Option("mapping", "Sheet: a mapping file (default: <sheet>.mapping.toml or .yaml beside it).",
                    side="read"),
             Option("date_format", "Sheet: how dates such as 1/10/2025 are written.", side="read",
                    choices=("iso", "day-first", "month-first")),
             CLAIMANT_KIND),
)
