"""Validation of claim files at feed scale: :func:`check` streams diagnostics for any input.

Feeds — a JSON array of ClaimReviews, a schema.org ``DataFeed``, JSON Lines — are never loaded
whole: their records are parsed one at a time (:mod:`claimreview.validation.stream`,
:mod:`claimreview.readers.jsonl`) and each goes through :class:`RecordChecker`, compiled once per
run: the ClaimReview profile's JSON Schema (jsonschema-rs) and the rule set's node checks, which a
plain, clean record passes through a screen (see below) instead of the full Python rules. A valid
record costs a parse, a duplicate-key probe, one compiled schema call and the screen; no
diagnostic and no position is made for it. Everything else (claimreview YAML/JSON, a single JSON-LD
object or ``@graph``, HTML, CSV, Fact Check Tools API responses) goes through its reader, as
``claimreview.load`` does, with the whole-document checks (vocabulary, JSON-LD expansion, links
between nodes) that only make sense for one page's markup.

Per-record checks on feeds, and what is left out: the schema.org vocabulary check costs about
35 µs a record and offline JSON-LD expansion about 300 µs (measured on the benchmark feed, where
everything else costs about 10 µs), so feeds skip expansion and run the vocabulary only when asked
(``vocabulary=True``, ``claimreview validate --vocabulary``); a single page's markup gets both.
The collector is off while a feed streams (records are trees, without cycles) and back on
whenever a diagnostic is handed to the caller.
"""

from __future__ import annotations

import gc
import glob
import io
import os
import re
import stat
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from claimreview.blank import has_visible
from claimreview.readers.base import (
    INPUT_EMPTY,
    INPUT_UNREADABLE,
    JSON_NON_FINITE_NUMBER,
    JSON_TOO_DEEP,
    Record,
    Source,
    open_input,
    read_at_most,
)
from claimreview.readers.jsonl import LineStream
from claimreview.readers.jsonl import sniff as sniff_jsonl
from claimreview.readers.text import MAX_INPUT_BYTES, is_binary
from claimreview.validation.diagnostics import ERROR, WARNING, Code, Diagnostic, pointer
from claimreview.validation.registries import check_record as registry_record
from claimreview.validation.schema import SCHEMA_INVALID
from claimreview.validation.stream import (
    HUGE_STRING,
    ArrayStream,
    Prefixed,
    Readable,
    check_head,
    huge_string_warning,
    huge_strings,
)
from claimreview.validation.vocabulary import local_name, unknown_keys

EXPORT_REFUSED = Code("export.refused", ERROR,
    "The input could not be converted as asked (a document without reviews has no JSON Lines); the message "
    "says why.")
FEED_EMPTY_ITEM = Code("feed.empty-item", ERROR, "A DataFeedItem without the item it should carry.")
FEED_NO_ITEMS = Code("feed.no-items", WARNING, "A feed (array or DataFeed) with no items.")
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
"""The codes feed validation reports beyond the readers' own (for ``claimreview codes``)."""
_SCHEMA_BY_KEYWORD = {c.name.removeprefix("schema."): c for c in CODES if c.name.startswith("schema.")}
"""The code of a JSON Schema keyword (``minLength`` -> schema.min-length); schema.invalid for any other."""

HEAD = 65536
"""Bytes read to recognise an input."""
MAX_PER_ITEM = 100
"""Diagnostics reported for one record; the rest are counted in one last diagnostic."""
PROGRESS_EVERY = 4096
"""Records between two progress callbacks."""

JSONL_SUFFIXES = (".jsonl", ".ndjson")
FEED_SUFFIXES = (".json", ".jsonld", "")


