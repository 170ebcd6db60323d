"""Plain data -> Document, with every Pydantic error and model rule turned into a Diagnostic.

Every reader that produces claimreview-shaped data (claimreview files, CSV tables) ends here, so a
rule is reported with the same code and message whatever format the input came in.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from claimreview.readers.base import Loaded
from claimreview.schemas import Document
from claimreview.schemas.fields import ID_PATTERN
from claimreview.schemas.models import Problem
from claimreview.validation.diagnostics import ERROR, Code, Diagnostic, pointer

MODEL_EMPTY_STRING = Code("model.empty-string", ERROR,
    "An empty or blank string, or one of invisible characters only (zero-width spaces, byte order marks, the "
    "braille blank, ...); leave the field out when the value is unknown.")
MODEL_FORMAT_VERSION = Code("model.format-version", ERROR,
    "A claimreview file format version this release does not read.")
MODEL_INVALID_DATE = Code("model.invalid-date", ERROR,
    "A date that is not ISO 8601 (YYYY-MM-DD, YYYY-MM, YYYY, or a date-time).")
MODEL_INVALID_ID = Code("model.invalid-id", ERROR,
    "An id that is not letters, digits and . _ : - (starting with a letter or digit).")
MODEL_INVALID_LANGUAGE = Code("model.invalid-language", ERROR, "A language tag that is not BCP 47.")
MODEL_INVALID_NUMBER = Code("model.invalid-number", ERROR,
    "A rating number that is not a finite number (text, a boolean, NaN).")
MODEL_INVALID_TYPE = Code("model.invalid-type", ERROR,
    "A value of the wrong type (a list where a mapping belongs, ...).")
MODEL_INVALID_URL = Code("model.invalid-url", ERROR, "A URL that is not absolute http(s), or is padded with spaces.")
MODEL_INVALID_VALUE = Code("model.invalid-value", ERROR,
    "A value outside the allowed set, or an appearance with neither url, outlet nor description.")
MODEL_MISSING_FIELD = Code("model.missing-field", ERROR, "A required field is missing.")
MODEL_UNKNOWN_FIELD = Code("model.unknown-field", ERROR,
    "A field the model does not know; never dropped silently (a 'did you mean' is offered).")
MODEL_INVALID_WIKIDATA_ID = Code("model.invalid-wikidata-id", ERROR, "A Wikidata id that is not Q and a number (Q42).")
MODEL_INVALID_OPENSANCTIONS_ID = Code("model.invalid-opensanctions-id", ERROR,
    "An OpenSanctions id that is not canonical (a Wikidata QID or an NK- id).")

_CUSTOM = {"invalid-url": MODEL_INVALID_URL, "invalid-date": MODEL_INVALID_DATE,
           "invalid-language": MODEL_INVALID_LANGUAGE, "invalid-number": MODEL_INVALID_NUMBER,
           "invalid-wikidata-id": MODEL_INVALID_WIKIDATA_ID, "invalid-opensanctions-id": MODEL_INVALID_OPENSANCTIONS_ID}

CODES: tuple[Code, ...] = (
    MODEL_EMPTY_STRING,
    MODEL_FORMAT_VERSION,
    MODEL_INVALID_DATE,
    MODEL_INVALID_ID,
    MODEL_INVALID_LANGUAGE,
    MODEL_INVALID_NUMBER,
    MODEL_INVALID_TYPE,
    MODEL_INVALID_URL,
    MODEL_INVALID_VALUE,
    MODEL_MISSING_FIELD,
    MODEL_UNKNOWN_FIELD,
    MODEL_INVALID_WIKIDATA_ID,
    MODEL_INVALID_OPENSANCTIONS_ID,
)

Locate = Callable[[str], tuple[int | None, int | None]]
"""Maps a JSON Pointer to (line, column) in the input, or (None, None)."""


def _no_location(_ptr: str) -> tuple[int | None, int | None]:
    return None, None


def build_document(data: Any, file: str | None = None, locate: Locate = _no_location, *,
                   registries: bool = True) -> Loaded:
    """Plain data -> Document. ``registries`` also looks the document's language tags and country
    codes up (warnings, :mod:`claimreview.validation.registries`); the JSON-LD reader leaves that to
    its checks of the markup itself, which point at the input's own properties."""
    problems: list[Problem] = []
    try:
        document = Document.model_validate(data, context={"problems": problems})
    except ValidationError as exc:
        found = [_from_pydantic(e, data) for e in exc.errors(include_url=False)]
        return Loaded(None, [_place(d, file, locate) for d in found])
    found = [p.code.at(p.message, p.pointer) for p in problems]
    if found:
        return Loaded(None, [_place(d, file, locate) for d in found])
    if registries:
        from claimreview.validation.registries import check_document

        found = check_document(document)
    return Loaded(document, [_place(d, file, locate) for d in found])


