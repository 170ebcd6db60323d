"""The record check: one pure function, :func:`check_record`, that every record stream goes through.

``check_record(record, settings) -> list[Diagnostic]``: no I/O, no global state but a per-process
cache of what :class:`Settings` compile to (the ClaimReview profile's JSON Schema, jsonschema-rs,
and the rule set's node checks), so ``validate``, ``convert``, ``--jobs`` worker processes, Dask
workers and the web app all judge a record the same way. Its findings are placed: pointers into
the input (``record.pointer`` + the pointer in the record), the file, the item, and the line and
column found by looking the pointer up in the record's text (only for records with findings).

A valid record costs one compiled schema call and the rule set's screen (see below); no
diagnostic and no position is made for it. Per-record checks left out: the schema.org vocabulary
check costs about 35 µs a record and offline JSON-LD expansion about 300 µs (where everything
else costs about 10 µs), so streams skip expansion and run the vocabulary only when asked
(``Settings(vocabulary=True)``, ``claimreview validate --vocabulary``); a single page's markup
gets both.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import orjson

from claimreview.blank import has_visible
from claimreview.readers.base import INPUT_HUGE_STRING, JSON_TOO_DEEP, Record
from claimreview.readers.strictjson import find_offset
from claimreview.validation.claimreview import CLAIMREVIEW_CLAIM_REVIEWED_TOO_LONG as _TOO_LONG
from claimreview.validation.claimreview import MAX_CLAIM_REVIEWED
from claimreview.validation.diagnostics import ERROR, Code, Diagnostic, escape_token, pointer
from claimreview.validation.registries import check_record as registry_record
from claimreview.validation.schema import SCHEMA_INVALID
from claimreview.validation.vocabulary import local_name, unknown_keys

EXPORT_REFUSED = Code("export.refused", ERROR,
    "The input could not be converted as asked (a document without reviews has no JSON Lines); the message "
    "says why.")
FEED_EMPTY_ITEM = Code("feed.empty-item", ERROR, "A DataFeedItem without the item it should carry.")
FEED_NO_ITEMS = Code("feed.no-items", ERROR,
    "A feed (array or DataFeed) with no items: there is no ClaimReview to check.")
FEED_NOT_A_CLAIM_REVIEW = Code("feed.not-a-claim-review", ERROR,
    "A feed item of another type than ClaimReview or MediaReview (a misspelt ClaimReview, a NewsArticle, ...).")
FEED_TOO_MANY_PROBLEMS = Code("feed.too-many-problems", ERROR,
    "More than 100 problems in one record: the rest are counted, not listed.")
SCHEMA_ADDITIONAL_PROPERTIES = Code("schema.additional-properties", ERROR,
    "A feed record breaks the ClaimReview profile's JSON Schema: a property the profile does not allow.")
SCHEMA_ALL_OF = Code("schema.all-of", ERROR,
    "A feed record breaks the ClaimReview profile's JSON Schema: a value that breaks one of several "
    "constraints.")
SCHEMA_ANY_OF = Code("schema.any-of", ERROR,
    "A feed record breaks the ClaimReview profile's JSON Schema: a value that fits none of the shapes allowed "
    "there (a Person, an Organization or a link, ...).")
SCHEMA_CONST = Code("schema.const", ERROR,
    "A feed record breaks the ClaimReview profile's JSON Schema: a value other than the one the profile fixes "
    "(such as @type ClaimReview).")
SCHEMA_ENUM = Code("schema.enum", ERROR,
    "A feed record breaks the ClaimReview profile's JSON Schema: a value outside the allowed set.")
SCHEMA_FALSE = Code("schema.false", ERROR,
    "A feed record breaks the ClaimReview profile's JSON Schema: a value where the profile allows none.")
SCHEMA_FORMAT = Code("schema.format", ERROR,
    "A feed record breaks the ClaimReview profile's JSON Schema: a value that is not of the declared format.")
SCHEMA_MAX_ITEMS = Code("schema.max-items", ERROR,
    "A feed record breaks the ClaimReview profile's JSON Schema: a list with too many items.")
SCHEMA_MAX_LENGTH = Code("schema.max-length", ERROR,
    "A feed record breaks the ClaimReview profile's JSON Schema: text longer than allowed.")
SCHEMA_MAXIMUM = Code("schema.maximum", ERROR,
    "A feed record breaks the ClaimReview profile's JSON Schema: a number above the allowed maximum.")
SCHEMA_MIN_ITEMS = Code("schema.min-items", ERROR,
    "A feed record breaks the ClaimReview profile's JSON Schema: a list with too few items.")
SCHEMA_MIN_LENGTH = Code("schema.min-length", ERROR,
    "A feed record breaks the ClaimReview profile's JSON Schema: text shorter than allowed (an empty string).")
SCHEMA_MINIMUM = Code("schema.minimum", ERROR,
    "A feed record breaks the ClaimReview profile's JSON Schema: a number below the allowed minimum.")
SCHEMA_NOT = Code("schema.not", ERROR,
    "A feed record breaks the ClaimReview profile's JSON Schema: a value of a shape that is not allowed there.")
SCHEMA_ONE_OF = Code("schema.one-of", ERROR,
    "A feed record breaks the ClaimReview profile's JSON Schema: a value that fits none, or more than one, of "
    "the shapes allowed there.")
SCHEMA_PATTERN = Code("schema.pattern", ERROR,
    "A feed record breaks the ClaimReview profile's JSON Schema: text that does not have the required form (an "
    "http(s) URL, an ISO 8601 date, a BCP 47 tag, non-blank text).")
SCHEMA_REQUIRED = Code("schema.required", ERROR,
    "A feed record breaks the ClaimReview profile's JSON Schema: a required property is missing.")
SCHEMA_TYPE = Code("schema.type", ERROR,
    "A feed record breaks the ClaimReview profile's JSON Schema: a value of the wrong JSON type.")
SCHEMA_UNIQUE_ITEMS = Code("schema.unique-items", ERROR,
    "A feed record breaks the ClaimReview profile's JSON Schema: a list with repeated items.")

CODES: tuple[Code, ...] = (
    EXPORT_REFUSED,
    FEED_EMPTY_ITEM,
    FEED_NO_ITEMS,
    FEED_NOT_A_CLAIM_REVIEW,
    FEED_TOO_MANY_PROBLEMS,
    SCHEMA_ADDITIONAL_PROPERTIES,
    SCHEMA_ALL_OF,
    SCHEMA_ANY_OF,
    SCHEMA_CONST,
    SCHEMA_ENUM,
    SCHEMA_FALSE,
    SCHEMA_FORMAT,
    SCHEMA_MAX_ITEMS,
    SCHEMA_MAX_LENGTH,
    SCHEMA_MAXIMUM,
    SCHEMA_MIN_ITEMS,
    SCHEMA_MIN_LENGTH,
    SCHEMA_MINIMUM,
    SCHEMA_NOT,
    SCHEMA_ONE_OF,
    SCHEMA_PATTERN,
    SCHEMA_REQUIRED,
    SCHEMA_TYPE,
    SCHEMA_UNIQUE_ITEMS,
)
"""The codes record streams and the record check report beyond the readers' own (for ``claimreview codes``)."""
_SCHEMA_BY_KEYWORD = {c.name.removeprefix("schema."): c for c in CODES if c.name.startswith("schema.")}
"""The code of a JSON Schema keyword (``minLength`` -> schema.min-length); schema.invalid for any other."""

