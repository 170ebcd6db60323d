"""Microdata and RDFa ClaimReviews (and MediaReviews) of a saved page, read through extruct.

Many fact-checkers' older templates, schema.org's own examples and a large share of what Web Data
Commons extracts carry ClaimReview as Microdata (``itemscope itemtype=...``) or RDFa
(``typeof=...``). The HTML reader hands what this module extracts to the same JSON-LD reader and
checks as an ld+json block, so a Microdata ClaimReview is judged exactly as its JSON-LD twin.

Why extruct (0.18, Zyte's extractor, the one Scrapy users and Web Data Commons-style crawls use):
it implements the WHATWG microdata algorithm (``itemref``, nested items, ``content``/``href``/
``datetime`` values) and gives RDFa through pyRdfa, the W3C's reference distiller, so claimreview
does not carry a second, weaker parser of either. Its weight is real: lxml, rdflib, pyRdfa3, mf2py,
html-text, w3lib (about 25 MB installed), so it is the optional extra ``microdata``
(``pip install 'claimreview[microdata]'``); without it the reader says where the markup is and
which extra reads it. It is imported here, on first use, never by ``claimreview --help``.

Location: extruct gives no positions, so an item is located at the start tag of its element
(line and column in the page): the k-th top-level Microdata item (an ``itemscope`` without
``itemprop``) is the k-th such element in document order, which is the order the microdata
algorithm lists them in. Findings inside an item point to ``/microdata/<k>/...``. RDFa is a graph
with no order; its nodes are located at the first element typed as a review, and point to
``/rdfa/0/@graph/<n>/...``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

EXTRA = "microdata"
REVIEW = re.compile(r"(?:^|[/#:])(?:Claim|Media)Review$")
_SCHEMA_HTTPS = "https://schema.org/"
_SCHEMA_HTTP = "http://schema.org/"


@dataclass(frozen=True)
class Item:
    """A node read from the page's Microdata or RDFa, in compacted schema.org JSON-LD."""

    syntax: str
    """``microdata`` or ``rdfa``: the pointer prefix of findings inside it."""
    index: int
    data: Any
    start: int | None
    """Offset of the element it was read from, when known."""


def available() -> bool:
    try:
        import extruct  # type: ignore[import-untyped]  # noqa: F401  # no stubs
    except ImportError:
        return False
    return True


def review_elements(tags: Iterable[Any]) -> tuple[list[Any], list[Any]]:
    """The start tags of Microdata and of RDFa elements typed as a review."""
    micro, rdfa = [], []
    for tag in tags:
        if any(REVIEW.search(t) for t in tag.attrs.get("itemtype", "").split()):
            micro.append(tag)
        if any(REVIEW.search(t) for t in tag.attrs.get("typeof", "").split()):
            rdfa.append(tag)
    return micro, rdfa


def extract(text: str, tags: list[Any], base_url: str | None, rdfa: bool) -> list[Item]:
    """Every top-level Microdata item that is a review, and (with ``rdfa``) the RDFa graph when
    it holds one; ``tags`` are the page's start tags in document order. Needs extruct."""
    import extruct

    syntaxes = ["microdata", "rdfa"] if rdfa else ["microdata"]
    found = extruct.extract(text, base_url=base_url or "", syntaxes=syntaxes, uniform=True, errors="ignore")
    tops = [t for t in tags if "itemscope" in t.attrs and "itemprop" not in t.attrs]
    out: list[Item] = []
    for k, item in enumerate(found.get("microdata") or []):
        if isinstance(item, dict) and _is_review(item):
            out.append(Item("microdata", k, item, tops[k].start if k < len(tops) else None))
    graph = _rdfa_graph(found.get("rdfa") or [])
    if graph is not None:
        first = next((t.start for t in tags if any(REVIEW.search(x) for x in t.attrs.get("typeof", "").split())),
                     None)
        out.append(Item("rdfa", 0, graph, first))
    return out


def _is_review(node: dict[str, Any]) -> bool:
    kind = node.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return any(isinstance(k, str) and REVIEW.search(k) for k in kinds)


def _rdfa_graph(expanded: list[Any]) -> dict[str, Any] | None:
    """pyRdfa's expanded JSON-LD, compacted with schema.org's context (bundled, offline) so the
    checks read it as they read an ld+json block; only the reviews and the nodes they reach."""
    if not any(isinstance(n, dict) and any(isinstance(t, str) and REVIEW.search(t) for t in n.get("@type", []))
               for n in expanded):
        return None
    from pyld import jsonld  # type: ignore[import-untyped]

    from claimreview.validation.ld import document_loader

    nodes = [_http_schema(n) for n in expanded if isinstance(n, dict)]
    by_id = {n["@id"]: n for n in nodes if isinstance(n.get("@id"), str)}
    keep: list[dict[str, Any]] = []
    todo = [n for n in nodes if any(isinstance(t, str) and REVIEW.search(t) for t in n.get("@type", []))]
    seen: set[int] = set()
    while todo:
        node = todo.pop(0)
        if id(node) in seen:
            continue
        seen.add(id(node))
        keep.append(node)
        todo.extend(by_id[ref] for ref in _refs(node) if ref in by_id)
    compacted = jsonld.compact(keep, _SCHEMA_HTTP, {"documentLoader": document_loader()})
    graph = [_keywords(n) for n in compacted.get("@graph", [compacted]) if isinstance(n, dict)]
    return {"@context": "https://schema.org", "@graph": _inlined(graph)}


def _keywords(node: dict[str, Any]) -> dict[str, Any]:
    """schema.org's context aliases @id and @type as id and type: write the keywords."""
    out: dict[str, Any] = json.loads(json.dumps(node).replace('"id":', '"@id":').replace('"type":', '"@type":'))
    return out


def _inlined(graph: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Blank nodes (pyRdfa labels them at random, run by run) written inside the node that links
    to them, as an ld+json block nests them; named nodes stay in the graph."""
    blank = {n["@id"]: n for n in graph if str(n.get("@id", "")).startswith("_:")}

    def inline(value: Any, depth: int) -> Any:
        if isinstance(value, list):
            return [inline(v, depth) for v in value]
        if isinstance(value, dict):
            ref = value.get("@id")
            if set(value) == {"@id"} and ref in blank and depth < 20:
                value = blank[ref]
            return {k: inline(v, depth + 1) for k, v in value.items() if not (k == "@id" and str(v).startswith("_:"))}
        return value

    return [inline(n, 0) for n in graph if n.get("@id") not in blank or _is_review(n)]


def _refs(node: dict[str, Any]) -> Iterable[str]:
    for key, values in node.items():
        if key.startswith("@"):
            continue
        for value in values if isinstance(values, list) else [values]:
            if isinstance(value, dict) and isinstance(value.get("@id"), str) and "@value" not in value:
                yield value["@id"]


def _http_schema(node: dict[str, Any]) -> dict[str, Any]:
    """https://schema.org/ terms as the bundled context's http://schema.org/ ones (keys and types
    only: values, such as a url that points to schema.org, are left as written)."""
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "@type":
            value = [t.replace(_SCHEMA_HTTPS, _SCHEMA_HTTP, 1) if isinstance(t, str) else t for t in value]
        out[key.replace(_SCHEMA_HTTPS, _SCHEMA_HTTP, 1)] = value
    return out