def _place(d: Diagnostic, file: str | None, locate: Locate) -> Diagnostic:
    line, column = locate(d.pointer)
    return d.at(file=file, line=line, column=column)


def _data_path(loc: tuple[int | str, ...], data: Any) -> list[int | str]:
    """Keep the parts of a Pydantic ``loc`` that step through the data (drop union tags)."""
    path: list[int | str] = []
    current = data
    for i, part in enumerate(loc):
        last = i == len(loc) - 1
        if isinstance(current, dict) and isinstance(part, str) and (part in current or last):
            path.append(part)
            current = current.get(part)
        elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            path.append(part)
            current = current[part]
    return path


def _model_at(path: list[int | str]) -> type[BaseModel] | None:
    """The model class whose fields sit at ``path`` (for listing known fields)."""
    model: Any = Document
    for part in path:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part) if isinstance(model, type) and issubclass(model, BaseModel) else None
        if field is None:
            return None
        annotation = field.annotation
        for arg in (*getattr(annotation, "__args__", ()), annotation):
            inner = getattr(arg, "__args__", (arg,))[0] if getattr(arg, "__origin__", None) is list else arg
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                model = inner
                break
        else:
            return None
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def _from_pydantic(e: ErrorDetails, data: Any) -> Diagnostic:
    path = _data_path(e["loc"], data)
    ptr = pointer(path)
    kind = e["type"]
    name = str(path[-1]) if path else "document"
    ctx = e.get("ctx") or {}
    if kind == "missing":
        return MODEL_MISSING_FIELD.at(f"required field {name!r} is missing", ptr)
    if kind == "extra_forbidden":
        model = _model_at(path[:-1])
        known = sorted(model.model_fields) if model else []
        close = difflib.get_close_matches(name, known, n=1)
        hint = f"did you mean {close[0]!r}?" if close else f"known fields: {', '.join(known)}"
        return MODEL_UNKNOWN_FIELD.at(f"unknown field {name!r}: {hint} (fields are never dropped silently)", ptr)
    if kind in ("string_too_short", "string_pattern_mismatch") and ctx.get("pattern") != ID_PATTERN:
        return MODEL_EMPTY_STRING.at(f"{name!r} is empty: leave the field out when the value is unknown", ptr)
    if kind == "empty-string":  # fields.check_visible: only invisible characters
        return MODEL_EMPTY_STRING.at(f"{name!r} is empty: {e['msg']}", ptr)
    if kind == "string_pattern_mismatch" or (kind == "string_too_long" and name == "id"):
        return MODEL_INVALID_ID.at(f"{e['input']!r} is not a valid id: use letters, digits and . _ : - "
                     "(starting with a letter or digit, at most 200 characters)", ptr)
    if kind in _CUSTOM:  # the model's own checks (schemas/_types.py) raise these kinds
        return _CUSTOM[kind].at(e["msg"], ptr)
    if kind == "finite_number":
        return MODEL_INVALID_NUMBER.at("NaN and infinity are not allowed: write a number", ptr)
    if kind == "literal_error" and name == "claimreview":
        return MODEL_FORMAT_VERSION.at(f"claimreview file format {e['input']!r} is not known: this version "
                     "reads format \"1\"", ptr)
    if kind == "enum":
        return MODEL_INVALID_VALUE.at(f"{e['input']!r} is not one of {ctx.get('expected')}", ptr)
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        found = type(e["input"]).__name__.replace("dict", "mapping").replace("str", "text")
        return MODEL_INVALID_TYPE.at(f"{name!r} must be a mapping of fields (key: value), not {found}", ptr)
    if kind == "list_type":
        return MODEL_INVALID_TYPE.at(f"{name!r} must be a list", ptr)
    if kind == "value_error":
        return MODEL_INVALID_VALUE.at(str(ctx.get("error", e["msg"])), ptr)
    return MODEL_INVALID_TYPE.at(f"{name!r}: {e['msg'][0].lower()}{e['msg'][1:]}", ptr)
