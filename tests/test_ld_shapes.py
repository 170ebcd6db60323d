"""The JSON-LD expansion check remembers, per node shape, which terms a node expands to
(:func:`claimreview.validation.ld._terms`). It must report exactly what expanding the data
itself reports: checked here against the processor run on the data as it is, over every
real-world page and file in the corpus and over generated JSON-LD of many shapes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimreview.readers.htmlscan import blocks
from claimreview.validation import ld

REALWORLD = Path(__file__).parent / "fixtures" / "realworld"


def _direct(root: dict[str, Any], base: str | None) -> list[tuple[str, str]] | None:
    expanded, _ = ld.expand(root, base)
    return None if expanded is None else list(ld._expanded_terms(expanded))


def _findings(data: Any, base: str | None = None) -> list[tuple[str, str, str]]:
    return [(d.code, d.pointer, d.message) for d in ld.check_expansion(data, base)]


def _same_as_direct(data: Any, base: str | None = None, monkeypatch: pytest.MonkeyPatch | None = None) -> None:
    ld._shape_terms.cache_clear()
    remembered = _findings(data, base)
    again = _findings(data, base)  # now from the memory of shapes
    assert monkeypatch is not None
    with monkeypatch.context() as m:
        m.setattr(ld, "_terms", _direct)
        expected = _findings(data, base)
    assert remembered == expected
    assert again == expected


def _corpus() -> list[tuple[str, Any]]:
    found: list[tuple[str, Any]] = []
    for path in sorted(REALWORLD.iterdir()):
        if path.name.endswith(".expected.json") or path.suffix not in (".html", ".json", ".jsonld"):
            continue
        text = path.read_text(encoding="utf-8")
        texts = [b.text for b in blocks(text)] if path.suffix == ".html" else [text]
        for i, block in enumerate(texts):
            try:
                found.append((f"{path.name}#{i}", json.loads(block)))
            except ValueError:
                continue  # a broken block is the reader's business, not expansion's
    return found


CORPUS = _corpus()


def test_the_corpus_has_json_ld_to_check() -> None:
    assert len(CORPUS) >= 20


@pytest.mark.parametrize(("name", "data"), CORPUS, ids=[name for name, _ in CORPUS])
def test_real_markup_gets_what_expanding_it_gives(name: str, data: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    _same_as_direct(data, None, monkeypatch)
    _same_as_direct(data, "https://factcheck.example.org/reviews/1", monkeypatch)


_KEYS = st.sampled_from([
    "name", "claimReviewed", "reviewRating", "ratingValue", "author", "url", "sameAs", "datePublished",
    "itemReviewed", "appearance", "title", "colour", "ex:thing", "schema:name", "http://example.org/p",
    "https://schema.org/name", "@id", "id", "@type", "type", "@foo", "@value", "@language", "@list", "@reverse",
    "@graph", "@nest", "@index", "inLanguage", "",
])
_TYPES = st.sampled_from(["ClaimReview", "Claim", "Rating", "Person", "Organization", "Thing", "Nonsense",
                          "ex:Type", "http://example.org/T", "schema:Claim", "@id", "", "Date"])
_SCALARS = st.one_of(st.text(max_size=6), st.sampled_from(["@id", "@vocab", "_:b0", "http://x.example/",
                                                           "2020-01-01", "en"]),
                     st.integers(-3, 3), st.booleans(), st.none(), st.floats(allow_nan=False, width=16))
_CONTEXTS = st.sampled_from([
    "https://schema.org", "http://schema.org/", "https://schema.org/docs/jsonldcontext.jsonld",
    ["https://schema.org", {"ex": "http://example.org/"}], {"@vocab": "http://example.org/"},
    {"@vocab": "https://schema.org/", "name": "http://example.org/name"}, "https://example.org/ctx", 3,
])


def _values(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.lists(children, max_size=3), st.dictionaries(_KEYS, children, max_size=4),
                     st.dictionaries(st.just("@type"), _TYPES | st.lists(_TYPES, max_size=2), min_size=1))


_NODE = st.recursive(_SCALARS, _values, max_leaves=12)


@st.composite
def documents(draw: st.DrawFn) -> Any:
    nodes = draw(st.lists(st.dictionaries(_KEYS, _NODE, max_size=5), min_size=1, max_size=4))
    if draw(st.booleans()):  # the same node several times, as a feed of one shape is
        nodes = nodes + nodes
    context = draw(_CONTEXTS)
    shape = draw(st.sampled_from(["graph", "node", "list", "nested-context"]))
    if shape == "graph":
        return {"@context": context, "@graph": nodes}
    if shape == "list":
        return [{"@context": context, **n} for n in nodes]
    if shape == "nested-context":
        return {"@context": context, "@graph": [{"@context": draw(_CONTEXTS), **n} for n in nodes]}
    return {"@context": context, **nodes[0]}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                                  HealthCheck.function_scoped_fixture])
@given(data=documents(), base=st.sampled_from([None, "https://factcheck.example.org/reviews/1"]))
def test_generated_json_ld_gets_what_expanding_it_gives(data: Any, base: str | None,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    _same_as_direct(data, base, monkeypatch)


def test_a_feed_of_one_shape_is_expanded_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Any] = []
    real = ld.expand
    monkeypatch.setattr(ld, "expand", lambda data, base=None: calls.append(data) or real(data, base))
    ld._shape_terms.cache_clear()
    graph = [{"@type": "ClaimReview", "@id": f"#r{i}", "claimReviewed": f"claim {i}", "url": f"https://x.example/{i}",
              "reviewRating": {"@type": "Rating", "ratingValue": i % 5 + 1}} for i in range(200)]
    assert ld.check_expansion({"@context": "https://schema.org", "@graph": graph}) == []
    assert len(calls) == 1