MAX_PER_ITEM = 100
"""Diagnostics reported for one record; the rest are counted in one last diagnostic."""
HUGE_STRING = 100_000
"""A string value longer than this is reported: ClaimReview fields are short texts and URLs."""


@dataclass(frozen=True)
class Settings:
    """What a run checks records against; picklable and hashable (the per-process cache key)."""

    rules: str | None = None
    """The ClaimReview rule set (default: the newest)."""
    page_url: str | None = None
    """The page the markup is for; ClaimReview urls must be on its domain."""
    vocabulary: bool = False
    """Also check every record against the schema.org vocabulary (several times slower)."""
    scope: str = "review"
    """What the verdict is about (:mod:`claimreview.validation.scope`): each ClaimReview and what it
    references, or (``"page"``) a whole page's markup; documents read whole take it."""
    require_sources: bool = False
    """Whole documents: a fact that cites no source is a warning (feed records carry no sources)."""

    def checked(self) -> Settings:
        """These settings, once the rule set and page URL are known to be good (ValueError otherwise)."""
        checker(self)
        return self


def check_record(record: Record, settings: Settings) -> list[Diagnostic]:
    """Every problem of one record, placed in its input; a new empty list when there is none."""
    return checker(settings).check_record(record)


@lru_cache(maxsize=16)
def checker(settings: Settings) -> RecordChecker:
    """The compiled checks for ``settings``, built once per process."""
    return RecordChecker(settings.rules, settings.page_url, vocabulary=settings.vocabulary, scope=settings.scope)


