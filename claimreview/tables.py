"""The two CSV layouts, derived from the Pydantic models so that they cannot drift from them.

The CSV reader and the CSV exporter both use this module (neither imports the other): the
tables, their Table Schema descriptors, the sheet's columns and the spreadsheet-safety rule of
text cells.

**Tables** (a Frictionless Tabular Data Package): one CSV per entity collection of the Document,
in the order of :data:`claimreview.schemas.KINDS`, each with a Table Schema generated from the
model's JSON Schema:

- a field of text, id, URL, date or language is a ``string`` column (ids, URLs, dates and
  language tags carry the model's pattern; an organization's ``kind`` its enum), a rating number
  a ``number`` column;
- a list of texts or ids is an ``array`` column: the cell holds a JSON array, e.g.
  ``["Kim Jong-un", "김정은"]``. JSON escapes every character that could be ambiguous, so any list
  of any strings round-trips exactly (a separator such as ``;`` or ``|`` would need an escape
  rule of its own, and would break on the first name that contains it), and every Table Schema
  tool reads it as the standard ``array`` type. An empty list is an empty cell;
- a nested object that is never empty (a review's ``rating``, a claim's ``first_appearance``)
  is flattened into ``<field>_<subfield>`` columns: ``rating_label``, ``rating_value``...
  When all of them are empty the object is absent;
- a nested object that may legitimately be empty (an article's ``image``) is a child table with
  one row per parent (``article_images``: the row's presence is the object's presence), and a
  list of objects (a claim's ``appearances``) is a child table with a ``position`` column
  (``claim_appearances``, primary key ``claim, position``).

An empty cell is an absent value: the model has no empty strings (it refuses them), and an
absent list and an empty list are the same value. References between entities are ids; those
that name exactly one table are Table Schema ``foreignKeys``, and every reference column also
carries ``claimreview:references``, the tables its ids (or the ids in its array) must be found in,
which claimreview checks on export. Text cells follow the spreadsheet rule at the end of this
module (:func:`neutralise`).

**Sheet**: one row per review, the columns a newsroom keeps (:data:`SHEET_COLUMNS`); claimants
and reviewers are named, and become entities merged by name (or by id, when the id columns are
filled) when the sheet is read.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from pydantic import BaseModel, ValidationError

from claimreview.schemas import KINDS, models
from claimreview.schemas.fields import ID_PATTERN
from claimreview.schemas.models import FORMAT_VERSION

DIALECT = {"delimiter": ",", "lineTerminator": "\r\n", "quoteChar": '"', "doubleQuote": True, "header": True}

CELL_RULES = (
    "Cells: an empty cell is an absent value; a list is a JSON array of strings; a text cell that "
    "starts with = + - @ (after any blanks), a tab, a carriage return, a line feed (or the signs' "
    "full-width forms) or a single quote has one single quote put in front, so that spreadsheets do "
    "not run it as a formula: drop one leading quote from a text cell to get the value back. Numbers "
    "are plain numbers."
)


@dataclass(frozen=True)
class Column:
    """One CSV column and the model field it holds."""

    name: str
    path: tuple[str, ...]
    """Field path within the table's record, e.g. ("rating", "value")."""
    type: str
    """Table Schema type: string, number, integer or array."""
    required: bool = False
    description: str = ""
    constraints: Mapping[str, Any] = field(default_factory=dict)
    """Table Schema constraints of the cell (of each item, for an array)."""
    references: tuple[str, ...] = ()
    """Collections the id (or each id of an array) must be found in."""

    def descriptor(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "type": self.type}
        if self.description:
            out["description"] = self.description
        item_constraints = dict(self.constraints) if self.type == "array" else {}
        constraints = {} if self.type == "array" else dict(self.constraints)
        if self.required:
            constraints = {"required": True, **constraints}
        if constraints:
            out["constraints"] = constraints
        if self.type == "array":
            items: dict[str, Any] = {"type": "string"}
            if item_constraints:
                items["constraints"] = item_constraints
            out["claimreview:items"] = items
        if self.references:
            out["claimreview:references"] = list(self.references)
        return out


