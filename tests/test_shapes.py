"""Shapes fact checks circulate in beyond JSON-LD pages and the claims:search API (issue 11,
item 4): the ClaimReview Read/Write API's pages, DataFeeds, DE FACTO RSS, Fact-Check Insights
downloads and site API envelopes. Each is detected by content, read into ClaimReview JSON-LD
and checked with the same rules, every finding placed in the input (JSON Pointer, line and
column, or CSV cell). tests/fixtures/shapes/PROVENANCE.md says where each fixture comes from."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

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


# -- DE FACTO RSS -------------------------------------------------------------------------------

REALWORLD = FIXTURES / "realworld"


def test_the_de_facto_specification_example_is_detected_and_its_review_located_in_the_cdata() -> None:
    path = REALWORLD / "defacto-rss-afp-factuel-fr-2022.xml"
    assert detect(Source(name=str(path), path=path)).name == "defacto-rss"
    (d,) = validate(path)
    # "url": "" is on line 16 of the feed, column 13, inside the CDATA section of item 0
    assert (d.code, d.pointer, d.line, d.column, d.item) == ("claimreview.missing-url", "/url", 16, 13, 0)
    loaded = load(path)
    assert loaded.items == 1


def test_xml_that_is_not_well_formed_is_an_error_at_its_place_and_the_rest_is_still_checked() -> None:
    found = list(validate(SHAPES / "defacto-rss-afp-factual-en-2022.xml"))
    syntax = [d for d in found if d.code == "rss.xml-syntax"]
    assert [(d.line, d.column) for d in syntax] == [(74, 23)] and "atom" in syntax[0].message  # atom: undeclared
    assert ("claimreview.missing-url", "/url", 16) in {(d.code, d.pointer, d.line) for d in found}
    date = next(d for d in found if d.pointer == "/datePublished")
    assert (date.line, date.column) == (15, 5)


def _rss(items: str, extra: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?>{extra}\n<rss version="2.0" xmlns:schema="https://schema.org">'
            f"\n<channel><title>Example</title>\n{items}\n</channel></rss>\n").encode()


_REVIEW = ('{"@context": "https://schema.org", "@type": "ClaimReview", "url": "https://factcheck.example.org/a",'
           ' "claimReviewed": "North Korea could send up to 100,000 soldiers", "author": {"@type": "Organization",'
           ' "name": "Example Fact Check"}, "reviewRating": {"@type": "Rating", "alternateName": "Rumor"}}')


@pytest.mark.parametrize(("feed", "code", "line"), [
    (_rss("<item><title>a</title></item>"), "rss.no-reviews", 3),
    (_rss("<item><schema:review encodingFormat=\"application/ld+json\"><![CDATA[{\"@type\": ]]></schema:review>"
          "</item>"), "rss.review-not-json", 4),
    (_rss("<item><schema:review>   </schema:review></item>"), "rss.review-not-json", 4),
    (b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" xmlns:schema="https://schema.org"/>',
     "rss.not-rss", 1),
    (_rss("<item/>", '\n<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'), "rss.dtd", 1),
    (_rss("<item><schema:review encodingFormat=\"application/ld+json\"><![CDATA["
          + _REVIEW.replace('"Rumor"', '""') + "]]></schema:review></item>"), "claimreview.missing-verdict", 4),
])
def test_a_broken_feed_is_a_located_error_not_a_traceback(feed: bytes, code: str, line: int) -> None:
    found = list(validate(Source.from_bytes(feed, "feed.xml")))
    assert any(d.is_error for d in found), [d.render() for d in found]
    assert any(d.code == code and d.line == line for d in found), [d.render() for d in found]


def test_an_item_without_a_review_and_a_review_without_its_encoding_format_are_warned() -> None:
    feed = _rss(f"<item><title>no review</title></item>\n<item><schema:review><![CDATA[{_REVIEW}]]></schema:review>"
                "</item>")
    found = list(validate(Source.from_bytes(feed, "feed.xml")))
    assert sorted((d.code, d.item, d.line) for d in found) == [
        ("claimreview.missing-item-reviewed", 1, 5), ("rss.encoding-format", 1, 5), ("rss.item-without-review", 0, 4)]
    loaded = load(Source.from_bytes(feed, "feed.xml"))
    assert loaded.document is not None and [r.rating.label for r in loaded.document.reviews] == ["Rumor"]


# -- Fact-Check Insights CSV ----------------------------------------------------------------------


def test_a_fact_check_insights_csv_is_detected_unflattened_and_every_finding_is_at_its_cell() -> None:
    path = SHAPES / "factcheck-insights-claim_review.csv"
    assert detect(Source(name=str(path), path=path)).name == "factcheck-insights"
    found = list(validate(path))
    cells = {(d.code, d.line, d.column, d.pointer) for d in found}
    # row 3 (line 3): worstRating 0 is column 26, reviewRating.worstRating; the missing verdict is the row's
    assert ("claimreview.worst-rating-below-one", 3, 26, "/reviewRating/worstRating") in cells
    assert ("claimreview.missing-verdict", 3, None, "/reviewRating") in cells
    worst = next(d for d in found if d.code == "claimreview.worst-rating-below-one")
    assert worst.message.startswith("reviewRating.worstRating: ")  # the column's header names the cell
    assert sum(d.is_error for d in found) == 2


def test_a_fact_check_insights_row_reads_back_as_the_review_it_was_flattened_from() -> None:
    head, row = (SHAPES / "factcheck-insights-claim_review.csv").read_text(encoding="utf-8-sig").splitlines()[:2]
    loaded = load(Source.from_bytes(f"{head}\n{row}\n".encode(), "claim_review.csv"))
    assert loaded.ok and loaded.document is not None, [d.render() for d in loaded.diagnostics]
    (review,) = loaded.document.reviews
    assert review.rating.label == "Rumor" and str(review.url) == "https://factcheck.example.org/north-korea-soldiers"
    (claim,) = loaded.document.claims
    assert [str(a.url) for a in claim.appearances] == ["https://news.example.org/rossiya-1-interview"]
    assert sorted(d.code for d in loaded.diagnostics) == ["claimreview.claim-missing-date", "insights.record-id"]


def test_list_positions_with_gaps_are_read_in_order_and_located() -> None:
    csv = ("@type,claimReviewed,url,author.name,reviewRating.alternateName,itemReviewed.@type,"
           "itemReviewed.appearance.1.url,itemReviewed.appearance.3.url\n"
           "ClaimReview,North Korea could send soldiers,https://factcheck.example.org/a,Example Fact Check,Rumor,Claim,"
           ",not a url\n")
    found = [d for d in validate(Source.from_bytes(csv.encode(), "x.csv")) if "appearance" in d.pointer]
    assert [(d.pointer, d.line, d.column) for d in found] == [("/itemReviewed/appearance/0/url", 2, 8)]


@pytest.mark.parametrize(("csv", "code", "column"), [
    ("@type,claimReviewed,reviewRating.alternateName,reviewRating..name\nClaimReview,a,False,b\n",
     "insights.bad-path", 4),
    ("@type,claimReviewed,reviewRating.alternateName,reviewRating\nClaimReview,a,False,b\n",
     "insights.bad-path", 4),
    ("@type,claimReviewed,reviewRating.alternateName\n", "jsonld.no-claimreview", None),
    ("@type,claimReviewed,reviewRating.alternateName\nClaimReview,a\n", "csv.row-length", None),
])
def test_a_broken_insights_csv_is_a_located_finding_not_a_traceback(csv: str, code: str, column: int | None) -> None:
    found = list(validate(Source.from_bytes(csv.encode(), "claim_review.csv")))
    assert any(d.is_error for d in found), [d.render() for d in found]
    assert any(d.code == code and d.column == column for d in found), [d.render() for d in found]


# -- site API envelopes (and Fact-Check Insights JSON) -------------------------------------------

_LD = ('{"@context": "https://schema.org", "@type": "ClaimReview", "url": "https://factcheck.example.org/%s",'
       ' "claimReviewed": "North Korea could send up to 100,000 soldiers", "author": {"@type": "Organization",'
       ' "name": "Example Fact Check"}, "reviewRating": {"@type": "Rating", "alternateName": %s}}')


@pytest.mark.parametrize("wrapped", [
    '{"data": [%s], "total": 1}' % (_LD % ("a", '"Rumor"')),
    '{"results": [%s], "next": null}' % (_LD % ("a", '"Rumor"')),
    '[{"id": 7, "title": {"rendered": "t"}, "schema": %s}]' % (_LD % ("a", '"Rumor"')),
])
def test_claimreviews_in_an_envelope_are_read_and_its_keys_are_warnings_not_errors(wrapped: str) -> None:
    source = Source.from_bytes(wrapped.encode(), "listing.json")
    assert detect(source).name == "site-api"
    found = list(validate(source))
    assert found and all(not d.is_error for d in found), [d.render() for d in found]
    assert {d.code for d in found} == {"envelope.keys", "claimreview.missing-item-reviewed"}
    loaded = load(source)
    assert loaded.document is not None and [r.rating.label for r in loaded.document.reviews] == ["Rumor"]


def test_a_listing_whose_first_records_carry_no_claimreview_is_still_an_envelope_not_a_feed() -> None:
    listing = '[{"id": 6, "schema": null},\n{"id": 7, "schema": ' + (_LD % ("a", '"Rumor"')) + "}]"
    source = Source.from_bytes(listing.encode(), "posts.json")
    assert detect(source).name == "site-api"
    assert {d.code for d in validate(source)} == {"envelope.keys", "claimreview.missing-item-reviewed"}


def test_an_envelope_finding_points_into_the_file() -> None:
    first, second = _LD % ("a", '"Rumor"'), _LD % ("b", '""')
    listing = '{"data": [\n' + first + ",\n" + second + "]}"
    (verdict,) = [d for d in validate(Source.from_bytes(listing.encode(), "x.json")) if d.is_error]
    assert (verdict.code, verdict.pointer, verdict.line) == ("claimreview.missing-verdict", "/data/1/reviewRating", 3)


def test_the_fact_check_insights_json_download_is_an_envelope() -> None:
    path = SHAPES / "factcheck-insights.json"
    assert detect(Source(name=str(path), path=path)).name == "site-api"
    found = findings(path)
    assert found == [
        ("warning", "claimreview.claim-missing-date", "/claimReviews/0/itemReviewed", 19),
        ("warning", "envelope.keys", "", 1),
        ("warning", "envelope.keys", "/meta", 35),
        ("warning", "vocab.unexpected-value-type", "/claimReviews/0/datePublished", 9),  # the exporter's "" for none
    ]


def test_a_json_array_of_claimreviews_is_still_a_feed_and_json_ld_is_still_json_ld() -> None:
    feed = ("[%s]" % (_LD % ("a", '"Rumor"'))).encode()
    assert detect(Source.from_bytes(feed, "feed.json")).name == "jsonld"
    assert detect(Source.from_bytes((_LD % ("a", '"Rumor"')).encode(), "one.json")).name == "jsonld"


# -- nothing claim-like is an error, whatever the reader -------------------------------------------

NOTHING = [
    ("e.yaml", b'claimreview: "1"\n'),
    ("doc.json", b'{"claimreview": "1"}'),
    ("obj.json", b"{}"),
    ("keys.json", b'{"id": 6897, "title": "a site record"}'),
    ("api.json", b'{"nextPageToken": ""}'),
    ("empty.json", b"[]"),
    ("feed.json", b'{"@context": "https://schema.org", "@type": "DataFeed", "dataFeedElement": []}'),
    ("page.json", b'{"@context": "https://schema.org", "@type": "WebPage", "name": "x"}'),
    ("pages.json", b'{"claimReviewMarkupPages": []}'),
    ("envelope.json", b'{"results": [{"@context": "https://schema.org", "@type": "WebPage"}]}'),
    ("x.jsonl", b'{"a": 1}\n{"b": 2}\n'),
    ("h.csv", b"claim,rating\n"),
    ("fci.csv", b"@type,claimReviewed,reviewRating.alternateName\n"),
    ("a.nq", b'<http://example.org/a> <http://schema.org/name> "x" <http://example.org/> .\n'),
    ("p.html", b"<html><body><p>hi</p></body></html>"),
    ("r.xml", b'<rss version="2.0" xmlns:schema="https://schema.org"><channel><title>x</title></channel></rss>'),
]


@pytest.mark.parametrize(("name", "data"), NOTHING, ids=[n for n, _ in NOTHING])
def test_an_input_with_no_claim_review_or_claimreview_is_an_error(name: str, data: bytes, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    found = list(validate(path))
    assert any(d.is_error for d in found), [d.render() for d in found]


# -- a whole DataFeed ------------------------------------------------------------------------------


def test_a_whole_datafeed_streams_and_its_items_own_properties_are_named_when_converting_to_json_lines(
        tmp_path: Path) -> None:
    import json

    from click.testing import CliRunner

    from claimreview.cli import cli
    from claimreview.readers.feed import layout_of

    item = json.loads((REALWORLD / "datacommons-feed-item-de-2019.json").read_text(encoding="utf-8"))
    feed = json.dumps({"@context": "http://schema.org", "@type": "DataFeed", "dataFeedElement": [item, item]}).encode()
    assert layout_of(feed[:65536], ".json", None) == "array"  # streamed record by record, not read whole
    found = list(validate(Source.from_bytes(feed, "feed.json")))
    assert not [d for d in found if d.is_error], [d.render() for d in found]
    (tmp_path / "feed.json").write_bytes(feed)
    result = CliRunner().invoke(cli, ["convert", str(tmp_path / "feed.json"), "-o", str(tmp_path / "out.jsonl")])
    assert result.exit_code == 0, result.output
    lines = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(item["item"]) * 2
    # one finding for the whole feed, at its first item, naming what is not carried
    assert result.output.count("jsonl.item-not-carried") == 1 and "'dateCreated', 'url'" in result.output
    # a DataFeed out keeps each DataFeedItem whole: its dateCreated and url, its ClaimReviews inside
    result = CliRunner().invoke(cli, ["convert", str(tmp_path / "feed.json"), "-o", str(tmp_path / "out.jsonld")])
    assert result.exit_code == 0, result.output
    out = json.loads((tmp_path / "out.jsonld").read_text(encoding="utf-8"))
    assert [{k: e[k] for k in ("@type", "dateCreated", "url")} for e in out["dataFeedElement"]] == [
        {k: item[k] for k in ("@type", "dateCreated", "url")}] * 2
    assert [len(e["item"]) for e in out["dataFeedElement"]] == [len(item["item"])] * 2
    assert not [d for d in validate(tmp_path / "out.jsonld") if d.is_error]


def test_a_fact_check_insights_media_review_csv_reads_the_datasets_category_words_back() -> None:
    path = SHAPES / "factcheck-insights-media_review.csv"
    assert detect(Source(name=str(path), path=path)).name == "factcheck-insights"
    errors = [d for d in validate(path) if d.is_error]
    # "Transformed" and "Missing Context, Edited or Cropped" are the dataset's words for schema.org values;
    # "Misleading" is none, and is found in its cell
    assert [(d.code, d.line, d.column) for d in errors if d.code == "mediareview.unknown-category"] == [
        ("mediareview.unknown-category", 4, 5)]
    notes = [d for d in load(path).diagnostics if d.code == "insights.humanized-category"]
    assert [(d.line, d.column) for d in notes] == [(2, 5), (3, 5)]
    assert "DecontextualizedContent, EditedOrCroppedContent" in notes[1].message


# -- the same ClaimReview, wrapped: the same findings ------------------------------------------------

RULE_CASES = sorted(p for p in (FIXTURES / "claimreview").glob("*.json") if not p.name.endswith(".expected.json"))


def _found(source: Source, strip: str = "", skip: str = "", fmt: str | None = None) -> list[tuple[str, str, str]]:
    out = []
    for d in validate(source, fmt):
        if skip and d.code.startswith(skip):
            continue
        assert d.pointer == "" or d.pointer.startswith(strip), d.render()  # "": about the whole input
        out.append((d.severity.value, d.code, d.pointer[len(strip):]))
    return sorted(out)


@pytest.mark.parametrize("path", RULE_CASES, ids=lambda p: p.name)
def test_a_claimreview_in_an_envelope_or_an_rss_item_gets_the_findings_it_gets_alone(path: Path) -> None:
    """The oracle is the JSON-LD reader on the bare node (every rule fixture): wrapping it in a site's
    envelope or a DE FACTO item adds only the wrapper's own findings, and moves none."""
    text = path.read_text(encoding="utf-8")
    alone = _found(Source.from_bytes(text.encode(), "review.jsonld"))
    wrapped = '{"data": [' + text + '], "total": 1}'
    assert _found(Source.from_bytes(wrapped.encode(), "listing.json"), "/data/0", "envelope.", "site-api") == alone
    if "]]>" not in text:
        feed = _rss('<item><schema:review encodingFormat="application/ld+json"><![CDATA[' + text
                    + "]]></schema:review></item>")
        assert _found(Source.from_bytes(feed, "feed.xml"), "", "rss.") == alone


