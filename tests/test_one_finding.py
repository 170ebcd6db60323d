"""One defect, one finding, in plain words, on feeds: the profile's JSON Schema and the rule set
do not both report one fault; schema errors are sentences naming the property; unknown keys get a
"did you mean" without the whole vocabulary check."""

from __future__ import annotations

import json
from typing import Any

import pytest

from claimreview import Source, validate

BASE: dict[str, Any] = {
    "@context": "https://schema.org", "@type": "ClaimReview", "url": "https://example.com/a",
    "claimReviewed": "The world is flat", "author": {"@type": "Organization", "name": "Desk"},
    "reviewRating": {"@type": "Rating", "alternateName": "False", "ratingValue": 1, "bestRating": 5, "worstRating": 1},
    "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "T. Tellar"},
                     "datePublished": "2024-06-20",
                     "appearance": {"@type": "CreativeWork", "url": "https://example.com/post"}},
}


def _feed(**changes: Any) -> list[tuple[str, str, str, str]]:
    record = json.loads(json.dumps(BASE))
    for key, value in changes.items():
        target, _, leaf = key.rpartition("__")
        node = record
        for part in target.split("__") if target else []:
            node = node[part]
        node[leaf] = value
    data = (json.dumps(record) + "\n").encode()
    return [(d.severity.value, d.code, d.pointer, d.message) for d in validate(Source.from_bytes(data, "f.jsonl"))]


def test_the_base_record_is_clean() -> None:
    assert _feed() == []


@pytest.mark.parametrize(("change", "expected"), [
    ({"claimReviewed": ""}, [("claimreview.missing-claim-reviewed", "/claimReviewed")]),
    ({"claimReviewed": "   "}, [("claimreview.missing-claim-reviewed", "/claimReviewed")]),
    ({"reviewRating__ratingValue": "seven"}, [("claimreview.rating-not-a-number", "/reviewRating/ratingValue")]),
    ({"reviewRating__bestRating": 1, "reviewRating__worstRating": 5},
     [("claimreview.rating-scale-inverted", "/reviewRating/bestRating")]),
    ({"author": 5}, [("claimreview.author-without-name", "/author")]),
])
def test_one_fault_gives_one_finding(change: dict[str, Any], expected: list[tuple[str, str]]) -> None:
    assert [(code, ptr) for _, code, ptr, _ in _feed(**change)] == expected


def test_schema_errors_are_sentences_that_name_the_property() -> None:
    # (a date the reader cannot read, "2020-13-45", is left out with a warning on a page, and so is not a
    # feed's error either: the vocabulary judges it, with --vocabulary)
    [(severity, code, ptr, message)] = _feed(itemReviewed__appearance=5)
    assert (severity, code, ptr) == ("error", "schema.any-of", "/itemReviewed")
    assert message == "itemReviewed: appearance 5 is not an absolute http(s) URL or a CreativeWork"
    for found in (_feed(itemReviewed__appearance=5), _feed(url="")):
        for _, _, _, text in found:
            assert "anyOf" not in text and "$defs" not in text and "is not valid under" not in text


def test_unknown_keys_get_a_did_you_mean_on_feeds() -> None:
    record = dict(BASE)
    record["claimReviewd"] = record.pop("claimReviewed")
    record["reviewRating"] = dict(BASE["reviewRating"], alternateNam="False")
    found = [(d.code, d.pointer, d.message) for d in validate(Source.from_bytes(
        (json.dumps(record) + "\n").encode(), "f.jsonl"))]
    typos = [p for c, p, m in found if c == "vocab.unknown-property"]
    assert typos == ["/claimReviewd", "/reviewRating/alternateNam"]
    assert any("did you mean 'claimReviewed'?" in m for _, _, m in found)


@pytest.mark.parametrize(("content", "hint"), [
    (json.dumps(BASE).encode(), "--from jsonld"),
    (b'<!DOCTYPE html><script type="application/ld+json">{}</script>', "--from html"),
    (b'{"claims": [{"text": "x", "claimReview": [{"textualRating": "False"}]}]}', "--from factcheck-api"),
])
def test_another_format_saved_as_csv_gets_one_hint(content: bytes, hint: str) -> None:
    [d] = list(validate(Source.from_bytes(content, "saved.csv")))
    assert (d.code, d.line, d.column) == ("csv.other-format", 1, 1) and hint in d.message
