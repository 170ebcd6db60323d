"""Google's ClaimReview rules (rule set google-2025), checked by claimreview.validation.claimreview.

Each rule has a failing fixture in tests/fixtures/claimreview/<name>.json, and beside it
<name>.json.expected.json: the diagnostics expected (severity, code, pointer), as a list, or as
{"page_url": ..., "expected": [...]} when the rule needs the page's URL. Google's documented
example (tests/fixtures/claimreview/valid/) must validate clean.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimreview.validation import claimreview
from claimreview.validation.claimreview import (
    CATALOGUE,
    CLAIMREVIEW_NOT_A_NODE,
    CODES,
    DEFAULT_RULES,
    RULESETS,
    check_jsonld,
    check_media_node,
    check_node,
    rule_set,
)
from claimreview.validation.diagnostics import Diagnostic, Severity

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "claimreview"
CASES = sorted(p for p in FIXTURES.glob("*.json") if not p.name.endswith(".expected.json"))
GOOGLE_EXAMPLE = FIXTURES / "valid" / "google-2025-example.json"
GOOGLE_PAGE = "https://example.com/news/science/worldisflat.html"
UNIT_TESTED = {"claimreview.not-a-node", "mediareview.not-a-node", "jsonld.too-deep"}
"""Codes whose cases cannot be a JSON-LD file; each has a test of its own below."""


def _load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _expected(path: Path) -> tuple[str | None, list[dict[str, str]]]:
    side = _load(path.with_name(path.name + ".expected.json"))
    if isinstance(side, dict):
        return side["page_url"], side["expected"]
    return None, side


def _triples(found: list[Diagnostic]) -> list[tuple[str, str, str]]:
    return sorted((d.severity.value, d.code, d.pointer) for d in found)


def google_node() -> dict[str, Any]:
    data = _load(GOOGLE_EXAMPLE)
    del data["@context"]
    return data  # type: ignore[no-any-return]


# --- fixtures -----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_fixture_gives_expected_diagnostics(path: Path) -> None:
    page_url, expected = _expected(path)
    assert expected, "a failing fixture must expect at least one diagnostic"
    found = check_jsonld(_load(path), page_url=page_url)
    assert _triples(found) == sorted((e["severity"], e["code"], e["pointer"]) for e in expected)
    assert all(len(d.message) > 20 for d in found), [d.message for d in found]


def test_every_code_has_a_failing_fixture() -> None:
    covered = {e["code"] for path in CASES for e in _expected(path)[1]}
    assert set(CATALOGUE) - UNIT_TESTED <= covered, sorted(set(CATALOGUE) - UNIT_TESTED - covered)


def test_google_documented_example_validates_clean() -> None:
    data = _load(GOOGLE_EXAMPLE)
    assert check_jsonld(data) == []
    assert check_jsonld(data, page_url=GOOGLE_PAGE) == []
    assert check_node(google_node(), page_url=GOOGLE_PAGE) == []


# --- rule sets ----------------------------------------------------------------------------------


def test_rule_sets_are_named_dated_and_the_newest_is_default() -> None:
    assert DEFAULT_RULES == RULESETS[-1] == "google-2025"
    rules = rule_set("google-2025")
    assert rules.source == "https://developers.google.com/search/docs/appearance/structured-data/factcheck"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", rules.read_on)
    assert "retire" in (claimreview.__doc__ or "") and "Fact Check" in (claimreview.__doc__ or "")


@pytest.mark.parametrize("call", [
    lambda: check_node(google_node(), rules="google-2019"),
    lambda: check_jsonld(_load(GOOGLE_EXAMPLE), rules="google-2019"),
    lambda: rule_set("google-2019"),
], ids=["check_node", "check_jsonld", "rule_set"])
def test_unknown_rule_set_is_a_clear_value_error(call: Any) -> None:
    with pytest.raises(ValueError, match=r"unknown rule set 'google-2019'; known: google-2025"):
        call()


@pytest.mark.parametrize("page_url", ["example.com/page", "javascript:alert(1)", "", "https:// example.com/"])
def test_page_url_must_be_absolute_http(page_url: str) -> None:
    with pytest.raises(ValueError, match="not an absolute http"):
        check_node(google_node(), page_url=page_url)


def test_catalogue_describes_every_code_once() -> None:
    assert {c.name for c in CODES} <= set(CATALOGUE)
    for name, code in CATALOGUE.items():
        assert re.fullmatch(r"(claimreview|mediareview|vocab|jsonld|registry)\.[a-z]+(-[a-z]+)*", name), name
        assert code.name == name and len(code.text) > 20, name


def test_catalogue_severity_matches_what_the_checks_report() -> None:
    for path in CASES:
        page_url, _ = _expected(path)
        for d in check_jsonld(_load(path), page_url=page_url):
            assert CATALOGUE[d.code].severity is d.severity, d.code


# --- the rules, one by one, on the node level ---------------------------------------------------


def test_pointers_are_relative_to_the_node() -> None:
    node = google_node()
    del node["url"]
    node["reviewRating"]["ratingValue"] = "9"
    found = check_node(node, "/dataFeedElement/3/item")
    assert _triples(found) == [
        ("error", "claimreview.missing-url", "/dataFeedElement/3/item"),
        ("error", "claimreview.rating-out-of-scale", "/dataFeedElement/3/item/reviewRating/ratingValue"),
    ]


def test_not_a_node() -> None:
    for record in (None, "ClaimReview", 5, ["ClaimReview"]):
        found = check_node(record, "/7")  # type: ignore[arg-type]
        assert _triples(found) == [("error", "claimreview.not-a-node", "/7")]


@pytest.mark.parametrize("value, best, worst", [
    ("1", "5", "1"), (1, 5, 1), (1.5, 5, 1), (" 4 ", "5", "1"), (5, 5, 1), ("1e0", 5, 1), (3, None, None),
])
def test_rating_numbers_as_numbers_or_numeric_strings(value: Any, best: Any, worst: Any) -> None:
    node = google_node()
    node["reviewRating"].update(ratingValue=value, bestRating=best, worstRating=worst)
    assert check_node(node) == []


@pytest.mark.parametrize("raw", ["NaN", "Infinity", "-inf", "1_000", "", "4,5", True, [1], {"x": 1}, 10**5000],
                         ids=["nan", "infinity", "-inf", "underscore", "empty", "comma", "bool", "list", "object",
                              "huge-int"])
def test_rating_values_that_are_not_numbers(raw: Any) -> None:
    node = google_node()
    node["reviewRating"]["ratingValue"] = raw
    assert _triples(check_node(node)) == [("error", "claimreview.rating-not-a-number", "/reviewRating/ratingValue")]


def test_rating_scale_equal_ends_is_inverted() -> None:
    node = google_node()
    node["reviewRating"].update(bestRating=3, worstRating=3, ratingValue=3)
    assert _triples(check_node(node)) == [("error", "claimreview.rating-scale-inverted", "/reviewRating/bestRating")]


def test_rating_below_worst_is_out_of_scale() -> None:
    node = google_node()
    node["reviewRating"].update(bestRating=10, worstRating=2, ratingValue=1)
    assert _triples(check_node(node)) == [("error", "claimreview.rating-out-of-scale", "/reviewRating/ratingValue")]


def test_verdict_from_name_when_alternate_name_is_absent() -> None:
    node = google_node()
    del node["reviewRating"]["alternateName"]
    node["reviewRating"]["name"] = "False"
    assert check_node(node) == []


def test_several_ratings_are_each_checked() -> None:
    node = google_node()
    node["reviewRating"] = [node["reviewRating"], {"@type": "Rating", "ratingValue": 2}, "Mostly false"]
    assert _triples(check_node(node)) == [
        ("error", "claimreview.invalid-rating", "/reviewRating/2"),
        ("error", "claimreview.missing-verdict", "/reviewRating/1"),
        ("error", "claimreview.several-values", "/reviewRating"),  # a ClaimReview has one rating
    ]


@pytest.mark.parametrize("url", [
    "https://example.com/news/science/worldisflat.html",
    "https://example.com/news/science/worldisflat.html#verdict",
    "https://www.example.com/news/a",
    "https://fact.example.com/check/1",
    "HTTPS://EXAMPLE.COM/news",
    "http://example.com:8080/x",
])
def test_url_on_the_page_domain_or_a_subdomain(url: str) -> None:
    node = google_node()
    node["url"] = url
    assert check_node(node, page_url=GOOGLE_PAGE) == []
    assert check_node(node, page_url="https://www.example.com/page") == []


@pytest.mark.parametrize("url", [
    "https://evil-example.com/x", "https://example.com.evil.net/x", "https://com/x",
    "https://evil.net\\@example.com/x",  # WHATWG (browsers) read the backslash as a slash: the host is evil.net
])
def test_url_off_the_page_domain(url: str) -> None:
    node = google_node()
    node["url"] = url
    assert _triples(check_node(node, page_url=GOOGLE_PAGE)) == [("error", "claimreview.url-off-page-domain", "/url")]


def test_subdomain_page_does_not_cover_the_parent_domain() -> None:
    node = google_node()
    assert _triples(check_node(node, page_url="https://fact.example.com/page")) == [
        ("error", "claimreview.url-off-page-domain", "/url")]


@pytest.mark.parametrize("url", [
    " https://example.com/x", "https://exa mple.com/x", "https://", "ftp://example.com/x", "//example.com/x",
    "data:text/html,<script>alert(1)</script>", 42, {"@type": "WebPage"},
    "https://user@evil.net/x", "https://example.com:65536/x", "https://1.2.3.256/x", "http:/example.com/x",
])
def test_invalid_urls(url: Any) -> None:
    node = google_node()
    node["url"] = url
    assert ("error", "claimreview.invalid-url", "/url") in _triples(check_node(node))


def test_url_as_link_object_is_read() -> None:
    node = google_node()
    node["url"] = {"@id": "https://example.com/news/science/worldisflat.html"}
    assert check_node(node, page_url=GOOGLE_PAGE) == []


@pytest.mark.parametrize("author", [
    "Example.com science watch",
    {"@type": "Organization", "url": "https://example.com"},
    [{"@type": "Person", "name": "A. Checker"}, {"@type": "Organization", "name": "Desk"}],
    {"@id": "https://example.com/#desk"},
])
def test_author_shapes_real_markup_uses(author: Any) -> None:
    node = google_node()
    node["author"] = author
    assert check_node(node) == []


def test_each_author_in_a_list_needs_a_name() -> None:
    node = google_node()
    node["author"] = [{"@type": "Person", "name": "A. Checker"}, {"@type": "Person", "name": " "}, ""]
    assert _triples(check_node(node)) == [
        ("error", "claimreview.author-without-name", "/author/1"),
        ("error", "claimreview.author-without-name", "/author/2"),
    ]


@pytest.mark.parametrize("types", ["Claim", ["Claim"], ["CreativeWork", "Claim"], "schema:Claim",
                                   "https://schema.org/Claim", "http://schema.org/Claim"])
def test_claim_type_as_string_or_list(types: Any) -> None:
    node = google_node()
    node["itemReviewed"]["@type"] = types
    assert check_node(node) == []


def test_claim_with_first_appearance_only_is_complete() -> None:
    node = google_node()
    node["itemReviewed"]["firstAppearance"] = node["itemReviewed"].pop("appearance")
    assert check_node(node) == []


def test_item_reviewed_as_text_is_not_a_claim() -> None:
    node = google_node()
    node["itemReviewed"] = "The world is flat"
    assert _triples(check_node(node)) == [("warning", "claimreview.item-reviewed-not-claim", "/itemReviewed")]


def test_links_are_followed_with_an_index_and_trusted_without() -> None:
    node = google_node()
    claim = node["itemReviewed"]
    del claim["datePublished"]
    claim["@id"] = "#claim"
    node["itemReviewed"] = {"@id": "#claim"}
    assert check_node(node) == []  # nothing to follow: taken on trust
    assert _triples(check_node(node, index={"#claim": claim})) == [
        ("warning", "claimreview.claim-missing-date", "/itemReviewed")]


def test_graph_findings_point_at_the_linked_node() -> None:
    node = google_node()
    claim = node.pop("itemReviewed")
    del claim["author"]
    claim["@id"] = "#claim"
    node["itemReviewed"] = {"@id": "#claim"}
    node["author"] = {"@id": "#desk"}
    data = {"@context": "https://schema.org",
            "@graph": [node, claim, {"@id": "#desk", "@type": "Organization", "description": "no name"}]}
    assert _triples(check_jsonld(data)) == [
        ("error", "claimreview.author-without-name", "/@graph/2"),
        ("warning", "claimreview.claim-missing-author", "/@graph/1"),
    ]


@pytest.mark.parametrize("claim_reviewed, verdict, flagged", [
    ("FALSE: the world is flat", "False", True),
    ("The world is flat (false)", "False", True),
    ("The world is flat — mostly false", "Mostly false", True),
    ("Falsehoods spread about the flat world", "False", False),
    ("The world is flat", "False", False),
    ("Unproven: North Korea could send 100,000 soldiers", "Unproven", True),
    ("Северная Корея отправит войска — ложь", "Ложь", True),
    ("Northern troops", "No", False),
    ("Is the world flat?", "?", False),
])
def test_verdict_inside_claim_reviewed(claim_reviewed: str, verdict: str, flagged: bool) -> None:
    node = google_node()
    node["claimReviewed"] = claim_reviewed
    node["reviewRating"]["alternateName"] = verdict
    expected = [("warning", "claimreview.claim-reviewed-has-verdict", "/claimReviewed")] if flagged else []
    assert _triples(check_node(node)) == expected


def test_claim_reviewed_of_exactly_75_characters_is_fine() -> None:
    node = google_node()
    node["claimReviewed"] = "x" * 75
    assert check_node(node) == []
    node["claimReviewed"] = "😀" * 76  # characters, not bytes
    assert _triples(check_node(node)) == [("warning", "claimreview.claim-reviewed-too-long", "/claimReviewed")]


@pytest.mark.parametrize("value", [5, {"@type": "Thing"}, [], ""])
def test_claim_reviewed_must_be_text(value: Any) -> None:
    node = google_node()
    node["claimReviewed"] = value
    codes = [c for _, c, _ in _triples(check_node(node))]
    assert codes == ["claimreview.missing-claim-reviewed"]


def test_hostile_strings_are_reported_not_raised() -> None:
    hostile = "</script><script>alert(1)</script>\"'\\ 😀 Кириллица 한국어 עברית \u2028\u2029\x00"
    node = google_node()
    node["claimReviewed"] = hostile
    node["url"] = hostile
    node["author"] = {"@type": "Organization", "name": hostile}
    node["reviewRating"]["alternateName"] = hostile
    found = check_node(node, page_url=GOOGLE_PAGE)
    assert _triples(found) == [
        ("error", "claimreview.invalid-url", "/url"),
        ("warning", "claimreview.claim-reviewed-has-verdict", "/claimReviewed"),
    ]
    data = _load(GOOGLE_EXAMPLE)
    data.update(claimReviewed=hostile, url=hostile)
    data[hostile] = hostile
    codes = [d.code for d in check_jsonld(data) if d.pointer != "/url"]
    # the hostile key is one unknown term: named once (by the JSON-LD processor, which drops it)
    assert "claimreview.invalid-url" in {d.code for d in check_jsonld(data)} and codes.count("jsonld.dropped-term") == 1
    assert "vocab.unknown-property" not in codes


# --- whole documents ----------------------------------------------------------------------------


def _feed(items: list[Any]) -> dict[str, Any]:
    return {"@context": "https://schema.org", "@type": "DataFeed",
            "dataFeedElement": [{"@type": "DataFeedItem", "item": item} for item in items]}


def test_data_feed_items_are_checked_with_their_pointers() -> None:
    bad = google_node()
    del bad["claimReviewed"]
    found = check_jsonld(_feed([google_node(), bad]))
    assert _triples(found) == [("error", "claimreview.missing-claim-reviewed", "/dataFeedElement/1/item")]


def test_an_array_of_pages() -> None:
    good = _load(GOOGLE_EXAMPLE)
    bad = copy.deepcopy(good)
    bad["reviewRating"]["worstRating"] = 0
    found = check_jsonld([good, bad])
    assert _triples(found) == [("error", "claimreview.worst-rating-below-one", "/1/reviewRating/worstRating")]


def test_one_review_per_page_only_when_the_data_is_one_page() -> None:
    data = _load(FIXTURES / "multiple-per-page.json")
    assert check_jsonld(data) == []
    assert _triples(check_jsonld(data, single_page=True)) == [
        ("warning", "claimreview.multiple-per-page", "/@graph/1")]


def test_media_review_is_checked_by_the_media_rules_not_as_a_claim_review() -> None:
    data = {"@context": "https://schema.org", "@type": "MediaReview", "mediaAuthenticityCategory":
            "https://schema.org/TransformedContent", "url": "https://example.com/review"}
    assert _triples(check_jsonld(data)) == [
        ("error", "mediareview.missing-item-reviewed", ""),
        ("warning", "claimreview.missing-author", ""),
        ("warning", "mediareview.missing-date", ""),
    ]
    assert check_node(data) == check_jsonld(data)  # feeds and crawls dispatch on the type too
    example = _load(FIXTURES / "valid" / "schemaorg-mediareview-example.json")
    assert check_jsonld(example) == [] and check_node(example) == []
    assert check_node(["a list"]) == [CLAIMREVIEW_NOT_A_NODE.at("a ClaimReview must be a JSON object, not a list",
                                                                "")]
    assert [d.code for d in check_media_node(["a list"])] == ["mediareview.not-a-node"]
    # a category as an IRI or a link names the member too
    for value in ("https://schema.org/DecontextualizedContent", {"@id": "schema:OriginalMediaContent"},
                  ["OriginalMediaContent", "StagedContent"]):
        assert check_jsonld({**example, "mediaAuthenticityCategory": value}) == [], value


def test_deep_nesting_is_reported_not_raised() -> None:
    node: dict[str, Any] = {"@type": "Thing", "name": "leaf"}
    for _ in range(5000):
        node = {"@type": "CreativeWork", "about": node}
    data = _load(GOOGLE_EXAMPLE)
    data["itemReviewed"]["about"] = node
    codes = {d.code for d in check_jsonld(data)}
    assert codes == {"jsonld.too-deep"}


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["@type", "@id", "claimReviewed", "reviewRating", "url", "author", "itemReviewed",
                         "alternateName", "name", "ratingValue", "bestRating", "worstRating", "appearance",
                         "datePublished", "x"]) | st.text(max_size=8), children, max_size=6),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None)
@given(JSON)
def test_check_node_never_raises(record: Any) -> None:
    found = check_node(record, "/0", page_url=GOOGLE_PAGE) if isinstance(record, dict) else check_node(record)
    assert all(isinstance(d, Diagnostic) and d.code in CATALOGUE for d in found)
    assert all(d.severity in (Severity.ERROR, Severity.WARNING) for d in found)


@settings(max_examples=100, deadline=None)
@given(JSON)
def test_check_jsonld_never_raises(data: Any) -> None:
    found = check_jsonld({"@context": "https://schema.org", "@type": "ClaimReview", "itemReviewed": data})
    assert all(d.code in CATALOGUE for d in found)


# --- the seed example, through the exporter ---------------------------------------------------


@pytest.mark.parametrize("profile", ["graph", "claimreview"])
def test_seed_export_has_no_errors(seed_document: Any, profile: str) -> None:
    from claimreview import export

    result = export(seed_document, "jsonld", profile=profile)
    assert result.output is not None, [d.render() for d in result.diagnostics]
    assert not [d for d in result.diagnostics if d.is_error]


def test_a_claim_two_reviews_link_to_is_reported_once() -> None:
    from claimreview.validation.claimreview import check_jsonld

    claim = {"@type": "Claim", "@id": "#c", "author": {"@type": "Person", "name": "A"}}
    review = {"@type": "ClaimReview", "url": "https://factcheck.example.org/{}", "claimReviewed": "A claim",
              "author": {"@type": "Organization", "name": "Desk"}, "itemReviewed": {"@id": "#c"},
              "reviewRating": {"@type": "Rating", "alternateName": "False"}}
    graph = {"@context": "https://schema.org", "@graph": [
        {**review, "url": "https://factcheck.example.org/1"}, {**review, "url": "https://factcheck.example.org/2"},
        claim]}
    found = [(d.code, d.pointer) for d in check_jsonld(graph)]
    assert found.count(("claimreview.claim-missing-date", "/@graph/2")) == 1


# -- schema.org properties written as schema:url or https://schema.org/url -------------------------


def _prefixed(value: Any, prefix: str) -> Any:
    if isinstance(value, list):
        return [_prefixed(v, prefix) for v in value]
    if isinstance(value, dict):
        return {(k if k.startswith("@") or k in ("type", "id") else prefix + k): _prefixed(v, prefix)
                for k, v in value.items()}
    return value


def _prefix_pointer(pointer: str, data: Any, prefix: str) -> str:
    """The pointer of a finding about ``data``, into ``data`` with its keys prefixed."""
    from claimreview.pointer import escape_token, split_pointer

    out, node = [], data
    for token in split_pointer(pointer):
        if isinstance(node, dict):
            out.append(escape_token(token if token.startswith("@") or token in ("type", "id") else prefix + token))
            node = node.get(token)
        else:
            out.append(token)
            node = node[int(token)] if isinstance(node, list) and token.isdigit() and int(token) < len(node) else None
    return "".join("/" + t for t in out)


@pytest.mark.parametrize("prefix", ["schema:", "https://schema.org/"])
@pytest.mark.parametrize("case", [*CASES, GOOGLE_EXAMPLE], ids=lambda p: getattr(p, "name", p))
def test_prefixed_properties_get_the_findings_of_their_terms(case: Path, prefix: str) -> None:
    """JSON-LD (and Google) read ``schema:url`` and ``https://schema.org/url`` as ``url``: the same
    verdict and findings, each placed at the key as written (not "no url" on a complete review)."""
    from claimreview.validation.record import Settings, checker

    data = json.loads(case.read_text(encoding="utf-8"))
    prefixed = _prefixed(data, prefix)
    expected = [(d.code, _prefix_pointer(d.pointer, data, prefix), d.severity) for d in check_jsonld(data)]
    assert [(d.code, d.pointer, d.severity) for d in check_jsonld(prefixed)] == expected
    if isinstance(data, dict) and data.get("@type") == "ClaimReview":  # a feed record too
        records = checker(Settings())
        expected = [(d.code, _prefix_pointer(d.pointer, data, prefix)) for d in records.check_on_page(data, None)]
        assert [(d.code, d.pointer) for d in records.check_on_page(prefixed, None)] == expected