@dataclass
class Stats:
    """What a run has seen so far; the CLI prints it as the summary and the progress bar."""

    files: int = 0
    items: int = 0
    errors: int = 0
    warnings: int = 0
    by_code: Counter[str] = field(default_factory=Counter)
    file: str = ""
    """The input being read."""
    bytes_read: int = 0
    """Bytes of the current input read so far (feeds only)."""
    bytes_total: int | None = None
    """Size of the current input, when known."""
    keep: Callable[[Diagnostic], bool] | None = None
    """Which findings are reported (``--select``/``--ignore``); the others are not counted."""
    ignored: int = 0

    def reported(self, d: Diagnostic) -> bool:
        return self.keep is None or self.keep(d)

    def count(self, d: Diagnostic) -> Diagnostic:
        if self.keep is not None and not self.keep(d):
            self.ignored += 1
            return d
        if d.is_error:
            self.errors += 1
        else:
            self.warnings += 1
        self.by_code[d.code] += 1
        return d

    def as_dict(self) -> dict[str, Any]:
        return {"files": self.files, "items": self.items, "errors": self.errors, "warnings": self.warnings,
                "by_code": dict(sorted(self.by_code.items()))}


# -- a fast path for the rule set --------------------------------------------------------------
#
# The rule checks are general (lists, links, value objects, numbers written as text) and cost more
# than parsing and the schema together. A screen is a *sufficient* condition for a rule set to find
# nothing, written for the plain shape most feed records have and stricter than the rules wherever
# they differ: text is a string with something in it once stripped; the rating uses integers on a
# scale that starts at 1 or gives no numbers; the url is plain ASCII http(s) (a subset of what WHATWG
# accepts); the author is an object with a name; the Claim has its author, date and an appearance;
# the verdict is not even a substring of claimReviewed. A record that passes needs no rule check;
# any other record gets the full check. tests/test_feed.py proves, by property test, that nothing a screen lets through
# draws a diagnostic from its rules. Rule sets without a screen always take the full check.

# A plain http(s) URL that WHATWG (claimreview.urls) certainly accepts: an ASCII host of letter, digit and
# hyphen labels whose last label starts with a letter (so WHATWG does not read the host as an IPv4 number)
# and holds no punycode (xn--, which WHATWG decodes and may refuse), a port of at most 4 digits, no
# credentials, and printable ASCII after it. Anything else takes the full check.
_PLAIN_URL = re.compile(r"https?://(?![^/?#]*[xX][nN]--)(?:[A-Za-z0-9-]+\.)*[A-Za-z][A-Za-z0-9-]*\.?"
                        r"(?::[0-9]{1,4})?(?:[/?#][!-~]*)?\Z")
_BIG = 10**15


def _google_2025_clean(r: dict[str, Any]) -> bool:
    try:  # a missing key, or a list or text where an object belongs: not the plain shape
        claim, rating, url, item = r["claimReviewed"], r["reviewRating"], r["url"], r["itemReviewed"]
        verdict, name = rating["alternateName"], r["author"]["name"]
    except (KeyError, TypeError):
        return False
    if type(claim) is not str or type(verdict) is not str or type(url) is not str or type(name) is not str \
            or type(item) is not dict or len(claim) > 75:
        return False
    claim, verdict = claim.strip(), verdict.strip()
    if not claim or not verdict or not has_visible(claim) or not has_visible(verdict) or not has_visible(name) \
            or verdict.casefold() in claim.casefold():
        return False
    value, best, worst = rating.get("ratingValue"), rating.get("bestRating"), rating.get("worstRating")
    if (value is not None or best is not None or worst is not None) and not (
            type(value) is int and type(best) is int and type(worst) is int and 1 <= worst <= value <= best < _BIG
            and worst < best):
        return False
    if _PLAIN_URL.match(url) is None or item.get("@type") != "Claim":
        return False
    return bool(item.get("author") and item.get("datePublished") and (item.get("appearance") or
                                                                         item.get("firstAppearance")))


SCREENS: dict[str, Callable[[dict[str, Any]], bool]] = {"google-2025": _google_2025_clean}
"""Rule set name -> its screen (see above): True means the rule set finds nothing in the record."""


