"""Language tags against the IANA Language Subtag Registry, countries against ISO 3166-1: warnings.

The model and the JSON Schema check a language tag's *form* (BCP 47's grammar), so ``ua``, ``jp``
and ``zz`` pass them: each is two letters. Here every subtag is looked up in the IANA Language
Subtag Registry (the copy that ``langcodes`` ships, File-Date 2021-08-06, with its private-use
ranges), and a country is looked up in ISO 3166-1 (``pycountry``'s copy of the ISO data). Both
ship their data, so nothing is fetched. Findings are warnings: a tag the registry does not hold
is most often a country code written for a language (``ua``; Ukrainian is ``uk``), and a
consumer may still read the rest of the markup.

What is checked where:

- language: ``inLanguage`` of every JSON-LD node (text, or a ``Language`` node's
  ``alternateName``), on pages and feeds; the ``language`` fields of a claimreview file;
- country: ``addressCountry``, ``nationality`` and ``countryOfOrigin`` given as text, and the
  ``name`` of a ``Country`` node; the ``country`` and ``nationality`` fields of a claimreview file.
  A two- or three-letter value, or three digits, is read as an ISO 3166-1 code and must be one; a
  longer value is a country's name, which is accepted (names are written in every language and
  script, and ISO lists English and French ones only).

The hints come from the same data: a country code's usual language is CLDR's likely-subtags
table as ``langcodes`` ships it (``und-UA`` -> ``uk``), a language's name is ISO 639's as
``pycountry`` ships it, and a deprecated subtag's replacement is the registry's Preferred-Value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache, lru_cache
from typing import Any

from claimreview.validation.diagnostics import WARNING, Code, Diagnostic, escape_token

REGISTRY_UNKNOWN_LANGUAGE = Code("registry.unknown-language", WARNING,
    "A language tag of the right form with a subtag the IANA Language Subtag Registry does not hold: most often "
    "a country code written for a language (`ua` is a country code; Ukrainian is `uk`; `jp`: Japanese is `ja`), "
    "or a region that is not ISO 3166 (`en-UK`: the United Kingdom is `GB`). Write the registry's subtag.")
REGISTRY_DEPRECATED_LANGUAGE = Code("registry.deprecated-language", WARNING,
    "A language tag with a subtag the IANA Language Subtag Registry marks deprecated (`iw`: Hebrew is `he`; "
    "`in`: Indonesian is `id`): write the registry's preferred value.")
REGISTRY_UNKNOWN_COUNTRY = Code("registry.unknown-country", WARNING,
    "A country given as a code (two or three letters, or three digits) that is not an ISO 3166-1 code (`UK`: "
    "the United Kingdom is `GB`; `UAE`: the United Arab Emirates is `AE` or `ARE`; `XX`, which names no "
    "country). A country's name is accepted as it is.")

CODES: tuple[Code, ...] = (REGISTRY_UNKNOWN_LANGUAGE, REGISTRY_DEPRECATED_LANGUAGE, REGISTRY_UNKNOWN_COUNTRY)

LANGUAGE_PROPERTIES = ("inLanguage",)
"""JSON-LD properties whose value is a language tag (or a Language node)."""
COUNTRY_PROPERTIES = ("addressCountry", "nationality", "countryOfOrigin")
"""JSON-LD properties whose text value is a country."""
MODEL_LANGUAGE_FIELDS = ("language",)
MODEL_COUNTRY_FIELDS = ("country", "nationality")


# --- the registry ----------------------------------------------------------------------------------


@cache
def _registry() -> dict[tuple[str, str], dict[str, Any]]:
    """(type, lower-case subtag or tag) -> its registry record; private-use ranges expanded."""
    from langcodes.registry_parser import parse_registry

    out: dict[tuple[str, str], dict[str, Any]] = {}
    for record in parse_registry():  # type: ignore[no-untyped-call]
        kind = record.get("Type", "")
        name = record.get("Subtag") or record.get("Tag") or ""
        if ".." in name:
            start, end = name.lower().split("..")
            for sub in _expand(start, end):
                out[(kind, sub)] = record
        else:
            out[(kind, name.lower())] = record
    return out


def _expand(start: str, end: str) -> Iterable[str]:
    """The subtags of a registry range such as ``qaa..qtz`` or ``qm..qz``."""
    if len(start) != len(end):
        return ()
    alphabet = "0123456789abcdefghijklmnopqrstuvwxyz"
    out: list[str] = []

    def walk(prefix: str, i: int, low: bool, high: bool) -> None:
        if i == len(start):
            out.append(prefix)
            return
        lo = alphabet.index(start[i]) if low else 0
        hi = alphabet.index(end[i]) if high else len(alphabet) - 1
        kind = alphabet[lo:hi + 1]
        for ch in kind:
            if ch.isdigit() != start[i].isdigit():
                continue
            walk(prefix + ch, i + 1, low and ch == start[i], high and ch == end[i])

    walk("", 0, True, True)
    return out


def _record(kind: str, subtag: str) -> dict[str, Any] | None:
    return _registry().get((kind, subtag.lower()))


def _described(record: Mapping[str, Any]) -> str:
    return str((record.get("Description") or ["?"])[0])


@cache
def _country_by_code(code: str) -> Any:
    import pycountry

    upper = code.upper()
    if len(upper) == 2:
        return pycountry.countries.get(alpha_2=upper)
    if upper.isdigit():
        return pycountry.countries.get(numeric=upper)
    return pycountry.countries.get(alpha_3=upper)


@cache
def _language_name(subtag: str) -> str | None:
    """A language's English name from ISO 639 (pycountry), e.g. ``uk`` -> Ukrainian."""
    import pycountry

    found = (pycountry.languages.get(alpha_2=subtag) if len(subtag) == 2
             else pycountry.languages.get(alpha_3=subtag))
    return str(found.name) if found is not None else None


