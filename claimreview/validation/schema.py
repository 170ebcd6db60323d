"""JSON Schema checks against the schema files shipped with the package.

Validators are compiled once per process (jsonschema-rs, with ``format`` checked, since without
``validate_formats`` it skips them) and reused for every record.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema_rs

from claimreview.validation.diagnostics import Diagnostic, error, pointer

# claimreview/schemas/json, found without importing claimreview.schemas (the models), which feeds never need
JSON_DIR = Path(__file__).resolve().parent.parent / "schemas" / "json"


@cache
def load_schema(name: str) -> dict[str, Any]:
    return json.loads((JSON_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@cache
def validator(name: str) -> Any:
    return jsonschema_rs.validator_for(load_schema(name), validate_formats=True)


def check_against(name: str, data: Any, code: str = "schema.invalid") -> list[Diagnostic]:
    """Every way ``data`` breaks schema ``name``, each with its JSON Pointer."""
    v = validator(name)
    if v.is_valid(data):
        return []
    try:
        return [
            error(code, f"{e.message} (schema {name}: {'/'.join(str(p) for p in e.schema_path)})",
                  pointer(e.instance_path))
            for e in v.iter_errors(data)
        ]
    except ValueError:  # jsonschema-rs: "Recursion limit reached"
        return [error("json.too-deep", "nested too deeply to check against the schema (hundreds of levels)")]
