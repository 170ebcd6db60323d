"""A compact Table Schema check of CSV tables, run on every CSV export before a byte is written.

It reads the same descriptors that are written to ``datapackage.json`` and checks what claimreview
writes: each row's length, field types (``string``, ``number``, ``integer``, ``array`` as JSON),
the constraints ``required``, ``pattern`` (XML Schema style, implicitly anchored), ``enum``,
``maxLength`` and ``minimum``, unique primary keys, ``foreignKeys``, claimreview's own
``claimreview:references`` (ids that may live in one of several tables, or inside an array) and
``claimreview:items`` (constraints on each item of an array), and that no text cell would run as a
formula in a spreadsheet.

Why not the ``frictionless`` package: ``pip install frictionless`` pulls in 38 other packages
(petl, requests, jinja2, rfc3986, simpleeval, typer, rich, ...; counted with ``pip install
--dry-run --report``); ``frictionless validate`` took 7.8 s of CPU on the tables of 100,000
reviews (bench/csv_roundtrip.py's document), where this check takes about 1 s; and it does not
know claimreview's own ``claimreview:references``. claimreview needs only the part of the standard its own
descriptors use. The descriptors stay standard: ``frictionless validate datapackage.json`` (5.21)
passes on claimreview's exports, and finds a broken foreign key in an edited one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from claimreview.tables import is_live_formula
from claimreview.validation.diagnostics import ERROR, Code, Diagnostic

CSV_LIVE_FORMULA = Code("csv.live-formula", ERROR,
    "A text cell a spreadsheet would run as a formula (an exporter bug; nothing is written)")
TABLESCHEMA_CONSTRAINT = Code("tableschema.constraint", ERROR,
    "A cell breaks its field's type or constraints (required, pattern, enum, maxLength, minimum)")
TABLESCHEMA_FOREIGN_KEY = Code("tableschema.foreign-key", ERROR,
    "A foreign key that names no row of the table it refers to")
TABLESCHEMA_HEADER = Code("tableschema.header", ERROR,
    "A table's header differs from its Table Schema (an exporter bug)")
TABLESCHEMA_PRIMARY_KEY = Code("tableschema.primary-key", ERROR, "Two rows share a primary key")
TABLESCHEMA_REFERENCE = Code("tableschema.reference", ERROR,
    "An id (or an id in a list) found in none of the tables it may refer to")
TABLESCHEMA_ROW_LENGTH = Code("tableschema.row-length", ERROR,
    "A row's length differs from its Table Schema (an exporter bug)")

CODES: tuple[Code, ...] = (
    CSV_LIVE_FORMULA,
    TABLESCHEMA_CONSTRAINT,
    TABLESCHEMA_FOREIGN_KEY,
    TABLESCHEMA_HEADER,
    TABLESCHEMA_PRIMARY_KEY,
    TABLESCHEMA_REFERENCE,
    TABLESCHEMA_ROW_LENGTH,
)

Rows = Sequence[Sequence[str]]
Failures = Callable[[set[str]], dict[str, str]]
"""Given the distinct non-empty values of a column: those that break a rule, each with why."""

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)
_INTEGER = re.compile(r"[+-]?\d+", re.ASCII)
MAX_REPORTED = 200
"""Diagnostics per column and rule beyond which the check stops listing (it still fails)."""


class _Table:
    """A resource and its rows, with its columns transposed once (``zip``, at C speed)."""

    def __init__(self, res: Mapping[str, Any], header: Sequence[str], rows: Rows) -> None:
        self.res = res
        self.fields: list[Mapping[str, Any]] = res["schema"]["fields"]
        self.header = list(header)
        self.rows = rows
        width = len(self.header)
        self.well_formed = all(len(r) == width for r in rows)
        self.columns: list[Sequence[str]] = (list(zip(*rows, strict=True)) if rows else [() for _ in self.header]
                                             ) if self.well_formed else []

    def where(self, index: int, column: int | None) -> dict[str, Any]:
        """Location of data row ``index`` (0-based; the header is line 1)."""
        return {"file": self.res["path"], "line": index + 2, "column": None if column is None else column + 1}

    def keys(self, names: str | Sequence[str]) -> list[Any]:
        """The values of one column, or tuples of several, row by row."""
        cols = [self.columns[self.header.index(n)] for n in ([names] if isinstance(names, str) else names)]
        return list(cols[0]) if len(cols) == 1 else list(zip(*cols, strict=True))

    def primary_key(self) -> set[Any]:
        pk = self.res["schema"].get("primaryKey")
        return set(self.keys(pk)) if pk and self.well_formed else set()


def check_package(resources: Sequence[Mapping[str, Any]], data: Mapping[str, tuple[Sequence[str], Rows]]
                  ) -> list[Diagnostic]:
    """Check each resource's rows (``data[name] = (header, rows)``, rows of cell strings as they
    will be written) against its Table Schema, and the keys between them."""
    found: list[Diagnostic] = []
    checked = {res["name"]: _Table(res, *data[res["name"]]) for res in resources}
    for table in checked.values():
        found.extend(_check_table(table))
    keys = {name: table.primary_key() for name, table in checked.items()}
    for table in checked.values():
        if table.well_formed:
            found.extend(_check_references(table, keys))
    return found


def _check_table(t: _Table) -> list[Diagnostic]:
    names = [f["name"] for f in t.fields]
    if t.header != names:
        return [TABLESCHEMA_HEADER.at(f"the header is {', '.join(t.header)}; the schema lists "
                      f"{', '.join(names)}", file=t.res["path"], line=1)]
    if not t.well_formed:
        return [TABLESCHEMA_ROW_LENGTH.at(f"the row has {len(row)} cells; the header has {len(names)}",
                      **t.where(i, None)) for i, row in enumerate(t.rows) if len(row) != len(names)]
    found: list[Diagnostic] = []
    for c, f in enumerate(t.fields):
        found.extend(_check_column(t, c, f))
    found.extend(_check_primary_key(t))
    return found


def _check_column(t: _Table, c: int, f: Mapping[str, Any]) -> list[Diagnostic]:
    """Each distinct value is checked once; rows are searched only for the values that fail."""
    column = t.columns[c]
    distinct = set(column)
    problems: dict[str, tuple[Code, str]] = {}
    if "" in distinct:
        distinct.discard("")
        if f.get("constraints", {}).get("required"):
            problems[""] = (TABLESCHEMA_CONSTRAINT, "a value is required")
    if f["type"] == "string":
        for v in {v for v in distinct if is_live_formula(v)}:
            problems[v] = (CSV_LIVE_FORMULA, f"the cell starts with {v[0]!r} and a spreadsheet would run it as a "
                           "formula")
    for failures in _rules(f):
        for v, why in failures(distinct - problems.keys()).items():
            problems[v] = (TABLESCHEMA_CONSTRAINT, why)
    if not problems:
        return []
    return [code.at(f"{f['name']}: {message}", **t.where(i, c))
            for i, v in enumerate(column) if v in problems for code, message in [problems[v]]][:MAX_REPORTED]


def _rules(f: Mapping[str, Any]) -> list[Failures]:
    """The checks of a field's type and constraints, in order."""
    kind = f["type"]
    if kind == "array":
        return [_array_rule(_constraint_rules(f.get("claimreview:items", {}).get("constraints", {})))]
    if kind == "number":
        rules = [_regex_rule(_NUMBER, "is not a number")]
    elif kind == "integer":
        rules = [_regex_rule(_INTEGER, "is not an integer")]
    elif kind == "string":
        rules = []
    else:
        raise ValueError(f"Table Schema type {kind!r} is not checked by claimreview")
    return rules + _constraint_rules(f.get("constraints", {}))


