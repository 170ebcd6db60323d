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

import contextlib
import csv
import io
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimreview.exporters import _tableschema
from claimreview.exporters._tableschema import check_package
from claimreview.exporters.base import Exporter, ExportError, RecordWriter
from claimreview.schemas import Document
from claimreview.schemas.models import Claim, Entity
from claimreview.tables import (
    LAYOUTS,
    SHEET_COLUMNS,
    Column,
    Table,
    datapackage,
    gc_paused,
    neutralise,
    neutralise_all,
    sheet_table,
    tables,
)
from claimreview.validation.diagnostics import ERROR, WARNING, Code, Diagnostic, pointer

if TYPE_CHECKING:
    from claimreview.readers.base import Record

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


# -- record streams ----------------------------------------------------------------------------------


class StreamIds:
    """Ids of the entities of a record stream: the reader's (slugs of names and texts), unique across
    the whole stream, each entity written once, in bounded memory (:class:`DigestSet`).

    An entity identical to one already written (the same reviewer on every record; a review sent
    twice) takes that one's id and is not written again. One that only shares its id with another
    (two people of one name) gets ``<id>-<8 hex digits of its content>``: unique, and the same
    wherever it appears again. Memory: two 8-byte digests per entity written, whatever the stream's
    length (about 40 MB for a million reviews with their claims)."""

    def __init__(self) -> None:
        from claimreview.exporters._seen import DigestSet

        self.ids = DigestSet()
        self.written = DigestSet()

    def place(self, shaped: dict[str, Any]) -> list[tuple[str, dict[str, Any], bool]]:
        """The entities of one record (kind, entity, new), with their ids and references made
        stream-wide; ``new`` is False for those already written."""
        import orjson

        out: list[tuple[str, dict[str, Any], bool]] = []
        renamed: dict[str, str] = {}
        for kind in ("people", "organizations", "sanctions", "articles", "claims", "reviews"):
            for entity in shaped.get(kind, ()):
                entity = _renamed(entity, renamed)
                base = entity["id"]
                content = kind + "\x00" + orjson.dumps({k: v for k, v in entity.items() if k != "id"},
                                                       option=orjson.OPT_SORT_KEYS).decode()
                if "first\x00" + base + "\x00" + content in self.written:
                    final, new = base, False
                elif "other\x00" + base + "\x00" + content in self.written:
                    final, new = _other_id(base, content), False
                elif self.ids.add(base):
                    final, new = base, True
                    self.written.add("first\x00" + base + "\x00" + content)
                else:
                    final = _other_id(base, content)
                    self.ids.add(final)
                    self.written.add("other\x00" + base + "\x00" + content)
                    new = True
                renamed[base] = final
                entity["id"] = final
                out.append((kind, entity, new))
        return out


def _other_id(base: str, content: str) -> str:
    from claimreview.exporters._seen import digest

    return f"{base[:180]}-{digest(content) >> 32:08x}"


_REFERENCE_FIELDS = ("claimant", "claim", "reviewer")


def _renamed(entity: dict[str, Any], renamed: dict[str, str]) -> dict[str, Any]:
    if not renamed:
        return dict(entity)
    out = dict(entity)
    for name in _REFERENCE_FIELDS:
        if name in out and out[name] in renamed:
            out[name] = renamed[out[name]]
    return out


def _cell(col: Column, value: Any) -> str:
    """One cell, as :func:`_column` writes a column of them."""
    if value is None:
        return ""
    if col.type == "array":
        return json.dumps(value, ensure_ascii=False) if value else ""
    if col.type == "number":
        return str(value)
    return neutralise(value)