@cache
def _likely_language(region: str) -> str | None:
    """The most likely language of a region (CLDR likely subtags, through langcodes)."""
    import langcodes

    try:
        language = langcodes.Language.get(f"und-{region}", normalize=False).maximize().language
    except (ValueError, LookupError):
        return None
    return language if language and language != "und" else None


@cache
def _region_alias(code: str) -> str:
    """"; CLDR reads it as `GB` (United Kingdom)" for a region code that CLDR's aliases (as langcodes ships them)
    map to an ISO 3166-1 country (UK -> GB); "" otherwise."""
    import langcodes

    try:
        region = langcodes.Language.get(f"und-{code}").territory
    except (ValueError, LookupError):
        return ""
    country = _country_by_code(region) if region and region.upper() != code.upper() else None
    return f"; CLDR reads it as `{country.alpha_2}` ({country.name})" if country is not None else ""


# --- one language tag ------------------------------------------------------------------------------

_SUBTAGS = re.compile(r"[A-Za-z0-9]+")


@lru_cache(maxsize=4096)
def language_problem(tag: str) -> tuple[Code, str] | None:
    """What is wrong with a well-formed BCP 47 tag as the IANA registry sees it, or None.
    (The tag's form is the model's and the schema's business: a malformed tag gives None here.)"""
    text = tag.strip()
    whole = _record("grandfathered", text) or _record("redundant", text)
    if whole is not None:
        preferred = whole.get("Preferred-Value")
        if whole.get("Deprecated") and preferred:
            return REGISTRY_DEPRECATED_LANGUAGE, (f"`{text}` is deprecated in the IANA Language Subtag Registry "
                                                  f"({_described(whole)}): write `{preferred}`")
        return None
    parts = text.split("-")
    if not parts or not all(_SUBTAGS.fullmatch(p) for p in parts):
        return None
    first = parts[0]
    if first.lower() == "x":
        return None  # private use throughout
    problem = _primary(first, text)
    if problem is not None:
        return problem
    for i, part in enumerate(parts[1:], start=1):
        if len(part) == 1:
            break  # an extension or private use: its subtags are not the registry's
        kind = _kind(part, i)
        if kind is None:
            return None  # not BCP 47's form: the model's finding
        record = _record(kind, part)
        if record is None:
            return REGISTRY_UNKNOWN_LANGUAGE, _unknown_subtag(text, part, kind)
        deprecated = _deprecated(text, part, record)
        if deprecated is not None:
            return deprecated
    return None


def _kind(part: str, position: int) -> str | None:
    if len(part) == 3 and part.isalpha() and position <= 3:
        return "extlang"
    if len(part) == 4 and part.isalpha():
        return "script"
    if (len(part) == 2 and part.isalpha()) or (len(part) == 3 and part.isdigit()):
        return "region"
    if 5 <= len(part) <= 8 or (len(part) == 4 and part[0].isdigit()):
        return "variant"
    return None


def _primary(first: str, text: str) -> tuple[Code, str] | None:
    if not (2 <= len(first) <= 3 and first.isalpha()):
        return None
    record = _record("language", first)
    if record is not None:
        return _deprecated(text, first, record)
    country = _country_by_code(first) if len(first) == 2 else None
    if country is not None:
        likely = _likely_language(first.upper())
        name = _language_name(likely) if likely else None
        hint = f"; {name} is `{likely}`" if likely and name else ""
        return REGISTRY_UNKNOWN_LANGUAGE, (f"`{first}` is a country code ({country.name}), not a language"
                                           f"{hint}: the language subtag comes first, e.g. `{likely or 'en'}` or "
                                           f"`{likely or 'en'}-{first.upper()}`")
    return REGISTRY_UNKNOWN_LANGUAGE, (f"`{first}` is not a language in the IANA Language Subtag Registry: write a "
                                       "registered language subtag, e.g. `en`, `uk`, `ja`, `pt-BR`")


def _unknown_subtag(text: str, part: str, kind: str) -> str:
    if kind == "region":
        hint = _region_alias(part)
        return (f"`{text}`: `{part}` is not a region in the IANA Language Subtag Registry (ISO 3166-1 codes and "
                f"UN M.49 numbers){hint}")
    return f"`{text}`: `{part}` is not a {kind} subtag in the IANA Language Subtag Registry"


