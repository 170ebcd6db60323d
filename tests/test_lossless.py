"""JSON-LD -> model -> JSON-LD keeps what fact-checkers publish: a property test over real-world shapes.

Seeds are the real-world corpus (``tests/fixtures/realworld/``, provenance in its ``PROVENANCE.md``):
every ld+json block of its pages, and its JSON-LD files. Hypothesis varies them the ways real
markup varies (``@graph`` or an array or a DataFeed around the nodes, ``http`` or ``https``
schema.org contexts, ``schema:`` prefixed keys, ``@type`` as a list, a value as a one-item list,
nested nodes moved to the top and linked by ``@id``), with no value that is not in the corpus.

**The oracle is the input's own RDF graph**, as pyld (a JSON-LD processor independent of
claimreview) expands it with the bundled schema.org context, never claimreview's output. Each
ClaimReview's graph is written as the set of (property path from the review, value) pairs it
holds (blank nodes have no name of their own, so a path is what identifies them; an IRI node also
gives its IRI as a value). What the input says must be said by the output, except where the reader
warned that it does not carry something (``jsonld.not-carried``, ``jsonld.invalid-value``,
``jsonld.incomplete``, ``jsonld.dangling-link``, ``jsonld.guessed``: the one warning per loss),
modulo these documented normalisations:

- ``http://schema.org/`` and ``https://schema.org/`` are one vocabulary;
- a value's datatype is not compared (schema.org's ``Date`` coercion, a number written as text
  ``"5"`` and as ``5``); numbers are compared as numbers;
- text is compared without leading and trailing white space;
- dates: a space between date and time is a ``T``, an offset ``+0200`` is ``+02:00``;
- a URL given as text or as an IRI is one value, a relative one resolved against the page, and a
  URL given directly (``"appearance": "https://..."``, ``"logo": "https://..."``) is the same as a
  node whose ``url`` it is (the model writes an appearance as a CreativeWork, an image as an
  ImageObject);
- an agent given as text is the same as a node with that ``name``;
- the older shape, an ``itemReviewed`` CreativeWork (its @type reported as not carried): its
  publisher is the outlet where the claim appeared (``itemReviewed/appearance/publisher``).

Every difference the test finds is a loss nobody was told about.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyld import jsonld as pyld

from claimreview.exporters.jsonld import claimreview_data, graph_data
from claimreview.readers import htmlscan
from claimreview.readers import jsonld as reader
from claimreview.schemas import Document
from claimreview.schemas.ld import local_name
from claimreview.validation.diagnostics import Diagnostic, split_pointer
from claimreview.validation.ld import document_loader
from tests.conftest import FIXTURES

CORPUS = FIXTURES / "realworld"
BASE = "https://page.invalid/fact-check"
"""The page every input and output is expanded against (relative @ids such as ``#review`` resolve
to it in both, as on the page that would carry them)."""
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LOSS_NOTES = frozenset({reader.JSONLD_NOT_CARRIED, reader.JSONLD_INVALID_VALUE, reader.JSONLD_INCOMPLETE,
                        reader.JSONLD_DANGLING_LINK, reader.JSONLD_GUESSED})
"""The reader's warnings that say something is not carried, or carried in another shape."""


# -- seeds: the real-world corpus, block by block -----------------------------------------------------------


def _blocks(path: Path) -> list[Any]:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        return [json.loads(text)]
    out = []
    for block in htmlscan.blocks(text):
        try:
            out.append(json.loads(block.text))
        except json.JSONDecodeError:
            continue
    return out


def _has_review(data: Any) -> bool:
    return '"ClaimReview"' in json.dumps(data) or "/ClaimReview" in json.dumps(data)


SEEDS: list[tuple[str, Any]] = [
    (f"{p.name}#{i}", block)
    for p in sorted(CORPUS.iterdir()) if p.suffix in (".html", ".json") and not p.name.endswith(".expected.json")
    for i, block in enumerate(_blocks(p)) if _has_review(block)
]


