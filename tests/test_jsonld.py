"""schema.org JSON-LD both ways: the exporter's two profiles, the reader of messy third-party
markup, and the round trips between them (hypothesis)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimreview import Source, export, load
from claimreview.cli import cli
from claimreview.exporters.base import ExportError
from claimreview.exporters.jsonld import KIND_TYPES, MAX_NESTING, JsonLdExporter, claimreview_nodes, entity_iri
from claimreview.formats import detect
from claimreview.readers import jsonld as reader
from claimreview.schemas import Document, OrganizationKind
from claimreview.schemas.ld import walk
from claimreview.validation import claimreview
from claimreview.validation.diagnostics import ERROR, Code, Diagnostic
from claimreview.validation.schema import check_against
from tests.conftest import FIXTURES, SEED
from tests.strategies import HOSTILE, language, short_id, text, url

JSONLD_FIXTURES = FIXTURES / "jsonld"
EXPORTER = JsonLdExporter()


def _doc(**collections: Any) -> Document:
    return Document.model_validate(collections)


def _small(**review: Any) -> Document:
    """One reviewer, one claimant, one claim, one review (fields of the review overridable)."""
    return _doc(
        people=[{"id": "kuleba", "name": "Dmytro Kuleba", "job_title": "Foreign Minister of Ukraine"}],
        organizations=[{"id": "desk", "name": "Example Desk", "kind": "fact-checker", "url": "https://desk.example.org/"}],
        claims=[{"id": "c1", "text": "Moscow has no more allies.", "claimant": "kuleba", "date": "2022-03-01",
                 "appearances": [{"url": "https://news.example.org/a", "outlet": "desk", "date": "2022-03-02"}]}],
        reviews=[{"id": "r1", "claim": "c1", "reviewer": "desk", "url": "https://desk.example.org/r1",
                  "rating": {"label": "Unproven"}, **review}],
    )


def _read(data: Any, **options: Any) -> Any:
    return reader.read_data(data, **options)


EXAMPLE = Code("claimreview.example", ERROR, "A finding the spied rule check makes (these tests only).")

READER_CODES = {c.name for c in reader.CODES} | {"jsonld.too-deep"}
"""The codes the JSON-LD reader reports itself (jsonld.too-deep is declared by the JSON-LD expansion check)."""


def _mine(diagnostics: list[Diagnostic]) -> list[tuple[str, str]]:
    """The reader's own findings (the rule checks are tested with their module), but its notices of
    values written in claimreview's form (tests/test_one_engine.py tests those)."""
    return [(d.code, d.pointer) for d in diagnostics
            if (d.code in READER_CODES or d.code.startswith("model.")) and d.kind is not reader.JSONLD_NORMALISED]


def _google() -> dict[str, Any]:
    return json.loads((JSONLD_FIXTURES / "google-factcheck-example.jsonld").read_text(encoding="utf-8"))


# -- a strategy for documents that use every field the model has -----------------------------------

_dates_early = st.one_of(
    st.integers(1990, 2004).map(str),
    st.tuples(st.integers(1990, 2004), st.integers(1, 12)).map(lambda t: f"{t[0]}-{t[1]:02d}"),
    st.dates(min_value=date(1990, 1, 1), max_value=date(2004, 12, 31))
    .map(lambda d: d.isoformat()),
)
_dates_late = st.one_of(
    st.dates(min_value=date(2006, 1, 1), max_value=date(2030, 12, 31))
    .map(lambda d: d.isoformat()),
    st.sampled_from(["2020-03-12T00:00:00.000Z", "2021-07-01T10:30:00+03:00", "2019-11-05T14:32:00",
                     "2018-01-02T03:04:05.123456-05:00"]),
)