# -- a fast path for the rule set --------------------------------------------------------------
#
# The rule checks are general (lists, links, value objects, numbers written as text) and cost more
# than parsing and the schema together. A screen answers for the rule set when the record has the
# plain shape, and says None otherwise: what the rules find is then nothing or, at most, the warning
# for a claimReviewed over 75 characters (three records in four of real feeds). Stricter than the
# rules wherever they differ: text is a string with something in it once stripped; the rating uses
# integers (or digits written as text, "4") on a scale that starts at 1, or gives no numbers; the
# url is plain ASCII http(s) (a subset of what WHATWG accepts); the author is an object with a name;
# the Claim has its author, date and an appearance; the verdict is not even a substring of
# claimReviewed. Any other record gets the full check. tests/test_feed.py proves, by property test,
# that what a screen answers is what the rules find (codes, messages, pointers); measured on the
# realistic feed (bench/realistic.py), it takes the rule set from about 9 to 1 µs a record.
# Rule sets without a screen always take the full check.

# A plain http(s) URL that WHATWG (claimreview.urls) certainly accepts: an ASCII host of letter, digit and
# hyphen labels whose last label starts with a letter (so WHATWG does not read the host as an IPv4 number)
# and holds no punycode (xn--, which WHATWG decodes and may refuse), a port of at most 4 digits, no
# credentials, and printable ASCII after it. Anything else takes the full check.
_PLAIN_URL = re.compile(r"https?://(?![^/?#]*[xX][nN]--)(?:[A-Za-z0-9-]+\.)*[A-Za-z][A-Za-z0-9-]*\.?"
                        r"(?::[0-9]{1,4})?(?:[/?#][!-~]*)?\Z")
_BIG = 10**15


_DIGITS = re.compile(r"[1-9][0-9]{0,14}\Z")


def _screen_number(value: Any) -> int | None:
    """A rating number of the plain kinds: an int, or digits written as text ("4"), as the rules read them."""
    if type(value) is int:
        return value
    if type(value) is str and _DIGITS.match(value):
        return int(value)
    return None


def _google_2025_clean(r: dict[str, Any]) -> list[Diagnostic] | None:
    try:  # a missing key, or a list or text where an object belongs: not the plain shape
        claim, rating, url, item = r["claimReviewed"], r["reviewRating"], r["url"], r["itemReviewed"]
        verdict, name = rating["alternateName"], r["author"]["name"]
    except (KeyError, TypeError):
        return None
    if type(claim) is not str or type(verdict) is not str or type(url) is not str or type(name) is not str \
            or type(item) is not dict:
        return None
    claim, verdict = claim.strip(), verdict.strip()
    if not claim or not verdict or not has_visible(claim) or not has_visible(verdict) or not has_visible(name) \
            or verdict.casefold() in claim.casefold():
        return None
    value, best, worst = rating.get("ratingValue"), rating.get("bestRating"), rating.get("worstRating")
    if value is not None or best is not None or worst is not None:
        value, best, worst = _screen_number(value), _screen_number(best), _screen_number(worst)
        if value is None or best is None or worst is None or not (1 <= worst <= value <= best < _BIG and worst < best):
            return None
    if _PLAIN_URL.match(url) is None or item.get("@type") != "Claim" \
            or r["author"].get("@type") not in ("Organization", "Person"):
        return None
    if not (item.get("author") and item.get("datePublished") and (item.get("appearance") or
                                                                   item.get("firstAppearance"))):
        return None
    when, claimed = r.get("datePublished"), item["datePublished"]
    if when is not None and (type(when) is not str or type(claimed) is not str or when[:10] < claimed[:10]):
        return None  # maybe a review before its claim: the full check judges it
    if len(claim) > MAX_CLAIM_REVIEWED:  # what three records in four of real feeds get: one warning
        return [_TOO_LONG.at(f"claimReviewed is {len(claim)} characters; Google "
                        f"recommends under {MAX_CLAIM_REVIEWED} so it does not wrap on a phone", "/claimReviewed")]
    return []


