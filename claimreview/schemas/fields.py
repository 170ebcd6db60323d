"""Constrained string types shared by the models.

Each type stays a plain ``str`` in Python and in JSON, so a claimreview file round-trips byte for
byte; the validators only decide whether a value is acceptable. Errors are raised as
``PydanticCustomError`` whose type becomes the diagnostic code (``model.<type>``).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints
from pydantic_core import PydanticCustomError

from claimreview import blank, urls

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:-]*$"

EntityId = Annotated[
    str,
    StringConstraints(pattern=ID_PATTERN, max_length=200),
    Field(description="Stable id of an entity, unique in the document (letters, digits, . _ : -)"),
]

NodeIri = Annotated[
    str,
    StringConstraints(min_length=1, max_length=2000, pattern=r"^\S+$"),
    Field(description="The node's @id in the JSON-LD it was read from, kept as written (an IRI, or a blank "
                      "node label such as _:b0), when it is not this document's own #id"),
]

_DATE_RE = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2})(T.+)?)?)?$")


# The same shape for any JSON Schema validator: months 01-12, days 01-31, hours 00-23. (Whether
# 2017-02-30 exists is for check_date; a pattern cannot know the calendar.)
DATE_PATTERN = (
    r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01])"
    r"(T([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]+)?)?(Z|[+-][0-9]{2}:[0-9]{2})?)?)?)?$"
)


_OFFSET_RE = re.compile(r"([+-]\d{2})(\d{2})$")


def read_date(raw: str) -> str | None:
    """The ISO 8601 date a published value means, as claimreview writes it, or None when it means
    none: ``2020-06-23 20:02`` is ``2020-06-23T20:02``, ``...+0200`` is ``...+02:00``, blanks around
    it are dropped. The one reading of dates in markup (the JSON-LD reader's, and the rule that a
    review is not dated before its claim)."""
    value = raw.strip()
    tidied = value[:10] + "T" + value[11:] if len(value) > 10 and value[10] == " " else value
    tidied = _OFFSET_RE.sub(r"\1:\2", tidied) if "T" in tidied else tidied
    for candidate in (tidied, value):
        try:
            return check_date(candidate)
        except PydanticCustomError:
            continue
    return None


_DATE_SHAPE = re.compile(DATE_PATTERN)


def check_date(value: str) -> str:
    """ISO 8601 date: YYYY, YYYY-MM, YYYY-MM-DD, or a full date-time with offset."""
    match = _DATE_RE.match(value)
    ok = match is not None and _DATE_SHAPE.match(value) is not None  # the JSON Schema's pattern, and a real day
    if ok and match is not None:
        year, month, day, time = match.groups()
        try:
            if day is not None and time is not None:
                datetime.fromisoformat(value.replace("Z", "+00:00"))
            elif day is not None:
                date(int(year), int(month), int(day))
            elif month is not None:
                ok = 1 <= int(month) <= 12
        except ValueError:
            ok = False
    if not ok:
        raise PydanticCustomError(
            "invalid-date",
            "{value} is not an ISO 8601 date: write YYYY-MM-DD, or YYYY-MM or YYYY when the "
            "source gives no more, or YYYY-MM-DDTHH:MM:SS+00:00",
            {"value": repr(value[:100])},
        )
    return value


def date_key(value: str) -> tuple[str, int]:
    """The comparable part of a partial date and how many characters of it are known."""
    day = value[:10]
    return day, len(day)


def definitely_before(a: str, b: str) -> bool:
    """True when partial date ``a`` is certainly earlier than ``b`` (compared at the coarser
    precision of the two, so 2017-12 is not before 2017-12-22)."""
    (ka, na), (kb, nb) = date_key(a), date_key(b)
    n = min(na, nb)
    return ka[:n] < kb[:n]


def is_http_url(value: str | None) -> bool:
    """An absolute http(s) URL by WHATWG rules (see :mod:`claimreview.urls`)."""
    return urls.is_http_url(value)


def check_url(value: str) -> str:
    parsed = urls.http_url(value)
    if isinstance(parsed, str):
        raise PydanticCustomError(
            "invalid-url",
            "{value} is not an absolute http(s) URL: it {reason}. Write the full address, e.g. "
            "https://example.org/page (javascript:, data:, relative and space-padded URLs are refused)",
            {"value": repr(value[:200]), "reason": parsed},
        )
    return value


# BCP 47 (RFC 5646) well-formedness: language[-script][-region](-variant)*(-extension)*[-x-private].
# Written without flags so that the same pattern works in JSON Schema (ECMA 262) as in Python.
# The grammar also allows 4-8 letter primary subtags, but the IANA registry holds none, so they
# are refused: "english" is a mistake, not a tag.
_A, _D, _AD = "[A-Za-z]", "[0-9]", "[A-Za-z0-9]"
BCP47_PATTERN = (
    f"^(?:(?:{_A}{{2,3}}(?:-{_A}{{3}}){{0,3}})"  # language
    f"(?:-{_A}{{4}})?"  # script
    f"(?:-(?:{_A}{{2}}|{_D}{{3}}))?"  # region
    f"(?:-(?:{_AD}{{5,8}}|{_D}{_AD}{{3}}))*"  # variants
    f"(?:-[0-9A-WY-Za-wy-z](?:-{_AD}{{2,8}})+)*"  # extensions
    f"(?:-[xX](?:-{_AD}{{1,8}})+)?"  # private use
    f"|[xX](?:-{_AD}{{1,8}})+)$"
)
_BCP47_RE = re.compile(BCP47_PATTERN)


def check_language(value: str) -> str:
    if not _BCP47_RE.match(value):
        raise PydanticCustomError(
            "invalid-language",
            "{value} is not a BCP 47 language tag: write e.g. en, en-GB, ko or zh-Hant",
            {"value": repr(value[:50])},
        )
    return value


def check_visible(value: str) -> str:
    """Text made only of invisible characters (zero-width spaces, byte order marks, the braille
    blank, ...: :mod:`claimreview.blank`) is as empty as no text."""
    if blank.is_blank(value):
        raise PydanticCustomError("empty-string", "the text shows nothing: it holds only invisible characters "
                                  "({value}); leave the field out when the value is unknown",
                                  {"value": ", ".join(sorted({f"U+{ord(c):04X}" for c in value}))[:80]})
    return value


NonEmptyStr = Annotated[
    str,
    StringConstraints(min_length=1, pattern=r"\S"),
    AfterValidator(check_visible),
    Field(description="Text with at least one visible character; omit the field when unknown"),
]


def _number(value: object) -> object:
    # bool is an int in Python and "4" is text: neither is a rating number in a claimreview file.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise PydanticCustomError("invalid-number", "{value} is not a number", {"value": repr(value)[:50]})
    try:
        float(value)
    except OverflowError:  # an integer of hundreds of digits: no scale has use for it
        raise PydanticCustomError("invalid-number", "{value} is too large to be a rating number",
                                  {"value": repr(value)[:50]}) from None
    return value


Number = Annotated[int | float, BeforeValidator(_number), Field(allow_inf_nan=False)]
Url = Annotated[
    str,
    AfterValidator(check_url),
    Field(json_schema_extra={"pattern": r"^https?://\S+$"}, description="Absolute http(s) URL"),
]
PartialDate = Annotated[
    str,
    AfterValidator(check_date),
    Field(
        json_schema_extra={"pattern": DATE_PATTERN},
        description="ISO 8601 date; YYYY or YYYY-MM when the source gives no more",
    ),
]
LanguageTag = Annotated[
    str,
    AfterValidator(check_language),
    Field(json_schema_extra={"pattern": BCP47_PATTERN}, description="BCP 47 language tag"),
]

FieldName = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z_]*(/[0-9]+)?$", max_length=60),
    Field(description='Name of a field of the entity, e.g. "date_adopted", or one item of a list field, '
                      'counted from 0, e.g. "measures/1"'),
]

WIKIDATA_PATTERN = r"^Q[1-9][0-9]*$"
OPENSANCTIONS_PATTERN = r"^(?:Q[1-9][0-9]*|NK-[A-Za-z0-9]{4,40})$"
_WIKIDATA_RE, _OPENSANCTIONS_RE = re.compile(WIKIDATA_PATTERN), re.compile(OPENSANCTIONS_PATTERN)


def check_wikidata(value: str) -> str:
    if not _WIKIDATA_RE.match(value) or len(value) > 20:
        raise PydanticCustomError(
            "invalid-wikidata-id",
            "{value} is not a Wikidata item id: write Q and its number, without leading zeros, e.g. Q42 "
            "(not the item's URL or label)",
            {"value": repr(value[:50])},
        )
    return value


def check_opensanctions(value: str) -> str:
    if not _OPENSANCTIONS_RE.match(value):
        raise PydanticCustomError(
            "invalid-opensanctions-id",
            "{value} is not an OpenSanctions entity id: write the canonical id from the entity's page, a "
            "Wikidata QID (Q42) or an NK- id (NK-...); a dataset's own ids (ofac-..., gb-hmt-...) are not canonical",
            {"value": repr(value[:50])},
        )
    return value


WikidataId = Annotated[
    str,
    AfterValidator(check_wikidata),
    Field(json_schema_extra={"pattern": WIKIDATA_PATTERN, "maxLength": 20},
          description='Wikidata item id: Q and a number without leading zeros, e.g. "Q42"'),
]
OpenSanctionsId = Annotated[
    str,
    AfterValidator(check_opensanctions),
    Field(json_schema_extra={"pattern": OPENSANCTIONS_PATTERN},
          description='OpenSanctions canonical entity id: a Wikidata QID or an "NK-" id'),
]
