"""MediaReview through the whole tool: read from markup, checked by the mediareview-2021 rules,
carried by the model, and written by every exporter (issue 11, item 5).

The media review is schema.org's own MediaReview example (tests/fixtures/claimreview/valid/,
CC BY-SA 3.0); the ClaimReview beside it in the "both directions" tests is a constructed one on
example.org, as the other reader tests use."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimreview import export, load, validate
from claimreview.readers import jsonld as reader
from claimreview.readers.base import Source
from claimreview.schemas import Document, MediaReview
from tests.conftest import FIXTURES

EXAMPLE = json.loads((FIXTURES / "claimreview" / "valid" / "schemaorg-mediareview-example.json").read_text("utf-8"))
PAGE = FIXTURES / "realworld" / "schemaorg-mediareview-example.html"


def _document() -> Document:
    loaded = load(PAGE)
    assert loaded.document is not None, [d.render() for d in loaded.diagnostics]
    return loaded.document


def _with_claim_review() -> Document:
    """The example, with a ClaimReview of the same claim that names it (associatedMediaReview)."""
    media = {**EXAMPLE, "@id": "#media"}
    review = {"@context": "https://schema.org", "@type": "ClaimReview", "@id": "#review",
              "url": "https://desk.example.org/r1", "claimReviewed": "A claim about the video",
              "author": {"@type": "Organization", "name": "Example Desk"},
              "reviewRating": {"@type": "Rating", "alternateName": "False"},
              "associatedMediaReview": {"@id": "#media"}}
    loaded = reader.read_data([media, review])
    assert loaded.document is not None
    return loaded.document


def test_the_example_is_read_into_the_model() -> None:
    [m] = _document().media_reviews
    assert isinstance(m, MediaReview)
    assert [a.value for a in m.authenticity] == ["DecontextualizedContent"]
    assert m.original_context == EXAMPLE["originalMediaContextDescription"]
    assert [x.type.value for x in m.media] == ["VideoObjectSnapshot", "VideoObjectSnapshot"]
    assert m.media[1].content_url == "https://www.instagram.com/p/CNtao_WA0Dr/"
    assert m.url == EXAMPLE["url"] and m.date == "2021-04-27"


def test_the_example_validates_clean_as_a_page_a_file_and_a_feed(tmp_path: Path) -> None:
    assert list(validate(str(PAGE))) == []
    as_jsonld = tmp_path / "m.jsonld"
    as_jsonld.write_text(json.dumps(EXAMPLE), encoding="utf-8")
    assert list(validate(str(as_jsonld))) == []
    feed = tmp_path / "m.jsonl"
    feed.write_text(json.dumps(EXAMPLE) + "\n" + json.dumps({**EXAMPLE, "mediaAuthenticityCategory": "Fake"}) + "\n",
                    encoding="utf-8")
    found = [(d.item, d.code, d.pointer) for d in validate(str(feed))]
    assert found == [(1, "mediareview.unknown-category", "/mediaAuthenticityCategory")]


@pytest.mark.parametrize(("fmt", "options"), [("jsonld", {}), ("jsonld", {"profile": "claimreview"}), ("jsonl", {}),
                                              ("yaml", {}), ("json", {})])
def test_round_trips_keep_the_media_review(fmt: str, options: dict[str, Any], tmp_path: Path) -> None:
    for doc in (_document(), _with_claim_review()):
        result = export(doc, fmt, **options)
        assert result.ok, [d.render() for d in result.diagnostics]
        assert isinstance(result.output, bytes)
        suffix = {"jsonld": ".jsonld", "jsonl": ".jsonl", "yaml": ".yaml", "json": ".json"}[fmt]
        path = tmp_path / f"out{suffix}"
        path.write_bytes(result.output)
        back = load(path)
        assert back.document is not None, [d.render() for d in back.diagnostics]
        assert _by_id(back.document) == _by_id(doc)


def _by_id(doc: Document) -> dict[str, Any]:
    """The document with each collection in id order (self-contained reviews come in review order,
    so the entities they carry are read back in another order)."""
    data = doc.model_dump(mode="json")
    return {k: sorted(v, key=lambda e: e["id"]) if isinstance(v, list) else v for k, v in data.items()}


def test_csv_tables_round_trip_and_the_sheet_says_what_it_leaves_out(tmp_path: Path) -> None:
    doc = _with_claim_review()
    result = export(doc, "csv")
    assert result.ok and isinstance(result.output, dict)
    folder = tmp_path / "tables"
    folder.mkdir()
    for name, data in result.output.items():
        (folder / name).write_bytes(data)
    assert "media_reviews.csv" in result.output and "media_review_media.csv" in result.output
    back = load(Source(name=str(folder), path=folder))
    assert back.document == doc, [d.render() for d in back.diagnostics]
    sheet = export(doc, "csv", layout="sheet")
    assert any(d.code == "csv.sheet-omits" and "media reviews (MediaReview): 1" in d.message for d in sheet.diagnostics)


def test_both_directions_are_written_and_read_back_once() -> None:
    doc = _with_claim_review()
    [m] = doc.media_reviews
    assert m.claim_reviews == ["review"]
    graph = json.loads(export(doc, "jsonld").output)  # type: ignore[arg-type]
    nodes = {n["@type"]: n for n in graph["@graph"]}
    assert nodes["MediaReview"]["associatedClaimReview"] == [{"@id": "#review"}]
    assert nodes["ClaimReview"]["associatedMediaReview"] == [{"@id": "#media"}]
    # the MediaReview side alone gives the same model
    media_side = {**EXAMPLE, "@id": "#media", "associatedClaimReview": {"@id": "#review"}}
    review = {k: v for k, v in graph["@graph"][0].items() if k != "associatedMediaReview"}
    alone = reader.read_data([media_side, {**review, "@context": "https://schema.org"}])
    assert alone.document is not None and alone.document.media_reviews[0].claim_reviews == ["review"]


def test_every_writable_format_carries_it_or_says_it_does_not(tmp_path: Path) -> None:
    doc = _document()
    html = export(doc, "html", standalone=True)
    assert html.ok and b"Missing context" in html.output and b'"@type": "MediaReview"' in html.output  # type: ignore[operator]
    markdown = export(doc, "markdown")
    assert markdown.ok and b"## Media reviews" in markdown.output and b"missing context" in markdown.output  # type: ignore[operator]
    nquads = export(doc, "nquads")
    assert nquads.ok and b"<http://schema.org/MediaReview>" in nquads.output  # type: ignore[operator]
    ftm = export(doc, "ftm")
    assert any(d.code == "ftm.not-carried" and d.pointer == "/media_reviews/0" for d in ftm.diagnostics)
    import pyarrow.parquet as pq

    table = pq.read_table(io.BytesIO(export(doc, "parquet").output)).to_pylist()  # type: ignore[arg-type]
    assert [(r["review_type"], r["media_authenticity"], r["media_urls"], r["author_name"]) for r in table] == [
        ("MediaReview", ["DecontextualizedContent"], ["https://www.instagram.com/p/CNtao_WA0Dr/"], "PolitiFact")]


def test_one_media_review_is_split_out_by_its_id() -> None:
    doc = _with_claim_review()
    one = json.loads(export(doc, "jsonld", profile="claimreview", review="media").output)  # type: ignore[arg-type]
    assert one["@type"] == "MediaReview" and one["associatedClaimReview"] == [{"@id": "#review"}]


_VALUES = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=12)
                       | st.sampled_from(["https://example.org/v", "DecontextualizedContent", "VideoObject"]),
                       lambda c: st.lists(c, max_size=3) | st.dictionaries(
                           st.sampled_from(["@type", "@id", "contentUrl", "url", "description", "text",
                                            "mediaItemAppearance", "interpretedAsClaim", "creator", "name"]),
                           c, max_size=4), max_leaves=12)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(["itemReviewed", "mediaAuthenticityCategory", "author", "url",
                                        "associatedClaimReview", "originalMediaLink", "datePublished",
                                        "originalMediaContextDescription"]), _VALUES, max_size=6))
def test_bad_media_reviews_are_findings_never_tracebacks(fields: dict[str, Any]) -> None:
    node = {"@context": "https://schema.org", "@type": "MediaReview", **fields}
    loaded = reader.read_data(node)
    for d in loaded.diagnostics:
        assert d.code and d.message


def test_a_feed_record_may_nest_its_media_review(tmp_path: Path) -> None:
    google = json.loads((FIXTURES / "claimreview" / "valid" / "google-2025-example.json").read_text("utf-8"))
    feed = tmp_path / "f.jsonl"
    feed.write_text(json.dumps({**google, "associatedMediaReview": {k: v for k, v in EXAMPLE.items()
                                                                    if k != "@context"}}) + "\n", encoding="utf-8")
    assert [d.render() for d in validate(str(feed))] == []
