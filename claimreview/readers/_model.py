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
from claimreview.validation.diagnostics import Diagnostic, error, pointer

Locate = Callable[[str], tuple[int | None, int | None]]
"""Maps a JSON Pointer to (line, column) in the input, or (None, None)."""


def _no_location(_ptr: str) -> tuple[int | None, int | None]:
    return None, None


def build_document(data: Any, file: str | None = None, locate: Locate = _no_location) -> Loaded:
    problems: list[Problem] = []
    try:
        document = Document.model_validate(data, context={"problems": problems})
    except ValidationError as exc:
        found = [_from_pydantic(e, data) for e in exc.errors(include_url=False)]
        return Loaded(None, [_place(d, file, locate) for d in found])
    found = [error(p.code, p.message, p.pointer) for p in problems]
    return Loaded(document if not found else None, [_place(d, file, locate) for d in found])


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
        return error("model.missing-field", f"required field {name!r} is missing", ptr)
    if kind == "extra_forbidden":
        model = _model_at(path[:-1])
        known = sorted(model.model_fields) if model else []
        close = difflib.get_close_matches(name, known, n=1)
        hint = f"did you mean {close[0]!r}?" if close else f"known fields: {', '.join(known)}"
        return error("model.unknown-field", f"unknown field {name!r}: {hint} (fields are never dropped silently)", ptr)
    if kind in ("string_too_short", "string_pattern_mismatch") and ctx.get("pattern") != ID_PATTERN:
        return error("model.empty-string", f"{name!r} is empty: leave the field out when the value is unknown", ptr)
    if kind == "string_pattern_mismatch" or (kind == "string_too_long" and name == "id"):
        return error("model.invalid-id", f"{e['input']!r} is not a valid id: use letters, digits and . _ : - "
                     "(starting with a letter or digit, at most 200 characters)", ptr)
    if kind in ("invalid-url", "invalid-date", "invalid-language", "invalid-number"):
        return error(f"model.{kind}", e["msg"], ptr)
    if kind == "finite_number":
        return error("model.invalid-number", "NaN and infinity are not allowed: write a number", ptr)
    if kind == "literal_error" and name == "claimreview":
        return error("model.format-version", f"claimreview file format {e['input']!r} is not known: this version "
                     "reads format \"1\"", ptr)
    if kind == "enum":
        return error("model.invalid-value", f"{e['input']!r} is not one of {ctx.get('expected')}", ptr)
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        found = type(e["input"]).__name__.replace("dict", "mapping").replace("str", "text")
        return error("model.invalid-type", f"{name!r} must be a mapping of fields (key: value), not {found}", ptr)
    if kind == "list_type":
        return error("model.invalid-type", f"{name!r} must be a list", ptr)
    if kind == "value_error":
        return error("model.invalid-value", str(ctx.get("error", e["msg"])), ptr)
    return error("model.invalid-type", f"{name!r}: {e['msg'][0].lower()}{e['msg'][1:]}", ptr)
