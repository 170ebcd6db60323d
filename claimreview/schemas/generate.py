"""The JSON Schema files: generated from the models, never edited by hand.

``claimreview schema --write`` rewrites ``claimreview/schemas/json/*.schema.json`` from GENERATORS;
a test fails when a committed file differs from a fresh one. A new schema is one line here.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from importlib import import_module
from pathlib import Path
from typing import Any

JSON_DIR = Path(__file__).parent / "json"

GENERATORS: dict[str, str] = {
    # name -> "module:function" returning the schema (imported only when asked for)
    "document": "claimreview.schemas.models:document_json_schema",
    "claimreview": "claimreview.schemas.ld:claimreview_json_schema",
}


def generator(name: str) -> Callable[[], dict[str, Any]]:
    module, func = GENERATORS[name].split(":")
    return getattr(import_module(module), func)  # type: ignore[no-any-return]


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def fresh(name: str) -> str:
    return render(generator(name)())


def write_all() -> list[Path]:
    written = []
    for name in GENERATORS:
        path = JSON_DIR / f"{name}.schema.json"
        path.write_text(fresh(name), encoding="utf-8")
        written.append(path)
    return written