class RecordChecker:
    """The checks one feed record goes through, compiled once per run.

    ``schema`` is a compiled validator (``is_valid``, ``iter_errors``) and ``node_check`` a
    function ``(node, pointer, rules, page_url) -> diagnostics``; they default to the ClaimReview
    profile's JSON Schema and :func:`claimreview.validation.claimreview.check_node`."""

    def __init__(self, rules: str | None = None, page_url: str | None = None, *, schema: Any = None,
                 node_check: Callable[..., list[Diagnostic]] | None = None, vocabulary: bool = False,
                 scope: str = "review", require_sources: bool = False) -> None:
        from claimreview.validation import claimreview
        from claimreview.validation.scope import check_scope

        self.scope = check_scope(scope)  # ValueError naming the known scopes
        self.require_sources = require_sources
        """Whole documents: a fact that cites no source is a warning (feed records carry no sources)."""
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

    def check(self, record: Any) -> list[Diagnostic]:
        """Every problem of one record, pointers relative to it; the same empty list when none."""
        if self.vocabulary is None:
            return self._check(record)
        return self._checked(record) + self.vocabulary(record) + registry_record(record)

    def check_on_page(self, record: Any, page_url: str | None) -> list[Diagnostic]:
        """:meth:`check` for a record whose page is known (a crawl's): its url is judged against
        that page rather than the run's ``--page-url``."""
        if page_url is None or page_url == self.page_url:
            return self.check(record)
        rules = self.node_check(record, "", self.rules, page_url)
        found = rules if self.schema.is_valid(record) else _merged(self._schema_errors(record), rules)
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
                other = _other_type(kind)
                if other == "DataFeedItem":
                    return self._feed_item(record)
                if other == "MediaReview":  # the MediaReview rules; the profile's JSON Schema is a ClaimReview's
                    return self.node_check(record, "", self.rules, self.page_url)
                if other is not None:
                    return [_not_a_claim_review(other)]
        if self.schema.is_valid(record):
            if self.screen is not None and type(record) is dict and self.screen(record):
                return []
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
            if type(one) is dict and _other_type(one.get("@type")) == "DataFeedItem":  # no recursion into nests
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


def _other_type(kind: Any) -> str | None:
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


# -- inputs --------------------------------------------------------------------------------------


def _open(src: str | Path | Source) -> tuple[str, Path | None, Readable, int | None]:
    """Name, path, a binary reader and the size (when known: a regular file) of an input."""
    if isinstance(src, Source):
        if src.data is not None:
            return src.name, None, io.BytesIO(src.data), len(src.data)
        assert src.path is not None
        name, path = src.name, src.path
    elif str(src) == "-":
        return "<stdin>", None, sys.stdin.buffer, None
    else:
        name, path = str(src), Path(src)
    fh = open_input(path)
    st = os.fstat(fh.fileno())
    return name, path, fh, st.st_size if stat.S_ISREG(st.st_mode) else None


def layout_of(head: bytes, suffix: str, fmt: str | None) -> str | None:
    """How an input is streamed: "jsonl", "array" (a JSON array or a DataFeed), or None when it is
    read whole by its reader."""
    if fmt == "jsonl" or (fmt is None and suffix in JSONL_SUFFIXES):
        return "jsonl"
    if fmt not in (None, "jsonld") or suffix not in FEED_SUFFIXES:
        return None
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"["):
        return None if _OTHER_SHAPES.search(head) else "array"
    if text.startswith(b"{"):
        if sniff_jsonl(head):
            return "jsonl"
        # a top-level DataFeed whose dataFeedElement is a list streams; one inside a @graph, or with a
        # single element, is read whole, so that nothing in it goes unchecked
        element = _FEED_ELEMENTS.search(head)
        if element and b"DataFeed" in head and b'"@graph"' not in head[:element.start()]:
            return "array"
    return None


