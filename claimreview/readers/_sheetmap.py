"""A newsroom's sheet as it is kept: its own headers mapped to claimreview's columns, dates as
spreadsheets write them, language names, and defaults for what most sheets leave out.

The mapping comes from ``--map "Fact-check URL=review_url"`` options and from a mapping file
kept beside the sheet (``<sheet>.mapping.toml``, ``.yaml`` or ``.yml``; found automatically, or
named with ``--mapping``)::

    date_format = "month-first"      # 1/10/2025 is January 10 (Google Sheets in the US)

    [columns]                        # header in the sheet = claimreview column ("" ignores it)
    "Fact-check URL" = "review_url"
    "Where it appeared" = "appearance_urls"

    [defaults]                       # the value of an empty cell, or of a missing column
    claimant_kind = "person"
    language = "English"

Dates: ISO (2025-01-10), day-first or month-first numbers (10/1/2025, 1/10/25, 10.01.2025),
month names (January 10, 2025; 10 Jan 2025) and Excel serial numbers (45667). A date whose
order cannot be told (1/10/2025) needs ``date_format``; when every numeric date of the sheet
can be read only one way, that way is taken.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimreview.readers._csvcells import CellError
from claimreview.schemas.fields import BCP47_PATTERN, is_http_url
from claimreview.tables import SHEET_COLUMNS, normalise_header
from claimreview.validation.diagnostics import ERROR, WARNING, Code, Diagnostic

MAPPING = Code("csv.mapping", ERROR, "A column mapping (--map HEADER=column, or the mapping file beside the sheet) "
               "that cannot be used: a column claimreview does not know, or a file that is not TOML or YAML.")
AMBIGUOUS_DATE = Code("csv.ambiguous-date", ERROR, "A date such as 1/10/2025 that reads as two days: say how the "
                      "sheet writes dates with --date-format day-first or month-first (or date_format in the mapping "
                      "file).")
INVALID_DATE = Code("csv.invalid-date", ERROR, "A date cell that is not a date in any form spreadsheets write.")
INVALID_LANGUAGE = Code("csv.invalid-language", ERROR, "A language cell that is neither a BCP 47 tag (en, pt-BR) "
                        "nor a language name (English, Español).")
URL_SCHEME = Code("csv.url-scheme", ERROR, "A URL without http:// or https://: write the address as a browser "
                  "shows it, with https:// in front.")
DEFAULT_KIND = Code("csv.default-kind", WARNING, "Claimants with no claimant_kind were taken as people (or as "
                    "the kind the mapping or --claimant-kind names); say it once in the mapping file to silence this.")
CODES = (MAPPING, AMBIGUOUS_DATE, INVALID_DATE, INVALID_LANGUAGE, URL_SCHEME, DEFAULT_KIND)

DATE_FORMATS = ("iso", "day-first", "month-first")
KINDS = ("person", "organization")
DATE_COLUMNS = frozenset({"claim_date", "review_date"})
LANGUAGE_COLUMNS = frozenset({"language", "claim_language"})
URL_COLUMNS = frozenset({"review_url", "rating_image", "appearance_urls"})
SUFFIXES = (".mapping.toml", ".mapping.yaml", ".mapping.yml")
COLUMN_NAMES = tuple(sc.name for sc in SHEET_COLUMNS)


@dataclass
class SheetSettings:
    """How to read one sheet: what its headers mean, how it writes dates, what empty cells hold."""

    columns: dict[str, str | None] = field(default_factory=dict)
    """Normalised header -> claimreview column, or None to ignore the column."""
    defaults: dict[str, str] = field(default_factory=dict)
    date_format: str | None = None
    claimant_kind: str | None = None
    source: str | None = None
    """Where the mapping came from (for messages)."""

    def kind_default(self) -> str | None:
        return self.claimant_kind or self.defaults.get("claimant_kind")


def _column(name: str, where: str) -> str | None:
    """A mapping target: a column name (as the sheet writes it or as claimreview does); "" ignores."""
    if not name.strip() or name.strip() == "-":
        return None
    key = normalise_header(name)
    if key in COLUMN_NAMES:
        return key
    close = difflib.get_close_matches(key, COLUMN_NAMES, n=1, cutoff=0.5)
    hint = f"did you mean {close[0]!r}?" if close else f"claimreview columns: {', '.join(COLUMN_NAMES)}"
    raise CellError(MAPPING, f"{where}: {name!r} is not a claimreview column: {hint}")


def settings(options: Mapping[str, Any], sheet: Path | None) -> tuple[SheetSettings, list[Diagnostic]]:
    """The settings of a sheet: its mapping file (named, or found beside it), then the options."""
    out = SheetSettings()
    found: list[Diagnostic] = []
    named = options.get("mapping")
    path = Path(named) if named else find_mapping(sheet)
    if path is not None:
        found.extend(_load_file(path, out))
    for spec in options.get("map") or ():
        header, eq, target = str(spec).partition("=")
        if not eq or not header.strip():
            found.append(MAPPING.at(f"--map {spec!r}: write HEADER=column, e.g. --map \"Fact-check URL=review_url\""))
            continue
        try:
            out.columns[normalise_header(header)] = _column(target, f"--map {spec!r}")
        except CellError as exc:
            found.append(MAPPING.at(exc.message))
    if options.get("date_format"):
        out.date_format = str(options["date_format"])
    if options.get("claimant_kind"):
        out.claimant_kind = str(options["claimant_kind"])
    return out, found


def find_mapping(sheet: Path | None) -> Path | None:
    """``news.csv.mapping.toml`` or ``news.mapping.toml`` (or .yaml, .yml) beside ``news.csv``."""
    if sheet is None:
        return None
    for base in (sheet.name, sheet.stem):
        for suffix in SUFFIXES:
            candidate = sheet.with_name(base + suffix)
            if candidate.is_file():
                return candidate
    return None


def _load_file(path: Path, out: SheetSettings) -> list[Diagnostic]:
    name = str(path)
    out.source = name
    try:
        raw = path.read_bytes()[:1_000_000].decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        return [MAPPING.at(f"the mapping file cannot be read: {exc}", file=name)]
    try:
        if path.suffix == ".toml":
            data: Any = tomllib.loads(raw)
        else:
            import yaml

            data = yaml.safe_load(raw) or {}
    except (tomllib.TOMLDecodeError, ValueError) as exc:
        return [MAPPING.at(f"the mapping file is not valid {path.suffix[1:].upper()}: {exc}", file=name)]
    except Exception as exc:  # yaml.YAMLError: the YAML module's errors share no stdlib base
        return [MAPPING.at(f"the mapping file is not valid YAML: {exc}", file=name)]
    if not isinstance(data, dict):
        return [MAPPING.at("the mapping file must be a table of settings", file=name)]
    found: list[Diagnostic] = []
    known = {"columns", "defaults", "date_format", "claimant_kind"}
    for key in data:
        if key not in known:
            found.append(MAPPING.at(f"unknown setting {key!r}: the file knows {', '.join(sorted(known))}",
                                    f"/{key}", file=name))
    columns, defaults = data.get("columns") or {}, data.get("defaults") or {}
    if not isinstance(columns, dict) or not isinstance(defaults, dict):
        return [*found, MAPPING.at("columns and defaults must be tables of names and texts", file=name)]
    for header, target in columns.items():
        try:
            if not isinstance(target, str):
                raise CellError(MAPPING, f"columns: {header!r} must name a column as text")
            out.columns[normalise_header(str(header))] = _column(target, f"columns: {header!r}")
        except CellError as exc:
            found.append(MAPPING.at(exc.message, f"/columns/{header}", file=name))
    for column, value in defaults.items():
        try:
            target = _column(str(column), f"defaults: {column!r}")
        except CellError as exc:
            found.append(MAPPING.at(exc.message, f"/defaults/{column}", file=name))
            continue
        if target in ("claimant_kind", "reviewer_kind") and value not in KINDS:
            found.append(MAPPING.at(f"defaults: {column} must be one of {', '.join(KINDS)}", f"/defaults/{column}",
                                    file=name))
        elif target is not None and isinstance(value, str | int | float) and not isinstance(value, bool):
            out.defaults[target] = str(value)
        else:
            found.append(MAPPING.at(f"defaults: {column!r} needs a text value", f"/defaults/{column}", file=name))
    for key, choices in (("date_format", DATE_FORMATS), ("claimant_kind", KINDS)):
        if key in data:
            if data[key] in choices:
                setattr(out, key, data[key])
            else:
                found.append(MAPPING.at(f"{key} must be one of {', '.join(choices)}", f"/{key}", file=name))
    return found


# -- closest known column ---------------------------------------------------------------------------

_WORD = re.compile(r"[a-z0-9]+")


def _words(text: str) -> set[str]:
    return {w.removesuffix("s") for w in _WORD.findall(text.lower()) if len(w) > 1 and w not in _STOP}


_STOP = {"the", "of", "it", "its", "a", "an", "or", "and", "to", "in", "on", "by", "for", "was", "as", "when", "who",
         "what", "where", "from", "e", "g"}


def closest_column(header: str, taken: Iterable[str] = ()) -> str:
    """The claimreview column a header most likely means: by the words it shares with each
    column's name, aliases and description, then by spelling."""
    key = normalise_header(header)
    words = _words(header)
    skip = set(taken)

    def score(sc: Any) -> tuple[float, float]:
        own = _words(" ".join((sc.name, *sc.aliases)).replace("_", " "))
        desc = _words(sc.description)
        shared = 2 * len(words & own) + len(words & desc)
        spelling = max(difflib.SequenceMatcher(None, key, n).ratio() for n in (sc.name, *sc.aliases))
        return (shared - (sc.name in skip), spelling)

    return max(SHEET_COLUMNS, key=score).name