@dataclass(frozen=True)
class Table:
    """One CSV file of the tables layout."""

    name: str
    kind: str
    """The Document collection whose entities (or whose entities' child objects) it holds."""
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    child_field: str | None = None
    """For a child table: the field of the parent entity it holds (``appearances``, ``image``)."""
    many: bool = False
    """Child table of a list: rows carry a ``position`` (1, 2, ...) within their parent."""

    @property
    def file(self) -> str:
        return f"{self.name}.csv"

    @property
    def key_column(self) -> str:
        """The column naming the parent entity (child tables) or the entity's own id."""
        return self.primary_key[0]

    def foreign_keys(self) -> list[dict[str, Any]]:
        out = []
        for col in self.columns:
            if col.type != "array" and len(col.references) == 1:
                target = table_of_kind(col.references[0]).name
                out.append({"fields": col.name,
                            "reference": {"resource": "" if target == self.name else target, "fields": "id"}})
        return out

    def descriptor(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"fields": [c.descriptor() for c in self.columns],
                                  "missingValues": [""],
                                  "primaryKey": list(self.primary_key)}
        if fks := self.foreign_keys():
            schema["foreignKeys"] = fks
        return {"name": self.name, "path": self.file, "description": self.description(),
                "profile": "tabular-data-resource", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
                "dialect": DIALECT, "schema": schema}

    def description(self) -> str:
        if self.child_field is None:
            return f"The document's {self.kind.replace('_', ' ')}, one row each."
        owner = _singular(self.kind)
        what = self.child_field.replace("_", " ")
        if self.many:
            return f"Each {owner}'s {what}, one row each, in order ({self.primary_key[1]} 1, 2, ...)."
        return f"Each {owner}'s {what}, one row for each {owner} that has one (no row: none; a row of empty " \
               "cells: an empty one)."


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a whole document is turned into rows or back.

    Such work allocates millions of containers and no cycles; the collector would walk all of
    them again and again (reading 100,000 reviews took 2.5x as long with it). Reference counting
    still frees everything; the collector's previous state is restored."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# -- deriving the tables from the models' JSON Schema -------------------------------------------


def _xsd_pattern(pattern: str) -> str:
    """A JSON Schema (ECMA 262) pattern as a Table Schema (XML Schema) one: implicitly anchored,
    so the anchors go, and without non-capturing groups. Python's ``re.fullmatch`` reads it the
    same way."""
    if pattern.startswith("^") and pattern.endswith("$"):
        pattern = pattern[1:-1]
    return pattern.replace("(?:", "(")


def _singular(kind: str) -> str:
    return {"people": "person"}.get(kind, kind.removesuffix("s"))