_FEED_ELEMENTS = re.compile(rb'"dataFeedElement"\s*:\s*\[')
_OTHER_SHAPES = re.compile(rb'(?<!\\)"(?:claimReviewMarkups|claimReviewMarkupPages)"\s*:')
"""Keys of JSON arrays that are not feeds of ClaimReviews but another shape's list, read whole by
their format (claimreview.readers.factcheck_pages: a list of Read/Write API pages)."""


def check(src: str | Path | Source, fmt: str | None = None, *, rules: str | None = None,
          page_url: str | None = None, vocabulary: bool = False, stats: Stats | None = None,
          progress: Callable[[Stats], None] | None = None,
          checker: RecordChecker | None = None) -> Iterator[Diagnostic]:
    """Every problem in one input, as it is found. Feeds are streamed record by record; other
    inputs are read by their reader. Never raises for bad input; an unknown rule set or page URL
    raises ``ValueError`` before anything is read."""
    stats = stats if stats is not None else Stats()
    checker = checker or RecordChecker(rules, page_url, vocabulary=vocabulary)
    if not isinstance(src, Source) and str(src) != "-" and Path(src).is_dir():
        stats.files += 1
        stats.file, stats.bytes_read, stats.bytes_total = str(src), 0, None
        yield from _whole(str(src), Path(src), b"", io.BytesIO(), fmt, checker, stats)
        return
    try:
        name, path, fh, size = _open(src)
    except OSError as exc:
        yield stats.count(INPUT_UNREADABLE.at(exc.strerror or str(exc), file=str(src)))
        return
    stats.files += 1
    stats.file, stats.bytes_read, stats.bytes_total = name, 0, size
    try:
        try:
            head = fh.read(HEAD)
        except OSError as exc:
            yield stats.count(INPUT_UNREADABLE.at(exc.strerror or str(exc), file=name))
            return
        suffix = Source(name=name, path=path).suffix
        # a file claimreview writes but does not read ("x.ftm.jsonl") is not a feed of its suffix
        from claimreview.formats import written_only

        # a feed's own suffix (one, .jsonl or .json) needs no registry; x.ftm.jsonl or x.md does
        plain = suffix in JSONL_SUFFIXES + FEED_SUFFIXES and len(Path(name).suffixes) <= 1
        layout = layout_of(head, suffix, fmt) if fmt or plain or written_only(name) is None else None
        if layout is None:
            blank = not head.lstrip(b"\xef\xbb\xbf \t\r\n")
            if fmt is None and not suffix and blank and (path is None or path.is_file()):
                yield stats.count(INPUT_EMPTY.at("the file is empty: there is nothing to check", file=name,
                                        line=1, column=1))
                return
            yield from _whole(name, path, head, fh, fmt, checker, stats)
            return
        yield from _feed(name, layout, Prefixed(head, fh), checker, stats, progress)
    finally:
        if path is not None:
            fh.close()  # type: ignore[attr-defined]


def _whole_source(name: str, path: Path | None, head: bytes, fh: Readable) -> Source:
    """The input for a reader that reads it whole. A regular file or folder is opened again by
    path; anything else (stdin, a pipe, a device, <(process substitution)) has already given up
    its head, so the reader gets the bytes: the head alone when it is binary (/dev/zero,
    /dev/urandom: the reader says so from it), else up to the size limit and one byte more,
    which the reader refuses."""
    if path is not None and (path.is_file() or path.is_dir()):
        return Source(name=name, path=path)
    if is_binary(head):
        return Source.from_bytes(head, name)
    return Source.from_bytes(read_at_most(fh, MAX_INPUT_BYTES + 1 - len(head), head), name)


