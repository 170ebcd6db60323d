"""The verdict model (claimreview.validation.scope): the verdict is about each ClaimReview and what
it references; errors elsewhere on the page are warnings, unless --scope page."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from claimreview import Source, validate
from claimreview.cli import cli
from claimreview.validation.diagnostics import ERROR, Code
from claimreview.validation.scope import OUTSIDE, check_scope, in_scope, judge, review_roots
from claimreview.validation.vocabulary import check_vocabulary_node
from tests.conftest import FIXTURES

GOOGLE = json.loads((FIXTURES / "claimreview" / "valid" / "google-2025-example.json").read_text(encoding="utf-8"))


def _page(*blocks: str) -> bytes:
    scripts = "".join(f'<script type="application/ld+json">{b}</script>\n' for b in blocks)
    return f"<!DOCTYPE html><html><head>{scripts}</head><body></body></html>".encode()


def _found(data: bytes, name: str = "page.html", **options: Any) -> list[tuple[str, str, str]]:
    return [(d.severity.value, d.code, d.pointer) for d in validate(Source.from_bytes(data, name), **options)]


BROKEN_WEBSITE = '{"@context": "https://schema.org", "@type": "WebSite", "name": "x",}'
FOREIGN_CONTEXT = '{"@context": "https://example.org/context.jsonld", "@type": "NewsArticle", "headline": "x"}'


@pytest.mark.parametrize(("other", "code", "pointer"), [
    (BROKEN_WEBSITE, "json.syntax", "/scripts/1"),
    (FOREIGN_CONTEXT, "jsonld.unknown-context", "/scripts/1/@context"),
])
def test_an_error_in_another_block_is_a_warning_unless_the_scope_is_the_page(other: str, code: str,
                                                                             pointer: str) -> None:
    page = _page(json.dumps(GOOGLE), other)
    found = _found(page)
    assert ("warning", code, pointer) in found and not any(sev == "error" for sev, _, _ in found)
    [message] = [d.message for d in validate(Source.from_bytes(page, "page.html")) if d.code == code]
    assert message.endswith(OUTSIDE)
    assert ("error", code, pointer) in _found(page, scope="page")


def test_a_broken_block_that_names_a_claimreview_still_counts() -> None:
    broken_review = '{"@type": "ClaimReview", "claimReviewed": "x",}'
    found = _found(_page(json.dumps(GOOGLE), broken_review))
    assert ("error", "json.syntax", "/scripts/1") in found


def test_an_error_in_the_review_itself_fails_whatever_the_scope() -> None:
    review = dict(GOOGLE, url="javascript:alert(1)")
    for scope in ("review", "page"):
        assert ("error", "claimreview.invalid-url", "/scripts/0/url") in _found(_page(json.dumps(review)), scope=scope)


def test_without_a_review_nothing_is_scoped_and_the_input_is_refused() -> None:
    found = _found(_page(BROKEN_WEBSITE))
    assert ("error", "json.syntax", "/scripts/0") in found and ("error", "html.no-claimreview", "") in found


def test_cli_scope_option(tmp_path: Path) -> None:
    runner = CliRunner()
    path = tmp_path / "page.html"
    path.write_bytes(_page(json.dumps(GOOGLE), BROKEN_WEBSITE))
    assert runner.invoke(cli, ["validate", str(path)]).exit_code == 0
    page = runner.invoke(cli, ["validate", "--scope", "page", str(path)])
    assert page.exit_code == 1 and "error json.syntax" in page.output
    assert runner.invoke(cli, ["validate", "--scope", "site", str(path)]).exit_code == 2


def test_roots_follow_links_transitively() -> None:
    data = {"@context": "https://schema.org", "@graph": [
        {"@type": "WebSite", "@id": "#site", "name": "x"},
        {"@type": "ClaimReview", "author": {"@id": "#desk"}, "itemReviewed": {"@id": "#claim"}},
        {"@type": "Organization", "@id": "#desk", "name": "Desk", "parentOrganization": {"@id": "#parent"}},
        {"@type": "Claim", "@id": "#claim"},
        {"@type": "Organization", "@id": "#parent", "name": "Parent"},
    ]}
    assert sorted(review_roots(data)) == ["/@graph/1", "/@graph/2", "/@graph/3", "/@graph/4"]
    assert review_roots({"@type": "WebSite"}) == []
    assert review_roots([{"@type": ["Thing", "http://schema.org/MediaReview"]}]) == ["/0"]


@pytest.mark.parametrize(("pointer", "inside"), [
    ("", True),                              # the whole input
    ("/1", True), ("/1/author/name", True),  # the review, and inside it
    ("/10/name", False),                     # a sibling whose pointer starts the same
    ("/0/name", False),                      # another node
    ("/2/@context", False),                  # another node's context
])
def test_in_scope(pointer: str, inside: bool) -> None:
    assert in_scope(pointer, ["/1"]) is inside


def test_the_context_and_containers_of_a_review_are_in_scope() -> None:
    roots = ["/scripts/0/@graph/2"]
    assert in_scope("/scripts/0/@context", roots) and in_scope("/scripts/0/@context/1", roots)
    assert in_scope("/scripts/0", roots) and in_scope("/scripts/0/@graph", roots)
    assert not in_scope("/scripts/1/@context", roots)


AB = Code("a.b", ERROR, "A finding of these tests only, to be judged.")


def test_judge_changes_only_errors_outside() -> None:
    inside, outside = AB.at("inside", "/1/x"), AB.at("outside", "/0/x")
    judged = judge([inside, outside], ["/1"])
    assert [d.severity.value for d in judged] == ["error", "warning"] and judged[1].message == "outside" + OUTSIDE
    assert judge([inside, outside], ["/1"], "page") == [inside, outside]
    assert judge([inside, outside], []) == [inside, outside]
    with pytest.raises(ValueError, match="known: review, page"):
        check_scope("site")


def test_harmless_extras_on_a_valid_claimreview_do_not_fail_it() -> None:
    """The site listing of the issue: title and color on otherwise valid ClaimReviews."""
    review = dict(GOOGLE, title="The world is flat", color="#ff0000")
    found = _found(json.dumps(review).encode(), "review.jsonld")
    assert not any(sev == "error" for sev, _, _ in found)
    assert ("warning", "vocab.property-not-for-type", "/title") in found  # schema.org's title is a JobPosting's
    assert ("warning", "vocab.property-not-for-type", "/color") in found  # and color a Product's


def test_an_unknown_property_is_at_least_as_serious_as_one_on_the_wrong_type() -> None:
    typo = check_vocabulary_node({"@type": "ClaimReview", "claimReviewd": "x"})
    misplaced = check_vocabulary_node({"@type": "ClaimReview", "color": "red"})
    rank = {"warning": 0, "error": 1}
    assert rank[typo[0].severity.value] >= rank[misplaced[0].severity.value]
    assert "did you mean 'claimReviewed'" in typo[0].message


def test_explain_says_why_a_vocabulary_finding_is_a_warning_and_what_counts() -> None:
    runner = CliRunner()
    out = runner.invoke(cli, ["explain", "vocab.property-not-for-type"])
    assert out.exit_code == 0
    text = " ".join(out.output.split())
    assert "never fails a valid ClaimReview" in text and "--scope page" in text
    rule = " ".join(runner.invoke(cli, ["explain", "claimreview.missing-url"]).output.split())
    assert "Google: required" in rule and "never fails" not in rule and "--scope page" in rule
    typo = runner.invoke(cli, ["explain", "vocab.unknown-proprty"])
    assert typo.exit_code == 2 and "did you mean 'vocab.unknown-property'?" in typo.output


def test_another_vocabularys_claimreview_is_not_a_review() -> None:
    assert review_roots({"@type": "http://example.org/ClaimReview"}) == []
    assert review_roots({"@type": "schema:ClaimReview"}) == [""]