SCREENS: dict[str, Callable[[dict[str, Any]], list[Diagnostic] | None]] = {"google-2025": _google_2025_clean}
"""Rule set name -> its screen (see above): what the rule set finds in the record, when the screen
can tell (nothing, or only a too-long claimReviewed), else None."""


class RecordChecker:
    """The checks one feed record goes through, compiled once per run.

    ``schema`` is a compiled validator (``is_valid``, ``iter_errors``) and ``node_check`` a
    function ``(node, pointer, rules, page_url) -> diagnostics``; they default to the ClaimReview
    profile's JSON Schema and :func:`claimreview.validation.claimreview.check_node`."""

    def __init__(self, rules: str | None = None, page_url: str | None = None, *, schema: Any = None,
                 node_check: Callable[..., list[Diagnostic]] | None = None, vocabulary: bool = False,
                 scope: str = "review") -> None:
        from claimreview.validation import claimreview
        from claimreview.validation.scope import check_scope

        self.scope = check_scope(scope)  # ValueError naming the known scopes
        self.rules = rules or claimreview.DEFAULT_RULES
        claimreview.rule_set(self.rules)  # ValueError naming the known sets
        self.page_url = page_url
        if page_url is not None:
            claimreview.check_node({}, "", self.rules, page_url)  # ValueError for a page URL that is not http(s)
        if schema is None:
            from claimreview.validation.schema import validator

            schema = validator("claimreview")
        self.screen = SCREENS.get(self.rules) if node_check is None and page_url is None else None
        self.schema = schema
        self.node_check = node_check or claimreview.check_node
        self.vocabulary = None
        if vocabulary:
            from claimreview.validation.vocabulary import check_vocabulary

            self.vocabulary = check_vocabulary

    def check_record(self, record: Record) -> list[Diagnostic]:
        """:func:`check_record` with these checks."""
        found = self.check_on_page(record.data, record.page_url)
        if record.reported:
            found = [d for d in found if d.pointer not in record.reported]
        raw = record.raw
        if raw is not None and len(raw) > HUGE_STRING:  # only a record this long can hold a string this long
            found += [huge_string_warning(p, n) for p, n in huge_strings(record.data)]
        return place(found, record) if found else found

    def check(self, record: Any) -> list[Diagnostic]:
        """Every problem of one record, pointers relative to it; the same empty list when none."""
        if self.vocabulary is None:
            return self._check(record)
        return self._checked(record) + self.vocabulary(record) + registry_record(record)

    def check_on_page(self, record: Any, page_url: str | None) -> list[Diagnostic]:
        """:meth:`check` for a record whose page is known (a crawl's): its url is judged against
        that page rather than the run's ``--page-url``."""
        if type(record) is dict and ":" in "".join(record):  # schema:url, https://schema.org/url (0.3 µs a record)
            from claimreview.validation.claimreview import original_pointer, plain_keys

            plain = plain_keys(record)
            if plain != record:  # checked by their terms, as JSON-LD reads them; placed where they are written
                return [d.at(pointer=original_pointer(record, d.pointer))
                        for d in self.check_on_page(plain, page_url)]
        if page_url is None or page_url == self.page_url:
            return self.check(record)
        rules = self.node_check(record, "", self.rules, page_url)
        media = type(record) is dict and other_type(record.get("@type")) == "MediaReview"  # no ClaimReview schema
        found = rules if media or self.schema.is_valid(record) else _merged(self._schema_errors(record), rules)
        if self.vocabulary is not None:
            return found + self.vocabulary(record) + registry_record(record)
        return found + unknown_keys(record) + registry_record(record) if type(record) is dict else found

    def compiled(self) -> Callable[[Any], list[Diagnostic]]:
        """:meth:`check`, without a call in between when nothing is added to the rule checks."""
        return self._check if self.vocabulary is None else self.check

    def _check(self, record: Any) -> list[Diagnostic]:
        """The record's findings, with the "did you mean" of unknown keys (:func:`unknown_keys`)."""
        found = self._checked(record)
        return found + unknown_keys(record) + registry_record(record) if type(record) is dict else found

    def _checked(self, record: Any) -> list[Diagnostic]:
        if type(record) is dict:
            kind = record.get("@type")
            if kind != "ClaimReview" and kind is not None:
                other = other_type(kind)
                if other == "DataFeedItem":
                    return self._feed_item(record)
                if other == "MediaReview":  # the MediaReview rules; the profile's JSON Schema is a ClaimReview's
                    return self.node_check(record, "", self.rules, self.page_url)
                if other is not None:
                    return [_not_a_claim_review(other)]
        if self.schema.is_valid(record):
            if self.screen is not None and type(record) is dict:
                screened = self.screen(record)
                if screened is not None:
                    return screened
            found = self.node_check(record, "", self.rules, self.page_url)
            return found
        return _merged(self._schema_errors(record), self.node_check(record, "", self.rules, self.page_url))

    def _schema_errors(self, record: Any) -> list[Diagnostic]:
        found = []
        try:
            for e in self.schema.iter_errors(record):
                path = list(e.schema_path)
                keyword = str(path[-1]) if path else "invalid"
                code = _SCHEMA_BY_KEYWORD.get(_kebab(keyword), SCHEMA_INVALID)
                found.append(code.at(plain_schema_message(e), pointer(e.instance_path)))
        except ValueError:  # jsonschema-rs: "Recursion limit reached" on a record nested hundreds deep
            found.append(_TOO_DEEP)
        return found

    def _feed_item(self, record: dict[str, Any]) -> list[Diagnostic]:
        item = record.get("item")
        if item is None:
            return [FEED_EMPTY_ITEM.at("this DataFeedItem has no item: put the ClaimReview in its "
                          "\"item\"", "")]
        items = item if type(item) is list else [item]
        found: list[Diagnostic] = []
        for i, one in enumerate(items):
            where = "/item" if item is not items else f"/item/{i}"
            if type(one) is dict and other_type(one.get("@type")) == "DataFeedItem":  # no recursion into nests
                found.append(FEED_NOT_A_CLAIM_REVIEW.at("this item is a DataFeedItem inside a DataFeedItem, "
                                   "not a ClaimReview: a feed item carries the ClaimReview itself", where + "/@type"))
                continue
            found += [d.at(pointer=where + d.pointer) for d in self._check(one)]
        return found