def _deprecated(text: str, part: str, record: Mapping[str, Any]) -> tuple[Code, str] | None:
    if not record.get("Deprecated"):
        return None
    preferred = record.get("Preferred-Value")
    better = f": write `{preferred}`" if preferred else " and has no replacement"
    where = f"`{part}`" if part == text else f"`{text}`: `{part}`"
    return REGISTRY_DEPRECATED_LANGUAGE, (f"{where} ({_described(record)}) is deprecated in the IANA Language "
                                          f"Subtag Registry since {record['Deprecated']}{better}")


# --- one country -----------------------------------------------------------------------------------

_CODE_LIKE = re.compile(r"[A-Za-z]{2,3}|[0-9]{3}")


@lru_cache(maxsize=4096)
def country_problem(value: str) -> tuple[Code, str] | None:
    """A country code that ISO 3166-1 does not hold, or None (names are accepted)."""
    text = value.strip()
    if not _CODE_LIKE.fullmatch(text) or _country_by_code(text) is not None:
        return None
    kind = "numeric" if text.isdigit() else "alpha-2" if len(text) == 2 else "alpha-3"
    hint = _region_alias(text) if len(text) == 2 else ""
    if not hint and text.islower() and _record("language", text) is not None and _language_name(text.lower()):
        hint = f"; `{text.lower()}` is a language code ({_language_name(text.lower())})"
    return REGISTRY_UNKNOWN_COUNTRY, (f"`{text}` is not an ISO 3166-1 {kind} country code{hint}: write the "
                                      "country's ISO code (e.g. `UA`, `GB`, `DE`) or its name")


# --- where they are --------------------------------------------------------------------------------


def _texts(value: Any, pointer: str) -> Iterable[tuple[str, str]]:
    """The text values of a property (a string, a value object, or a list of them), with pointers."""
    if type(value) is str:
        yield value, pointer
    elif type(value) is dict and type(value.get("@value")) is str:
        yield value["@value"], pointer + "/@value"
    elif type(value) is list:
        for i, item in enumerate(value):
            if type(item) is not list:
                yield from _texts(item, f"{pointer}/{i}")


def _is_type(node: Mapping[str, Any], name: str) -> bool:
    kind = node.get("@type")
    kinds = kind if type(kind) is list else [kind]
    return any(type(k) is str and (k == name or k.rsplit("/", 1)[-1].rsplit(":", 1)[-1] == name) for k in kinds)


def check_node(node: Mapping[str, Any], pointer: str = "") -> list[Diagnostic]:
    """The language tags and country codes of one JSON-LD node (not of the nodes inside it)."""
    out: list[Diagnostic] = []
    for prop in LANGUAGE_PROPERTIES:
        if prop in node:
            where = f"{pointer}/{escape_token(prop)}"
            value = node[prop]
            for item, at in _texts(value, where):
                found = language_problem(item)
                if found is not None:
                    out.append(found[0].at(found[1], at))
    for prop in COUNTRY_PROPERTIES:
        if prop in node:
            for item, at in _texts(node[prop], f"{pointer}/{escape_token(prop)}"):
                found = country_problem(item)
                if found is not None:
                    out.append(found[0].at(found[1], at))
    if _is_type(node, "Language") and "alternateName" in node:
        for item, at in _texts(node["alternateName"], f"{pointer}/alternateName"):
            found = language_problem(item)
            if found is not None:
                out.append(found[0].at(found[1], at))
    if _is_type(node, "Country") and "name" in node:
        for item, at in _texts(node["name"], f"{pointer}/name"):
            found = country_problem(item)
            if found is not None:
                out.append(found[0].at(found[1], at))
    return out


def check_record(record: Any) -> list[Diagnostic]:
    """A feed record's language tags, cheaply (feeds cost about 10 µs a record): its own
    ``inLanguage`` and its claim's, the places feeds put them, without walking the whole record."""
    if type(record) is not dict:
        return []
    out: list[Diagnostic] = []
    tag = record.get("inLanguage")
    if tag is not None and (type(tag) is not str or language_problem(tag) is not None):
        out += check_node({"inLanguage": tag}, "")
    item = record.get("itemReviewed")
    if type(item) is dict:
        tag = item.get("inLanguage")
        if tag is not None and (type(tag) is not str or language_problem(tag) is not None):
            out += check_node({"inLanguage": tag}, "/itemReviewed")
    return out


def check_document(doc: Any) -> list[Diagnostic]:
    """The language and country fields of a claimreview Document's entities (pointers such as
    ``/reviews/0/language``)."""
    from claimreview.schemas.models import KINDS

    out: list[Diagnostic] = []
    for kind in KINDS:
        for i, entity in enumerate(getattr(doc, kind)):
            for name in MODEL_LANGUAGE_FIELDS:
                value = getattr(entity, name, None)
                if type(value) is str and (found := language_problem(value)) is not None:
                    out.append(found[0].at(found[1], f"/{kind}/{i}/{name}"))
            for name in MODEL_COUNTRY_FIELDS:
                value = getattr(entity, name, None)
                if type(value) is str and (found := country_problem(value)) is not None:
                    out.append(found[0].at(found[1], f"/{kind}/{i}/{name}"))
    return out
