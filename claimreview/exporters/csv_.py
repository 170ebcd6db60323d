"""CSV out, in two layouts (see :mod:`claimreview.tables` for both):

- ``tables`` (the default): a Frictionless Tabular Data Package, one CSV per entity collection
  plus child tables, and ``datapackage.json`` with a Table Schema per table. Several files:
  written as a folder, or as a .zip when the output path ends in .zip. Lossless.
- ``sheet``: one CSV, one row per review, the columns a newsroom keeps in a spreadsheet. What
  the sheet has no place for is listed in ``csv.sheet-omits`` warnings.

Every text cell is made spreadsheet-safe (:mod:`claimreview.tables`); each table is
checked against its Table Schema before anything is written (:mod:`._tableschema`). ``excel``
puts a UTF-8 byte order mark in front of each CSV, so that spreadsheet programs read the file
as UTF-8 (Cyrillic and Korean names otherwise open as mojibake in Excel).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from claimreview.exporters import _tableschema
from claimreview.exporters._tableschema import check_package
from claimreview.exporters.base import Exporter, ExportError
from claimreview.schemas import Document
from claimreview.schemas.models import Claim, Entity
from claimreview.tables import (
    LAYOUTS,
    SHEET_COLUMNS,
    Column,
    Table,
    datapackage,
    gc_paused,
    neutralise_all,
    sheet_table,
    tables,
)
from claimreview.validation.diagnostics import ERROR, WARNING, Code, Diagnostic, pointer

CSV_NUL_CHARACTER = Code("csv.nul-character", ERROR,
    "A text with a NUL character, which a CSV file cannot carry; nothing is written")
CSV_SHEET_OMITS = Code("csv.sheet-omits", WARNING,
    "What the sheet layout has no column for, counted (articles, sanctions, details); --layout tables keeps "
    "everything")

CODES: tuple[Code, ...] = (CSV_NUL_CHARACTER, CSV_SHEET_OMITS, *_tableschema.CODES)
"""Codes of the CSV export and its Table Schema check."""

SHEET_FILE = "<sheet>"
"""How export diagnostics name the sheet (the exporter does not know the output path)."""

@dataclass
class Built:
    """What build() makes: the tables as rows of cell strings, their descriptors, and notes
    (warnings about what a sheet leaves out)."""

    layout: str
    resources: list[dict[str, Any]]
    data: dict[str, tuple[list[str], list[list[str]]]]
    pointers: dict[str, Callable[[int, int], str]]
    """Per table: (row index, column index) -> JSON Pointer into the Document, for diagnostics."""
    notes: list[Diagnostic] = field(default_factory=list)


class CsvExporter(Exporter):
    multi_file = True
    """With the default layout (tables); ``--layout sheet`` renders one file."""

    def build(self, doc: Document, **options: Any) -> Built:
        layout = options.get("layout") or "tables"
        if layout not in LAYOUTS:
            raise ExportError(f"unknown CSV layout {layout!r}: choose {' or '.join(LAYOUTS)}")
        with gc_paused():
            return _build_sheet(doc) if layout == "sheet" else _build_tables(doc)

    def check(self, data: Built, **options: Any) -> list[Diagnostic]:
        with gc_paused():
            return self._check(data)

    def _check(self, data: Built) -> list[Diagnostic]:
        found = list(data.notes)
        found.extend(check_package(data.resources, data.data))
        for res in data.resources:
            name = res["name"]
            found.extend(_nul_problems(res["path"], data.data[name][1], data.pointers[name]))
        return found

    def render(self, data: Built, **options: Any) -> bytes | dict[str, bytes]:
        bom = "\ufeff" if options.get("excel") else ""
        files = {}
        for res in data.resources:
            header, rows = data.data[res["name"]]
            files[res["path"]] = (bom + _csv_text(header, rows)).encode("utf-8")
        if data.layout == "sheet":
            return files[SHEET_FILE]
        files["datapackage.json"] = (json.dumps(datapackage(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        return files


def _csv_text(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """RFC 4180: comma, double quotes where needed (doubled inside), CRLF line ends."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def _nul_problems(file: str, rows: Sequence[Sequence[str]], where: Callable[[int, int], str]) -> list[Diagnostic]:
    """NUL characters: CSV readers (claimreview's among them) take a file with NUL bytes for binary,
    so a text holding one cannot be written. Looked for in all cells joined, at C speed; cells are
    searched only when one is there. (Lone surrogates, which UTF-8 cannot encode, never reach
    here: the model refuses them.)"""
    if "\x00" not in "".join(map("".join, rows)):
        return []
    return [CSV_NUL_CHARACTER.at("the text holds a NUL character (U+0000), which CSV files cannot carry: "
                  "remove it", where(i, c), file=file, line=i + 2, column=c + 1)
            for i, row in enumerate(rows) for c, cell in enumerate(row) if "\x00" in cell]


