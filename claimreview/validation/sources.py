"""Which facts of a Document cite no source (``--require-sources``).

A fact is a field an entity sets (its id and its sources aside). It is sourced when one of the
entity's citations backs it: a citation that names no fields backs the whole entity, one that
names ``measures`` backs every measure, one that names ``measures/1`` only that item (a list is
sourced when each of its items is). An inference marked as one counts as a source: the point is
that a reader can tell where every statement comes from, and "we inferred it, because ..." is an
answer.

Reviews are not checked: a review is its reviewer's own statement, and its url and reviewer are
its provenance. For the same reason an organization or person that appears only as a reviewer is
not checked either.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from claimreview.validation.diagnostics import WARNING, Code, Diagnostic

if TYPE_CHECKING:
    from claimreview.schemas import Document, Entity

UNSOURCED = Code("sources.missing", WARNING,
                 "A fact that cites no source: add to the entity's sources the article's words (article, quote), "
                 "another document (document, url) or the reasoning of an inference (inferred), naming the fields "
                 "it backs.")
CODES = (UNSOURCED,)

CHECKED = ("people", "organizations", "sanctions", "articles", "claims")
"""The collections whose facts need sources (reviews speak for themselves)."""


def facts(entity: Entity) -> Iterator[str]:
    """The fields an entity sets that state something: ``name``, ``measures/1``, ... (list fields
    item by item)."""
    for name in type(entity).model_fields:
        if name in ("id", "sources"):
            continue
        value = getattr(entity, name)
        if value is None or value == []:
            continue
        if isinstance(value, list):
            yield from (f"{name}/{i}" for i in range(len(value)))
        else:
            yield name


def unsourced(entity: Entity) -> list[str]:
    """The facts of ``entity`` that none of its citations backs."""
    backed: set[str] = set()
    for citation in entity.sources:
        if not citation.fields:
            return []
        backed.update(citation.fields)
    return [f for f in facts(entity) if f not in backed and f.partition("/")[0] not in backed]


def _reviewers_only(doc: Document) -> set[str]:
    """Ids that the document mentions only as reviewers."""
    reviewers = {r.reviewer for r in doc.reviews}
    data = doc.model_dump(include={"people", "organizations", "sanctions", "articles", "claims"})
    mentioned: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, str):
            mentioned.add(value)
        elif isinstance(value, dict):
            for k, v in value.items():
                if k != "id":
                    walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(data)
    return reviewers - mentioned


def check_sources(doc: Document) -> list[Diagnostic]:
    """One warning per entity with unsourced facts, naming them, at the entity."""
    skip = _reviewers_only(doc)
    found: list[Diagnostic] = []
    for kind in CHECKED:
        for i, entity in enumerate(getattr(doc, kind)):
            if entity.id in skip:
                continue
            missing = unsourced(entity)
            if missing:
                fields = ", ".join(dict.fromkeys(m.partition("/")[0] for m in missing))
                found.append(UNSOURCED.at(f"{entity.id!r} states {fields} without a source", f"/{kind}/{i}"))
    return found