def _get(entity: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        if not isinstance(entity, dict):
            return None
        entity = entity.get(key)
    return entity


class CsvWriter(RecordWriter):
    """Records as CSV, streamed: ``layout="sheet"`` one row per review in one file;
    ``"tables"`` (default) the Data Package, each entity once (:class:`StreamIds`), written into a
    temporary folder (or zipped) and put in place on ``close()``.

    Each record is shaped as the JSON-LD reader shapes it (:func:`claimreview.readers.shape.shape_record`),
    so a stream and the same records read whole give the same cells; what the sheet has no column
    for is left out without the whole-document export's ``csv.sheet-omits`` count."""

    takes = ("layout", "excel")

    @classmethod
    def is_folder(cls, **options: Any) -> bool:
        return (options.get("layout") or "tables") != "sheet"

    def __init__(self, target: str, inputs: Iterable[str | Path] = (), **options: Any) -> None:
        from claimreview.tables import tables

        layout = options.get("layout") or "tables"
        if layout not in LAYOUTS:
            raise ExportError(f"unknown CSV layout {layout!r}: choose {' or '.join(LAYOUTS)}")
        super().__init__(target, inputs, **options)
        self.layout = layout
        self.ids = StreamIds()
        bom = "\ufeff" if options.get("excel") else ""
        self._files: list[Any] = []
        self._writers: dict[str, Any] = {}
        self._tables = {t.name: t for t in tables()}
        if layout == "sheet":
            assert self.output.file is not None
            self._open("sheet", self.output.file, [c.name for c in SHEET_COLUMNS], bom)
        else:
            assert self.output.folder is not None
            for resource in datapackage()["resources"]:
                fh = (self.output.folder / resource["path"]).open("wb")
                self._open(resource["name"], fh, [f["name"] for f in resource["schema"]["fields"]], bom)

    def _open(self, name: str, fh: Any, header: list[str], bom: str) -> None:
        text = io.TextIOWrapper(fh, encoding="utf-8", newline="", write_through=False)
        self._files.append(text)
        if bom:
            text.write(bom)
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow(header)
        self._writers[name] = writer

    def write(self, record: Record) -> list[Diagnostic]:
        from claimreview.readers.shape import shape_record

        rows: list[tuple[str, list[str]]] = []
        for node in record.reviews():
            entities = self.ids.place(shape_record(node, record.page_url))
            rows += self._sheet_rows(entities) if self.layout == "sheet" else self._table_rows(entities)
        if any("\x00" in "".join(row) for _, row in rows):
            return [CSV_NUL_CHARACTER.at("the record holds a NUL character (U+0000), which CSV files cannot "
                          "carry: remove it", record.pointer, file=record.file, line=record.line, item=record.item)]
        for name, row in rows:
            self._writers[name].writerow(row)
        self.written += 1
        return []

    def _table_rows(self, entities: list[tuple[str, dict[str, Any], bool]]) -> list[tuple[str, list[str]]]:
        rows = []
        for kind, entity, new in entities:
            if not new:
                continue
            for table in self._tables.values():
                if table.kind != kind:
                    continue
                if table.child_field is None:
                    rows.append((table.name, [_cell(c, _get(entity, c.path)) for c in table.columns]))
                    continue
                value = entity.get(table.child_field)
                children = (value or []) if table.many else ([] if value is None else [value])
                lead = 2 if table.many else 1
                for position, child in enumerate(children, 1):
                    head = [entity["id"], str(position)] if table.many else [entity["id"]]
                    rows.append((table.name, head + [_cell(c, _get(child, c.path)) for c in table.columns[lead:]]))
        return rows

    def _sheet_rows(self, entities: list[tuple[str, dict[str, Any], bool]]) -> list[tuple[str, list[str]]]:
        found: dict[str, tuple[str, dict[str, Any]]] = {e["id"]: (k, e) for k, e, _ in entities}
        rows = []
        for kind, review, new in entities:
            if kind != "reviews" or not new:
                continue
            claim = found.get(review["claim"], ("claims", {}))[1]
            claimant = found.get(claim.get("claimant", ""))
            reviewer = found.get(review.get("reviewer", ""))
            objects = {"review": review, "claim": claim, "claimant": claimant and claimant[1],
                       "reviewer": reviewer and reviewer[1]}
            kinds = {"claimant": _AGENT_WORD.get(claimant[0], "") if claimant else "",
                     "reviewer": _AGENT_WORD.get(reviewer[0], "") if reviewer else ""}
            row = []
            for how, role, path in _SHEET_CELLS:
                if how == "kind":
                    row.append(kinds[role])
                elif how == "appearances":
                    urls = "\n".join(a["url"] for a in claim.get("appearances", ()) if a.get("url") is not None)
                    row.append(neutralise(urls) if urls else "")
                else:
                    value = _get(objects[role], path)
                    row.append("" if value is None else str(value) if how == "number" else neutralise(value))
            rows.append(("sheet", row))
        return rows

    def close(self) -> None:
        for fh in self._files:
            fh.flush()
            fh.detach() if self.layout == "sheet" else fh.close()
        if self.layout != "sheet":
            assert self.output.folder is not None
            text = json.dumps(datapackage(), ensure_ascii=False, indent=2) + "\n"
            (self.output.folder / "datapackage.json").write_bytes(text.encode("utf-8"))
        super().close()

    def discard(self) -> None:
        for fh in self._files:
            with contextlib.suppress(ValueError, OSError):
                fh.detach() if self.layout == "sheet" else fh.close()
        super().discard()


_AGENT_WORD = {"people": "person", "organizations": "organization"}
_SHEET_CELLS = [("kind" if sc.path == ("kind",) else "appearances" if sc.path == ("appearances",)
                 else "number" if sc.path[-1] in ("value", "best", "worst") else "text", sc.role, sc.path)
                for sc in SHEET_COLUMNS]
"""How each sheet column is filled, worked out once."""
