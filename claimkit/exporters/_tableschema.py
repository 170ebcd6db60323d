"""A compact Table Schema check of CSV tables, run on every CSV export before a byte is written.

It reads the same descriptors that are written to ``datapackage.json`` and checks what claimkit
writes: each row's length, field types (``string``, ``number``, ``integer``, ``array`` as JSON),
the constraints ``required``, ``pattern`` (XML Schema style, implicitly anchored), ``enum``,
``maxLength`` and ``minimum``, unique primary keys, ``foreignKeys``, claimkit's own
``claimkit:references`` (ids that may live in one of several tables, or inside an array) and
``claimkit:items`` (constraints on each item of an array), and that no text cell would run as a
formula in a spreadsheet.

Why not the ``frictionless`` package: ``pip install frictionless`` pulls in 38 other packages
(petl, requests, jinja2, rfc3986, simpleeval, typer, rich, ...; counted with ``pip install
--dry-run --report``), and claimkit needs only the part of the standard its own descriptors use.
The descriptors stay standard, so anyone can run ``frictionless validate datapackage.json`` on an
export.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from claimkit.exporters._spreadsheet import is_live_formula
from claimkit.validation.diagnostics import Diagnostic, error

Rows = Sequence[Sequence[str]]
CellCheck = Callable[[str], str | None]
"""Returns what is wrong with a (non-empty) cell, or None."""

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)
_INTEGER = re.compile(r"[+-]?\d+", re.ASCII)
MAX_REPORTED = 200
"""Diagnostics per table and rule beyond which the check stops listing (it still fails)."""


def check_package(resources: Sequence[Mapping[str, Any]], data: Mapping[str, tuple[Sequence[str], Rows]]
                  ) -> list[Diagnostic]:
    """Check each resource's rows (``data[name] = (header, rows)``, rows of cell strings as they
    will be written) against its Table Schema, and the keys between them."""
    found: list[Diagnostic] = []
    keys: dict[str, set[Any]] = {}
    for res in resources:
        header, rows = data[res["name"]]
        found.extend(_check_table(res, header, rows))
        keys[res["name"]] = _key_set(res, header, rows)
    for res in resources:
        header, rows = data[res["name"]]
        found.extend(_check_references(res, header, rows, keys))
    return found


def _where(res: Mapping[str, Any], index: int, column: int | None) -> dict[str, Any]:
    """Location of data row ``index`` (0-based; the header is line 1)."""
    return {"file": res["path"], "line": index + 2, "column": None if column is None else column + 1}


def _check_table(res: Mapping[str, Any], header: Sequence[str], rows: Rows) -> list[Diagnostic]:
    fields = res["schema"]["fields"]
    names = [f["name"] for f in fields]
    if list(header) != names:
        return [error("tableschema.header", f"the header is {', '.join(header)}; the schema lists "
                      f"{', '.join(names)}", file=res["path"], line=1)]
    found: list[Diagnostic] = []
    width = len(names)
    for i, row in enumerate(rows):
        if len(row) != width:
            found.append(error("tableschema.row-length", f"the row has {len(row)} cells; the header has {width}",
                               **_where(res, i, None)))
    if found:
        return found
    for c, f in enumerate(fields):
        check = _cell_check(f)
        required = bool(f.get("constraints", {}).get("required"))
        text = f["type"] == "string"
        listed = 0
        for i, row in enumerate(rows):
            cell = row[c]
            if not cell:
                problem = "a value is required" if required else None
            elif text and is_live_formula(cell):
                found.append(error("csv.live-formula", f"{f['name']}: the cell starts with {cell[0]!r} and a "
                                   "spreadsheet would run it as a formula", **_where(res, i, c)))
                continue
            else:
                problem = check(cell) if check is not None else None
            if problem is not None:
                listed += 1
                if listed <= MAX_REPORTED:
                    found.append(error("tableschema.constraint", f"{f['name']}: {problem}", **_where(res, i, c)))
    found.extend(_check_primary_key(res, header, rows))
    return found


def _cell_check(f: Mapping[str, Any]) -> CellCheck | None:
    constraints = f.get("constraints", {})
    if f["type"] == "array":
        item = _constraint_check(f.get("claimkit:items", {}).get("constraints", {}))
        return lambda cell: _check_array(cell, item)
    checks: list[CellCheck] = []
    if f["type"] == "number":
        checks.append(lambda cell: None if _NUMBER.fullmatch(cell) else f"{cell!r} is not a number")
    elif f["type"] == "integer":
        checks.append(lambda cell: None if _INTEGER.fullmatch(cell) else f"{cell!r} is not an integer")
    elif f["type"] != "string":
        raise ValueError(f"Table Schema type {f['type']!r} is not checked by claimkit")
    if (more := _constraint_check(constraints)) is not None:
        checks.append(more)
    if not checks:
        return None
    if len(checks) == 1:
        return checks[0]
    return lambda cell: next((p for p in (ch(cell) for ch in checks) if p is not None), None)


def _constraint_check(constraints: Mapping[str, Any]) -> CellCheck | None:
    checks: list[CellCheck] = []
    if "pattern" in constraints:
        pattern = re.compile(constraints["pattern"])
        checks.append(lambda v: None if pattern.fullmatch(v) else f"{v[:80]!r} does not match {pattern.pattern}")
    if "enum" in constraints:
        allowed = frozenset(constraints["enum"])
        checks.append(lambda v: None if v in allowed else f"{v[:80]!r} is not one of {', '.join(sorted(allowed))}")
    if "maxLength" in constraints:
        limit = constraints["maxLength"]
        checks.append(lambda v: None if len(v) <= limit else f"longer than {limit} characters")
    if "minimum" in constraints:
        low = constraints["minimum"]
        checks.append(lambda v: None if float(v) >= low else f"{v} is below the minimum {low}")
    if not checks:
        return None
    return lambda v: next((p for p in (ch(v) for ch in checks) if p is not None), None)


def _check_array(cell: str, item: CellCheck | None) -> str | None:
    try:
        value = json.loads(cell)
    except ValueError:
        return "the cell is not a JSON array"
    if not isinstance(value, list):
        return "the cell is not a JSON array"
    for x in value:
        if not isinstance(x, str):
            return f"item {x!r} is not a string"
        if item is not None and (problem := item(x)) is not None:
            return f"item {problem}"
    return None


def _json_list(cell: str) -> list[Any]:
    try:
        value = json.loads(cell)
    except ValueError:
        return []
    return value if isinstance(value, list) else []


def _key_of(row: Sequence[str], columns: Sequence[int]) -> Any:
    return row[columns[0]] if len(columns) == 1 else tuple(row[c] for c in columns)


def _columns(header: Sequence[str], names: str | Sequence[str]) -> list[int]:
    return [list(header).index(n) for n in ([names] if isinstance(names, str) else names)]


def _key_set(res: Mapping[str, Any], header: Sequence[str], rows: Rows) -> set[Any]:
    pk = res["schema"].get("primaryKey")
    if not pk or any(len(r) != len(header) for r in rows):
        return set()
    cols = _columns(header, pk)
    return {_key_of(r, cols) for r in rows}


def _check_primary_key(res: Mapping[str, Any], header: Sequence[str], rows: Rows) -> Iterable[Diagnostic]:
    pk = res["schema"].get("primaryKey")
    if not pk:
        return
    cols = _columns(header, pk)
    seen: dict[Any, int] = {}
    for i, row in enumerate(rows):
        key = _key_of(row, cols)
        if key in seen:
            yield error("tableschema.primary-key", f"{', '.join([pk] if isinstance(pk, str) else pk)}: {key!r} is "
                        f"already the key of row {seen[key] + 2}", **_where(res, i, cols[0]))
        else:
            seen[key] = i


def _check_references(res: Mapping[str, Any], header: Sequence[str], rows: Rows, keys: Mapping[str, set[Any]]
                      ) -> Iterable[Diagnostic]:
    if any(len(r) != len(header) for r in rows):
        return
    schema = res["schema"]
    for fk in schema.get("foreignKeys", ()):
        target = fk["reference"]["resource"] or res["name"]
        cols = _columns(header, fk["fields"])
        yield from _unresolved(res, rows, cols, keys.get(target, set()), f"in {target}", "tableschema.foreign-key")
    for c, f in enumerate(schema["fields"]):
        targets = f.get("claimkit:references")
        if not targets:
            continue
        known = set().union(*(keys.get(t, set()) for t in targets))
        yield from _unresolved(res, rows, [c], known, f"in {' or '.join(targets)}", "tableschema.reference",
                               array=f["type"] == "array")


def _unresolved(res: Mapping[str, Any], rows: Rows, cols: Sequence[int], known: set[Any], where: str, code: str,
                array: bool = False) -> Iterable[Diagnostic]:
    listed = 0
    for i, row in enumerate(rows):
        key = _key_of(row, cols)
        if key == "" or key == ("",) * len(cols):
            continue
        for value in _json_list(key) if array else [key]:
            if value not in known and listed < MAX_REPORTED:
                listed += 1
                yield error(code, f"{res['schema']['fields'][cols[0]]['name']}: {value!r} is not a key {where}",
                            **_where(res, i, cols[0]))
