"""Google Fact Check Tools API responses: mapping, merging, located diagnostics, hostile input,
detection by content, and the command line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from claimreview import load
from claimreview.cli import cli
from claimreview.formats import FORMATS, detect
from claimreview.readers import factcheck_api
from claimreview.readers.base import Loaded, Source
from tests.conftest import FIXTURES, SEED

API = FIXTURES / "factcheck_api"


def _read(data: Any, **options: Any) -> Loaded:
    raw = data if isinstance(data, bytes) else (data if isinstance(data, str) else json.dumps(data, indent=2,
                                                                                              ensure_ascii=False))
    raw_bytes = raw if isinstance(raw, bytes) else raw.encode("utf-8")
    return factcheck_api.read(Source.from_bytes(raw_bytes, "api.json"), **options)


def _codes(loaded: Loaded) -> list[tuple[str, str]]:
    return [(d.code, d.pointer) for d in loaded.diagnostics]


def _review(**overrides: Any) -> dict[str, Any]:
    review = {
        "publisher": {"name": "Awesome Fact Checks", "site": "factchecks.example"},
        "url": "https://www.factchecks.example/2020/03/crime",
        "title": "No, crime has not doubled",
        "reviewDate": "2020-03-14T00:00:00Z",
        "textualRating": "Mostly false",
        "languageCode": "en",
    }
    review.update(overrides)
    return {k: v for k, v in review.items() if v is not ...}


def _claim(**overrides: Any) -> dict[str, Any]:
    claim = {
        "text": "Crime has doubled in the last 2 years.",
        "claimant": "John Doe",
        "claimDate": "2020-03-12T00:00:00Z",
        "claimReview": [_review()],
    }
    claim.update(overrides)
    return {k: v for k, v in claim.items() if v is not ...}


# -- the documented shape --------------------------------------------------------------------


def test_search_response_maps_every_field() -> None:
    loaded = load(API / "search-response.json")
    assert loaded.ok, [d.render() for d in loaded.diagnostics]
    doc = loaded.document
    assert doc is not None
    assert [c.text for c in doc.claims] == [
        "Crime has doubled in the last 2 years.",
        "The new bridge will cost taxpayers nothing.",
        "사진 속 다리는 어제 무너졌다.",
    ]
    crime = doc.claims[0]
    assert crime.date == "2020-03-12"  # midnight UTC: the day alone, no invented time
    john = doc.entities()[crime.claimant or ""]
    assert type(john).__name__ == "Organization" and john.name == "John Doe"  # type: ignore[attr-defined]
    assert doc.claims[1].claimant == crime.claimant  # merged by name
    reviews = [r for r in doc.reviews if r.claim == crime.id]
    assert [r.rating.label for r in reviews] == ["Mostly false", "Engañoso"]
    first, second = reviews
    assert first.url == "https://www.factchecks.example/2020/03/crime-has-not-doubled"
    assert first.headline == "No, crime has not doubled in two years"
    assert first.date == "2020-03-14"
    assert first.language == "en"
    assert second.date == "2020-03-16T09:30:00Z"  # a real time of day is kept
    desk = doc.entities()[first.reviewer]
    assert desk.name == "Awesome Fact Checks"  # type: ignore[attr-defined]
    assert desk.url == "https://www.factchecks.example"  # type: ignore[attr-defined]
    assert desk.kind.value == "fact-checker"  # type: ignore[attr-defined]
    assert sum(o.name == "Awesome Fact Checks" for o in doc.organizations) == 1
    assert len(doc.organizations) == 5 and len(doc.reviews) == 4 and doc.people == []
    assert _codes(loaded) == [("api.more-pages", "/nextPageToken")]
    assert (loaded.diagnostics[0].line, loaded.diagnostics[0].column) == (68, 3)
    assert not loaded.diagnostics[0].is_error


def test_bare_claim_list() -> None:
    loaded = load(API / "claim-list.json")
    assert loaded.ok and loaded.diagnostics == [], [d.render() for d in loaded.diagnostics]
    doc = loaded.document
    assert doc is not None
    assert [c.claimant is None for c in doc.claims] == [False, True]
    assert doc.reviews[1].headline is None and doc.reviews[1].rating.label == "Неправда"


def test_json_lines_pages_are_one_document() -> None:
    loaded = load(API / "two-pages.json")
    assert loaded.ok and loaded.diagnostics == [], [d.render() for d in loaded.diagnostics]
    doc = loaded.document
    assert doc is not None
    assert len(doc.claims) == 2 and len(doc.reviews) == 2
    assert len(doc.organizations) == 2  # John Doe and the desk, each once across the pages


def test_json_lines_locates_problems_on_their_line() -> None:
    page1 = {"claims": [_claim()], "nextPageToken": "CAE"}
    page2 = {"claims": [_claim(text="Second", claimReview=[_review(textualRating=...)])]}
    loaded = _read(json.dumps(page1) + "\n\n" + json.dumps(page2) + "\n")
    assert loaded.document is None
    [d] = loaded.diagnostics
    assert (d.code, d.pointer, d.line, d.item) == ("api.missing-rating", "/claims/0/claimReview/0", 3, 1)


def test_json_lines_broken_line_does_not_hide_the_others() -> None:
    good = json.dumps({"claims": [_claim(claimReview=[_review(languageCode="english")])]})
    loaded = _read(good + "\n" + '{"claims": [\n' + good + "\n")
    found = [(d.code, d.line, d.item) for d in loaded.diagnostics]
    assert ("json.syntax", 2, 1) in found
    assert ("model.invalid-language", 1, 0) in found and ("model.invalid-language", 3, 2) in found


def test_ids_are_stable_slugs_made_unique() -> None:
    data = {"claims": [_claim(), _claim(), _claim(text="김정은", claimant="Facebook posts")]}
    first, second = _read(data), _read(data)
    assert first.document == second.document
    doc = first.document
    assert doc is not None
    assert [c.id for c in doc.claims] == [
        "claim-crime-has-doubled-in-the-last-2-years",
        "claim-crime-has-doubled-in-the-last-2-years-2",
        "claim-gim-jeong-eun",  # transliterated, not a digest
    ]
    assert len({r.id for r in doc.reviews}) == 3
    assert all(len(e.id) <= 200 for e in doc.entities().values())


def test_claimants_can_be_people() -> None:
    doc = _read({"claims": [_claim(), _claim(text="Other")]}, claimant_kind="person").document
    assert doc is not None
    assert [p.name for p in doc.people] == ["John Doe"]
    assert {c.claimant for c in doc.claims} == {doc.people[0].id}
    assert [o.name for o in doc.organizations] == ["Awesome Fact Checks"]
    assert _codes(_read({"claims": []}, claimant_kind="robot")) == [("input.option", "")]


def test_claimant_and_publisher_of_the_same_name_merge() -> None:
    data = {"claims": [_claim(claimant="  awesome   FACT checks ")]}
    doc = _read(data).document
    assert doc is not None
    assert len(doc.organizations) == 1 and doc.claims[0].claimant == doc.reviews[0].reviewer


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2020-03-12T00:00:00Z", "2020-03-12"),
        ("2020-03-12T00:00:00.000Z", "2020-03-12"),
        ("2020-03-12T00:00:00+00:00", "2020-03-12"),
        ("2020-03-12T00:00:00+01:00", "2020-03-12T00:00:00+01:00"),
        ("2020-03-12T14:05:00Z", "2020-03-12T14:05:00Z"),
        ("2020-03-12", "2020-03-12"),
        ("2020-03", "2020-03"),
    ],
)
def test_dates(value: str, expected: str) -> None:
    doc = _read([_claim(claimDate=value, claimReview=[_review(reviewDate="2021-01-01T00:00:00Z")])]).document
    assert doc is not None and doc.claims[0].date == expected


# -- publishers and sites --------------------------------------------------------------------


def test_site_that_the_review_url_does_not_confirm_is_a_warning() -> None:
    loaded = _read([_claim(claimReview=[_review(url="https://elsewhere.example/x")])])
    assert loaded.ok
    assert _codes(loaded) == [("api.site-not-kept", "/0/claimReview/0/publisher/site")]
    assert loaded.document is not None and loaded.document.organizations[-1].url is None
    no_url = _read([_claim(claimReview=[_review(url=...)])])
    assert _codes(no_url) == [("api.site-not-kept", "/0/claimReview/0/publisher/site")]


def test_one_publisher_with_two_sites_keeps_both() -> None:
    second = _review(publisher={"name": "Awesome Fact Checks", "site": "en.factchecks.example"},
                     url="http://en.factchecks.example/a")
    doc = _read([_claim(claimReview=[_review(), second])]).document
    assert doc is not None
    [org] = [o for o in doc.organizations if o.name == "Awesome Fact Checks"]
    assert org.url == "https://www.factchecks.example" and org.same_as == ["http://en.factchecks.example"]


def test_publisher_without_a_name_is_named_by_its_site() -> None:
    loaded = _read([_claim(claimReview=[_review(publisher={"site": "factchecks.example"})])])
    assert loaded.ok
    assert _codes(loaded) == [("api.publisher-named-by-site", "/0/claimReview/0/publisher")]
    assert loaded.document is not None and loaded.document.organizations[-1].name == "factchecks.example"


@pytest.mark.parametrize("publisher", [..., {}, {"name": "", "site": " "}])
def test_review_without_publisher_is_an_error(publisher: Any) -> None:
    loaded = _read([_claim(claimReview=[_review(publisher=publisher)])])
    assert loaded.document is None
    assert "api.missing-publisher" in {c for c, _ in _codes(loaded)}


# -- errors and warnings, located in the response --------------------------------------------


def test_missing_rating_is_an_error_at_the_review() -> None:
    text = json.dumps({"claims": [_claim(claimReview=[_review(textualRating=...)]),
                                  _claim(text="Other", claimReview=[_review(url="javascript:alert(1)")])]}, indent=2)
    loaded = _read(text)
    assert loaded.document is None
    assert _codes(loaded) == [("api.missing-rating", "/claims/0/claimReview/0"),
                              # the javascript: url cannot confirm the publisher's site either
                              ("api.site-not-kept", "/claims/1/claimReview/0/publisher/site"),
                              ("model.invalid-url", "/claims/1/claimReview/0/url")]
    lines = text.splitlines()
    missing, _, bad_url = loaded.diagnostics
    assert missing.line is not None and lines[missing.line - 1].strip() == "{"
    assert bad_url.line is not None and '"url": "javascript:alert(1)"' in lines[bad_url.line - 1]
    assert bad_url.column == lines[bad_url.line - 1].index('"url"') + 1


def test_blank_rating_and_text_are_errors_at_the_field() -> None:
    loaded = _read([_claim(text="  ", claimReview=[_review(textualRating="")])])
    assert _codes(loaded) == [("api.missing-claim-text", "/0/text"),
                              ("api.missing-rating", "/0/claimReview/0/textualRating")]


def test_model_errors_point_into_the_response() -> None:
    data = {"claims": [_claim(claimDate="yesterday", claimReview=[_review(languageCode="english")])]}
    text = json.dumps(data, indent=2)
    loaded = _read(text)
    assert _codes(loaded) == [
        ("model.invalid-date", "/claims/0/claimDate"),
        ("model.invalid-language", "/claims/0/claimReview/0/languageCode"),
    ]
    lines = text.splitlines()
    for d, needle in zip(loaded.diagnostics, ['"claimDate": "yesterday"', '"languageCode": "english"'], strict=True):
        assert d.line is not None and needle in lines[d.line - 1], d.render()
        assert d.file == "api.json"


def test_rules_across_entities_point_into_the_response() -> None:
    late = _review(reviewDate="2020-04-01T00:00:00Z")
    data = {"claims": [_claim(claimDate="2020-05-01T00:00:00Z", claimReview=[late])]}
    text = json.dumps(data, indent=2)
    loaded = _read(text)
    assert _codes(loaded) == [("model.review-before-claim", "/claims/0/claimReview/0/reviewDate")]
    line = loaded.diagnostics[0].line
    assert line is not None and '"reviewDate": "2020-04-01' in text.splitlines()[line - 1]


def test_fields_the_model_cannot_carry_are_warnings() -> None:
    data = {
        "kind": "factchecktools#claims",
        "claims": [_claim(claimantType="person", claimReview=[
            _review(rating={"value": 1}, publisher={"name": "Desk", "site": "factchecks.example", "logo": "x.png"},
                    title=""),
        ])],
        "nextPageToken": "",
    }
    loaded = _read(data)
    assert loaded.ok
    assert _codes(loaded) == [
        ("api.unknown-field", "/kind"),
        ("api.unknown-field", "/claims/0/claimantType"),
        ("api.unknown-field", "/claims/0/claimReview/0/rating"),
        ("api.unknown-field", "/claims/0/claimReview/0/publisher/logo"),
        ("api.empty-value", "/claims/0/claimReview/0/title"),
    ]
    assert all(not d.is_error and d.line is not None for d in loaded.diagnostics)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("just text", [("api.invalid-shape", "")]),
        (42, [("api.invalid-shape", "")]),
        ({"claims": {"text": "x"}}, [("api.invalid-shape", "/claims")]),
        ({"claims": ["a claim"]}, [("api.invalid-shape", "/claims/0")]),
        ({"claims": [_claim(claimReview={"textualRating": "False"})]},
         [("api.invalid-shape", "/claims/0/claimReview")]),
        ({"claims": [_claim(claimReview=[_review(publisher="Desk")])]},
         [("api.invalid-shape", "/claims/0/claimReview/0/publisher")]),
        ({"claims": [_claim(text=7)]}, [("api.invalid-type", "/claims/0/text")]),
        ({"claims": [_claim(claimant=["a", "b"])]}, [("api.invalid-type", "/claims/0/claimant")]),
        ({"claims": [_claim(claimReview=[_review(textualRating=False)])]},
         [("api.invalid-type", "/claims/0/claimReview/0/textualRating")]),
        ({"claims": [], "nextPageToken": 3}, [("api.invalid-type", "/nextPageToken")]),
        ({"claims": [_claim(text=..., claimReview=[_review(textualRating=...)])]},
         [("api.missing-claim-text", "/claims/0"), ("api.missing-rating", "/claims/0/claimReview/0")]),
    ],
)
def test_wrong_shapes_are_located_errors(data: Any, expected: list[tuple[str, str]]) -> None:
    loaded = _read(json.dumps(data))
    assert loaded.document is None
    assert _codes(loaded) == expected


@pytest.mark.parametrize(
    ("raw", "code", "pointer"),
    [
        (b'{"claims": [{"text": "Crime has', "json.syntax", ""),
        (b"", "json.syntax", ""),
        (b'{"claims": [{"text": "a", "text": "b"}]}', "json.duplicate-key", "/claims/0/text"),
        (b'{"claims": [{"text": NaN}]}', "json.non-finite-number", "/claims/0/text"),
        (b'{"claims": [{"text": "caf\xe9"}]}', "input.encoding", ""),
        (b"\x00\x01\x02binary", "input.binary", ""),
        (b"[" * 5000 + b"]" * 5000, "json.too-deep", ""),
    ],
)
def test_hostile_input_is_a_located_diagnostic(raw: bytes, code: str, pointer: str) -> None:
    loaded = _read(raw)
    assert loaded.document is None
    assert [(d.code, d.pointer) for d in loaded.diagnostics][:1] == [(code, pointer)]
    assert all(d.file == "api.json" for d in loaded.diagnostics)


def test_bom_and_hostile_text_are_kept_verbatim() -> None:
    text = "<script>alert(1)</script> | **x** [y](javascript:alert(1)) שלום 🧐"
    loaded = _read(b"\xef\xbb\xbf" + json.dumps([_claim(text=text)]).encode())
    assert loaded.ok and loaded.document is not None
    assert loaded.document.claims[0].text == text


# -- detection -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["search-response.json", "claim-list.json", "two-pages.json"])
def test_api_files_are_recognised_by_content(name: str) -> None:
    assert detect(Source(name=name, path=API / name)).name == "factcheck-api"


def test_factcheck_api_sniffs_before_claimreview_json() -> None:
    names = list(FORMATS)
    assert names.index("factcheck-api") < names.index("json")


@pytest.mark.parametrize(
    "head",
    [
        b'{"claimreview": "1", "claims": [{"id": "c", "text": "\\"claimReview\\": x"}]}',
        b'{"claims": [{"id": "c1", "text": "x"}], "reviews": []}',
        b'{"@context": "https://schema.org", "@type": "ClaimReview", "claimReviewed": "x"}',
        b'[{"@type": "ClaimReview", "textualRating": "x"}]',
        b'{"people": [], "claims": [{"claimReview": 1}]}',
        b"claims: []\n",
    ],
)
def test_sniff_leaves_other_formats_alone(head: bytes) -> None:
    assert not factcheck_api.sniff(head)


def test_sniff_leaves_claimreview_files_alone() -> None:
    for path in [SEED.with_suffix(".json"), *sorted((FIXTURES / "valid").glob("*.json")),
                 *sorted((FIXTURES / "invalid").glob("*.json"))]:
        if path.is_file() and not path.name.endswith(".expected.json"):
            assert not factcheck_api.sniff(path.read_bytes()[:65536]), path


# -- the command line ------------------------------------------------------------------------


def test_cli_converts_a_response_to_claimreview_json() -> None:
    result = CliRunner().invoke(cli, ["convert", str(API / "search-response.json"), "--to", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["claims"][0]["text"] == "Crime has doubled in the last 2 years."
    assert "api.more-pages" in result.stderr
    again = load(Source.from_bytes(result.stdout.encode(), "out.json"))
    assert again.ok and again.document == load(API / "search-response.json").document


def test_cli_converts_a_response_to_jsonld() -> None:
    result = CliRunner().invoke(cli, ["convert", str(API / "claim-list.json"), "--to", "jsonld"])
    assert result.exit_code == 0, result.output
    graph = json.loads(result.stdout)["@graph"]
    reviews = [n for n in graph if n.get("@type") == "ClaimReview"]
    assert {r["reviewRating"]["alternateName"] for r in reviews} == {"False", "Неправда"}
    assert {r["claimReviewed"] for r in reviews} == {"Drinking hot water kills the virus.",
                                                      "Вода с лимоном защищает от вируса."}  # noqa: RUF001


def test_cli_converts_a_response_to_markdown() -> None:
    result = CliRunner().invoke(cli, ["convert", str(API / "search-response.json"), "--to", "markdown"])
    assert result.exit_code == 0, result.output
    assert "| 3 | 사진 속 다리는 어제 무너졌다. | Facebook posts |" in result.stdout


def test_cli_validate_reports_located_errors(tmp_path: Path) -> None:
    bad = tmp_path / "response.json"
    bad.write_text(json.dumps({"claims": [_claim(claimReview=[_review(textualRating=...)])]}, indent=2))
    result = CliRunner().invoke(cli, ["validate", "--format", "json", str(bad)])
    assert result.exit_code == 1
    [d] = json.loads(result.stdout)["diagnostics"]
    assert (d["code"], d["pointer"], d["line"]) == ("api.missing-rating", "/claims/0/claimReview/0", 8)
    forced = CliRunner().invoke(cli, ["validate", "--from", "factcheck-api", str(API / "claim-list.json")])
    assert forced.exit_code == 0, forced.output


def test_one_claim_object_is_read_and_checked(tmp_path: Path) -> None:
    """What a client keeps of one search result: a Claim object, not a response."""
    from claimreview import validate

    claim = {"text": "Crime has doubled in the last 2 years.", "claimant": "John Doe",
             "claimReview": [{"publisher": {"name": "Awesome Fact Checks", "site": "awesomefactchecks.example"},
                              "url": "https://awesomefactchecks.example/doubled", "textualRating": "Mostly false"}]}
    path = tmp_path / "claim.json"
    path.write_text(json.dumps(claim), encoding="utf-8")
    assert factcheck_api.sniff(path.read_bytes())
    loaded = load(path)
    assert loaded.document is not None and len(loaded.document.reviews) == 1, loaded.diagnostics
    del claim["claimReview"][0]["textualRating"]
    path.write_text(json.dumps(claim), encoding="utf-8")
    assert [(d.code, d.pointer) for d in validate(path)] == [("api.missing-rating", "/claimReview/0")]
