"""Shapes fact checks circulate in beyond JSON-LD pages and the claims:search API (issue 11,
item 4): the ClaimReview Read/Write API's pages, DataFeeds, DE FACTO RSS, Fact-Check Insights
downloads and site API envelopes. Each is detected by content, read into ClaimReview JSON-LD
and checked with the same rules, every finding placed in the input (JSON Pointer, line and
column, or CSV cell). tests/fixtures/shapes/PROVENANCE.md says where each fixture comes from."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimreview import load, validate
from claimreview.formats import detect
from claimreview.readers.base import Source
from tests.conftest import FIXTURES

SHAPES = FIXTURES / "shapes"


def findings(src: str | Path | Source, fmt: str | None = None) -> list[tuple[str, str, str, int | None]]:
    return sorted((d.severity.value, d.code, d.pointer, d.line) for d in validate(src, fmt))


# -- the ClaimReview Read/Write API: pages ----------------------------------------------------


def test_a_pages_get_response_is_detected_read_and_checked() -> None:
    path = SHAPES / "factcheck-pages-get.json"
    assert detect(Source(name=str(path), path=path)).name == "factcheck-pages"
    assert findings(path) == [("warning", "claimreview.claim-missing-date", "/claimReviewMarkups/0", 8)]
    loaded = load(path)
    assert loaded.ok and loaded.document is not None
    (review,) = loaded.document.reviews
    assert str(review.url) == "https://factcheck.example.org/north-korea-soldiers"  # the page's URL
    assert review.rating.label == "Rumor"
    claimant = next(p for p in loaded.document.people if p.name == "Igor Korotchenko")  # a job title: a Person
    assert claimant.job_title == "Editor-in-chief of Russia's National Defence journal"
    assert [o.name for o in loaded.document.organizations] == ["Example Fact Check"]


def test_a_pages_list_response_points_every_finding_into_the_page_it_came_from() -> None:
    found = list(validate(SHAPES / "factcheck-pages-list.json"))
    where = {(d.code, d.pointer, d.line) for d in found}
    assert ("pages.more-pages", "/nextPageToken", 26) in where
    assert ("claimreview.rating-out-of-scale", "/claimReviewMarkupPages/0/claimReviewMarkups/0/rating/ratingValue",
            10) in where
    verdict = next(d for d in found if d.code == "claimreview.missing-verdict")
    assert verdict.pointer == "/claimReviewMarkupPages/1/claimReviewMarkups/0/rating" and verdict.line == 21
    assert "textualRating" in verdict.message and "alternateName" not in verdict.message  # the API's words


def test_a_list_of_pages_is_read_whole_not_streamed_as_a_feed_of_claimreviews() -> None:
    data = (b'[{"pageUrl": "https://factcheck.example.org/a", "claimReviewAuthor": {"name": "Example Fact Check"},'
            b' "claimReviewMarkups": [{"claimReviewed": "North Korea could send soldiers",'
            b' "rating": {"textualRating": "Rumor"}}]}]')
    assert [c for _, c, _, _ in findings(Source.from_bytes(data, "pages.json"))] == [
        "claimreview.missing-item-reviewed"]


@pytest.mark.parametrize(("data", "code", "pointer"), [
    (b'{"claimReviewMarkups": {"claimReviewed": "x"}}', "pages.invalid-shape", "/claimReviewMarkups"),
    (b'{"claimReviewMarkups": []}', "jsonld.no-claimreview", ""),
    (b'{"claimReviewMarkupPages": "none"}', "pages.invalid-shape", "/claimReviewMarkupPages"),
    (b'{"claimReviewMarkups": [7]}', "pages.invalid-shape", "/claimReviewMarkups/0"),
    (b'{"claimReviewMarkups": [{"claimAuthor": "Igor", "rating": []}]}', "pages.invalid-shape",
     "/claimReviewMarkups/0/claimAuthor"),
])
def test_a_broken_page_is_a_located_error_not_a_traceback(data: bytes, code: str, pointer: str) -> None:
    found = list(validate(Source.from_bytes(data, "page.json"), "factcheck-pages"))
    assert any(d.is_error for d in found)
    assert any(d.code == code and d.pointer == pointer for d in found), [d.render() for d in found]


def test_the_claims_search_api_is_still_told_apart_from_pages() -> None:
    head = b'{"claims": [{"text": "x", "claimReview": [{"textualRating": "False"}]}], "nextPageToken": "t"}'
    assert detect(Source.from_bytes(head, "search.json")).name == "factcheck-api"
    assert detect(Source.from_bytes(b'{"nextPageToken": "t", "claimReviewMarkupPages": []}', "list.json")).name \
        == "factcheck-pages"