# -- cells ---------------------------------------------------------------------------------------------

_NUMERIC_DATE = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})(?:[ T].*)?")
_ISO = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
_ISO_TIME = re.compile(r"(\d{4}-\d{2}-\d{2})[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?")
_SERIAL = re.compile(r"\d{5}(?:\.\d+)?")
_MONTHS = {m.lower(): i for i, m in enumerate(
    ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
     "December"), 1)}
_MONTHS.update({m[:3]: i for m, i in list(_MONTHS.items())})
_MONTHS["sept"] = 9
_MONTH = "(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_NAMED_MDY = re.compile(rf"(?:[a-z]+,?\s+)?{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})", re.IGNORECASE)
_NAMED_DMY = re.compile(rf"(?:[a-z]+,?\s+)?(\d{{1,2}})(?:st|nd|rd|th)?\.?\s+{_MONTH},?\s+(\d{{4}})", re.IGNORECASE)
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def infer_order(cells: Iterable[str | None]) -> str | None:
    """day-first or month-first when a sheet's numeric dates can be read only one way."""
    day_first = month_first = False
    for cell in cells:
        m = _NUMERIC_DATE.fullmatch(cell.strip()) if cell else None
        if m:
            a, b = int(m.group(1)), int(m.group(2))
            day_first |= a > 12 >= b
            month_first |= b > 12 >= a
    if day_first != month_first:
        return "day-first" if day_first else "month-first"
    return None


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:  # as spreadsheets read two-digit years: 00-29 are 2000s, 30-99 1900s
        year += 2000 if year < 30 else 1900
    return year


