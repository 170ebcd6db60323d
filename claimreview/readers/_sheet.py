"""One sheet of reviews (one row per review) -> Document.

Each row names a claim, its claimant, a rating and a reviewer. Claimants and reviewers become
people and organizations, merged by name (or by id, where the id columns are filled); rows that
describe the same claim (the same ``claim_id``, or, without one, the same text, claimant, date,
language and URLs) become one claim with several reviews. Ids left empty are made from names and
texts ("Igor Korotchenko" -> ``igor-korotchenko``; a name with no Latin letters -> ``person-`` and
eight hex digits of its SHA-1), so the same sheet always gives the same ids.

A later row may leave a claim's cells empty ("as above"); cells it fills must agree with the
claim's first row. Column headers are matched case- and space-insensitively.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from claimreview.readers import _csvcells as cells
from claimreview.readers._csvcells import CellError, Place, Sheet, at_cell, place
from claimreview.readers._model import build_document
from claimreview.readers._sheetmap import (
    DATE_COLUMNS,
    DEFAULT_KIND,
    LANGUAGE_COLUMNS,
    URL_COLUMNS,
    URL_SCHEME,
    SheetSettings,
    describe_unknown,
    infer_order,
    language,
    sheet_date,
    url_hint,
)
from claimreview.readers.base import Loaded
from claimreview.readers.ids import Taken, digest, slug, unique
from claimreview.schemas.models import FORMAT_VERSION
from claimreview.tables import AGENT_KINDS, SHEET_COLUMNS, normalise_header
from claimreview.validation.diagnostics import ERROR, WARNING, Code, Diagnostic, split_pointer

CSV_CONFLICT = Code("csv.conflict", ERROR, "Rows that describe one claim, person or organization differently")
CSV_INVALID_KIND = Code("csv.invalid-kind", ERROR,
    "A claimant_kind or reviewer_kind that is not person or organization")
CSV_MISSING_NAME = Code("csv.missing-name", ERROR, "A kind given for a claimant or reviewer the row does not name")
CSV_URL_SEPARATOR = Code("csv.url-separator", WARNING,
    "An appearance URL ending in a comma or semicolon: URLs are separated by spaces or line breaks")

CODES: tuple[Code, ...] = (CSV_CONFLICT, CSV_INVALID_KIND, CSV_MISSING_NAME, CSV_URL_SEPARATOR)

_KNOWN = {normalise_header(n): sc.name for sc in SHEET_COLUMNS for n in (sc.name, *sc.aliases)}
_REQUIRED = [sc.name for sc in SHEET_COLUMNS if sc.required]
_NUMBERS = {"rating_value", "rating_best", "rating_worst"}
_KINDS = {"claimant_kind", "reviewer_kind"}
_PATHS: dict[str, dict[tuple[str, ...], str]] = {}
for _sc in SHEET_COLUMNS:
    _PATHS.setdefault(_sc.role, {})[_sc.path] = _sc.name
    _PATHS[_sc.role].setdefault(_sc.path[:1], _sc.name)
_SINGULAR = {"people": "person", "organizations": "organization"}
_UNREAD: Any = object()  # a kind cell that could not be read (already reported)


def read_sheet(text: str, file: str, settings: SheetSettings | None = None) -> Loaded:
    settings = settings or SheetSettings()
    sheet = cells.parse(text, file, cells.detect_delimiter(text))
    found = list(sheet.diagnostics)
    if not sheet.header:
        return Loaded(None, found)
    hint = ""
    if "id" in {normalise_header(h) for h in sheet.header}:
        hint = (" (this looks like one table of a claimreview data package: convert the folder or .zip that holds "
                "datapackage.json)")
    known = {**_KNOWN, **{k: v or "" for k, v in settings.columns.items()}}
    required = [c for c in _REQUIRED if c not in settings.defaults]
    columns, problems = cells.match_header(sheet, known, required, hint,
                                           lambda raw, taken: describe_unknown(raw, taken, settings.source))
    found.extend(problems)
    if any(name not in columns for name in _REQUIRED):  # reported by match_header
        return Loaded(None, found)
    builder = _Builder(sheet, columns, settings)
    for (n, _), values in zip(sheet.rows, builder.decoded(), strict=True):
        builder.add_row(n, values)
    found.extend(builder.found)
    loaded = build_document(builder.data)
    found.extend(place(d, builder.locate(d.pointer)) for d in loaded.diagnostics)
    found.sort(key=lambda d: (d.line or 0, d.column or 0))
    if any(d.is_error for d in found):
        return Loaded(None, found)
    return Loaded(loaded.document, found)


def _kind(cell: str) -> str | None:
    value = cells.text(cell)
    if value is None:
        return None
    kind = AGENT_KINDS.get(value.strip().lower())
    if kind is None:
        raise CellError(CSV_INVALID_KIND, f"{value[:40]!r}: write person or organization")
    return kind


@dataclass
class _Agent:
    kind: str
    index: int
    name: str | None
    row: int
    role: str


@dataclass
class _Builder:
    sheet: Sheet
    columns: dict[str, int]
    settings: SheetSettings = field(default_factory=SheetSettings)
    data: dict[str, Any] = field(default_factory=lambda: {
        "claimreview": FORMAT_VERSION, "people": [], "organizations": [], "claims": [], "reviews": []})
    found: list[Diagnostic] = field(default_factory=list)
    used: set[str] = field(default_factory=Taken)
    named: dict[str, str] = field(default_factory=dict)
    """Name -> id, from rows that give both."""
    agents: dict[str, _Agent] = field(default_factory=dict)
    by_name: dict[str, list[str]] = field(default_factory=dict)
    claims: dict[str, int] = field(default_factory=dict)
    claim_keys: dict[tuple[Any, ...], int] = field(default_factory=dict)
    claim_rows: list[int] = field(default_factory=list)
    review_rows: list[int] = field(default_factory=list)
    defaulted: list[str] = field(default_factory=list)
    """Claimants taken as the default kind, for the one warning that says so."""
    order: str | None = None

    def decoded(self) -> list[dict[str, Any]]:
        """Each row's values by column name, decoded a column at a time; a cell that cannot be
        read is reported and reads as None (a kind cell as _UNREAD). Ids given anywhere in the
        sheet are reserved before any id is made up."""
        # a kind applies only where a name is given: _agent reads those defaults itself
        defaults = {k: v for k, v in self.settings.defaults.items() if k not in _KINDS}
        names = list(self.columns) + [c for c in defaults if c not in self.columns]
        raw = {name: [row[self.columns[name]] if name in self.columns else "" for _, row in self.sheet.rows]
               for name in names}
        for column, default in defaults.items():
            raw[column] = [cell if cell.strip() else default for cell in raw[column]]
        self.order = self.settings.date_format or infer_order(c for n in DATE_COLUMNS for c in raw.get(n, ()))
        columns = [self._decode(n, raw[n]) for n in names]
        rows = [dict(zip(names, values, strict=True)) for values in zip(*columns, strict=True)] if names else []
        for values in rows:
            self.used.update(v for c in ("review_id", "claim_id", "claimant_id", "reviewer_id")
                             if (v := values.get(c)) is not None)
            for role in ("claimant", "reviewer"):
                name, aid = values.get(f"{role}_name"), values.get(f"{role}_id")
                if name is not None and aid is not None:
                    self.named.setdefault(name, aid)
        return rows

    def _decode(self, name: str, column: list[str]) -> list[Any]:
        if name in DATE_COLUMNS or name in LANGUAGE_COLUMNS or name in URL_COLUMNS:
            return self._decode_text(name, column)
        if name not in _NUMBERS and name not in _KINDS:
            values: list[Any] = cells.texts(column)
            return [None if v is None else v.split() for v in values] if name == "appearance_urls" else values
        decode = cells.number if name in _NUMBERS else _kind
        out: list[Any] = []
        for (n, _), cell in zip(self.sheet.rows, column, strict=True):
            try:
                out.append(decode(cell))
            except CellError as exc:
                self._error(exc.code, exc.message, n, name)
                out.append(_UNREAD if name in _KINDS else None)
        return out

    def _decode_text(self, name: str, column: list[str]) -> list[Any]:
        """Dates as spreadsheets write them, language names, URLs missing their scheme."""
        out: list[Any] = []
        for (n, _), value in zip(self.sheet.rows, cells.texts(column), strict=True):
            try:
                if value is None:
                    out.append(None)
                elif name in DATE_COLUMNS:
                    out.append(sheet_date(value, self.order))
                elif name in LANGUAGE_COLUMNS:
                    out.append(language(value))
                else:
                    urls = value.split() if name == "appearance_urls" else [value]
                    for url in urls:
                        if (hint := url_hint(url)) is not None:
                            raise CellError(URL_SCHEME, hint)
                    out.append(urls if name == "appearance_urls" else value)
            except CellError as exc:
                self._error(exc.code, exc.message, n, name)
                out.append(None)
        return out

    def _error(self, code: Code, message: str, row: int, column: str) -> None:
        self.found.append(at_cell(code, message, self.sheet.file, row, self.columns.get(column), self.sheet.header))

    def _new_id(self, base: str) -> str:
        return unique(base, self.used)

    def add_row(self, n: int, values: dict[str, Any]) -> None:
        for url in values.get("appearance_urls") or ():
            if url.endswith((",", ";")):
                self._error(CSV_URL_SEPARATOR, f"{url[:80]!r} ends with {url[-1]!r}: separate URLs with spaces "
                            "or line breaks (ignore this if the URL really ends so)", n, "appearance_urls")
        claimant = self._agent("claimant", n, values)
        reviewer = self._agent("reviewer", n, values)
        claim_id = self._claim(n, values, claimant)
        rating = {k: values.get(f"rating_{k}") for k in ("label", "value", "best", "worst", "explanation", "image")}
        review = {
            "id": values.get("review_id") or self._new_id(review_id(values.get("review_url"), claim_id)),
            "claim": claim_id, "reviewer": reviewer, "rating": _present(rating),
            "url": values.get("review_url"), "date": values.get("review_date"),
            "headline": values.get("review_headline"), "language": values.get("language"),
            "note": values.get("review_note"),
        }
        self.data["reviews"].append(_present(review))
        self.review_rows.append(n)

    def _agent(self, role: str, n: int, values: dict[str, Any]) -> str | None:
        aid, name, kind = values.get(f"{role}_id"), values.get(f"{role}_name"), values.get(f"{role}_kind")
        if kind is _UNREAD:
            return None  # reported at the kind cell
        if aid is None and name is None:
            if kind is not None:
                self._error(CSV_MISSING_NAME, f"the row gives a {role} kind but no {role}_name", n, f"{role}_kind")
            return None
        if aid is None and name is not None:
            aid = self.named.get(name)
            if aid is None:
                same = [x for x in self.by_name.get(name, ()) if kind is None or self.agents[x].kind == kind]
                aid = same[0] if same else None
        if aid is not None and aid in self.agents:
            return self._same_agent(role, n, aid, name, kind)
        if kind is None and role == "claimant":
            chosen = self.settings.kind_default()
            if chosen is None:
                self._default_kind(n, name or aid or "")
            kind = AGENT_KINDS[chosen or "person"]
        elif kind is None:
            kind = AGENT_KINDS.get(self.settings.defaults.get("reviewer_kind", ""), "organizations")
        return self._add_agent(role, n, aid, name, kind)

    def _default_kind(self, n: int, name: str) -> None:
        """One warning for the sheet, at the first claimant taken as a person."""
        self.defaulted.append(name)
        if len(self.defaulted) == 1:
            column = "claimant_kind" if "claimant_kind" in self.columns else "claimant_name"
            self.found.append(at_cell(DEFAULT_KIND, f"{name[:60]!r} and every other claimant without a kind "
                                      "is taken as a person: write claimant_kind = \"organization\" (or \"person\") "
                                      "under [defaults] in the mapping file, or --claimant-kind, to say so",
                                      self.sheet.file, n, self.columns.get(column), self.sheet.header))

    def _same_agent(self, role: str, n: int, aid: str, name: str | None, kind: str | None) -> str:
        agent = self.agents[aid]
        if name is not None and agent.name is not None and name != agent.name:
            self._error(CSV_CONFLICT, f"{aid!r} is named {agent.name!r} in row {agent.row} but {name!r} here: "
                        f"write one name, or give the two different {role}_id values", n, f"{role}_name")
        if kind is not None and kind != agent.kind:
            self._error(CSV_CONFLICT, f"{aid!r} is a {_SINGULAR[agent.kind]} in row {agent.row} but a "
                        f"{_SINGULAR[kind]} here", n, f"{role}_kind")
        return aid

    def _add_agent(self, role: str, n: int, aid: str | None, name: str | None, kind: str) -> str:
        if aid is None:
            assert name is not None
            aid = self._new_id(slug(name) or f"{_SINGULAR[kind]}-{digest(name)}")
        records = self.data[kind]
        self.agents[aid] = _Agent(kind, len(records), name, n, role)
        records.append(_present({"id": aid, "name": name}))
        if name is not None:
            self.by_name.setdefault(name, []).append(aid)
        return aid

    def _claim(self, n: int, values: dict[str, Any], claimant: str | None) -> str:
        urls = values.get("appearance_urls")
        text: str | None = values.get("claim_text")
        fields = {"text": text, "claimant": claimant, "date": values.get("claim_date"),
                  "language": values.get("claim_language"),
                  "appearances": [{"url": u} for u in urls] if urls else None}
        cid: str | None = values.get("claim_id")
        if cid is not None and cid in self.claims:
            self._same_claim(n, cid, fields)
            return cid
        key = tuple(repr(v) for v in fields.values())
        if cid is None and key in self.claim_keys:
            return str(self.data["claims"][self.claim_keys[key]]["id"])
        if cid is None:
            cid = self._new_id(claim_id(text or ""))
        index = len(self.data["claims"])
        self.claims[cid] = index
        self.claim_keys.setdefault(key, index)
        self.data["claims"].append(_present({"id": cid, **fields}))
        self.claim_rows.append(n)
        return cid

    def _same_claim(self, n: int, cid: str, fields: dict[str, Any]) -> None:
        first = self.data["claims"][self.claims[cid]]
        row = self.claim_rows[self.claims[cid]]
        columns = {"text": "claim_text", "claimant": "claimant_name", "date": "claim_date",
                   "language": "claim_language", "appearances": "appearance_urls"}
        for key, value in fields.items():
            if value is not None and first.get(key) != value:
                self._error(CSV_CONFLICT, f"claim {cid!r} is described differently in row {row}: rows of the same "
                            "claim must agree (or leave the cell empty)", n, columns[key])

    def locate(self, ptr: str) -> Place | None:
        tokens = split_pointer(ptr)
        if len(tokens) < 2 or not tokens[1].isdigit():
            return None
        kind, i, rest = tokens[0], int(tokens[1]), tuple(tokens[2:])
        if kind == "reviews" and i < len(self.review_rows):
            row, role = self.review_rows[i], "review"
        elif kind == "claims" and i < len(self.claim_rows):
            row, role = self.claim_rows[i], "claim"
        else:
            agent = next((a for a in self.agents.values() if a.kind == kind and a.index == i), None)
            if agent is None:
                return None
            row, role = agent.row, agent.role
        return self.sheet.file, row, self._column(role, rest), self.sheet.header

    def _column(self, role: str, rest: tuple[str, ...]) -> int | None:
        paths = _PATHS[role]
        name = paths.get(rest[:2]) or paths.get(rest[:1])
        if name is None and rest[:1] in {("claim",), ("reviewer",), ("claimant",)}:
            ref = rest[0]
            options = {"claim": ("claim_id", "claim_text"), "reviewer": ("reviewer_name", "reviewer_id"),
                       "claimant": ("claimant_name", "claimant_id")}[ref]
            name = next((o for o in options if o in self.columns), None)
        return self.columns.get(name) if name is not None else None


def claim_id(text: str) -> str:
    """A short, stable id for a claim: its first few words and six hex digits of its text
    ("north-korea-could-send-up-3fa2c1"), so that two claims that begin alike still differ."""
    words = slug(text, limit=28)
    return f"{words}-{digest(text)[:6]}" if words else f"claim-{digest(text)}"


def review_id(url: str | None, claim: str) -> str:
    """A review's id: the last part of its page's path, which its editors chose to be short and
    readable (.../reviews/north-korea-100000-troops), or else its claim's id."""
    if url:
        path = urlsplit(url).path.rstrip("/")
        last = slug(path.rsplit("/", 1)[-1].rsplit(".", 1)[0], limit=40)
        if last and not last.isdigit() and last not in ("index", "article", "story"):
            return last
    return f"review-{claim}"


def _present(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None}