def _merged(schema: list[Diagnostic], rules: list[Diagnostic]) -> list[Diagnostic]:
    """One defect, one finding: the profile's JSON Schema and the rule set often see the same
    fault (an empty claimReviewed breaks minLength, the pattern and Google's rule). Where the rule
    set reports an error at a place, the schema's findings there are left out (the rule's words
    are Google's); of several schema findings at one place, the first is kept."""
    ruled = {d.pointer for d in rules if d.is_error}
    seen: set[str] = set()
    kept = []
    for d in schema:
        if d is _TOO_DEEP or (d.pointer not in ruled and d.pointer not in seen):
            seen.add(d.pointer)
            kept.append(d)
    return kept + rules


_SHAPES = {
    "author": "a Person or an Organization with a name or url, its name as text, or a link {\"@id\": ...}",
    "itemReviewed": "a Claim (or the older CreativeWork) whose values are each valid, or a link; check the values "
                    "inside it",
    "reviewRating": "a Rating object whose values are each valid",
    "ratingValue": "a number, or text that reads as one",
    "bestRating": "a number, or text that reads as one",
    "worstRating": "a number, or text that reads as one",
    "appearance": "an absolute http(s) URL or a CreativeWork",
    "firstAppearance": "an absolute http(s) URL or a CreativeWork",
}