def _whole(name: str, path: Path | None, head: bytes, fh: Readable, fmt: str | None, checker: RecordChecker,
           stats: Stats) -> Iterator[Diagnostic]:
    from claimreview.pipeline import load

    source = _whole_source(name, path, head, fh)
    from claimreview.formats import by_name, detect

    try:
        chosen = by_name(fmt) if fmt else detect(source)
    except (ValueError, OSError):
        chosen = None  # the reader says what is wrong
    stream = chosen.stream(source) if chosen is not None else None
    if stream is not None:
        yield from _records(stream, checker, stats)
        return
    # validation asks whether the markup is right, not what the claimreview model could not keep of it
    loaded = load(source, fmt, rules=checker.rules, page_url=checker.page_url, conversion_notes=False,
                  scope=checker.scope)
    # an item that failed to build was still checked: the summary never says "0 items" of it
    stats.items += loaded.items if loaded.items is not None else \
        len(loaded.document.reviews) if loaded.document is not None else 0
    found = loaded.diagnostics
    if loaded.document is not None and checker.require_sources:
        from claimreview.validation.sources import check_sources

        found = [*found, *check_sources(loaded.document)]
    for d in found:
        yield stats.count(d if d.file is not None else d.at(file=name))


def _records(stream: Iterator[Record | Diagnostic], checker: RecordChecker, stats: Stats) -> Iterator[Diagnostic]:
    """Diagnostics of a record stream (a crawl): each record checked against its own page."""
    for event in stream:
        if not isinstance(event, Record):
            yield stats.count(event)
            continue
        stats.items += 1
        for d in checker.check_on_page(event.data, event.page_url):
            yield stats.count(d.at(file=event.file, line=event.line, column=event.column, item=event.item,
                                   pointer=event.pointer + d.pointer))


def _feed(name: str, layout: str, fh: Readable, checker: RecordChecker, stats: Stats,
          progress: Callable[[Stats], None] | None, records: bool = False) -> Iterator[Any]:
    """Diagnostics of a streamed input; with ``records``, also each record (after its
    diagnostics) as ``(record, context)``, context being the @context a DataFeed gives it."""
    head = fh.read(HEAD)
    _, problems = check_head(head, name)
    for d in problems:
        yield stats.count(d)
    if any(d.is_error for d in problems):
        return
    reader = Prefixed(head, fh)
    stream: LineStream | ArrayStream = LineStream(reader, name) if layout == "jsonl" else ArrayStream(reader, name)
    check_record = checker.compiled()
    gc_was_on = gc.isenabled()
    if gc_was_on:
        gc.disable()  # records are trees without cycles; the collector only slows the stream down
    base = stats.items
    try:
        seen = 0
        refused: set[str] = set()  # pointers of NaN/Infinity just reported: not reported again as bad numbers
        for event in stream:
            if type(event) is tuple:
                index, record, size = event
                seen += 1
                found = check_record(record)
                if refused:
                    found = [d for d in found if f"{stream.prefix}/{index}{d.pointer}" not in refused
                             and d.pointer not in refused]
                    refused.clear()
                if size > HUGE_STRING:  # only a record this long can hold a string this long
                    found = found + [huge_string_warning(p, n, name) for p, n in huge_strings(record)]
                if seen & (PROGRESS_EVERY - 1) == 0 and progress is not None:
                    stats.items, stats.bytes_read = base + seen, stream.bytes_read
                    progress(stats)
                if not found:
                    if records:
                        yield record, getattr(stream, "wrapper", {}).get("@context")
                    continue
                placed = _place(found, stream, index, name)
                if records:
                    placed.append((record, getattr(stream, "wrapper", {}).get("@context")))  # type: ignore[arg-type]
            else:
                placed = [event]  # type: ignore[list-item]
                if event.kind == JSON_NON_FINITE_NUMBER:  # type: ignore[union-attr]
                    refused.add(event.pointer)  # type: ignore[union-attr]
            if gc_was_on:
                gc.enable()
            for d in placed:
                yield stats.count(d) if type(d) is Diagnostic else d
            if gc_was_on:
                gc.disable()
        stats.items = base + stream.items
        stats.bytes_read = stream.bytes_read
        if stream.items == 0 and layout == "array":
            yield stats.count(FEED_NO_ITEMS.at("the feed holds no ClaimReview", stream.prefix, file=name))
        if progress is not None:
            progress(stats)
    finally:
        if gc_was_on:
            gc.enable()


