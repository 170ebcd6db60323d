"""The bad-input corpus: each fixture gives its expected codes, pointers and positions, exit 1,
and never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from claimreview import load
from claimreview.cli import cli
from claimreview.readers.text import LineIndex, line_col
from tests.conftest import FIXTURES

INVALID = sorted(p for p in (FIXTURES / "invalid").iterdir() if not p.name.endswith(".expected.json"))
VALID = sorted((FIXTURES / "valid").iterdir())


def _found(path: Path) -> list[dict[str, object]]:
    return [
        {k: v for k, v in d.as_dict().items() if k in ("code", "pointer", "line", "column")}
        for d in load(path).diagnostics
    ]


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
def test_invalid_fixture_gives_expected_diagnostics(path: Path) -> None:
    expected = json.loads(path.with_name(path.name + ".expected.json").read_text())
    assert expected, "an invalid fixture must expect at least one diagnostic"
    assert _found(path) == expected


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
def test_invalid_fixture_exits_1_without_traceback(path: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_valid_fixture_loads(path: Path) -> None:
    loaded = load(path)
    assert loaded.ok, [d.render() for d in loaded.diagnostics]


def test_bom_is_accepted_and_dropped() -> None:
    doc = load(FIXTURES / "valid" / "bom.json").document
    assert doc is not None
    assert doc.people[0].name == "Дмитро Кулеба"


def test_yaml_keeps_country_codes_and_dates_as_written() -> None:
    doc = load(FIXTURES / "valid" / "norway-and-dates.yaml").document
    assert doc is not None
    org = doc.organizations[0]
    assert org.country == "NO"
    assert org.alternate_names == ["yes", "off", "2022-03-01"]


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_a_five_megabyte_string_is_accepted(tmp_path: Path, suffix: str) -> None:
    text = "Ж" * (5 * 1024 * 1024 // 2)
    data = {"claimreview": "1", "claims": [{"id": "c1", "text": text}]}
    path = tmp_path / f"huge{suffix}"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")  # JSON is valid YAML
    loaded = load(path)
    assert loaded.ok
    assert loaded.document is not None and loaded.document.claims[0].text == text


def test_several_problems_are_all_reported(tmp_path: Path) -> None:
    path = tmp_path / "many.yaml"
    path.write_text(
        'claimreview: "1"\n'
        "claims:\n"
        "  - {id: a, text: one, claimant: ghost}\n"
        "  - {id: a, text: two}\n"
        "reviews:\n"
        "  - {id: r, claim: nothing, reviewer: a, rating: {label: x}}\n"
    )
    codes = sorted((d.code, d.pointer) for d in load(path).diagnostics)
    assert codes == [
        ("model.duplicate-id", "/claims/1/id"),
        ("model.unknown-id", "/claims/0/claimant"),
        ("model.unknown-id", "/reviews/0/claim"),
        ("model.wrong-kind", "/reviews/0/reviewer"),
    ]


@given(st.text(alphabet="ab\n\r", max_size=40), st.data())
def test_line_index_agrees_with_a_plain_count(text: str, data: st.DataObject) -> None:
    offset = data.draw(st.integers(0, len(text)))
    assert LineIndex(text).line_col(offset) == line_col(text, offset)


_CR = ('{"@context": "https://schema.org", "@type": "ClaimReview", "claimReviewed": "A claim", '
       '"url": "https://factcheck.example.org/a", "reviewRating": {"@type": "Rating", "alternateName": "False"%s}, '
       '"author": %s}')


@pytest.mark.parametrize(("name", "data", "code"), [
    ("bad-ipv6-author-url.jsonld", _CR % ("", '{"@type": "Person", "name": "x", "url": "http://[oops"}'),
     "jsonld.invalid-value"),
    ("bad-ipv6-author-text.jsonld", _CR % ("", "\"http://[oops\""), "jsonld.guessed"),
    ("400-digit-rating.jsonld", _CR % (', "ratingValue": "1' + "0" * 400 + '"', '{"name": "Desk"}'),
     "jsonld.invalid-value"),
    ("5000-digit-string.jsonld", _CR % (', "ratingValue": "' + "1" * 5000 + '"', '{"name": "Desk"}'),
     "jsonld.invalid-value"),
    ("5000-digit-number.json", '{"claimreview": "1", "x": ' + "9" * 5000 + "}", "json.syntax"),
    ("400-digit-rating.json", '{"claimreview": "1", "organizations": [{"id": "d", "name": "D"}], '
     '"claims": [{"id": "c", "text": "t"}], "reviews": [{"id": "r", "claim": "c", "reviewer": "d", '
     '"rating": {"label": "x", "value": 1'
     + "0" * 400 + "}}]}", "model.invalid-number"),
    ("base64-charset.html", '<meta charset="base64"><script type="application/ld+json">{}</script>',
     "html.unknown-charset"),
], ids=lambda v: v if isinstance(v, str) and len(v) < 40 else "")
def test_hostile_values_give_diagnostics_not_exceptions(tmp_path: Path, name: str, data: str, code: str) -> None:
    path = tmp_path / name
    path.write_text(data, encoding="utf-8")
    assert code in [d.code for d in load(path).diagnostics]


def test_named_bytes_are_recognised_by_their_extension() -> None:
    from claimreview import Source

    loaded = load(Source.from_bytes(b'{"a": 1}', "upload.json"))
    # read as JSON (not refused as an unknown format), and found to hold nothing claim-like
    assert [d.code for d in loaded.diagnostics] == ["input.no-claims"]


def test_a_long_claim_id_still_gives_its_review_an_id(tmp_path: Path) -> None:
    claim_id = "c" * 200
    path = tmp_path / "long.jsonld"
    path.write_text(json.dumps({
        "@context": "https://schema.org", "@type": "ClaimReview", "claimReviewed": "A claim",
        "url": "https://factcheck.example.org/a", "author": {"@type": "Organization", "name": "Desk"},
        "reviewRating": {"@type": "Rating", "alternateName": "False"},
        "itemReviewed": {"@type": "Claim", "@id": "#" + claim_id, "author": {"@type": "Person", "name": "P"}},
    }))
    loaded = load(path)
    assert loaded.document is not None, [d.render() for d in loaded.diagnostics]
    assert len(loaded.document.reviews[0].id) <= 200