def plain_schema_message(e: Any) -> str:
    """A jsonschema-rs error in words a person can act on, naming the property, not the schema's
    keywords ("... is not valid under any of the schemas listed in the 'anyOf' keyword")."""
    kind = type(getattr(e, "kind", None)).__name__  # jsonschema-rs; another validator's errors keep their words
    path = list(getattr(e, "instance_path", []))
    prop = next((str(p) for p in reversed(path) if not isinstance(p, int)), "the record")
    value = _shown(getattr(e, "instance", None))
    if kind == "MinLength":
        return f"{prop} is empty: write a value, or leave {prop} out when it is unknown"
    if kind == "MaxLength":
        return f"{prop} is longer than the ClaimReview profile allows ({getattr(e.kind, 'limit', '?')} characters)"
    if kind == "Pattern":
        pattern = str(getattr(e.kind, "pattern", ""))
        form = ("text that is not blank" if pattern == r"\S" else "an absolute http(s) URL" if "http" in pattern
                else "an ISO 8601 date such as 2024-06-20" if r"\d{4}" in pattern or "[0-9]{4}" in pattern
                else "a BCP 47 language tag such as en or pt-BR" if "[a-zA-Z]" in pattern else "the required form")
        return f"{prop} {value} is not {form}"
    if kind in ("AnyOf", "OneOfNotValid"):
        branches: list[list[Any]] = [b for b in getattr(e.kind, "context", None) or [] if b]
        depth = len(path)
        deepest: list[Any] = max(branches, key=lambda b: max(len(list(x.instance_path)) for x in b), default=[])
        if deepest and max(len(list(x.instance_path)) for x in deepest) > depth:
            # the shape that came closest fails deeper down: say where, not that no shape fits
            inner = [x for x in deepest if len(list(x.instance_path)) > depth][:3]
            return f"{prop}: " + "; ".join(plain_schema_message(x) for x in inner)
        shape = _SHAPES.get(prop, "one of the shapes the ClaimReview profile allows there")
        return f"{prop} {_shown(e.instance)} is not {shape}"
    if kind == "Type":
        return f"{prop} is {_json_kind(e.instance)} {value}, which is not a type the ClaimReview profile allows there"
    if kind == "Required":
        missing = getattr(e.kind, "property", None)
        return f"{missing!r} is missing" if missing is not None else str(e.message)
    if kind in ("Enum", "Constant"):
        return f"{prop} is {value}, which the ClaimReview profile does not allow there ({e.message})"
    if kind == "Format":
        return f"{prop} {value} is not a valid {getattr(e.kind, 'format', 'value')}"
    return str(e.message)


def _shown(value: Any) -> str:
    import json

    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _json_kind(value: Any) -> str:
    return {dict: "an object", list: "an array", str: "a string", bool: "a boolean", int: "a number",
            float: "a number", type(None): "null"}.get(type(value), "a value")


_TOO_DEEP = JSON_TOO_DEEP.at("the record is nested too deeply to check (hundreds of levels); no "
                  "ClaimReview needs more than a few dozen")


def other_type(kind: Any) -> str | None:
    """The type of a node that is not a ClaimReview (None when it is one, or untyped)."""
    names = kind if type(kind) is list else [kind]
    texts = [local_name(n) or n for n in names if type(n) is str]  # http://example.org/ClaimReview is not one
    if "ClaimReview" in texts:
        return None
    return texts[0] if texts else None


