"""JSON Schema checks against the schema files shipped with the package.

Validators are compiled once per process (jsonschema-rs, with ``format`` checked, since without
``validate_formats`` it skips them) and reused for every record.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from claimreview.readers.base import JSON_TOO_DEEP
from claimreview.validation.diagnostics import ERROR, Code, Diagnostic, pointer

SCHEMA_INVALID = Code("schema.invalid", ERROR,
    "Data that breaks its JSON Schema in a way no other schema.* code names: a feed record against the "
    "ClaimReview profile, or an exporter's output against its format's schema (an exporter bug, reported rather "
    "than written).")

CODES: tuple[Code, ...] = (SCHEMA_INVALID,)

# claimreview/schemas/json, found without importing claimreview.schemas (the models), which feeds never need
JSON_DIR = Path(__file__).resolve().parent.parent / "schemas" / "json"


@cache
def load_schema(name: str) -> dict[str, Any]:
    return json.loads((JSON_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@cache
def validator(name: str) -> Any:
    import jsonschema_rs  # here, so that importing the codes above costs nothing

    return jsonschema_rs.validator_for(load_schema(name), validate_formats=True)


def check_against(name: str, data: Any, code: Code = SCHEMA_INVALID) -> list[Diagnostic]:
    """Every way ``data`` breaks schema ``name``, each with its JSON Pointer."""
    v = validator(name)
    if v.is_valid(data):
        return []
    try:
        return [
            code.at(f"{e.message} (schema {name}: {'/'.join(str(p) for p in e.schema_path)})",
                  pointer(e.instance_path))
            for e in v.iter_errors(data)
        ]
    except ValueError:  # jsonschema-rs: "Recursion limit reached"
        return [JSON_TOO_DEEP.at("nested too deeply to check against the schema (hundreds of levels)")]