def _place(found: list[Diagnostic], stream: LineStream | ArrayStream, index: int, name: str) -> list[Diagnostic]:
    """Pointers relative to the file (arrays) or the record (JSON Lines), with line and column."""
    locate = stream.locator()
    prefix = f"{stream.prefix}/{index}" if isinstance(stream, ArrayStream) else ""
    if len(found) > MAX_PER_ITEM:
        more = len(found) - MAX_PER_ITEM
        found = [*found[:MAX_PER_ITEM], FEED_TOO_MANY_PROBLEMS.at(f"{more} more problems in this record "
                                              "are not shown: fix the ones above and check again", "")]
    placed = []
    for d in found:
        line, column = locate(d.pointer)
        placed.append(d.at(pointer=prefix + d.pointer, file=name, line=line, column=column, item=index))
    return placed


# -- arguments -----------------------------------------------------------------------------------


def known_suffixes() -> tuple[str, ...]:
    """Extensions of every readable format (what a folder is searched for)."""
    from claimreview.formats import FORMATS

    return tuple(sorted({s for f in FORMATS.values() if f.can_read for s in f.suffixes if s.startswith(".")}))


def expand(args: Iterable[str]) -> tuple[list[str], list[Diagnostic]]:
    """Command-line arguments to inputs: files as given, ``-``, folders searched recursively for
    known extensions (hidden files and folders skipped; a folder a reader takes whole, such as a
    CSV tables folder, stays one input), and glob patterns. Each input appears once, in order."""
    inputs: list[str] = []
    missing: list[Diagnostic] = []
    for arg in args:
        path = Path(arg)
        if arg == "-" or path.is_file():
            inputs.append(arg)
        elif path.is_dir():
            suffixes = known_suffixes()  # the format registry, imported only when a folder is searched
            unreadable = len(missing)
            found = _search(path, suffixes, missing)
            if not found and len(missing) == unreadable:
                missing.append(INPUT_UNREADABLE.at(f"no claim files ({' '.join(suffixes)}) in this folder",
                                     file=arg))
            inputs.extend(found)
        elif any(c in arg for c in "*?["):
            matches = sorted(glob.glob(arg, recursive=True))
            files = [m for m in matches if Path(m).is_file() or _reads_whole(Path(m))]
            if not files:
                missing.append(INPUT_UNREADABLE.at("no file matches this pattern", file=arg))
            inputs.extend(files)
        elif path.exists():
            inputs.append(arg)  # a device or a pipe: let the reader say what it is
        else:
            missing.append(INPUT_UNREADABLE.at("no such file or folder", file=arg))
    return list(dict.fromkeys(inputs)), missing


def _search(folder: Path, suffixes: tuple[str, ...], problems: list[Diagnostic],
            seen: set[str] | None = None) -> list[str]:
    """Claim files under ``folder``. A folder that cannot be read is a diagnostic in ``problems``
    and the search goes on; a folder reached again through a symlink is searched once."""
    seen = set() if seen is None else seen
    real = os.path.realpath(folder)
    if real in seen:
        return []
    seen.add(real)
    try:
        if _reads_whole(folder):
            return [str(folder)]
        entries = sorted(folder.iterdir(), key=lambda p: p.name)
    except OSError as exc:
        problems.append(INPUT_UNREADABLE.at(f"cannot read this folder: {exc.strerror or exc}; the rest is "
                              "checked", file=str(folder)))
        return []
    found: list[str] = []
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            found.extend(_search(entry, suffixes, problems, seen))
        elif entry.is_file() and entry.name.lower().endswith(suffixes):
            found.append(str(entry))
    return found