class _Deriver:
    def __init__(self, document: type[models.Document] = models.Document) -> None:
        schema = document.model_json_schema(mode="validation")
        self.defs: dict[str, Any] = schema["$defs"]
        self.models = models.model_classes(document)
        self.kinds = {kind: schema["properties"][kind]["items"]["$ref"].rsplit("/", 1)[1] for kind in KINDS}

    def tables(self) -> tuple[Table, ...]:
        out: list[Table] = []
        for kind in KINDS:
            columns, children = self.columns(self.kinds[kind], (), True)
            out.append(Table(kind, kind, tuple(columns), ("id",)))
            for child_field, def_name, many in children:
                out.append(self.child_table(kind, child_field, def_name, many))
        return tuple(out)

    def child_table(self, kind: str, child_field: str, def_name: str, many: bool) -> Table:
        parent = _singular(kind)
        columns, children = self.columns(def_name, (), True)
        if children:
            raise NotImplementedError(f"{def_name}: child tables of child tables are not supported")
        # the parent's id column is named for the parent ("claim"), or "<parent>_id" where the child
        # has a field of that name (a citation's "article")
        key_name = f"{parent}_id" if any(c.name == parent for c in columns) else parent
        key = Column(key_name, (), "string", True, f"Id of the {parent} this row belongs to.",
                     {"pattern": _xsd_pattern(ID_PATTERN), "maxLength": 200}, (kind,))
        head = [key]
        if many:
            head.append(Column("position", (), "integer", True,
                               f"Order within the {parent}'s {child_field.replace('_', ' ')}, from 1.",
                               {"minimum": 1}))
        name = f"{parent}_{child_field}" if many else f"{parent}_{child_field}s"
        pk = (key_name, "position") if many else (key_name,)
        return Table(name, kind, (*head, *columns), pk, child_field, many)

    def columns(self, def_name: str, prefix: tuple[str, ...], parent_required: bool,
                ) -> tuple[list[Column], list[tuple[str, str, bool]]]:
        definition = self.defs[def_name]
        required = set(definition.get("required", ()))
        columns: list[Column] = []
        children: list[tuple[str, str, bool]] = []
        for name, prop in definition["properties"].items():
            is_required = parent_required and name in required
            inner, description = _inner(prop)
            ref = _ref(inner)
            if ref is not None and "properties" in self.defs[ref]:
                if is_required or not _can_be_empty(self.models[ref]):
                    sub, grandchildren = self.columns(ref, (*prefix, name), is_required)
                    if grandchildren:
                        raise NotImplementedError(f"{def_name}.{name}: nested child tables are not supported")
                    columns.extend(sub)
                else:
                    children.append((name, ref, False))
                continue
            if inner.get("type") == "array":
                items = inner["items"]
                item_ref = _ref(items)
                if item_ref is not None and "properties" in self.defs[item_ref]:
                    children.append((name, item_ref, True))
                    continue
                if item_ref is not None:  # a list of an enum's values (a media review's ratings)
                    allowed = ", ".join(self.defs[item_ref]["enum"])
                    columns.append(self.column(def_name, (*prefix, name), "array", False,
                                               f"{description} Each one of: {allowed}.".strip(), {}))
                    continue
                columns.append(self.column(def_name, (*prefix, name), "array", False, description, items))
                continue
            col_type = "number" if _is_number(inner) else "string"
            columns.append(self.column(def_name, (*prefix, name), col_type, is_required, description, inner))
        return columns, children

    def column(self, def_name: str, path: tuple[str, ...], col_type: str, required: bool, description: str,
               schema: Mapping[str, Any]) -> Column:
        constraints: dict[str, Any] = {}
        ref = _ref(schema)
        if ref is not None:  # an enum
            schema = self.defs[ref]
            constraints["enum"] = list(schema["enum"])
        pattern = schema.get("pattern")
        references: tuple[str, ...] = ()
        if pattern == ID_PATTERN and path[-1] != "id":
            marker = models.references(self.models[def_name]).get(path[-1])
            if marker is None:
                raise KeyError(f"{def_name}.{path[-1]} holds an id: declare what it refers to with a Ref on the "
                               "model field")
            references = marker.kinds
        if pattern is not None and pattern != r"\S":  # non-blank text is the model's rule (see module doc)
            constraints["pattern"] = _xsd_pattern(pattern)
        if "maxLength" in schema:
            constraints["maxLength"] = schema["maxLength"]
        description = (description or schema.get("description", "")).replace(
            "omit the field when unknown", "leave the cell empty when unknown")
        if col_type == "array":
            description = f"JSON array. {description}".strip()
        return Column("_".join(path), path, col_type, required, description, constraints, references)


def _inner(prop: Mapping[str, Any]) -> tuple[Mapping[str, Any], str]:
    """The schema of a property without its ``null`` alternative, and its description."""
    description = prop.get("description", "")
    options = [o for o in prop.get("anyOf", ()) if o.get("type") != "null"]
    if not options:
        return prop, description
    if len(options) == 1:
        return options[0], description
    return {"anyOf": options}, description


def _ref(schema: Mapping[str, Any]) -> str | None:
    ref = schema.get("$ref")
    return ref.rsplit("/", 1)[1] if isinstance(ref, str) else None


def _is_number(schema: Mapping[str, Any]) -> bool:
    types = {o.get("type") for o in schema.get("anyOf", [schema])}
    return bool(types) and types <= {"integer", "number"}


def _can_be_empty(model: type[BaseModel]) -> bool:
    try:
        model()
    except ValidationError:
        return False
    return True


@cache
def tables(document: type[models.Document] = models.Document) -> tuple[Table, ...]:
    """Every table of the tables layout, parents before their child tables (of ``document``, a
    Document model or a subclass of it)."""
    return _Deriver(document).tables()


@cache
def table_of_kind(kind: str) -> Table:
    return next(t for t in tables() if t.name == kind)


@cache
def datapackage() -> dict[str, Any]:
    """The ``datapackage.json`` written beside the tables."""
    return {
        "profile": "tabular-data-package",
        "name": "claimreview-document",
        "title": "claimreview document",
        "description": "A claimreview Document (people, organizations, sanctions, articles, claims and reviews) "
                       "as one table per collection. " + CELL_RULES,
        "claimreview": FORMAT_VERSION,
        "resources": [t.descriptor() for t in tables()],
    }