# -- the oracle: an input's RDF graph, as paths from each ClaimReview ------------------------------------------


def _schema(iri: str) -> str:
    return "https://schema.org/" + iri[len("http://schema.org/"):] if iri.startswith("http://schema.org/") else iri


_NUMBER = re.compile(r"^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$")
_SPACE_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2})")
_OFFSET = re.compile(r"(T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)([+-]\d{2})(\d{2})$")


def _value(term: dict[str, Any]) -> str:
    """A node or literal as a comparable string (see the module docstring's normalisations)."""
    value = str(term["value"]).strip()
    if term["type"] == "IRI":
        return _schema(value)
    if _NUMBER.match(value):
        number = float(value)
        return repr(int(number)) if number.is_integer() and abs(number) < 2**53 else repr(number)
    value = _SPACE_TIME.sub(r"\1T\2", value)
    return _OFFSET.sub(r"\1\2:\3", value)


def _graph(data: Any) -> dict[str, list[tuple[str, dict[str, Any]]]]:
    """Subject -> (property, object) of the data's RDF graph (pyld, offline)."""
    dataset = pyld.to_rdf(data, {"documentLoader": document_loader(), "base": BASE})
    edges: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for quads in dataset.values():
        for q in quads:
            subject = ("_:" if q["subject"]["type"] == "blank node" else "") + q["subject"]["value"]
            edges.setdefault(subject, []).append((_schema(q["predicate"]["value"]), q["object"]))
    return edges


Path_ = tuple[str, ...]
Leaves = set[tuple[Path_, str]]


def _name(term: dict[str, Any]) -> str:
    return ("_:" if term["type"] == "blank node" else "") + term["value"]


def _leaves(edges: dict[str, list[tuple[str, dict[str, Any]]]], root: str) -> Leaves:
    """(property path, value) of everything said about ``root`` and the nodes it reaches."""
    out: Leaves = set()
    stack: list[tuple[str, Path_, frozenset[str]]] = [(root, (), frozenset({root}))]
    while stack:
        subject, path, seen = stack.pop()
        for prop, obj in edges.get(subject, []):
            name = local_name(prop) if prop != RDF_TYPE else "@type"
            here = (*path, name)
            target = _name(obj)
            if obj["type"] == "literal" or target not in edges:
                out.add((here, _value(obj)))
            else:
                if obj["type"] == "IRI":
                    out.add(((*here, "@id"), _value(obj)))
                if target not in seen and len(here) < 8:
                    stack.append((target, here, seen | {target}))
    return out


def _reviews(edges: dict[str, list[tuple[str, dict[str, Any]]]]) -> list[str]:
    return [s for s, props in edges.items()
            if any(p == RDF_TYPE and _schema(o["value"]) == "https://schema.org/ClaimReview" for p, o in props)]


def _key(leaves: Leaves) -> str:
    """What tells one review from another: its kept @id, its url, or what it reviews."""
    for prop in ("url", "claimReviewed"):
        values = sorted(v for p, v in leaves if p in ((prop,), (prop, "@id")))
        if values:
            return f"{prop}={values[0]}"
    return ""


def reviews_said(data: Any) -> dict[str, Leaves]:
    edges = _graph(data)
    out: dict[str, Leaves] = {}
    for root in _reviews(edges):
        leaves = _leaves(edges, root)
        if not root.startswith("_:"):
            leaves.add((("@id",), root))
        out.setdefault(_key(leaves), set()).update(leaves)
    return out


# -- excuses: the reader's warnings, as property paths -----------------------------------------------------