def _regex_rule(pattern: re.Pattern[str], why: str) -> Failures:
    match = pattern.fullmatch
    return lambda values: {v: f"{v[:80]!r} {why}" for v in values if not match(v)}


def _constraint_rules(constraints: Mapping[str, Any]) -> list[Failures]:
    rules: list[Failures] = []
    if "pattern" in constraints:
        pattern = re.compile(constraints["pattern"])
        rules.append(_regex_rule(pattern, f"does not match {pattern.pattern}"))
    if "enum" in constraints:
        allowed = frozenset(constraints["enum"])
        listed = ", ".join(sorted(allowed))
        rules.append(lambda values: {v: f"{v[:80]!r} is not one of {listed}" for v in values - allowed})
    if "maxLength" in constraints:
        limit = constraints["maxLength"]
        rules.append(lambda values: {v: f"longer than {limit} characters" for v in values if len(v) > limit})
    if "minimum" in constraints:
        low = constraints["minimum"]
        rules.append(lambda values: {v: f"{v} is below the minimum {low}" for v in values if float(v) < low})
    return rules


def _array_rule(item_rules: list[Failures]) -> Failures:
    def failures(values: set[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for cell in values:
            items = _json_list(cell)
            if items is None:
                out[cell] = "the cell is not a JSON array"
            elif any(not isinstance(x, str) for x in items):
                out[cell] = f"item {next(x for x in items if not isinstance(x, str))!r} is not a string"
            else:
                for rule in item_rules:
                    if bad := rule(set(items)):
                        out[cell] = "item " + next(iter(bad.values()))
                        break
        return out

    return failures


def _json_list(cell: str) -> list[Any] | None:
    try:
        value = json.loads(cell)
    except ValueError:
        return None
    return value if isinstance(value, list) else None


def _check_primary_key(t: _Table) -> Iterable[Diagnostic]:
    pk = t.res["schema"].get("primaryKey")
    if not pk:
        return
    keys = t.keys(pk)
    if len(set(keys)) == len(keys):
        return
    column = t.header.index(pk if isinstance(pk, str) else pk[0])
    named = ", ".join([pk] if isinstance(pk, str) else pk)
    seen: dict[Any, int] = {}
    for i, key in enumerate(keys):
        if key in seen:
            yield TABLESCHEMA_PRIMARY_KEY.at(f"{named}: {key!r} is already the key of row {seen[key] + 2}",
                        **t.where(i, column))
        else:
            seen[key] = i


def _check_references(t: _Table, keys: Mapping[str, set[Any]]) -> Iterable[Diagnostic]:
    schema = t.res["schema"]
    for fk in schema.get("foreignKeys", ()):
        target = fk["reference"]["resource"] or t.res["name"]
        yield from _unresolved(t, fk["fields"], keys.get(target, set()), f"in {target}", TABLESCHEMA_FOREIGN_KEY)
    for f in t.fields:
        targets = f.get("claimreview:references")
        if targets:
            known = set().union(*(keys.get(x, set()) for x in targets))
            yield from _unresolved(t, f["name"], known, f"in {' or '.join(targets)}", TABLESCHEMA_REFERENCE,
                                   array=f["type"] == "array")


def _unresolved(t: _Table, names: str | Sequence[str], known: set[Any], where: str, code: Code,
                array: bool = False) -> Iterable[Diagnostic]:
    """References that name no key: a blank reference is no reference."""
    values = t.keys(names)
    blank = "" if isinstance(names, str) else ("",) * len(names)

    def named(value: Any) -> list[Any]:
        if value == blank:
            return []
        return [x for x in _json_list(value) or () if isinstance(x, str)] if array else [value]

    if {x for v in set(values) for x in named(v)} <= known:
        return
    column = t.header.index(names if isinstance(names, str) else names[0])
    listed = 0
    for i, value in enumerate(values):
        for x in named(value):
            if x not in known and listed < MAX_REPORTED:
                listed += 1
                yield code.at(f"{t.header[column]}: {x!r} is not a key {where}", **t.where(i, column))