# -- the sheet -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SheetColumn:
    name: str
    role: str
    """Whose field: claim, claimant, review or reviewer."""
    path: tuple[str, ...]
    """Field path in that entity; ("kind",) for person/organization."""
    description: str
    required: bool = False
    """Must be in the header (its cells may still be empty where the model allows)."""
    aliases: tuple[str, ...] = ()


SHEET_COLUMNS: tuple[SheetColumn, ...] = (
    SheetColumn("claim_text", "claim", ("text",), "The claim as stated or closely paraphrased.", True, ("claim",)),
    SheetColumn("claimant_name", "claimant", ("name",), "Who made the claim, as written.", False, ("claimant",)),
    SheetColumn("claimant_kind", "claimant", ("kind",), "person or organization."),
    SheetColumn("claim_date", "claim", ("date",), "When the claim was made (YYYY-MM-DD, YYYY-MM or YYYY)."),
    SheetColumn("appearance_urls", "claim", ("appearances",),
                "Where the claim appeared: URLs separated by spaces or line breaks.", False,
                ("appearances", "appearance_url", "claim_urls")),
    SheetColumn("rating_label", "review", ("rating", "label"), "The verdict in words, e.g. False.", True,
                ("rating", "verdict")),
    SheetColumn("rating_value", "review", ("rating", "value"), "The verdict as a number on the scale."),
    SheetColumn("rating_best", "review", ("rating", "best"), "The best value of the scale."),
    SheetColumn("rating_worst", "review", ("rating", "worst"), "The worst value of the scale."),
    SheetColumn("rating_explanation", "review", ("rating", "explanation"), "Why the claim got its verdict.", False,
                ("explanation",)),
    SheetColumn("reviewer_name", "reviewer", ("name",), "Who reviewed the claim.", True, ("reviewer",)),
    SheetColumn("review_url", "review", ("url",), "The review's page: the fact check's URL."),
    SheetColumn("review_date", "review", ("date",), "When the review was published."),
    SheetColumn("language", "review", ("language",), "Language of the review (BCP 47, e.g. en, uk, ko).", False,
                ("review_language",)),
    SheetColumn("review_headline", "review", ("headline",), "Headline of the review."),
    SheetColumn("review_note", "review", ("note",), "Anything a reader should know about the review."),
    SheetColumn("claim_language", "claim", ("language",), "Language of the claim."),
    SheetColumn("rating_image", "review", ("rating", "image"), "URL of an image of the verdict."),
    SheetColumn("reviewer_kind", "reviewer", ("kind",), "organization (when empty) or person."),
    SheetColumn("review_id", "review", ("id",), "Id of the review (made from the claim when empty)."),
    SheetColumn("claim_id", "claim", ("id",), "Id of the claim (made from its text when empty); rows with the "
                "same claim id are reviews of one claim."),
    SheetColumn("claimant_id", "claimant", ("id",), "Id of the claimant (made from the name when empty)."),
    SheetColumn("reviewer_id", "reviewer", ("id",), "Id of the reviewer (made from the name when empty)."),
)

ROLE_KINDS = {"claim": "claims", "review": "reviews", "claimant": "people", "reviewer": "people"}
AGENT_KINDS = {"person": "people", "organization": "organizations", "organisation": "organizations"}
"""Words accepted in the *_kind columns, and the collection each names."""


def _header_key(header: str) -> str:
    return re.sub(r"[\s_\-]+", "_", header.strip().lower()).strip("_")


def normalise_header(header: str) -> str:
    """Headers match case-insensitively, with spaces, ``_`` and ``-`` alike: "Claim Text",
    "claim-text" and " CLAIM_TEXT " are all ``claim_text``."""
    return _header_key(header)


def sheet_table() -> Table:
    """The sheet as a Table, for the export check: its cells obey the same constraints as the
    model fields they hold."""
    return _sheet_table()


@cache
def _sheet_table() -> Table:
    columns = []
    for sc in SHEET_COLUMNS:
        if sc.path == ("kind",):
            enum = ["person", "organization"]
            columns.append(Column(sc.name, sc.path, "string", sc.role == "reviewer", sc.description, {"enum": enum}))
            continue
        if sc.path == ("appearances",):
            url = table_column("claim_appearances", "url").constraints["pattern"]
            columns.append(Column(sc.name, sc.path, "string", False, sc.description,
                                  {"pattern": rf"{url}(\s+{url})*"}))
            continue
        base = table_column(ROLE_KINDS[sc.role], "_".join(sc.path))
        required = sc.required or (sc.path == ("id",) and sc.role in ("claim", "review", "reviewer"))
        columns.append(Column(sc.name, sc.path, base.type, required, sc.description, base.constraints))
    return Table("sheet", "reviews", tuple(columns), ("review_id",))