def _excuses(data: Any, diagnostics: list[Diagnostic]) -> tuple[list[Path_], set[str]]:
    """Property paths of what the reader said it does not carry, and the IRIs of whole nodes it
    does not carry."""
    paths: list[Path_] = []
    nodes: set[str] = set()
    for d in diagnostics:
        if d.kind not in LOSS_NOTES:
            continue
        tokens = split_pointer(d.pointer)
        names = tuple(local_name(t) for t in tokens if not t.isdigit() and t != "@graph")
        paths.append(names)
        node = data
        for t in tokens:
            node = node[int(t)] if isinstance(node, list) else node.get(t) if isinstance(node, dict) else None
        if isinstance(node, dict) and isinstance(node.get("@id"), str):
            nodes.add(_value({"type": "IRI", "value": urljoin(BASE, node["@id"])}))
    return paths, nodes


def _excused(path: Path_, value: str, paths: list[Path_], nodes: set[str], said: Leaves) -> bool:
    """A warning's property path lines up with the start of ``path`` (its last property at some
    step of the path, the properties before it agreeing as far as both go), or the path passes
    through a node that is not carried."""
    for warned in paths:
        if not warned:
            continue
        for i in range(len(path)):
            n = min(len(warned), i + 1)
            if warned[-n:] == path[i + 1 - n: i + 1]:
                return True
    return any(((*path[:k], "@id"), iri) in said for iri in nodes for k in range(len(path)))


def _found(path: Path_, value: str, out: Leaves) -> bool:
    """Said by the output, directly or in the documented other shape."""
    if path[:2] == ("itemReviewed", "publisher"):  # the older shape: the outlet where the claim appeared
        path = ("itemReviewed", "appearance", *path[1:])
    values = {value, urljoin(BASE, value)} if path[-1] in ("url", "@id") else {value}
    return any((path, v) in out or ((*path, "url"), v) in out or ((*path, "@id"), v) in out
               or ((*path, "name"), v) in out for v in values)


def losses(data: Any, profile: str = "graph", tamper: Callable[[Document], Document] | None = None) -> list[str]:
    """What the input's graph says about its reviews that the JSON-LD written from the model does
    not, with no warning about it (``tamper``: a change made to the model before it is written,
    to show that the test can fail)."""
    loaded = reader.read_data(data, page_url=BASE)
    if loaded.document is None or not loaded.document.reviews:
        return []
    doc = tamper(loaded.document) if tamper else loaded.document
    out = graph_data(doc, BASE) if profile == "graph" else claimreview_data(doc, None, BASE)
    said_in, said_out = reviews_said(data), reviews_said(out)
    warned, gone = _excuses(data, list(loaded.diagnostics))
    missing = []
    for key, leaves in said_in.items():
        written = said_out.get(key, set())
        for path, value in sorted(leaves):
            if not _found(path, value, written) and not _excused(path, value, warned, gone, leaves):
                missing.append(f"{key[:60]}: {'/'.join(path)} = {value[:80]!r}")
    return missing


# -- variations of real shapes ----------------------------------------------------------------------------------


def _walk(value: Any) -> Iterator[dict[str, Any]]:
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, dict):
            yield v
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)


def _contexts(data: Any, scheme: str) -> Any:
    for node in _walk(data):
        if isinstance(node.get("@context"), str) and "schema.org" in node["@context"]:
            node["@context"] = f"{scheme}://schema.org"
    return data


def _prefixed(data: Any) -> Any:
    """``schema:`` in front of every property of every node that has a plain schema.org context."""
    for node in _walk(data):
        for key in [k for k in node if not k.startswith("@") and ":" not in k]:
            node[f"schema:{key}"] = node.pop(key)
    return data


def _type_lists(data: Any) -> Any:
    for node in _walk(data):
        if isinstance(node.get("@type"), str):
            node["@type"] = [node["@type"]]
    return data


def _one_item_lists(data: Any, draw: st.DrawFn) -> Any:
    for node in _walk(data):
        for key in [k for k in node if not k.startswith("@")]:
            if not isinstance(node[key], list) and draw(st.booleans()):
                node[key] = [node[key]]
    return data