def _opt(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


def _clean(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None and v != []}


@st.composite
def rich_documents(draw: st.DrawFn) -> Document:
    ids = draw(st.lists(short_id, min_size=15, max_size=20, unique=True))
    take = iter(ids)
    people = [next(take) for _ in range(draw(st.integers(0, 2)))]
    orgs = [next(take) for _ in range(draw(st.integers(1, 3)))]
    sanctions = [next(take) for _ in range(draw(st.integers(0, 2)))]
    articles = [next(take) for _ in range(draw(st.integers(0, 2)))]
    claims = [next(take) for _ in range(draw(st.integers(1, 3)))]
    reviews = [next(take) for _ in range(draw(st.integers(0, 3)))]
    agents = people + orgs
    everything = agents + sanctions + articles + claims + reviews
    texts = st.lists(text, max_size=2)

    def appearance() -> dict[str, Any]:
        ap = _clean({"url": draw(_opt(url)), "outlet": draw(_opt(st.sampled_from(agents))),
                     "date": draw(_opt(_dates_early)), "description": draw(_opt(text))})
        return ap if {"url", "outlet", "description"} & set(ap) else {**ap, "description": draw(text)}

    def image() -> dict[str, Any] | None:
        if not draw(st.booleans()):
            return None
        size = st.integers(1, 4000)
        return _clean({"caption": draw(_opt(text)), "credit": draw(_opt(text)), "url": draw(_opt(url)),
                       "content_url": draw(_opt(url)), "width": draw(_opt(size)), "height": draw(_opt(size)),
                       "creators": draw(st.lists(st.sampled_from(agents), max_size=2)),
                       "providers": draw(st.lists(st.sampled_from(agents), max_size=1))})

    def iri(entity_id: str) -> str | None:
        """A kept @id, unique to the entity (two nodes with one @id are one node), whose fragment is the
        entity's id (the id the reader gives it back)."""
        return draw(st.sampled_from([None, f"https://iri.example.org/page#{entity_id}"]))

    def number() -> st.SearchStrategy[Any]:
        return st.one_of(st.integers(1, 3), st.floats(1, 3, allow_nan=False).map(lambda f: round(f, 3)))

    doc = {
        "people": [_clean({
            "id": i, "name": draw(text), "alternate_names": draw(texts), "job_title": draw(_opt(text)),
            "description": draw(_opt(text)), "affiliations": draw(st.lists(st.sampled_from(orgs), max_size=2)),
            "nationality": draw(_opt(text)), "url": draw(_opt(url)), "same_as": draw(st.lists(url, max_size=2)),
            "image": image(), "iri": iri(i),
        }) for i in people],
        "organizations": [_clean({
            "id": i, "name": draw(text), "alternate_names": draw(texts),
            "kind": draw(_opt(st.sampled_from([k.value for k in OrganizationKind]))),
            "description": draw(_opt(text)), "country": draw(_opt(text)),
            "parent": draw(_opt(st.sampled_from([o for o in orgs if o != i]))) if len(orgs) > 1 else None,
            "url": draw(_opt(url)), "same_as": draw(st.lists(url, max_size=2)),
            "logo": image(), "image": image(), "iri": iri(i),
        }) for i in orgs],
        "sanctions": [_clean({
            "id": i, "title": draw(text), "identifier": draw(_opt(text)), "kind": draw(_opt(text)),
            "authority": draw(st.sampled_from(orgs)), "date_adopted": draw(_opt(_dates_early)),
            "targets": draw(st.lists(st.sampled_from(agents), max_size=2)), "measures": draw(texts),
            "reason": draw(_opt(text)), "status": draw(_opt(text)), "url": draw(_opt(url)),
            "same_as": draw(st.lists(url, max_size=1)), "iri": iri(i),
        }) for i in sanctions],
        "articles": [_clean({
            "id": i, "headline": draw(text), "url": draw(_opt(url)), "date_published": draw(_opt(_dates_late)),
            "date_modified": draw(_opt(_dates_late)), "publisher": draw(_opt(st.sampled_from(agents))),
            "authors": draw(st.lists(st.sampled_from(agents), max_size=2)), "label": draw(_opt(text)),
            "description": draw(_opt(text)), "keywords": draw(st.lists(text, max_size=3)),
            "language": draw(_opt(language)),
            "image": draw(_opt(st.builds(lambda c, cr, u, a, b: _clean({"caption": c, "credit": cr, "url": u,
                                                                         "creators": a, "providers": b}),
                                         _opt(text), _opt(text), _opt(url),
                                         st.lists(st.sampled_from(agents), max_size=2),
                                         st.lists(st.sampled_from(agents), max_size=2)))),
            "cites": draw(st.lists(st.sampled_from(agents), max_size=2)),
            "about": draw(st.lists(st.sampled_from(everything), max_size=3)),
            "claims": draw(st.lists(st.sampled_from(claims), max_size=2)),
            "name": draw(_opt(text)), "main_entity_of_page": draw(_opt(url)), "iri": iri(i),
        }) for i in articles],
        "claims": [_clean({
            "id": i, "text": draw(text), "claimant": draw(_opt(st.sampled_from(agents))),
            "date": draw(_opt(_dates_early)), "appearances": [appearance() for _ in range(draw(st.integers(0, 2)))],
            "first_appearance": appearance() if draw(st.booleans()) else None,
            "about": draw(st.lists(st.sampled_from(everything), max_size=3)), "language": draw(_opt(language)),
            "url": draw(_opt(url)), "name": draw(_opt(text)), "iri": iri(i),
        }) for i in claims],
        "reviews": [],
    }
    for i in reviews:
        rating: dict[str, Any] = {"label": draw(text), "explanation": draw(_opt(text)), "image": draw(_opt(url))}
        if draw(st.booleans()):
            worst = draw(number())
            best = worst + draw(st.integers(1, 5))
            rating.update(worst=worst, best=best, value=draw(st.sampled_from([worst, best])))
        elif draw(st.booleans()):
            rating["value"] = draw(number())
        doc["reviews"].append(_clean({
            "id": i, "claim": draw(st.sampled_from(claims)), "reviewer": draw(st.sampled_from(agents)),
            "rating": _clean(rating), "url": draw(_opt(url)), "date": draw(_opt(_dates_late)),
            "headline": draw(_opt(text)), "language": draw(_opt(language)), "note": draw(_opt(text)),
            "name": draw(_opt(text)), "date_modified": draw(_opt(_dates_late)),
            "claim_reviewed": draw(st.one_of(st.just([]), st.lists(text, min_size=2, max_size=2, unique=True))),
            "publisher": draw(_opt(st.sampled_from(agents))), "image": image(),
            "main_entity_of_page": draw(_opt(url)), "identifier": draw(_opt(text)), "sd_license": draw(_opt(url)),
            "sd_publisher": draw(_opt(st.sampled_from(agents))), "iri": iri(i),
            "feed_item": draw(_opt(st.builds(lambda u, c, m: _clean({"url": u, "date_created": c,
                                                                     "date_modified": m}),
                                             _opt(url), _opt(_dates_late), _opt(_dates_late)))),
        }))
    return Document.model_validate({k: v for k, v in doc.items() if v})


# -- Document -> JSON-LD (graph) -> Document ---------------------------------------------------------


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(rich_documents(), st.sampled_from([None, "https://desk.example.org/reviews/page.html"]))
def test_graph_round_trip_is_lossless(doc: Document, page_url: str | None) -> None:
    data = EXPORTER.build(doc, page_url=page_url)
    rendered = EXPORTER.render(data)
    loaded = _read(json.loads(rendered), page_url=page_url)
    assert _mine(loaded.diagnostics) in ([], [("jsonld.no-claimreview", "")])
    assert loaded.document == doc


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(rich_documents())
def test_every_export_passes_its_own_json_schema(doc: Document) -> None:
    for profile in ("graph", "claimreview"):
        if profile == "claimreview" and not doc.reviews:
            continue
        data = EXPORTER.build(doc, profile=profile)
        assert [d for _, n in claimreview_nodes(data) for d in check_against("claimreview", n)] == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(rich_documents())
def test_claimreview_profile_reads_back_every_review(doc: Document) -> None:
    if not doc.reviews:
        return
    data = EXPORTER.build(doc, profile="claimreview")
    loaded = _read(data)
    assert loaded.document is not None, [d.render() for d in loaded.diagnostics]
    got = {r.id: r for r in loaded.document.reviews}
    assert set(got) == {r.id for r in doc.reviews}
    for review in doc.reviews:  # ids survive through the nested @ids; a feed item is in the graph profile only
        assert got[review.id] == review.model_copy(update={"feed_item": None})


# -- third-party ClaimReview -> Document -> JSON-LD (claimreview profile) ------------------------------

_contexts = st.sampled_from(["https://schema.org", "http://schema.org", "https://schema.org/", "http://schema.org/"])


@st.composite
def third_party_claimreviews(draw: st.DrawFn) -> dict[str, Any]:
    """Well-formed ClaimReview markup in the shapes publishers write, using only properties the
    claimreview model carries. Different agents get different names and urls (else they merge)."""
    names = draw(st.lists(text, min_size=3, max_size=3, unique_by=lambda s: s.strip().casefold()))
    urls = draw(st.lists(url, min_size=3, max_size=3, unique_by=reader._url_key))

    def agent(i: int, types: list[str]) -> dict[str, Any]:
        node: dict[str, Any] = {"@type": draw(st.sampled_from(types)), "name": names[i]}
        if draw(st.booleans()):
            node["url"] = urls[i]
        same = draw(st.lists(url, max_size=2))
        if same:
            node["sameAs"] = same[0] if len(same) == 1 and draw(st.booleans()) else same
        alt = draw(st.lists(text, max_size=2))
        if alt and not any(a.strip().casefold() in {n.strip().casefold() for n in names} for a in alt):
            node["alternateName"] = alt[0] if len(alt) == 1 else alt
        if node["@type"] == "Person" and draw(st.booleans()):
            node["jobTitle"] = draw(text)
        return node

    def number(n: Any) -> Any:
        return str(n) if draw(st.booleans()) else n

    outlet = agent(2, ["Organization"])  # one outlet, however often it appears

    def appearance() -> Any:
        work: dict[str, Any] = {"@type": "CreativeWork", "url": draw(url)}
        if draw(st.booleans()):
            work["datePublished"] = draw(_dates_early)
        if draw(st.booleans()):
            work["publisher"] = outlet
        return work

    rating: dict[str, Any] = {"@type": "Rating", "alternateName": draw(text)}
    if draw(st.booleans()):
        worst = draw(st.integers(1, 2))
        best = worst + draw(st.integers(1, 5))
        rating.update(ratingValue=number(draw(st.integers(worst, best))), bestRating=number(best),
                      worstRating=number(worst))
    if draw(st.booleans()):
        rating["ratingExplanation"] = draw(text)
    claim: dict[str, Any] = {"@type": "Claim"}
    if draw(st.booleans()):
        claim["author"] = agent(1, ["Person", "Organization", "GovernmentOrganization"])
    if draw(st.booleans()):
        claim["datePublished"] = draw(_dates_early)
    appearances = [appearance() for _ in range(draw(st.integers(0, 2)))]
    if appearances:
        claim["appearance"] = appearances[0] if len(appearances) == 1 and draw(st.booleans()) else appearances
    if draw(st.booleans()):
        claim["firstAppearance"] = appearance()
    node: dict[str, Any] = {
        "@context": draw(_contexts),
        "@type": draw(st.sampled_from(["ClaimReview", ["ClaimReview"]])),
        "url": draw(url),
        "claimReviewed": draw(text),
        "author": agent(0, ["Organization", "NGO", "Corporation", "Person"]),
        "itemReviewed": claim,
        "reviewRating": rating,
    }
    for key, strategy in (("datePublished", _dates_late), ("headline", text), ("inLanguage", language),
                          ("description", text)):
        if draw(st.booleans()):
            node[key] = draw(strategy)
    return node


def _norm(value: Any) -> Any:
    if isinstance(value, list):
        return _norm(value[0]) if len(value) == 1 else [_norm(v) for v in value]
    if isinstance(value, str) and reader._NUMBER_RE.match(value.strip()):
        return float(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, dict):
        return {k: _norm(v) for k, v in value.items()}
    return value


def _covers(out: Any, inp: Any) -> bool:
    """``out`` says everything ``inp`` says (it may say more: ``@id``, a kind)."""
    out, inp = _norm(out), _norm(inp)
    if isinstance(inp, dict):
        return isinstance(out, dict) and all(k in out and _covers(out[k], v) for k, v in inp.items())
    if isinstance(inp, list):
        return isinstance(out, list) and len(out) == len(inp) and all(map(_covers, out, inp))
    return bool(out == inp)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(third_party_claimreviews())
def test_third_party_claimreview_keeps_every_property(node: dict[str, Any]) -> None:
    loaded = _read(node)
    assert _mine(loaded.diagnostics) == []
    assert loaded.document is not None
    out = EXPORTER.build(loaded.document, profile="claimreview")
    assert isinstance(out, dict)
    for key, value in node.items():
        if key == "@context":
            continue
        assert key in out, key
        assert _covers(out[key], value), (key, out[key], value)


# -- the seed example ------------------------------------------------------------------------------


def _unsourced(doc: Document) -> Document:
    """The document without its entities' sources, which the JSON-LD graph does not carry (yet):
    schema.org has ``citation`` for creative works only, and nothing for a field or an inference."""
    data = doc.model_dump(exclude_defaults=True)
    for kind in ("people", "organizations", "sanctions", "articles", "claims", "reviews"):
        for entity in data.get(kind, []):
            entity.pop("sources", None)
    return Document.model_validate(data)


@pytest.mark.parametrize("profile", ["graph", "claimreview"])
def test_seed_exports_without_errors(seed_document: Document, profile: str) -> None:
    result = export(seed_document, "jsonld", profile=profile)
    assert result.output is not None, [d.render() for d in result.diagnostics]
    assert [d for d in result.diagnostics if d.is_error] == []
    assert [d.code for d in result.diagnostics if not d.code.startswith("claimreview.claim-missing-")] == [], \
        "only the seed's own gaps (claims without a date or claimant) may warn"


def test_seed_graph_reads_back_unchanged(seed_document: Document) -> None:
    loaded = _read(EXPORTER.build(seed_document))
    assert _mine(loaded.diagnostics) == []
    assert loaded.document == _unsourced(seed_document)


def test_seed_mapping(seed_document: Document) -> None:
    graph = EXPORTER.build(seed_document)
    nodes = {n["@id"]: n for n in graph["@graph"]}
    sanction = nodes["#unsc-resolution-2397"]
    assert sanction["@type"] == "Legislation"
    assert sanction["legislationIdentifier"] == "S/RES/2397 (2017)"
    assert sanction["legislationPassedBy"] == {"@id": "#unsc"}
    assert sanction["legislationDate"] == "2017-12-22"
    assert sanction["about"] == [{"@id": "#north-korea"}]
    assert len(sanction["abstract"]) == 2
    assert nodes["#regnum"]["@type"] == "NewsMediaOrganization"
    assert nodes["#russia"]["@type"] == "GovernmentOrganization"
    assert nodes["#russia"]["location"] == {"@type": "Country", "name": "Russia"}
    assert nodes["#unsc"]["parentOrganization"] == {"@id": "#un"}
    assert nodes["#kuleba"]["affiliation"] == [{"@id": "#ukraine"}]
    review = nodes["#review-un-members-dpr"]
    assert review["itemReviewed"] == {"@id": "#un-members-dpr"}
    assert review["claimReviewed"] == nodes["#un-members-dpr"]["text"]
    assert review["reviewRating"] == {
        "@type": "Rating", "alternateName": "False", "ratingValue": 1, "bestRating": 5, "worstRating": 1,
        "ratingExplanation": review["reviewRating"]["ratingExplanation"],
    }
    assert set(nodes["#review-troops-100000"]["reviewRating"]) == {"@type", "alternateName", "ratingExplanation"}


# -- the exporter ----------------------------------------------------------------------------------


def test_graph_has_one_context_and_links_resolve(seed_document: Document) -> None:
    graph = EXPORTER.build(seed_document)
    assert list(graph) == ["@context", "@graph"]
    assert graph["@context"] == "https://schema.org"
    defined = [n["@id"] for n in graph["@graph"]]
    assert len(defined) == len(set(defined)) == len(seed_document.entities())
    for ptr, node in walk(graph):
        if ptr:
            assert "@context" not in node, ptr
        if set(node) == {"@id"}:
            assert node["@id"] in defined, ptr
    order = [n["@type"] for n in graph["@graph"]]
    assert order[0] == "NewsArticle" and order[-1] == "Legislation"


def test_ids_follow_the_documented_rule() -> None:
    assert entity_iri("kuleba") == "#kuleba"
    assert entity_iri("kuleba", "https://desk.example.org/r/1.html#top") == "https://desk.example.org/r/1.html#kuleba"
    graph = EXPORTER.build(_small(), page_url="https://desk.example.org/r1")
    expected = {f"https://desk.example.org/r1#{i}" for i in ("kuleba", "desk", "c1", "r1")}
    assert {n["@id"] for n in graph["@graph"]} == expected


def test_every_organization_kind_has_a_schema_org_type() -> None:
    assert set(KIND_TYPES) == set(OrganizationKind)
    assert set(KIND_TYPES.values()) <= {"Organization", "NewsMediaOrganization", "GovernmentOrganization",
                                       "Corporation", "NGO"}


@pytest.mark.parametrize(("rating", "expected"), [
    ({"label": "Unproven"}, {"@type": "Rating", "alternateName": "Unproven"}),
    ({"label": "False", "value": 1, "best": 5, "worst": 1, "explanation": "No."},
     {"@type": "Rating", "alternateName": "False", "ratingValue": 1, "bestRating": 5, "worstRating": 1,
      "ratingExplanation": "No."}),
    ({"label": "Half", "value": 2.5}, {"@type": "Rating", "alternateName": "Half", "ratingValue": 2.5}),
])
def test_rating_writes_numbers_only_when_given(rating: dict[str, Any], expected: dict[str, Any]) -> None:
    data = EXPORTER.build(_small(rating=rating), profile="claimreview")
    assert data["reviewRating"] == expected


def test_claimreview_profile_is_self_contained() -> None:
    data = EXPORTER.build(_small(), profile="claimreview")
    assert isinstance(data, dict)
    assert data["@context"] == "https://schema.org" and data["@type"] == "ClaimReview"
    assert data["claimReviewed"] == "Moscow has no more allies."
    assert data["author"]["name"] == "Example Desk"
    claim = data["itemReviewed"]
    assert claim["@type"] == "Claim" and "text" not in claim
    assert claim["author"] == {"@type": "Person", "@id": "#kuleba", "name": "Dmytro Kuleba",
                               "jobTitle": "Foreign Minister of Ukraine"}
    assert claim["appearance"][0]["publisher"]["name"] == "Example Desk"
    assert [p for p, n in walk(data) if "@context" in n] == [""]


def test_claimreview_profile_one_list_or_a_chosen_review() -> None:
    doc = _small()
    two = Document.model_validate({**doc.model_dump(exclude_defaults=True), "reviews": [
        *doc.model_dump(exclude_defaults=True)["reviews"],
        {"id": "r2", "claim": "c1", "reviewer": "desk", "rating": {"label": "False"}}]})
    both = EXPORTER.build(two, profile="claimreview")
    assert isinstance(both, list) and [r["@id"] for r in both] == ["#r1", "#r2"]
    assert all(r["@context"] == "https://schema.org" for r in both)
    chosen = EXPORTER.build(two, profile="claimreview", review="r2")
    assert isinstance(chosen, dict) and chosen["@id"] == "#r2"


@pytest.mark.parametrize(("options", "message"), [
    ({"profile": "claimreview", "review": "nope"}, "no review has the id 'nope'"),
    ({"profile": "graph", "review": "r1"}, "--profile claimreview"),
    ({"profile": "rdf"}, "unknown JSON-LD profile 'rdf'"),
])
def test_export_errors(options: dict[str, Any], message: str) -> None:
    with pytest.raises(ExportError, match=message):
        EXPORTER.build(_small(), **options)


def test_claimreview_profile_without_reviews_is_refused() -> None:
    with pytest.raises(ExportError, match="no reviews"):
        EXPORTER.build(_doc(organizations=[{"id": "o", "name": "O"}]), profile="claimreview")


def test_nested_loops_end_in_links() -> None:
    doc = _doc(organizations=[{"id": "a", "name": "A", "parent": "b"}, {"id": "b", "name": "B", "parent": "a"}],
               claims=[{"id": "c", "text": "T", "claimant": "a", "about": ["c", "a"]}],
               reviews=[{"id": "r", "claim": "c", "reviewer": "a", "rating": {"label": "x"}}])
    data = EXPORTER.build(doc, profile="claimreview")
    assert data["author"]["parentOrganization"]["parentOrganization"] == {"@id": "#a"}
    assert data["itemReviewed"]["about"][0] == {"@id": "#c"}


def test_output_is_deterministic(seed_document: Document) -> None:
    again = Document.model_validate(seed_document.model_dump())
    for profile in ("graph", "claimreview"):
        first = EXPORTER.render(EXPORTER.build(seed_document, profile=profile))
        assert first == EXPORTER.render(EXPORTER.build(again, profile=profile))
        assert first.endswith(b"\n") and first.decode("utf-8")


def test_render_is_utf8_not_escaped() -> None:
    doc = _small(headline="김정은 · Кулеба · שלום · 🧐")
    out = EXPORTER.render(EXPORTER.build(doc))
    assert "김정은 · Кулеба · שלום · 🧐".encode() in out


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_text_round_trips(hostile: str) -> None:
    doc = _small(headline=hostile, note=hostile, rating={"label": hostile, "explanation": hostile})
    rendered = EXPORTER.render(EXPORTER.build(doc))
    loaded = reader.read(Source.from_bytes(rendered, "x.jsonld"))
    assert loaded.document == doc


def test_check_reports_schema_errors_at_pointers_into_the_output(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(claimreview, "check_jsonld", lambda data, rules=None, page_url=None, registries=True: [])
    graph = EXPORTER.build(_small(rating={"label": "False", "value": 1, "best": 5}))
    assert EXPORTER.check(graph) == []
    review = next(n for n in graph["@graph"] if n["@type"] == "ClaimReview")
    del review["claimReviewed"]
    review["reviewRating"]["ratingValue"] = "one"
    found = EXPORTER.check(graph)
    assert {(d.code, d.pointer) for d in found} == {("schema.invalid", "/@graph/0"),
                                                    ("schema.invalid", "/@graph/0/reviewRating/ratingValue")}
    listed = EXPORTER.build(_small(), profile="claimreview")
    broken = [listed, {**listed, "reviewRating": "False"}]  # (a URL is judged by the rules, switched off here)
    assert [d.pointer for d in EXPORTER.check(broken)] == ["/1/reviewRating"]


def test_check_runs_the_claimreview_rules_per_page(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[Any, str | None, str | None]] = []

    def spy(data: Any, rules: str | None = None, page_url: str | None = None, registries: bool = True,
            ) -> list[Diagnostic]:
        calls.append((data, rules, page_url))
        return [EXAMPLE.at("spy", "/url")]

    monkeypatch.setattr(claimreview, "check_jsonld", spy)
    single = EXPORTER.build(_small(), profile="claimreview")
    found = EXPORTER.check(single, rules="google-2025", page_url="https://desk.example.org/r1")
    assert calls == [(single, "google-2025", "https://desk.example.org/r1")]
    assert [d.pointer for d in found] == ["/url"]
    calls.clear()
    found = EXPORTER.check([single, single])
    assert [c[1] for c in calls] == [claimreview.DEFAULT_RULES] * 2
    assert [d.pointer for d in found] == ["/0/url", "/1/url"]


def test_google_example_passes_the_claimreview_schema() -> None:
    assert check_against("claimreview", _google()) == []
    earlier = json.loads((JSONLD_FIXTURES / "google-factcheck-example-earlier.jsonld").read_text(encoding="utf-8"))
    assert check_against("claimreview", earlier) == []  # numbers as numeric strings are allowed


# -- finding ClaimReviews in any shape -------------------------------------------------------------


def test_claimreview_nodes_in_every_shape() -> None:
    cr = {"@type": "ClaimReview", "claimReviewed": "x"}
    shapes = {
        "object": (cr, [""]),
        "array": ([{"@type": "WebPage"}, cr], ["/1"]),
        "graph": ({"@context": "https://schema.org", "@graph": [cr, {**cr, "@type": ["Review", "ClaimReview"]}]},
                  ["/@graph/0", "/@graph/1"]),
        "feed": ({"@type": "DataFeed", "dataFeedElement": [{"@type": "DataFeedItem", "item": [cr]}, cr]},
                 ["/dataFeedElement/0/item/0", "/dataFeedElement/1"]),
        "nested": ({"@type": "WebPage", "mainEntity": {**cr, "@type": "http://schema.org/ClaimReview"}},
                   ["/mainEntity"]),
        "escaped": ({"a/b": {"~": cr}}, ["/a~1b/~0"]),
    }
    for name, (data, pointers) in shapes.items():
        assert [p for p, _ in claimreview_nodes(data)] == pointers, name


def test_claimreview_nodes_is_not_limited_by_depth() -> None:
    data: Any = {"@type": "ClaimReview"}
    for _ in range(5000):
        data = [data]
    assert [n for _, n in claimreview_nodes(data)] == [{"@type": "ClaimReview"}]


# -- the reader: messy markup ------------------------------------------------------------------------


def _cr(**extra: Any) -> dict[str, Any]:
    node = {"@context": "https://schema.org", "@type": "ClaimReview", "url": "https://desk.example.org/r1",
            "claimReviewed": "The world is flat", "author": {"@type": "Organization", "name": "Example Desk"},
            "reviewRating": {"@type": "Rating", "alternateName": "False"}}
    node.update(extra)
    return {k: v for k, v in node.items() if v is not None}


@pytest.mark.parametrize("context", ["https://schema.org", "http://schema.org", "https://schema.org/", None,
                                     ["https://schema.org", {"@language": "en"}], {"@vocab": "http://schema.org/"}])
@pytest.mark.parametrize("type_", ["ClaimReview", ["ClaimReview"], "schema:ClaimReview",
                                   "http://schema.org/ClaimReview", "https://schema.org/ClaimReview"])
def test_contexts_and_type_spellings(context: Any, type_: Any) -> None:
    loaded = _read(_cr(**{"@context": context, "@type": type_}))
    assert loaded.document is not None
    [review] = loaded.document.reviews
    assert review.rating.label == "False"
    assert loaded.document.claims[0].text == "The world is flat"


@pytest.mark.parametrize(("author", "name", "kind", "warned"), [
    ({"@type": "Organization", "name": "Example Desk"}, "Example Desk", "organizations", []),
    ([{"@type": "Person", "name": "Jane Roe"}], "Jane Roe", "people", []),
    ("Example Desk", "Example Desk", "organizations", [("jsonld.guessed", "/author")]),
    ("https://desk.example.org/", "desk.example.org", "organizations",
     [("jsonld.guessed", "/author"), ("jsonld.guessed", "/author")]),
    ({"name": "Example Desk"}, "Example Desk", "organizations", [("jsonld.guessed", "/author")]),
    ([{"@type": "Organization", "name": "A"}, {"@type": "Organization", "name": "B"}], "A", "organizations",
     [("jsonld.not-carried", "/author/1")]),
])
def test_review_author_shapes(author: Any, name: str, kind: str, warned: list[tuple[str, str]]) -> None:
    loaded = _read(_cr(author=author))
    assert loaded.document is not None
    reviewer = loaded.document.entities()[loaded.document.reviews[0].reviewer]
    assert reviewer.name == name  # type: ignore[attr-defined]
    assert reviewer in getattr(loaded.document, kind)
    assert _mine(loaded.diagnostics) == warned


def test_claim_author_and_appearance_shapes() -> None:
    item = {"@type": "Claim", "author": "Square World Society", "datePublished": "2024-06-20",
            "appearance": ["https://news.example.org/a", {"@type": "CreativeWork", "url": "https://news.example.org/b",
                                                          "publisher": "Skeptical News"}],
            "firstAppearance": {"@id": "https://news.example.org/first"}}
    loaded = _read(_cr(itemReviewed=item))
    assert loaded.document is not None
    claim = loaded.document.claims[0]
    assert loaded.document.entities()[claim.claimant].name == "Square World Society"  # type: ignore[arg-type,attr-defined]
    assert claim.claimant in {p.id for p in loaded.document.people}  # a bare claimant is read as a person
    assert [a.url for a in claim.appearances] == ["https://news.example.org/a", "https://news.example.org/b"]
    assert loaded.document.entities()[claim.appearances[1].outlet].name == "Skeptical News"  # type: ignore[index,attr-defined]
    assert claim.first_appearance is not None and claim.first_appearance.url == "https://news.example.org/first"
    assert ("jsonld.guessed", "/itemReviewed/author") in _mine(loaded.diagnostics)


@pytest.mark.parametrize(("given", "value"), [
    ({"ratingValue": "2", "bestRating": "5", "worstRating": "1"}, (2, 5, 1)),
    ({"ratingValue": " 4.5 ", "bestRating": 5.0, "worstRating": 1}, (4.5, 5.0, 1)),
    ({"ratingValue": {"@value": "3"}}, (3, None, None)),
])
def test_numbers_as_numbers_or_numeric_strings(given: dict[str, Any], value: tuple[Any, ...]) -> None:
    loaded = _read(_cr(reviewRating={"@type": "Rating", "alternateName": "Mixed", **given}))
    assert loaded.document is not None
    rating = loaded.document.reviews[0].rating
    assert (rating.value, rating.best, rating.worst) == value
    assert all(type(a) is type(b) for a, b in zip((rating.value, rating.best, rating.worst), value, strict=True))


@pytest.mark.parametrize("bad", ["one", True, "", "1,5", "1e999"])  # [1, 2]: claimreview.several-values, in safety
def test_numbers_that_do_not_read_are_reported(bad: Any) -> None:
    loaded = _read(_cr(reviewRating={"@type": "Rating", "alternateName": "False", "ratingValue": bad}))
    assert loaded.document is not None and loaded.document.reviews[0].rating.value in (None, 1)
    assert _mine(loaded.diagnostics)[0][1].startswith("/reviewRating/ratingValue")


@pytest.mark.parametrize(("raw", "read"), [
    ("2020-03-12", "2020-03-12"),
    ("2020-03-12T00:00:00.000Z", "2020-03-12T00:00:00.000Z"),
    ("2020-03-12T10:00:00", "2020-03-12T10:00:00"),
    ("2020-03-12T10:00:00+01:00", "2020-03-12T10:00:00+01:00"),
    ("2020-03-12 10:00:00+0100", "2020-03-12T10:00:00+01:00"),
    (" 2020-03 ", "2020-03"),
    ({"@value": "2020-03-12", "@type": "Date"}, "2020-03-12"),
])
def test_dates_seen_in_the_wild(raw: Any, read: str) -> None:
    loaded = _read(_cr(datePublished=raw))
    assert loaded.document is not None and loaded.document.reviews[0].date == read
    assert _mine(loaded.diagnostics) == []


@pytest.mark.parametrize("raw", ["March 12, 2020", "12/03/2020", "2020-13-01", "yesterday"])
def test_dates_that_do_not_read_are_reported(raw: str) -> None:
    loaded = _read(_cr(datePublished=raw))
    assert loaded.document is not None and loaded.document.reviews[0].date is None
    assert _mine(loaded.diagnostics) == [("jsonld.invalid-value", "/datePublished")]


def test_relative_urls_need_the_page_url() -> None:
    node = _cr(url="/reviews/1")
    assert _mine(_read(node).diagnostics) == [("jsonld.invalid-value", "/url")]
    loaded = _read(node, page_url="https://desk.example.org/reviews/")
    assert loaded.document is not None and loaded.document.reviews[0].url == "https://desk.example.org/reviews/1"


@pytest.mark.parametrize("bad", ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>", " https://x.org "])
def test_unsafe_urls_are_left_out(bad: str) -> None:
    loaded = _read(_cr(author={"@type": "Organization", "name": "D", "url": bad, "sameAs": [bad]}))
    assert loaded.document is not None
    if bad.strip() != bad:  # padding is trimmed: the address itself is fine
        assert loaded.document.organizations[0].url == bad.strip()
        return
    assert loaded.document.organizations[0].url is None
    assert _mine(loaded.diagnostics) == [("jsonld.invalid-value", "/author/url"),
                                         ("jsonld.invalid-value", "/author/sameAs/0")]


def test_wrappers_datafeed_graph_and_nesting() -> None:
    feed = {"@context": "http://schema.org", "@type": "DataFeed",
            "dataFeedElement": [{"@type": "DataFeedItem", "item": [_cr(url="https://desk.example.org/1")]},
                                _cr(url="https://desk.example.org/2")]}
    page = {"@context": "https://schema.org", "@graph": [
        {"@type": "WebPage", "@id": "https://desk.example.org/3#page", "mainEntity": _cr(url="https://desk.example.org/3")}]}
    for data, expected in ((feed, ["1", "2"]), (page, ["3"]), ([feed, page], ["1", "2", "3"])):
        loaded = _read(data)
        assert loaded.document is not None
        assert [r.url[-1] for r in loaded.document.reviews if r.url] == expected
        assert len(loaded.document.organizations) == 1  # the same desk, merged
    assert _mine(_read(page).diagnostics) == [("jsonld.not-carried", "/@graph/0")]


def test_people_and_organizations_merge_by_id_url_or_name() -> None:
    desk = {"@type": "Organization", "@id": "https://desk.example.org/#org", "name": "Example Desk"}
    data = [
        _cr(url="https://desk.example.org/1", author=desk),
        _cr(url="https://desk.example.org/2", author={"@id": "https://desk.example.org/#org"}),
        _cr(url="https://desk.example.org/3", author={"@type": "Organization", "name": "example desk ",
                                                      "url": "https://desk.example.org/"}),
        _cr(url="https://desk.example.org/4", author={"@type": "Organization", "name": "Desk, Example",
                                                      "url": "http://www.desk.example.org"}),
        _cr(url="https://desk.example.org/5", author={"@type": "Organization", "@id": "https://other.example/#org",
                                                      "name": "Example Desk"}),
    ]
    loaded = _read(data)
    assert loaded.document is not None
    orgs = loaded.document.organizations
    assert [o.name for o in orgs] == ["Example Desk", "Example Desk"]  # a different @id is a different org
    assert orgs[0].alternate_names == ["example desk ", "Desk, Example"]
    assert orgs[0].url == "https://desk.example.org/"
    assert [r.reviewer for r in loaded.document.reviews] == [orgs[0].id] * 4 + [orgs[1].id]
    assert len({o.id for o in orgs}) == 2


def test_same_claim_in_several_reviews_is_one_claim() -> None:
    item = {"@type": "Claim", "author": {"@type": "Person", "name": "Jane Roe"}, "datePublished": "2024-06-20"}
    loaded = _read([_cr(url="https://desk.example.org/1", itemReviewed=item),
                    _cr(url="https://desk.example.org/2", itemReviewed=dict(item))])
    assert loaded.document is not None
    assert len(loaded.document.claims) == 1 and len(loaded.document.reviews) == 2
    assert [r.id for r in loaded.document.reviews] == ["review-the-world-is-flat", "review-the-world-is-flat-2"]


def test_ids_are_slugs_made_unique_and_stable() -> None:
    data = [_cr(author={"@type": "Organization", "name": "Кулеба"}),
            _cr(author={"@type": "Organization", "name": "Дмитро"}, claimReviewed="Другое"),
            _cr(author={"@type": "Organization", "name": "Évidence Check!"}, claimReviewed="</script>")]
    first, second = _read(data), _read(json.loads(json.dumps(data)))
    assert first.document is not None and first.document == second.document
    assert [o.id for o in first.document.organizations] == ["kuleba", "dmitro", "evidence-check"]
    assert [c.id for c in first.document.claims] == ["the-world-is-flat", "drugoe", "script"]


def test_a_media_review_is_read_with_its_media_claims_and_associated_review() -> None:
    media = json.loads((FIXTURES / "claimreview" / "valid" / "schemaorg-mediareview-example.json").read_text("utf-8"))
    review = _cr(**{"@id": "#review", "associatedMediaReview": {"@id": "#media"}})
    loaded = _read([{**media, "@id": "#media"}, review])
    assert loaded.document is not None and len(loaded.document.reviews) == 1
    [m] = loaded.document.media_reviews
    assert (m.id, m.authenticity, m.reviewer, m.media_creator, m.date) == (
        "media", ["DecontextualizedContent"], "politifact", "instagram-user", "2021-04-27")
    assert [(x.type, x.content_url, x.archived_at) for x in m.media] == [
        ("VideoObjectSnapshot", None, None),
        ("VideoObjectSnapshot", "https://www.instagram.com/p/CNtao_WA0Dr/", "https://archive.is/EXAMPLE")]
    assert m.original_context == media["originalMediaContextDescription"]
    # the Claim has a description and no text: the description is its text, said as a guess
    [claim] = [c for c in loaded.document.claims if c.id in m.claims]
    assert claim.text == media["itemReviewed"]["interpretedAsClaim"]["description"]
    assert ("jsonld.guessed", "/0/itemReviewed/interpretedAsClaim") in _mine(loaded.diagnostics)
    # associatedMediaReview on the ClaimReview is kept once, on the media review
    assert m.claim_reviews == ["review"]
    nested = _read({"@type": "WebPage", "review": media})
    assert len(nested.document.media_reviews) == 1 if nested.document else False


def test_nothing_is_dropped_silently() -> None:
    node = _cr(reviewBody="Long text", image="https://desk.example.org/i.png",
               itemReviewed={"@type": "Claim", "name": "A claim", "spatialCoverage": "Earth"},
               author={"@type": "Organization", "name": "D", "logo": {"@type": "ImageObject"}},
               reviewRating={"@type": "Rating", "alternateName": "False", "name": "Wrong", "reviewAspect": "x"})
    found = _mine(_read(node).diagnostics)
    assert sorted(found) == sorted([
        ("jsonld.not-carried", "/reviewBody"),
        ("jsonld.not-carried", "/itemReviewed/spatialCoverage"),
        ("jsonld.not-carried", "/reviewRating/name"), ("jsonld.not-carried", "/reviewRating/reviewAspect"),
    ])


def test_incomplete_reviews_and_dangling_links() -> None:
    loaded = _read([_cr(reviewRating={"@type": "Rating", "ratingValue": 1}),
                    _cr(author={"@id": "#nowhere"}, url="https://desk.example.org/x")])
    assert loaded.document is not None
    # the first has no verdict and is left out; the second's author is unknown, so its site reviews it
    assert [r.url for r in loaded.document.reviews] == ["https://desk.example.org/x"]
    assert [o.name for o in loaded.document.organizations] == ["Example Desk", "desk.example.org"]
    assert sorted(_mine(loaded.diagnostics)) == [("jsonld.dangling-link", "/1/author"), ("jsonld.guessed", "/1"),
                                                 ("jsonld.incomplete", "/0")]


def test_nodes_lacking_what_the_model_requires_are_left_out_with_a_warning() -> None:
    graph = {"@context": "https://schema.org", "@graph": [
        {"@type": "Person", "@id": "#nameless"},
        {"@type": "Legislation", "@id": "#law", "name": "A resolution"},
        {"@type": "NewsArticle", "@id": "#story", "about": {"@id": "#law"}},
        {"@type": "Claim", "@id": "#claim", "author": {"@id": "#nameless"}},
        _cr(itemReviewed={"@id": "#claim"}, claimReviewed=None),
        _cr(url="https://desk.example.org/kept"),
    ]}
    loaded = _read(graph)
    assert loaded.document is not None
    assert [r.url for r in loaded.document.reviews] == ["https://desk.example.org/kept"]
    assert loaded.document.people == [] and loaded.document.sanctions == [] and loaded.document.articles == []
    assert sorted(_mine(loaded.diagnostics)) == [
        ("jsonld.incomplete", "/@graph/0"), ("jsonld.incomplete", "/@graph/1"), ("jsonld.incomplete", "/@graph/2"),
        ("jsonld.incomplete", "/@graph/3"), ("jsonld.incomplete", "/@graph/4"),
    ]


def test_reviewer_taken_from_the_url_when_the_review_names_none() -> None:
    loaded = _read(_cr(author=None, url="https://www.desk.example.org/r/1"))
    assert loaded.document is not None
    assert loaded.document.organizations[0].name == "desk.example.org"
    assert _mine(loaded.diagnostics) == [("jsonld.guessed", "")]


def test_modelled_nodes_in_a_graph_are_read(seed_document: Document) -> None:
    graph = EXPORTER.build(seed_document)
    graph["@graph"] = [n for n in graph["@graph"] if n["@type"] != "ClaimReview"]
    loaded = _read(graph)
    assert loaded.document is not None
    assert loaded.document.sanctions == _unsourced(seed_document).sanctions
    assert loaded.document.articles == _unsourced(seed_document).articles
    assert _mine(loaded.diagnostics) == [("jsonld.no-claimreview", "")]


def test_model_rules_point_into_the_input() -> None:
    node = _cr(datePublished="2020-01-01", itemReviewed={"@type": "Claim", "datePublished": "2021-05-01"},
               reviewRating={"@type": "Rating", "alternateName": "x", "ratingValue": 9, "bestRating": 5})
    loaded = _read(node)
    assert loaded.document is None
    # one defect, one finding: the model's rules are broken where the markup's rules report them already
    assert set(_mine(loaded.diagnostics)) == set()
    assert {(d.code, d.pointer) for d in loaded.diagnostics if d.is_error} == {
        ("claimreview.review-before-claim", "/datePublished"),
        ("claimreview.rating-out-of-scale", "/reviewRating/ratingValue")}


# -- reading files: strict JSON, locations, sniffing ---------------------------------------------------


def test_read_locates_diagnostics() -> None:
    raw = b'{\n  "@context": "https://schema.org",\n  "@type": "ClaimReview",\n  "claimReviewed": "x",\n' \
          b'  "reviewBody": "not carried",\n  "reviewRating": {"@type": "Rating", "alternateName": "F"},\n' \
          b'  "author": "Desk"\n}\n'
    loaded = reader.read(Source.from_bytes(raw, "page.jsonld"))
    body = next(d for d in loaded.diagnostics if d.pointer == "/reviewBody")
    assert (body.file, body.line, body.column) == ("page.jsonld", 5, 3)


@pytest.mark.parametrize(("raw", "code", "line"), [
    (b'{"@type": "ClaimReview", "url": "a", "url": "b"}', "json.duplicate-key", 1),
    (b'{"@type": "ClaimReview",\n "reviewRating": {"ratingValue": NaN}}', "json.non-finite-number", 2),
    (b'{"@type": "ClaimReview",', "json.syntax", 1),
    (b"\xff\xfe{}", "input.encoding", 1),
])
def test_strict_json(raw: bytes, code: str, line: int) -> None:
    loaded = reader.read(Source.from_bytes(raw, "bad.jsonld"))
    assert loaded.document is None
    assert [(d.code, d.line) for d in loaded.diagnostics] == [(code, line)]


@pytest.mark.parametrize("data", ["a string", 42, None, True])
def test_top_level_scalars_are_refused(data: Any) -> None:
    loaded = _read(data)
    assert loaded.document is None and [d.code for d in loaded.diagnostics] == ["jsonld.not-json-ld"]


def test_empty_input_is_an_empty_document() -> None:
    loaded = _read([])
    assert loaded.document == Document()
    assert _mine(loaded.diagnostics) == [("jsonld.no-claimreview", "")]


def test_read_data_passes_rules_and_page_url(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[str | None, str | None]] = []

    def spy(data: Any, rules: str | None = None, page_url: str | None = None, registries: bool = True,
            ) -> list[Diagnostic]:
        calls.append((rules, page_url))
        return [EXAMPLE.at("spy", "/reviewRating")]

    monkeypatch.setattr(claimreview, "check_jsonld", spy)
    loaded = _read(_cr(), rules="google-2025", page_url="https://desk.example.org/r1",
                   locate=lambda ptr: (7, 9) if ptr == "/reviewRating" else (None, None), file="p.jsonld")
    assert calls == [("google-2025", "https://desk.example.org/r1")]
    found = [(d.code, d.file, d.line, d.column) for d in loaded.diagnostics]
    assert found == [("claimreview.example", "p.jsonld", 7, 9)]
    _read(_cr())
    assert calls[-1] == (claimreview.DEFAULT_RULES, None)


@pytest.mark.parametrize(("head", "expected"), [
    (b'{"@context": "https://schema.org", "@type": "ClaimReview"}', True),
    (b'\xef\xbb\xbf  [{"@type": "ClaimReview"}]', True),
    (b'{"@graph": []}', True),
    (b'{"claimreview": "1", "people": []}', False),
    (b'{"claims": [{"text": "x", "claimReview": []}]}', False),
    (b"people: []", False),
])
def test_sniff(head: bytes, expected: bool) -> None:
    assert reader.sniff(head) is expected


def test_json_files_are_told_apart_by_content(tmp_path: Path, seed_document: Document) -> None:
    ld = tmp_path / "markup.json"
    ld.write_bytes(EXPORTER.render(EXPORTER.build(seed_document)))
    own = tmp_path / "own.json"
    own.write_bytes(export(seed_document, "json").output)  # type: ignore[arg-type]
    assert detect(Source(name=str(ld), path=ld)).name == "jsonld"
    assert detect(Source(name=str(own), path=own)).name == "json"
    assert load(ld).document == _unsourced(seed_document)


def test_cli_convert_and_validate(tmp_path: Path, seed_document: Document) -> None:
    runner = CliRunner()
    out = tmp_path / "seed.jsonld"
    result = runner.invoke(cli, ["convert", str(SEED), "--to", "jsonld", "-o", str(out)])
    assert result.exit_code == 0, result.output
    back = tmp_path / "back.yaml"
    result = runner.invoke(cli, ["convert", str(out), "-o", str(back)])
    assert result.exit_code == 0, result.output
    assert load(back).document == _unsourced(seed_document)
    result = runner.invoke(cli, ["convert", str(SEED), "--to", "jsonld", "--profile", "claimreview",
                                 "--review", "review-un-members-dpr"])
    assert result.exit_code == 0 and json.loads(result.stdout)["@id"] == "#review-un-members-dpr"
    result = runner.invoke(cli, ["convert", str(SEED), "--to", "jsonld", "--profile", "claimreview", "--review", "x"])
    assert result.exit_code == 2 and "no review has the id 'x'" in result.output
    google = JSONLD_FIXTURES / "google-factcheck-example.jsonld"
    result = runner.invoke(cli, ["validate", str(google), "--format", "json"])
    assert result.exit_code == 0 and json.loads(result.stdout)["errors"] == 0


# -- third-party fixtures: expected codes, pointers and what was read ----------------------------------


def _fixtures() -> list[Path]:
    return sorted(JSONLD_FIXTURES.glob("*.jsonld"))


@pytest.mark.parametrize("path", _fixtures(), ids=lambda p: p.name)
def test_fixture_reads_as_expected(path: Path, update_golden: bool) -> None:
    loaded = reader.read(Source(name=path.name, path=path))
    got = {
        "read": {kind: [e.id for e in getattr(loaded.document, kind)] for kind in
                 ("people", "organizations", "claims", "reviews")} if loaded.document else None,
        "diagnostics": [{"code": d.code, "pointer": d.pointer, "line": d.line} for d in loaded.diagnostics
                        if d.code in READER_CODES or d.code.startswith(("model.", "json."))],
    }
    expected_path = path.with_name(path.name + ".expected.json")
    if update_golden:
        expected_path.write_text(json.dumps(got, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    assert expected_path.exists(), f"{expected_path.name} is missing: run pytest --update-golden and review it"
    assert got == json.loads(expected_path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", ["google-factcheck-example.jsonld", "google-factcheck-example-earlier.jsonld",
                                  "feed-datafeed.jsonld", "graph-with-webpage.jsonld"])
def test_well_formed_fixtures_have_no_rule_errors_and_re_export(name: str) -> None:
    loaded = reader.read(Source(name=name, path=JSONLD_FIXTURES / name))
    assert [d.render() for d in loaded.diagnostics if d.is_error] == []
    assert loaded.document is not None
    result = export(loaded.document, "jsonld", profile="claimreview")
    assert result.output is not None, [d.render() for d in result.diagnostics]
    out = json.loads(result.output)
    assert out["claimReviewed"] == "The world is flat" and out["reviewRating"]["alternateName"] == "False"


# -- whatever the input, the reader answers with diagnostics, never an exception ------------------------

_KEYS = ["@context", "@type", "@id", "@graph", "@value", "name", "url", "author", "itemReviewed", "reviewRating",
         "claimReviewed", "appearance", "firstAppearance", "datePublished", "ratingValue", "bestRating", "worstRating",
         "alternateName", "sameAs", "publisher", "about", "mentions", "dataFeedElement", "item", "affiliation",
         "parentOrganization", "legislationPassedBy", "image", "inLanguage", "location", "address", "addressCountry",
         "nationality", "headline", "text", "keywords", "additionalType", "schema:name", "http://schema.org/author",
         "mainEntity"]
_TYPES = ["ClaimReview", "Claim", "Person", "Organization", "NGO", "NewsArticle", "Legislation", "DataFeed",
          "DataFeedItem", "MediaReview", "Rating", "CreativeWork", "WebPage", "ImageObject", "Country", "PostalAddress",
          "schema:ClaimReview", "NewsMediaOrganization"]
_IDS = ["#a", "#b", "https://x.example/#c", "_:b0", "#", "#a b"]
_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 10**20), st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([*_TYPES, *_IDS, "", " ", "https://x.example/p", "/rel", "javascript:x", "2020-01-01", "1", "abc",
                     "2020-13-45", "urn:claimreview:organization-kind:ngo", *HOSTILE]),
)
_json_ld = st.recursive(_scalars, lambda children: st.one_of(
    st.lists(children, max_size=4),
    st.dictionaries(st.sampled_from(_KEYS), children, max_size=6),
    st.fixed_dictionaries({"@type": st.sampled_from(_TYPES)}, optional={k: children for k in _KEYS[2:22]}),
    st.fixed_dictionaries({"@id": st.sampled_from(_IDS)}),
    st.fixed_dictionaries({"@value": children}),
), max_leaves=40)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(_json_ld, st.sampled_from([None, "https://x.example/page"]))
def test_any_json_reads_without_raising(data: Any, page_url: str | None) -> None:
    loaded = _read(data, page_url=page_url)
    assert loaded.document is not None or any(d.is_error for d in loaded.diagnostics)
    assert all(d.code and d.message for d in loaded.diagnostics)


def test_schema_command_prints_the_claimreview_schema() -> None:
    from claimreview.schemas.generate import JSON_DIR

    result = CliRunner().invoke(cli, ["schema", "claimreview"])
    assert result.exit_code == 0
    assert result.output == (JSON_DIR / "claimreview.schema.json").read_text(encoding="utf-8")


def test_validation_can_leave_out_the_conversion_notes() -> None:
    google = JSONLD_FIXTURES / "google-factcheck-example.jsonld"
    noted = reader.read(Source(name="g.jsonld", path=google))
    assert {d.code for d in noted.diagnostics} == {"jsonld.not-carried"}
    clean = reader.read(Source(name="g.jsonld", path=google), conversion_notes=False)
    assert clean.diagnostics == [] and clean.document == noted.document
    media = reader.read_data([{"@type": "MediaReview"}, _cr(author="Desk")], conversion_notes=False)
    assert [d.code for d in media.diagnostics if d.code in READER_CODES] == []  # the rules say what it lacks
    assert "mediareview.missing-category" in {d.code for d in media.diagnostics}


def test_long_chains_read_back_and_deep_nesting_is_a_diagnostic() -> None:
    orgs = [{"id": f"o{i}", "name": f"O{i}", **({"parent": f"o{i + 1}"} if i < 1999 else {})} for i in range(2000)]
    doc = _doc(organizations=orgs, claims=[{"id": "c", "text": "t"}],
               reviews=[{"id": "r", "claim": "c", "reviewer": "o0", "rating": {"label": "F"}}])
    assert _read(EXPORTER.build(doc)).document == doc  # 2,000 parents, linked: no recursion
    nested = EXPORTER.build(doc, profile="claimreview")
    depth, node = 0, nested["author"]
    while "parentOrganization" in node:
        depth, node = depth + 1, node["parentOrganization"]
    assert set(node) == {"@id"} and 3 <= depth <= MAX_NESTING  # nesting stops, then links
    chain: dict[str, Any] = {"@type": "Organization", "name": "x"}
    for i in range(400):
        chain = {"@type": "Organization", "name": f"o{i}", "parentOrganization": chain}
    loaded = reader.read(Source.from_bytes(json.dumps(_cr(author=chain)).encode(), "deep.jsonld"))
    assert loaded.document is None and [d.code for d in loaded.diagnostics][-1] == "jsonld.too-deep"
    lists = reader.read(Source.from_bytes(b"[" * 900 + b"]" * 900, "lists.jsonld"))
    assert all(d.code.startswith("jsonld.") for d in lists.diagnostics)


def test_codes_are_described_with_their_severity() -> None:
    samples = [_read("x"), _read([]), *(reader.read(Source(name=p.name, path=p)) for p in _fixtures())]
    for loaded in samples:
        for d in loaded.diagnostics:
            assert d.severity is d.kind.severity, d.code