def _flattened(value: Any, prefix: str, out: dict[str, str]) -> None:
    """A node as the Fact-Check Insights exporter flattens one: schema paths, positions from 1, text cells."""
    if isinstance(value, dict):
        for key, inner in value.items():
            _flattened(inner, f"{prefix}.{key}" if prefix else key, out)
    elif isinstance(value, list):
        for i, inner in enumerate(value, 1):
            _flattened(inner, f"{prefix}.{i}", out)
    elif value is not None:
        out[prefix] = json.dumps(value) if isinstance(value, bool) else str(value)


CSV_CANNOT_SAY = {
    "blank-claim-reviewed.json": "an empty cell is a missing value in the dataset's CSV (its exporter writes \"\" for "
    "none), so a blank claimReviewed is read as a missing one: the same error at the review, not at the property",
    "blank-verdict-name-only.json": "the same: the blank name is an empty cell, read as no name",
    "dropped-term.json": "its @context ends with {\"@vocab\": null}; a null is an empty cell, so the context read "
    "back is schema.org's alone and verdictColour an unknown property (a warning) rather than a dropped term",
    "invalid-jsonld.json": "every cell is text: \"@id\": 5 becomes the text \"5\", a relative IRI JSON-LD accepts",
}


@pytest.mark.parametrize("path", RULE_CASES, ids=lambda p: p.name)
def test_a_claimreview_flattened_as_fact_check_insights_does_gets_the_findings_it_gets_alone(path: Path) -> None:
    """The oracle is the JSON-LD reader on the node itself: flattened to a Fact-Check Insights row
    (schema-path headers, text cells), it reads back to the same findings at the same pointers."""
    node = json.loads(path.read_text(encoding="utf-8"))
    flat: dict[str, str] = {}
    _flattened(node, "", flat)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows([list(flat), list(flat.values())])
    alone = _found(Source.from_bytes(path.read_bytes(), "review.jsonld"))
    row = _found(Source.from_bytes(buffer.getvalue().encode(), "claim_review.csv"), "", "insights.",
                 "factcheck-insights")
    if path.name in CSV_CANNOT_SAY:
        assert row != alone, f"agrees now: take {path.name} out of CSV_CANNOT_SAY"
    else:
        assert row == alone


SHAPE_FILES = [
    (SHAPES / "factcheck-pages-list.json", "factcheck-pages"),
    (REALWORLD / "defacto-rss-afp-factuel-fr-2022.xml", "defacto-rss"),
    (SHAPES / "defacto-rss-afp-factual-en-2022.xml", "defacto-rss"),
    (SHAPES / "factcheck-insights-claim_review.csv", "factcheck-insights"),
    (SHAPES / "factcheck-insights-media_review.csv", "factcheck-insights"),
    (SHAPES / "factcheck-insights.json", "site-api"),
]


@pytest.mark.parametrize(("path", "fmt"), SHAPE_FILES, ids=lambda x: getattr(x, "name", x))
def test_every_cut_of_a_shape_file_is_findings_never_a_traceback(path: Path, fmt: str) -> None:
    """The file cut short at 20 places (a partial download), read as its format: findings, no exception,
    and an error wherever the cut leaves nothing to check."""
    data = path.read_bytes()
    for cut in range(0, len(data), max(1, len(data) // 20)):
        found = list(validate(Source.from_bytes(data[:cut], path.name), fmt))
        assert found, cut  # a cut file always has something to say (it is broken, or holds less than it did)
        load(Source.from_bytes(data[:cut], path.name), fmt)