@lru_cache(maxsize=256)  # bounded: a hostile feed may give every item its own type
def _not_a_claim_review(kind: str) -> Diagnostic:
    from claimreview.validation.vocabulary import vocabulary

    known = kind in vocabulary().types
    guess = None if known else vocabulary().suggest_type(kind)
    hint = f"did you mean {guess!r}?" if guess else "a ClaimReview feed holds ClaimReviews (and MediaReviews) only"
    return FEED_NOT_A_CLAIM_REVIEW.at(f"this item is a {kind}, not a ClaimReview: {hint}", "/@type")


def _kebab(name: str) -> str:
    return "".join("-" + c.lower() if c.isupper() else c for c in name).lstrip("-")


def place(found: list[Diagnostic], record: Record) -> list[Diagnostic]:
    """Findings with pointers relative to a record, placed in its input: pointer, file, item, and
    the line and column of each pointer in the record's text."""
    if len(found) > MAX_PER_ITEM:
        more = len(found) - MAX_PER_ITEM
        found = [*found[:MAX_PER_ITEM], FEED_TOO_MANY_PROBLEMS.at(f"{more} more problems in this record "
                                              "are not shown: fix the ones above and check again", "")]
    raw = record.raw
    text: str | None = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
    prefix, file, item, line, column = record.pointer, record.file, record.item, record.line, record.column
    placed = []
    canonical = _canonical(raw, record.data)
    for d in found:
        offset = _top_level_offset(raw, record.data, d.pointer) if canonical and isinstance(raw, bytes) else None
        if offset is None and text is not None:
            offset = find_offset(text, d.pointer)
        if offset is None or text is None:
            at_line, at_column = line, column
        else:
            newlines = text.count("\n", 0, offset)
            if newlines:
                at_line, at_column = (line or 1) + newlines, offset - text.rfind("\n", 0, offset)
            else:
                at_line, at_column = line, (column or 1) + offset
        where = {"file": file, "line": at_line, "column": at_column, "item": item}
        placed.append(d.kind.at(d.message, prefix + d.pointer, **where) if d.severity is d.kind.severity
                      else d.at(pointer=prefix + d.pointer, **where))
    return placed


def _canonical(raw: str | bytes | None, data: Any) -> bool:
    """Whether a line of JSON Lines is exactly orjson's compact writing of what it holds (feeds
    written by programs usually are), so that a top-level key's offset can be computed."""
    if type(raw) is not bytes or type(data) is not dict:
        return False
    try:
        return raw == orjson.dumps(data)
    except (orjson.JSONEncodeError, TypeError):
        return False


def _top_level_offset(raw: bytes, data: dict[str, Any], ptr: str) -> int | None:
    """The character offset of a top-level key in a canonical line (:func:`_canonical`): the length
    of what orjson writes before it. About 1 µs where the scanner (:func:`find_offset`) takes tens
    of microseconds to walk a record to its key; tests/test_feed.py holds the two to the same answer."""
    if ptr.count("/") != 1 or "~" in ptr or ptr[1:] not in data:
        return None
    key, dumps, at = ptr[1:], orjson.dumps, 1
    for k, v in data.items():
        if k == key:
            return at if raw.isascii() else len(raw[:at].decode("utf-8"))
        at += len(dumps(k)) + len(dumps(v)) + 2
    return None


def huge_strings(item: Any, pointer: str = "") -> Iterator[tuple[str, int]]:
    """Pointers and lengths of string values longer than :data:`HUGE_STRING`."""
    stack = [(item, pointer)]
    while stack:
        value, ptr = stack.pop()
        if isinstance(value, str):
            if len(value) > HUGE_STRING:
                yield ptr, len(value)
        elif isinstance(value, dict):
            stack.extend((v, f"{ptr}/{escape_token(k)}") for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((v, f"{ptr}/{i}") for i, v in enumerate(value))


def huge_string_warning(ptr: str, length: int) -> Diagnostic:
    return INPUT_HUGE_STRING.at(f"this value is {length:,} characters long; ClaimReview fields are short "
                   "texts and URLs: was a whole page or an embedded file pasted here?", ptr)