# -- cells: built a column at a time (map and comprehensions, no Python call per cell) -----------


def _getter(path: tuple[str, ...]) -> Callable[[Any], Any]:
    if len(path) == 1:
        return attrgetter(path[0])
    head, rest = path[0], _getter(path[1:])

    def get(obj: Any) -> Any:
        inner = getattr(obj, head)
        return None if inner is None else rest(inner)

    return get


def _column(col: Column, objects: Sequence[Any]) -> list[str]:
    values = list(map(_getter(col.path), objects))
    if col.type == "array":
        # JSON escapes quotes, backslashes and control characters; other characters stay as written
        dumps = json.dumps
        return [dumps(v, ensure_ascii=False) if v else "" for v in values]
    if col.type == "number":
        # str() of a float is its shortest repr, which reads back to the same float; ints stay ints
        return ["" if v is None else str(v) for v in values]
    if "enum" in col.constraints:
        values = [None if v is None else v.value for v in values]
    return neutralise_all(values)


def _rows(columns: list[list[str]]) -> list[list[str]]:
    return list(map(list, zip(*columns, strict=True)))


# -- tables --------------------------------------------------------------------------------------


def _build_tables(doc: Document) -> Built:
    data: dict[str, tuple[list[str], list[list[str]]]] = {}
    pointers: dict[str, Callable[[int, int], str]] = {}
    for table in tables():
        header = [c.name for c in table.columns]
        if table.child_field is None:
            entities = getattr(doc, table.kind)
            data[table.name] = (header, _rows([_column(c, entities) for c in table.columns]))
            pointers[table.name] = _entity_pointer(table)
        else:
            data[table.name] = (header, _child_rows(doc, table))
            pointers[table.name] = _child_pointer(doc, table, data[table.name][1])
    return Built("tables", [t.descriptor() for t in tables()], data, pointers)


def _child_rows(doc: Document, table: Table) -> list[list[str]]:
    child_field = table.child_field
    assert child_field is not None
    keys: list[str] = []
    positions: list[str] = []
    children: list[Any] = []
    for parent in getattr(doc, table.kind):
        value = getattr(parent, child_field)
        if table.many:
            keys.extend([parent.id] * len(value))
            positions.extend(map(str, range(1, len(value) + 1)))
            children.extend(value)
        elif value is not None:
            keys.append(parent.id)
            children.append(value)
    lead = [keys, positions] if table.many else [keys]
    return _rows(lead + [_column(c, children) for c in table.columns[len(lead):]])


def _entity_pointer(table: Table) -> Callable[[int, int], str]:
    return lambda i, c: pointer([table.kind, i, *table.columns[c].path])


def _child_pointer(doc: Document, table: Table, rows: list[list[str]]) -> Callable[[int, int], str]:
    def where(i: int, c: int) -> str:
        index = {e.id: n for n, e in enumerate(getattr(doc, table.kind))}
        row = rows[i]
        path: list[str | int] = [table.kind, index[row[0]], table.child_field or ""]
        if table.many:
            path.append(int(row[1]) - 1)
        return pointer([*path, *table.columns[c].path])

    return where


# -- the sheet -----------------------------------------------------------------------------------


