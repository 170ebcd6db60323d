#!/usr/bin/env python3
"""Regenerate claimreview's schema.org package data from schema.org's own release files.

    python tools/build_schemaorg_data.py --schemaorg PATH   # a clone of github.com/schemaorg/schemaorg

Source: schema.org release 30.0 (2026-03-19), the newest in ``data/releases/`` of the schema.org
repository, read from its release folder:

- ``schemaorg-current-https.jsonld``: the "current" vocabulary (core and pending terms, no attic):
  every class (``rdfs:Class``) with its ``rdfs:subClassOf``, the data types (typed
  ``schema:DataType``, and their subclasses), every property (``rdf:Property``) with its
  ``schema:domainIncludes`` and ``schema:rangeIncludes``, ``schema:supersededBy``, and the
  enumeration members (nodes typed with an enumeration);
- ``schemaorgcontext.jsonld``: the JSON-LD context schema.org published with the release.

Their SHA-256 digests are pinned below: other bytes are refused rather than silently used.
The schema.org repository is read with git (``git show``), never its working tree, so a clone
at any commit serves, as long as it holds the release.

Writes, under ``claimreview/data/``:

- ``schemaorg-vocabulary.json``: the compact extract claimreview checks against;
- ``schemaorg-context.jsonld``: the release's context, as published (re-serialised compactly);
- ``schemaorg-context-next.jsonld``: the same context without its ``@type`` coercions, as
  schema.org's site software now generates it (commit cc71c8e0, "Remove `@type` keyword from
  JSON-LD context file", 2026-08-20): the tests run the checks against it so that the change
  is known before it ships.

The output is deterministic: run it twice, get the same bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
from pathlib import Path
from typing import Any

RELEASE = "30.0"
RELEASED = "2026-03-19"
FILES = {  # path in the schema.org repository -> pinned SHA-256
    f"data/releases/{RELEASE}/schemaorg-current-https.jsonld":
        "4467fa19edcb1d7fb3c46c0adf3591b7f870c4a60b7838bdb61694fd02864cf6",
    f"data/releases/{RELEASE}/schemaorgcontext.jsonld":
        "d8167890b056bc7c71eb39b30cbb4816490d5e671371ba50a5a633d1bc36961a",
}
REPOSITORY = "https://github.com/schemaorg/schemaorg"
SCHEMA = "http://schema.org/"
"""schema.org's published context keeps the http form for @vocab, for compatibility."""

DATA = Path(__file__).resolve().parent.parent / "claimreview" / "data"


def read(repo: Path, path: str) -> bytes:
    data = subprocess.run(["git", "-C", str(repo), "show", f"HEAD:{path}"], check=True,
                          capture_output=True).stdout
    digest = hashlib.sha256(data).hexdigest()
    if digest != FILES[path]:
        raise SystemExit(f"{path}: sha256 {digest} is not the pinned {FILES[path]}; refusing")
    return data


def _ids(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value] if value is not None else []
    return [v["@id"] if isinstance(v, dict) else v for v in values]


def _local(iri: str) -> str | None:
    return iri[len("schema:"):] if iri.startswith("schema:") else None


def vocabulary(graph: list[dict[str, Any]]) -> dict[str, Any]:
    """The compact extract: everything claimreview checks against, and all the context needs."""
    types: dict[str, list[str]] = {}
    declared_datatypes: set[str] = set()
    properties: dict[str, list[list[str]]] = {}
    superseded: dict[str, str] = {}
    members: list[tuple[str, list[str]]] = []
    for node in graph:
        name = _local(node["@id"])
        if name is None:
            continue
        kinds = _ids(node.get("@type"))
        if "rdfs:Class" in kinds:
            types[name] = sorted(p for p in map(_local, _ids(node.get("rdfs:subClassOf"))) if p)
            if "schema:DataType" in kinds:
                declared_datatypes.add(name)
        elif "rdf:Property" in kinds:
            properties[name] = [sorted(p for p in map(_local, _ids(node.get(key))) if p)
                                for key in ("schema:domainIncludes", "schema:rangeIncludes")]
        else:
            members.append((name, kinds))
        for replacement in map(_local, _ids(node.get("schema:supersededBy"))):
            if replacement:
                superseded[name] = replacement
    for name in declared_datatypes:  # Boolean, Text ... are instances of DataType in RDF: its subtypes here
        types[name] = types[name] or ["DataType"]
    datatypes = {"DataType", *declared_datatypes}
    changed = True
    while changed:  # URL, Integer, Float ...: subclasses of a data type are data types
        grown = {t for t, parents in types.items() if datatypes.intersection(parents)}
        changed = not grown <= datatypes
        datatypes |= grown
    enumeration_members = sorted(name for name, kinds in members if any(_local(k) in types for k in kinds))
    return {
        "release": RELEASE,
        "source": f"schema.org release {RELEASE} ({RELEASED}), {REPOSITORY} "
                  f"data/releases/{RELEASE}/schemaorg-current-https.jsonld (sha256 "
                  f"{FILES[f'data/releases/{RELEASE}/schemaorg-current-https.jsonld']}); CC BY-SA 3.0",
        "datatypes": sorted(datatypes),
        "types": dict(sorted(types.items())),
        "properties": dict(sorted(properties.items())),
        "superseded": dict(sorted(superseded.items())),
        "enumeration_members": enumeration_members,
    }


def next_context(context: dict[str, Any]) -> dict[str, Any]:
    """The context without the ``@type`` of its term definitions (schema.org's coming change)."""
    terms = {name: ({k: v for k, v in term.items() if k != "@type"} if isinstance(term, dict) else term)
             for name, term in context["@context"].items()}
    return {"@context": terms}


def write(path: Path, data: Any) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=None, separators=(",", ":"), sort_keys=False)
    path.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {path} ({path.stat().st_size:,} bytes)")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--schemaorg", type=Path, required=True, help="a git clone of the schema.org repository")
    args = parser.parse_args(argv)
    graph = json.loads(read(args.schemaorg, f"data/releases/{RELEASE}/schemaorg-current-https.jsonld"))["@graph"]
    context = json.loads(read(args.schemaorg, f"data/releases/{RELEASE}/schemaorgcontext.jsonld"))
    vocab = vocabulary(graph)
    DATA.mkdir(parents=True, exist_ok=True)
    write(DATA / "schemaorg-vocabulary.json", vocab)
    write(DATA / "schemaorg-context.jsonld", context)
    write(DATA / "schemaorg-context-next.jsonld", next_context(context))
    print(f"schema.org {RELEASE}: {len(vocab['types'])} types, {len(vocab['properties'])} properties, "
          f"{len(vocab['superseded'])} superseded terms, {len(vocab['enumeration_members'])} enumeration members")


if __name__ == "__main__":
    main()