def _iso(year: int, month: int, day: int, cell: str) -> str:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        raise CellError(INVALID_DATE, f"{cell!r} is not a day of the calendar") from None


def sheet_date(cell: str, order: str | None) -> str:
    """A date cell as ISO 8601 (YYYY-MM-DD, or YYYY-MM and YYYY as given)."""
    value = cell.strip()
    if _ISO.fullmatch(value) or re.match(r"\d{4}-\d{2}-\d{2}T", value):
        return value  # ISO 8601 as written: the model checks it
    if m := _ISO_TIME.fullmatch(value):
        return m.group(1)
    if _SERIAL.fullmatch(value):
        serial = int(float(value))
        if 1 <= serial < 2_958_466:
            return (_EXCEL_EPOCH + dt.timedelta(days=serial)).isoformat()
    if m := _NUMERIC_DATE.fullmatch(value):
        a, b, year = int(m.group(1)), int(m.group(2)), _year(m.group(3))
        if order is None or order == "iso":
            if a > 12 >= b:
                order = "day-first"
            elif b > 12 >= a or a == b:
                order = "month-first"
            else:
                raise CellError(AMBIGUOUS_DATE, f"{value!r} may be {_spell(year, b, a)} or {_spell(year, a, b)}: "
                                "say which with --date-format day-first or month-first (or date_format = "
                                "\"month-first\" in the mapping file)")
        day, month = (a, b) if order == "day-first" else (b, a)
        return _iso(year, month, day, value)
    if m := _NAMED_MDY.fullmatch(value):
        return _iso(int(m.group(3)), _MONTHS[m.group(1).lower()], int(m.group(2)), value)
    if m := _NAMED_DMY.fullmatch(value):
        return _iso(int(m.group(3)), _MONTHS[m.group(2).lower()], int(m.group(1)), value)
    raise CellError(INVALID_DATE, f"{value[:40]!r} is not a date: write 2025-01-10, 1/10/2025 with "
                    "--date-format, or January 10, 2025")