def _build_sheet(doc: Document) -> Built:
    claims = {c.id: c for c in doc.claims}
    agents: dict[str, tuple[str, Entity]] = {p.id: ("person", p) for p in doc.people}
    agents.update({o.id: ("organization", o) for o in doc.organizations})
    reviewed = [claims[r.claim] for r in doc.reviews]
    claimants = [agents[c.claimant] if c.claimant else None for c in reviewed]
    reviewers = [agents[r.reviewer] for r in doc.reviews]
    objects: dict[str, list[Any]] = {"review": doc.reviews, "claim": reviewed,
                                     "claimant": [a and a[1] for a in claimants], "reviewer": [a[1] for a in reviewers]}
    kinds = {"claimant": [a[0] if a else "" for a in claimants], "reviewer": [a[0] for a in reviewers]}
    columns = []
    for sc in SHEET_COLUMNS:
        if sc.path == ("kind",):
            columns.append(kinds[sc.role])
        elif sc.path == ("appearances",):
            columns.append(neutralise_all(["\n".join(a.url for a in c.appearances if a.url is not None) or None
                                           for c in reviewed]))
        else:
            get = _getter(sc.path)
            values = [None if o is None else get(o) for o in objects[sc.role]]
            numeric = sc.path[-1] in ("value", "best", "worst")
            columns.append(["" if v is None else str(v) for v in values] if numeric else neutralise_all(values))
    table = sheet_table()
    resource = {**table.descriptor(), "path": SHEET_FILE}
    return Built("sheet", [resource], {table.name: ([c.name for c in SHEET_COLUMNS], _rows(columns))},
                 {table.name: _sheet_pointer(doc, claims, agents)}, _sheet_omits(doc))


def _sheet_pointer(doc: Document, claims: dict[str, Claim], agents: dict[str, tuple[str, Entity]]
                   ) -> Callable[[int, int], str]:
    def where(i: int, c: int) -> str:
        review = doc.reviews[i]
        sc = SHEET_COLUMNS[c]
        if sc.role == "review":
            return pointer(["reviews", i, *sc.path])
        claim = claims[review.claim]
        index = next(n for n, x in enumerate(doc.claims) if x.id == claim.id)
        if sc.role == "claim":
            return pointer(["claims", index, *sc.path])
        agent_id = claim.claimant if sc.role == "claimant" else review.reviewer
        kind = "people" if agents[agent_id or ""][0] == "person" else "organizations"
        n = next(n for n, x in enumerate(getattr(doc, kind)) if x.id == agent_id)
        return pointer([kind, n, *sc.path]) if sc.path != ("kind",) else pointer([kind, n])

    return where


def _sheet_omits(doc: Document) -> list[Diagnostic]:
    """One warning listing what the sheet has no column for (nothing is left out silently)."""
    reviewed = {r.claim for r in doc.reviews}
    claims = [c for c in doc.claims if c.id in reviewed]
    used = {r.reviewer for r in doc.reviews} | {c.claimant for c in claims if c.claimant}
    agents = [e for kind in ("people", "organizations") for e in getattr(doc, kind)]
    counts = [
        (len(doc.articles), "articles"),
        (len(doc.sanctions), "sanctions"),
        (len(doc.media_reviews), "media reviews (MediaReview)"),
        (len(doc.claims) - len(claims), "claims without a review"),
        (sum(e.id not in used for e in agents), "people and organizations that are neither claimant nor reviewer"),
        (sum(e.id in used and _has_details(e) for e in agents),
         "claimants and reviewers with details beyond their names"),
        (sum(bool(c.about) for c in claims), "claims with subjects (about)"),
        (sum(c.first_appearance is not None for c in claims), "claims with a first appearance"),
        (sum(bool(a.outlet or a.date or a.description or not a.url) for c in claims for a in c.appearances),
         "appearances with an outlet, date or description, or no URL (the sheet keeps URLs only)"),
    ]
    left_out = [f"{what}: {n}" for n, what in counts if n]
    if not left_out:
        return []
    return [CSV_SHEET_OMITS.at("the sheet layout has no column for: " + "; ".join(left_out)
                    + "; --layout tables keeps everything")]


def _has_details(entity: Entity) -> bool:
    return any(getattr(entity, name) not in (None, []) for name in type(entity).model_fields
               if name not in ("id", "name"))
