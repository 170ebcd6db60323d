"""People and organizations linked across datasets: a newsroom's link file, applied offline.

A link file is YAML that a newsroom keeps beside its claim files, names to ids::

    links:
      Igor Korotchenko:
        wikidata: Q...            # Wikidata item
        opensanctions: NK-...     # OpenSanctions canonical id (a QID or an NK- id)

``claimreview link article.yaml links.yaml -o linked.yaml`` gives every person and organization
whose name or alternate name matches an entry (case, accents and spacing aside: the same
comparison both ways) the entry's ids. Nothing is looked up on the network: the file is the
newsroom's checked knowledge, and the ids go where the file says. The JSON-LD export writes them as
``sameAs`` too (the Wikidata entity URI and the OpenSanctions entity page), the FtM export as
``wikidataId``.

One defect, one finding: an id that is not well formed is an error located in the link file; an
entry that matches two entities, or an entity that already has another id, is a warning and
changes nothing; an entry that matches nothing is a warning.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any

from claimreview.validation.diagnostics import ERROR, WARNING, Code, Diagnostic

SYNTAX = Code("links.syntax", ERROR, "The link file is not YAML of the form 'links: {name: {wikidata: Q.., "
              "opensanctions: ..}}': correct it where the message says.")
INVALID = Code("links.invalid", ERROR, "A link entry with an id that is not well formed (Wikidata: Q and a number; "
               "OpenSanctions: a QID or an NK- id) or a field other than wikidata and opensanctions.")
UNUSED = Code("links.unused", WARNING, "A link entry whose name matches no person or organization of the document.")
AMBIGUOUS = Code("links.ambiguous", WARNING, "A link entry whose name matches more than one entity: nothing is "
                 "linked; give the entities distinct names, or link them by hand.")
CONFLICT = Code("links.conflict", WARNING, "An entity that already has another id than the link file gives: "
                "it is kept; correct the file or the document.")
CODES = (SYNTAX, INVALID, UNUSED, AMBIGUOUS, CONFLICT)

MAX_BYTES = 10_000_000
ID_FIELDS = ("wikidata", "opensanctions")


def name_key(name: str) -> str:
    """How names are compared: Unicode-normalised, accents and case folded, spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.casefold().split())


@dataclass
class Links:
    ids: dict[str, dict[str, str]] = field(default_factory=dict)
    """name key -> {"wikidata": ..., "opensanctions": ...}"""
    names: dict[str, str] = field(default_factory=dict)
    """name key -> the name as the file writes it."""


def read_links(data: bytes, file: str) -> tuple[Links | None, list[Diagnostic]]:
    import yaml
    from pydantic import TypeAdapter, ValidationError

    from claimreview.schemas.fields import OpenSanctionsId, WikidataId

    if len(data) > MAX_BYTES:
        return None, [SYNTAX.at(f"the link file is larger than {MAX_BYTES:,} bytes", file=file)]
    try:
        raw = yaml.safe_load(data.decode("utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        return None, [SYNTAX.at(f"not UTF-8 YAML: {str(exc).splitlines()[0]}", file=file)]
    if not isinstance(raw, dict) or not isinstance(raw.get("links"), dict) or set(raw) != {"links"}:
        return None, [SYNTAX.at("the file must hold one key, links, a mapping of names to ids", file=file)]
    checkers: dict[str, TypeAdapter[Any]] = {"wikidata": TypeAdapter(WikidataId),
                                             "opensanctions": TypeAdapter(OpenSanctionsId)}
    links, found = Links(), []
    for name, ids in raw["links"].items():
        where = f"/links/{_escape(str(name))}"
        if not isinstance(name, str) or not name.strip() or not isinstance(ids, dict) or not ids:
            found.append(INVALID.at("each entry is a name and a mapping of ids (wikidata, opensanctions)", where,
                                    file=file))
            continue
        entry: dict[str, str] = {}
        for key, value in ids.items():
            if key not in checkers:
                found.append(INVALID.at(f"{key!r} is not a kind of id this file holds: use {', '.join(ID_FIELDS)}",
                                        f"{where}/{_escape(str(key))}", file=file))
                continue
            try:
                entry[key] = checkers[key].validate_python(value)
            except ValidationError as exc:
                message = exc.errors()[0]["msg"]
                found.append(INVALID.at(message, f"{where}/{key}", file=file))
        if entry:
            links.ids[name_key(name)] = entry
            links.names[name_key(name)] = name
    return links, found


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def apply_links(doc: Any, links: Links, file: str) -> tuple[Any, list[Diagnostic]]:
    """The document with the link file's ids on the people and organizations it names."""
    matches: dict[str, list[tuple[str, int]]] = {}
    for kind in ("people", "organizations"):
        for i, entity in enumerate(getattr(doc, kind)):
            for name in {name_key(n) for n in (entity.name, *entity.alternate_names)}:
                if name in links.ids:
                    matches.setdefault(name, []).append((kind, i))
    found: list[Diagnostic] = []
    updates: dict[tuple[str, int], dict[str, str]] = {}
    for key, entry in links.ids.items():
        where = f"/links/{_escape(links.names[key])}"
        hits = list(dict.fromkeys(matches.get(key, [])))
        if not hits:
            found.append(UNUSED.at(f"{links.names[key]!r} names no person or organization of the document", where,
                                   file=file))
            continue
        if len(hits) > 1:
            ids = ", ".join(getattr(doc, k)[i].id for k, i in hits)
            found.append(AMBIGUOUS.at(f"{links.names[key]!r} names {len(hits)} entities ({ids}): nothing linked",
                                      where, file=file))
            continue
        kind, i = hits[0]
        entity = getattr(doc, kind)[i]
        for id_field, value in entry.items():
            current = getattr(entity, id_field) or updates.get(hits[0], {}).get(id_field)
            if current is not None and current != value:
                found.append(CONFLICT.at(f"{entity.id!r} has {id_field} {current}, the link file says {value}; kept "
                                         f"{current}", f"/{kind}/{i}/{id_field}"))
                continue
            updates.setdefault(hits[0], {})[id_field] = value
    if not updates:
        return doc, found
    data = doc.model_dump()
    for (kind, i), values in updates.items():
        data[kind][i].update(values)
    return type(doc).model_validate(data), found
