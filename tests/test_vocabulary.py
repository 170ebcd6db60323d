"""The schema.org vocabulary (claimreview.validation.vocabulary) and offline JSON-LD expansion
(claimreview.validation.ld), both from package data for schema.org release 30.0."""

from __future__ import annotations

import importlib.util
import json
import socket
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
from pyld import jsonld  # imported before any test replaces socket functions

from claimreview.validation import ld
from claimreview.validation.claimreview import check_jsonld
from claimreview.validation.diagnostics import Diagnostic
from claimreview.validation.vocabulary import (
    check_vocabulary,
    check_vocabulary_node,
    local_name,
    vocabulary,
)

ROOT = Path(__file__).resolve().parent.parent
GOOGLE_EXAMPLE = Path(__file__).resolve().parent / "fixtures" / "claimreview" / "valid" / "google-2025-example.json"


def _triples(found: list[Diagnostic]) -> list[tuple[str, str, str]]:
    return sorted((d.severity.value, d.code, d.pointer) for d in found)


def _google() -> dict[str, Any]:
    return json.loads(GOOGLE_EXAMPLE.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


# --- the data -----------------------------------------------------------------------------------


def test_pinned_release_and_its_source() -> None:
    vocab = vocabulary()
    assert vocab.release == "30.0"
    assert "data/releases/30.0/schemaorg-current-https.jsonld" in vocab.source and "4467fa19" in vocab.source
    assert len(vocab.types) > 900 and len(vocab.properties) > 1500
    assert "StupidType" not in vocab.types  # a test term of schema.org's development branch, in no release
    readme = files("claimreview").joinpath("data", "README.md").read_text(encoding="utf-8")
    assert "30.0" in readme and "schemaorg-current-https.jsonld" in readme


def test_supertypes_are_closed_over() -> None:
    vocab = vocabulary()
    assert {"ClaimReview", "Review", "CreativeWork", "Thing"} <= vocab.ancestors["ClaimReview"]
    assert {"OpinionNewsArticle", "NewsArticle", "Article", "CreativeWork"} <= vocab.ancestors["OpinionNewsArticle"]
    assert vocab.is_subtype("Legislation", {"CreativeWork"})
    assert not vocab.is_subtype("Person", {"CreativeWork"})


def test_terms_the_exporter_uses_exist() -> None:
    vocab = vocabulary()
    for prop in ("claimReviewed", "itemReviewed", "reviewRating", "appearance", "firstAppearance",
                 "legislationIdentifier", "legislationType", "legislationDate", "legislationPassedBy",
                 "dataFeedElement", "ratingExplanation", "sameAs", "jobTitle", "affiliation"):
        assert prop in vocab.properties, prop
    for name in ("ClaimReview", "Claim", "Rating", "Legislation", "DataFeed", "DataFeedItem", "MediaReview"):
        assert name in vocab.types, name


def _build_tool() -> Any:
    spec = importlib.util.spec_from_file_location("build_schemaorg_data", ROOT / "tools" / "build_schemaorg_data.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _data(name: str) -> Any:
    return json.loads(files("claimreview").joinpath("data", name).read_text(encoding="utf-8"))


def test_the_shipped_context_names_every_term_of_the_shipped_vocabulary() -> None:
    raw = _data("schemaorg-vocabulary.json")
    ctx = ld.schema_org_context()["@context"]
    terms = set(raw["types"]) | set(raw["properties"]) | set(raw["enumeration_members"])
    assert not sorted(t for t in terms if t not in ctx)
    assert all(ctx[t]["@id"] == f"schema:{t}" for t in terms if isinstance(ctx[t], dict))


def test_the_next_context_is_this_one_without_type_coercions() -> None:
    assert _build_tool().next_context(ld.schema_org_context()) == _data("schemaorg-context-next.jsonld")
    assert not [t for t, d in _data("schemaorg-context-next.jsonld")["@context"].items()
                if isinstance(d, dict) and "@type" in d]


_VERDICTS = """
import json, sys
from pathlib import Path
import claimreview.validation.ld as ld
if sys.argv[1] == "next":
    ld.CONTEXT_FILE = "schemaorg-context-next.jsonld"
from claimreview.validation.claimreview import check_jsonld
found = {}
for path in sys.argv[2:]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    found[Path(path).name] = sorted((d.severity.value, d.code, d.pointer) for d in check_jsonld(data))
print(json.dumps(found))
"""


def test_checks_give_the_same_verdicts_under_schema_orgs_coming_context() -> None:
    """schema.org's next context drops the @type coercions (Date, @id): expansion then keeps
    dates and URLs as plain strings. Every finding on every ClaimReview fixture, the seed's
    outputs and Google's example must stay the same, so the change costs users nothing."""
    import subprocess
    import sys

    inputs = sorted(str(p) for p in (ROOT / "tests" / "fixtures" / "claimreview").rglob("*.json")
                    if not p.name.endswith(".expected.json"))
    inputs += [str(ROOT / "examples" / n)
               for n in ("north-korea-troops.jsonld", "north-korea-troops.claimreview.jsonld")]
    runs = {}
    for which in ("now", "next"):
        out = subprocess.run([sys.executable, "-c", _VERDICTS, which, *inputs], capture_output=True, text=True,
                             check=True, cwd=ROOT)
        runs[which] = json.loads(out.stdout)
    assert len(runs["now"]) == len(inputs) > 30
    assert sum(map(len, runs["now"].values())) > 30  # the fixtures do draw findings
    assert runs["next"] == runs["now"]


def test_context_coercions_follow_schema_org() -> None:
    ctx = ld.schema_org_context()["@context"]
    assert ctx["@vocab"] == "http://schema.org/"
    assert ctx["url"] == {"@id": "schema:url", "@type": "@id"}
    assert ctx["datePublished"] == {"@id": "schema:datePublished", "@type": "Date"}
    assert ctx["ratingValue"] == {"@id": "schema:ratingValue"}  # Number or Text: no coercion
    assert ctx["ClaimReview"] == {"@id": "schema:ClaimReview"}
    assert ctx["type"] == "@type" and ctx["id"] == "@id"


# --- names and suggestions ----------------------------------------------------------------------


@pytest.mark.parametrize("term, name", [
    ("name", "name"), ("schema:name", "name"), ("http://schema.org/name", "name"),
    ("https://schema.org/name", "name"), ("og:title", None), ("http://purl.org/dc/terms/title", None),
    ("https://schema.org/", None),
])
def test_local_name(term: str, name: str | None) -> None:
    assert local_name(term) == name


@pytest.mark.parametrize("written, suggestion", [
    ("claimReviewd", "claimReviewed"), ("Name", "name"), ("datepublished", "datePublished"),
    ("reviewrating", "reviewRating"), ("ratingExplaination", "ratingExplanation"), ("itemReveiwed", "itemReviewed"),
])
def test_unknown_property_suggests_the_close_one(written: str, suggestion: str) -> None:
    found = check_vocabulary_node({"@type": "ClaimReview", written: "x"})
    assert _triples(found) == [("warning", "vocab.unknown-property", f"/{written}")]
    assert f"did you mean {suggestion!r}?" in found[0].message


@pytest.mark.parametrize("written, suggestion", [
    ("Ratng", "Rating"), ("claimreview", "ClaimReview"), ("Organisation", "Organization"),
    ("NewsArticel", "NewsArticle"), ("schema:Clam", "Claim"),
])
def test_unknown_type_suggests_the_close_one(written: str, suggestion: str) -> None:
    found = check_vocabulary_node({"@type": ["Thing", written]})
    assert _triples(found) == [("warning", "vocab.unknown-type", "/@type/1")]
    assert f"did you mean {suggestion!r}?" in found[0].message


def test_unknown_term_without_a_close_one() -> None:
    found = check_vocabulary_node({"@type": "Zqxjv", "qqqqzzzz": 1})
    assert _triples(found) == [("warning", "vocab.unknown-property", "/qqqqzzzz"),
                               ("warning", "vocab.unknown-type", "/@type")]
    assert all("did you mean" not in d.message and "check the spelling" in d.message for d in found)


# --- domains and ranges ---------------------------------------------------------------------------


def test_property_inherited_from_a_supertype_is_fine() -> None:
    assert check_vocabulary_node({"@type": "OpinionNewsArticle", "headline": "h", "name": "n",
                                  "datePublished": "2024-06-22"}) == []


def test_property_outside_its_domain() -> None:
    found = check_vocabulary_node({"@type": "Person", "claimReviewed": "x"}, "/author")
    assert _triples(found) == [("warning", "vocab.property-not-for-type", "/author/claimReviewed")]
    assert "ClaimReview" in found[0].message


def test_domain_is_checked_against_any_of_several_types() -> None:
    assert check_vocabulary_node({"@type": ["Person", "Claim"], "appearance": "https://example.com"}) == []


def test_untyped_nodes_and_unknown_types_skip_the_domain_check() -> None:
    assert check_vocabulary_node({"appearance": "https://example.com"}) == []
    assert _triples(check_vocabulary_node({"@type": "FactCheckz", "appearance": "https://x.org"})) == [
        ("warning", "vocab.unknown-type", "/@type")]


@pytest.mark.parametrize("node", [
    {"@type": "Claim", "author": "Square World Society"},  # text where a Person/Organization is expected
    {"@type": "Claim", "author": {"@id": "#society"}},
    {"@type": "Claim", "author": {"name": "untyped"}},
    {"@type": "Claim", "author": [{"@type": "Person", "name": "a"}, {"@type": "NewsMediaOrganization", "name": "b"}]},
    {"@type": "Claim", "datePublished": "2024-06-20"},
    {"@type": "Claim", "datePublished": "2024-06"},
    {"@type": "Claim", "datePublished": "2024-06-20T10:00:00+02:00"},
    {"@type": "Claim", "datePublished": "2024-06-20T10:00:00+0200"},
    {"@type": "Claim", "datePublished": "2024-06-20T10:00:00.123Z"},
    {"@type": "Claim", "datePublished": {"@value": "2024-06-20", "@type": "Date"}},
    {"@type": "Claim", "datePublished": None},
    {"@type": "Rating", "ratingValue": "4"},
    {"@type": "Rating", "ratingValue": 4.5},
    {"@type": "Rating", "ratingValue": "mostly"},  # Number or Text
    {"@type": "CreativeWork", "isAccessibleForFree": "True"},
    {"@type": "CreativeWork", "isAccessibleForFree": True},
    {"@type": "CreativeWork", "isAccessibleForFree": "https://schema.org/False"},
    {"@type": "CreativeWork", "wordCount": "120"},
    {"@type": "CreativeWork", "timeRequired": "PT5M"},
    {"@type": "CreativeWork", "image": "https://example.com/a.jpg"},
    {"@type": "CreativeWork", "image": {"@type": "ImageObject", "url": "https://example.com/a.jpg"}},
    {"@type": "Organization", "logo": {"@type": "ImageObject", "contentUrl": "https://example.com/logo.png"}},
    {"@type": "Event", "doorTime": "19:30", "startDate": "2024-06-20T19:30"},
    {"@type": "Thing", "name": ["a", "b"]},
])
def test_values_of_expected_types(node: dict[str, Any]) -> None:
    assert check_vocabulary_node(node) == []


@pytest.mark.parametrize("node, pointer", [
    ({"@type": "Claim", "datePublished": "June 20, 2024"}, "/datePublished"),
    ({"@type": "Claim", "datePublished": "20/06/2024"}, "/datePublished"),
    ({"@type": "Claim", "datePublished": 2024}, "/datePublished"),
    ({"@type": "Claim", "author": {"@type": "Claim", "name": "x"}}, "/author"),
    ({"@type": "Claim", "author": ["ok", {"@type": "Rating"}]}, "/author/1"),
    ({"@type": "CreativeWork", "wordCount": "many"}, "/wordCount"),
    ({"@type": "CreativeWork", "isAccessibleForFree": "yes please"}, "/isAccessibleForFree"),
    ({"@type": "Thing", "name": {"@type": "Person", "name": "x"}}, "/name"),
    ({"@type": "Thing", "url": {"@type": "WebPage"}}, "/url"),
    ({"@type": "Thing", "name": {"@value": {"nested": True}}}, "/name"),
])
def test_values_of_unexpected_types(node: dict[str, Any], pointer: str) -> None:
    assert _triples(check_vocabulary_node(node)) == [("warning", "vocab.unexpected-value-type", pointer)]


def test_superseded_terms_name_their_replacement() -> None:
    found = check_vocabulary_node({"@type": "CreativeWork", "isBasedOnUrl": "https://example.com"})
    assert _triples(found) == [("warning", "vocab.superseded-term", "/isBasedOnUrl")]
    assert "'isBasedOn'" in found[0].message


def test_prefixed_and_full_iri_keys_are_the_same_terms() -> None:
    node = {"@type": "schema:Claim", "schema:author": "x", "https://schema.org/datePublished": "2024",
            "http://schema.org/appearance": "https://example.com", "og:title": "other vocabularies are ld's job"}
    assert check_vocabulary_node(node) == []


def test_keyword_aliases_of_the_schema_org_context() -> None:
    assert check_vocabulary_node({"type": "Claim", "id": "#c", "author": "x"}) == []


def test_walk_covers_every_shape_with_pointers() -> None:
    data = {"@context": "https://schema.org", "@graph": [
        {"@type": "DataFeed", "dataFeedElement": [{"@type": "DataFeedItem", "item": {"@type": "Claim", "autor": "x"}}]},
        {"@type": "Claim", "appearance": {"@list": [{"@type": "Ratng"}]}},
    ]}
    assert _triples(check_vocabulary(data)) == [
        ("warning", "vocab.unknown-property", "/@graph/0/dataFeedElement/0/item/autor"),
        ("warning", "vocab.unknown-type", "/@graph/1/appearance/@list/0/@type"),
    ]


def test_pointer_tokens_are_escaped() -> None:
    found = check_vocabulary_node({"@type": "Thing", "a/b~c": 1})
    assert _triples(found) == [("warning", "vocab.unknown-property", "/a~1b~0c")]


def test_google_example_vocabulary_is_clean() -> None:
    assert check_vocabulary(_google()) == []


# --- offline JSON-LD ----------------------------------------------------------------------------


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Any attempt to open a socket or to use pyld's own (networked) loader fails the test."""
    attempts: list[Any] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        attempts.append(args)
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(jsonld, "_default_document_loader", refuse)
    return attempts


@pytest.mark.parametrize("context", [
    "https://schema.org", "http://schema.org", "https://schema.org/", "http://schema.org/", "HTTPS://Schema.org/",
    "https://schema.org/docs/jsonldcontext.jsonld", {"@vocab": "https://schema.org/"}, {"@vocab": "http://schema.org/"},
    ["https://schema.org", {"@language": "en"}],
])
def test_schema_org_contexts_expand_offline(context: Any, no_network: list[Any]) -> None:
    data = _google()
    data["@context"] = context
    assert check_jsonld(data) == []
    assert no_network == []


def test_expansion_gives_schema_org_iris(no_network: list[Any]) -> None:
    expanded, problems = ld.expand(_google())
    assert problems == [] and expanded is not None
    node = expanded[0]
    assert node["@type"] == ["http://schema.org/ClaimReview"]
    assert node["http://schema.org/url"] == [{"@id": "https://example.com/news/science/worldisflat.html"}]


def test_unknown_context_is_a_diagnostic_not_a_fetch(no_network: list[Any]) -> None:
    data = _google()
    data["@context"] = ["https://schema.org", "https://example.org/ctx.jsonld"]
    found = check_jsonld(data)
    assert _triples(found) == [("error", "jsonld.unknown-context", "/@context/1")]
    assert "https://example.org/ctx.jsonld" in found[0].message
    assert no_network == []


def test_nested_remote_context_is_refused_too(no_network: list[Any]) -> None:
    data = _google()
    data["author"]["@context"] = "http://example.net/evil"
    found = check_jsonld(data)
    assert _triples(found) == [("error", "jsonld.unknown-context", "/author/@context")]
    assert no_network == []


def test_loader_is_built_once_and_marks_the_context_static() -> None:
    assert ld.document_loader() is ld.document_loader()
    remote = ld.document_loader()("https://schema.org", {})
    assert remote["tag"] == "static" and remote["contextUrl"] is None
    assert remote["document"] is ld.schema_org_context()
    with pytest.raises(ld.UnknownContext):
        ld.document_loader()("https://schema.org.evil.net/", {})


def test_terms_outside_schema_org_are_named() -> None:
    data = _google()
    data["@context"] = ["https://schema.org", {"dc": "http://purl.org/dc/terms/"}]
    data["dc:title"] = "The world is flat"
    found = check_jsonld(data)
    assert _triples(found) == [("warning", "jsonld.non-schema-term", "/dc:title")]
    assert "dc:title (expands to http://purl.org/dc/terms/title)" in found[0].message


def test_null_values_are_not_dropped_terms() -> None:
    data = _google()
    data["headline"] = None
    data["keywords"] = []
    assert check_jsonld(data) == []


def test_items_without_context_in_an_array() -> None:
    with_context, without = _google(), _google()
    del without["@context"]
    assert _triples(check_jsonld([with_context, without])) == [("warning", "jsonld.no-context", "/1")]


@pytest.mark.parametrize("data", ["https://schema.org", 5, None])
def test_not_json_ld_at_all(data: Any, no_network: list[Any]) -> None:
    assert _triples(check_jsonld(data)) == [("error", "jsonld.invalid", "")]


def test_action_annotations_are_read_as_the_property_they_annotate() -> None:
    """schema.org's Potential Actions convention: every site's SearchAction has a query-input."""
    action = {"@type": "SearchAction", "target": "https://example.com/?s={q}", "query-input": "required name=q"}
    assert check_vocabulary_node(action) == []
    typo = check_vocabulary_node({"@type": "SearchAction", "qeury-input": "required name=q"})
    assert [d.code for d in typo] == ["vocab.unknown-property"]