def _spell(year: int, month: int, day: int) -> str:
    try:
        return dt.date(year, month, day).strftime("%-d %B %Y")
    except ValueError:
        return f"{year}-{month:02d}-{day:02d}"


_BCP47 = re.compile(BCP47_PATTERN)


def language(cell: str) -> str:
    """A language cell as a BCP 47 tag: a tag as written (en, pt-BR), or a language's name in
    English or in itself (English, Español, Deutsch, 한국어), through langcodes."""
    value = cell.strip()
    try:
        import langcodes
    except ImportError:  # langcodes comes with the sheets extra
        if _BCP47.fullmatch(value):
            return value
        raise CellError(INVALID_LANGUAGE, f"{value[:40]!r} is not a BCP 47 tag such as en: write the tag, or "
                        "pip install 'claimreview[sheets]' to read language names") from None
    if _BCP47.fullmatch(value) and langcodes.tag_is_valid(value):
        return str(langcodes.standardize_tag(value))
    try:
        return str(langcodes.find(value).to_tag()) if len(value) <= 60 else ""
    except LookupError:
        pass
    raise CellError(INVALID_LANGUAGE, f"{value[:40]!r} is not a language tag or name: write e.g. en, es, "
                    "English or Español")


_HOSTLIKE = re.compile(r"(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)+(?:[/?#:].*)?", re.IGNORECASE)


def url_hint(url: str) -> str | None:
    """A fix hint for a URL written without its scheme (``www.example.org/a``), or None."""
    if is_http_url(url) or "://" in url:
        return None
    if _HOSTLIKE.fullmatch(url):
        return f"{url[:80]!r} has no scheme: write https://{url[:80]}"
    return None


def describe_unknown(raw: str, taken: Sequence[str], source: str | None) -> str:
    """The fix for a header claimreview does not know: the closest column, and how to map it."""
    guess = closest_column(raw, taken)
    where = f"a line in {source}" if source else "a mapping file beside the sheet (<sheet>.mapping.toml)"
    return (f"unknown column {raw!r}: the closest known column is {guess!r}; map it with "
            f"--map \"{raw}={guess}\" or {where} ([columns] \"{raw}\" = \"{guess}\"; \"\" ignores the column)")