def table_column(table: str, column: str) -> Column:
    t = next(t for t in tables() if t.name == table)
    return next(c for c in t.columns if c.name == column)


# -- spreadsheet safety of text cells ------------------------------------------------------------
#
# Spreadsheet safety for CSV text cells: the one rule, used by the CSV exporter and reader.
#
# A spreadsheet program evaluates a cell whose text starts with ``=``, ``+``, ``-`` or ``@`` as a
# formula, and treats a leading tab, carriage return or line feed the same way (OWASP, "CSV
# Injection"; ASVS 1.2.10). A text whose first non-blank character is one of the four signs
# (``  =1+1``) is treated the same, since an import that trims spaces makes it live. Following
# OWASP's guidance, such a text cell is written with a single quote in front, which spreadsheets
# read as "this is text" and do not show. The full-width forms of the four signs (U+FF1D, U+FF0B,
# U+FF0D, U+FF20) are escaped too, as a precaution: it costs nothing and the round trip stays
# lossless.
#
# To keep the round trip lossless, a text that itself starts with a single quote gets one more
# quote in front, so the reader's rule is simply "drop one leading quote":
#
# ==========================  =========================
# text in the model           text in the cell
# ==========================  =========================
# ``=SUM(A1)``                ``'=SUM(A1)``
# ``-2 points``               ``'-2 points``
# ``'Twas``                   ``''Twas``
# ``''``                      ``'''``
# ``Kyiv``                    ``Kyiv``
# ==========================  =========================
#
# The rule applies to every text cell. Number cells (a rating's value, best and worst) are written
# as plain numbers and not quoted: a spreadsheet reads ``-1`` there as the number -1, which is what
# it is, and only claimreview writes those cells, from numbers.


FORMULA_STARTS = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")
"""First characters that make a spreadsheet evaluate a cell (OWASP's list, with line feed), plus
full-width forms."""
FORMULA_SIGNS = frozenset("=+-@\uff1d\uff0b\uff0d\uff20")
"""The signs that start a formula once a spreadsheet's "trim spaces" import has removed the blanks
before them."""

QUOTE = "'"
_ESCAPED_STARTS = FORMULA_STARTS | {QUOTE}
_LEADING_BLANKS = re.compile(r"[\s\u00ad\u180e\u200b-\u200f\u2060-\u2064\ufeff\u2800]+")
"""White space and the invisible characters a trimming import may take for it (zero-width space,
joiners, soft hyphen, byte order mark, braille blank): a text led by them and then a formula sign
is neutralised too (``  =1+1``)."""


def _live_after_blanks(text: str) -> bool:
    blanks = _LEADING_BLANKS.match(text)
    return blanks is not None and text[blanks.end():blanks.end() + 1] in FORMULA_SIGNS


def neutralise(text: str) -> str:
    """The cell for a text: one single quote in front when the text starts with a formula
    character or a single quote, or with blanks and then a formula sign; the text unchanged
    otherwise."""
    if text and (text[0] in _ESCAPED_STARTS or (not text[0].isalnum() and _live_after_blanks(text))):
        return QUOTE + text
    return text


def restore(cell: str) -> str:
    """The text of a cell written by :func:`neutralise` (or typed with a leading quote)."""
    if cell and cell[0] == QUOTE:
        return cell[1:]
    return cell


def is_live_formula(cell: str) -> bool:
    """Would a spreadsheet evaluate this cell as a formula, before or after trimming the blanks
    in front of it? (Used by the export check.)"""
    return bool(cell) and (cell[0] in FORMULA_STARTS or (cell[0] != QUOTE and _live_after_blanks(cell)))


def neutralise_all(texts: Iterable[str | None]) -> list[str]:
    """:func:`neutralise` over a column (None -> empty cell), without a call per cell for the
    common text that starts with a letter or digit."""
    starts, live = _ESCAPED_STARTS, _live_after_blanks
    return ["" if t is None else QUOTE + t if t and (t[0] in starts or (not t[0].isalnum() and live(t))) else t
            for t in texts]


LAYOUTS = ("tables", "sheet")
"""The CSV layouts: a Data Package of one table per entity kind, or one sheet of reviews."""