def _reads_whole(folder: Path) -> bool:
    """A folder that a registered reader takes as one input: a Data Package (CSV tables with
    their ``datapackage.json``)."""
    from claimreview.formats import FORMATS

    return (folder.is_dir() and (folder / "datapackage.json").is_file()
            and any("/" in f.suffixes for f in FORMATS.values() if f.can_read))


# -- JSON Lines out, streamed ---------------------------------------------------------------------


def to_jsonl(src: str | Path | Source, fmt: str | None = None, *, rules: str | None = None,
             page_url: str | None = None, stats: Stats | None = None) -> Iterator[bytes | Diagnostic]:
    """``src`` as JSON Lines, one self-contained ClaimReview per line, interleaved with the
    diagnostics :func:`check` gives. Feeds (JSON Lines, a JSON array, a DataFeed) stream in
    constant memory and are passed through as they are — every property kept, DataFeedItem
    wrappers taken off, an ``@context`` added where a line would lack one; anything else is read
    whole and exported by the jsonl exporter. Nothing here writes: a caller that must write
    nothing when there is an error collects the lines in a temporary file and renames it only if
    no diagnostic is an error."""
    from claimreview.exporters.jsonl import SCHEMA_ORG, line

    stats = stats if stats is not None else Stats()
    checker = RecordChecker(rules, page_url)
    if not isinstance(src, Source) and str(src) != "-" and Path(src).is_dir():  # CSV tables
        yield from _export_whole(str(src), Path(src), b"", io.BytesIO(), fmt, checker, stats)
        return
    try:
        name, path, fh, _ = _open(src)
    except OSError as exc:
        yield stats.count(INPUT_UNREADABLE.at(exc.strerror or str(exc), file=str(src)))
        return
    try:
        head = fh.read(HEAD)
        layout = layout_of(head, Source(name=name, path=path).suffix, fmt)
        if layout is None:
            yield from _export_whole(name, path, head, fh, fmt, checker, stats)
            return
        stats.files += 1
        for piece in _feed(name, layout, Prefixed(head, fh), checker, stats, None, records=True):
            if type(piece) is not tuple:
                yield piece
                continue
            record, context = piece
            for node in _unwrapped(record):
                yield line(node, context or SCHEMA_ORG)
    finally:
        if path is not None:
            fh.close()  # type: ignore[attr-defined]


def _unwrapped(record: Any) -> list[Any]:
    """The ClaimReviews a feed record carries: itself, or the item(s) of a DataFeedItem."""
    if type(record) is dict and _other_type(record.get("@type")) == "DataFeedItem":
        item = record.get("item")
        return [i for i in (item if type(item) is list else [item]) if type(i) is dict]
    return [record] if type(record) is dict else []


def _export_whole(name: str, path: Path | None, head: bytes, fh: Readable, fmt: str | None, checker: RecordChecker,
                  stats: Stats) -> Iterator[bytes | Diagnostic]:
    from claimreview.exporters.base import ExportError
    from claimreview.pipeline import export, load

    source = _whole_source(name, path, head, fh)
    loaded = load(source, fmt, rules=checker.rules, page_url=checker.page_url)
    stats.files += 1
    yield from (stats.count(d) for d in loaded.diagnostics)
    if loaded.document is None:
        return
    stats.items += len(loaded.document.reviews)
    try:
        result = export(loaded.document, "jsonl", rules=checker.rules, page_url=checker.page_url)
    except ExportError as exc:  # e.g. a document without reviews
        yield stats.count(EXPORT_REFUSED.at(str(exc), file=name))
        return
    yield from (stats.count(d.at(file=name)) for d in result.diagnostics)
    if isinstance(result.output, bytes):
        yield from (chunk + b"\n" for chunk in result.output.splitlines())