def _flattened(data: Any) -> Any:
    """Nested nodes that have an @id moved to the top and linked (a @graph, as Yoast writes it)."""
    roots = data if isinstance(data, list) else [data]
    context = next((r.get("@context") for r in roots if isinstance(r, dict) and "@context" in r), None)
    moved: list[dict[str, Any]] = []
    for root in roots:
        for node in list(_walk(root)):
            for key, value in node.items():
                if isinstance(value, dict) and isinstance(value.get("@id"), str) and len(value) > 1:
                    moved.append(value)
                    node[key] = {"@id": value["@id"]}
    nodes = [{k: v for k, v in r.items() if k != "@context"} if isinstance(r, dict) else r for r in roots]
    return {"@context": context or "https://schema.org", "@graph": nodes + moved}


def _wrapped(data: Any, how: str) -> Any:
    if how == "array":
        return data if isinstance(data, list) else [data]
    if how == "feed":
        items = data if isinstance(data, list) else [data]
        return {"@context": "https://schema.org", "@type": "DataFeed",
                "dataFeedElement": [{"@type": "DataFeedItem", "item": item} for item in items]}
    return data


@st.composite
def variations(draw: st.DrawFn) -> tuple[str, Any]:
    name, seed = draw(st.sampled_from(SEEDS))
    data = copy.deepcopy(seed)
    if isinstance(data, dict) and "@graph" not in data and draw(st.booleans()):
        data = _flattened(data)
    data = _contexts(data, draw(st.sampled_from(["http", "https"])))
    if draw(st.booleans()):
        data = _type_lists(data)
    if draw(st.booleans()):
        data = _one_item_lists(data, draw)
    if draw(st.booleans()) and _plain_context(data):
        data = _prefixed(data)
    data = _wrapped(data, draw(st.sampled_from(["as-is", "array", "feed"])))
    return name, data


def _plain_context(data: Any) -> bool:
    """Every @context is schema.org's URL (``schema:`` needs the prefix the context defines)."""
    contexts = [n["@context"] for n in _walk(data) if "@context" in n]
    return bool(contexts) and all(isinstance(c, str) for c in contexts)


# -- the tests ------------------------------------------------------------------------------------------------------


def test_the_seeds_are_the_corpus() -> None:
    assert len(SEEDS) >= 15
    assert any("datacommons" in name for name, _ in SEEDS) and any("afp" in name for name, _ in SEEDS)


@pytest.mark.parametrize("profile", ["graph", "claimreview"])
@pytest.mark.parametrize(("name", "seed"), SEEDS, ids=[n for n, _ in SEEDS])
def test_every_real_page_keeps_what_it_says(name: str, seed: Any, profile: str) -> None:
    assert losses(copy.deepcopy(seed), profile) == []


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(variations(), st.sampled_from(["graph", "claimreview"]))
def test_variations_of_real_shapes_keep_what_they_say(case: tuple[str, Any], profile: str) -> None:
    name, data = case
    assert losses(data, profile) == [], name


def test_the_oracle_sees_a_silent_loss() -> None:
    """The test can fail: a logo dropped between reading and writing, without a word, is found."""
    _, seed = next(s for s in SEEDS if s[0].startswith("afp-factcheck-en"))

    def drop_logos(doc: Document) -> Document:
        return doc.model_copy(update={"organizations": [o.model_copy(update={"logo": None})
                                                        for o in doc.organizations]})

    assert losses(copy.deepcopy(seed)) == []
    lost = losses(copy.deepcopy(seed), tamper=drop_logos)
    assert [line.split(": ", 1)[1] for line in lost] == [
        "author/logo/@type = 'https://schema.org/ImageObject'", "author/logo/height = '92'",
        "author/logo/url = 'https://www.afp.com/sites/all/themes/custom/afpcom/logo.png'",
        "author/logo/width = '165'"]
