"""Language tags against the IANA Language Subtag Registry and countries against ISO 3166-1
(claimreview.validation.registries): the oracle is the registries' own data, read here
independently of the module (the registry file parsed line by line, pycountry's country list)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pycountry
import pytest
from click.testing import CliRunner
from langcodes.util import data_filename

from claimreview import load, validate
from claimreview.cli import cli
from claimreview.validation.registries import (
    REGISTRY_DEPRECATED_LANGUAGE,
    REGISTRY_UNKNOWN_COUNTRY,
    REGISTRY_UNKNOWN_LANGUAGE,
    country_problem,
    language_problem,
)
from tests.conftest import SEED


def _registry_records() -> list[dict[str, str]]:
    """The IANA registry file as langcodes ships it, read without the module under test."""
    records: list[dict[str, str]] = []
    current: dict[str, str] = {}
    with open(data_filename("language-subtag-registry.txt"), encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if line == "%%":
                if current:
                    records.append(current)
                current = {}
            elif ": " in line and not line.startswith(" "):
                key, value = line.split(": ", 1)
                current.setdefault(key, value)
    records.append(current)
    return records


RECORDS = _registry_records()
LANGUAGES = {r["Subtag"].lower(): r for r in RECORDS if r.get("Type") == "language" and ".." not in r["Subtag"]}
REGIONS = {r["Subtag"].upper(): r for r in RECORDS if r.get("Type") == "region" and ".." not in r["Subtag"]}


def test_every_current_language_subtag_is_accepted_and_every_deprecated_one_names_its_replacement() -> None:
    assert len(LANGUAGES) > 8000  # the whole registry, not a sample
    for subtag, record in LANGUAGES.items():
        found = language_problem(subtag)
        if "Deprecated" not in record:
            assert found is None, (subtag, found)
        else:
            assert found is not None and found[0] is REGISTRY_DEPRECATED_LANGUAGE, subtag
            if "Preferred-Value" in record:
                assert f"`{record['Preferred-Value']}`" in found[1], (subtag, found[1])


def test_every_country_code_written_as_a_language_is_named_as_a_country() -> None:
    checked = 0
    for country in pycountry.countries:
        code = country.alpha_2.lower()
        if code in LANGUAGES:
            continue  # also a language subtag (e.g. "ca": Catalan, and Canada): nothing to say
        found = language_problem(code)
        assert found is not None and found[0] is REGISTRY_UNKNOWN_LANGUAGE, code
        assert f"`{code}` is a country code ({country.name})" in found[1]
        checked += 1
    assert checked > 100


def test_every_region_of_the_registry_is_accepted_after_a_language() -> None:
    for region, record in REGIONS.items():
        found = language_problem(f"en-{region}")
        assert (found is None) == ("Deprecated" not in record), (region, found)


@pytest.mark.parametrize(("tag", "code", "words"), [
    ("ua", REGISTRY_UNKNOWN_LANGUAGE, "`ua` is a country code (Ukraine), not a language; Ukrainian is `uk`"),
    ("jp", REGISTRY_UNKNOWN_LANGUAGE, "`jp` is a country code (Japan), not a language; Japanese is `ja`"),
    ("zz", REGISTRY_UNKNOWN_LANGUAGE, "`zz` is not a language in the IANA Language Subtag Registry"),
    ("ua-UA", REGISTRY_UNKNOWN_LANGUAGE, "Ukrainian is `uk`"),
    ("en-UK", REGISTRY_UNKNOWN_LANGUAGE, "`UK` is not a region"),
    ("en-000", REGISTRY_UNKNOWN_LANGUAGE, "`000` is not a region"),
    ("en-GB-oxenfree", REGISTRY_UNKNOWN_LANGUAGE, "`oxenfree` is not a variant subtag"),
    ("iw", REGISTRY_DEPRECATED_LANGUAGE, "write `he`"),
    ("in", REGISTRY_DEPRECATED_LANGUAGE, "write `id`"),
    ("i-klingon", REGISTRY_DEPRECATED_LANGUAGE, "write `tlh`"),
    ("de-DD", REGISTRY_DEPRECATED_LANGUAGE, "write `DE`"),
])
def test_the_common_mistakes_are_named(tag: str, code: Any, words: str) -> None:
    found = language_problem(tag)
    assert found is not None and found[0] is code and words in found[1], found


@pytest.mark.parametrize("tag", ["en", "uk", "pt-BR", "zh-Hant", "es-419", "sr-Latn-RS", "und", "x-private",
                                 "en-US-x-twain", "de-CH-1996", "qaa", "en-QM", "fil", "tl", "EN-gb",
                                 "en-u-ca-gregory", "not a tag", ""])
def test_valid_private_and_malformed_tags_give_nothing_here(tag: str) -> None:
    # malformed tags are the model's and the schema's finding (model.invalid-language), not this one's
    assert language_problem(tag) is None


def test_every_iso_country_code_is_accepted_and_names_are_left_alone() -> None:
    for country in pycountry.countries:
        for code in (country.alpha_2, country.alpha_3, country.numeric, country.alpha_2.lower()):
            assert country_problem(code) is None, code
    for name in ("Ukraine", "Deutschland", "Україна", "United States of America", "North Korea"):
        assert country_problem(name) is None


@pytest.mark.parametrize(("value", "words"), [
    ("UK", "`UK` is not an ISO 3166-1 alpha-2 country code; CLDR reads it as `GB` (United Kingdom)"),
    ("UAE", "`UAE` is not an ISO 3166-1 alpha-3 country code"),
    ("XX", "`XX` is not an ISO 3166-1 alpha-2"),
    ("999", "`999` is not an ISO 3166-1 numeric"),
    ("en", "`en` is a language code (English)"),
])
def test_country_codes_that_iso_does_not_hold_are_named(value: str, words: str) -> None:
    found = country_problem(value)
    assert found is not None and found[0] is REGISTRY_UNKNOWN_COUNTRY and words in found[1], found


# --- where the checks run ------------------------------------------------------------------------------

REVIEW: dict[str, Any] = {
    "@context": "https://schema.org", "@type": "ClaimReview", "url": "https://example.org/fact-check",
    "claimReviewed": "A claim", "inLanguage": "ua",
    "author": {"@type": "Organization", "name": "Example Desk",
               "address": {"@type": "PostalAddress", "addressCountry": "UK"}},
    "reviewRating": {"@type": "Rating", "alternateName": "False"},
    "itemReviewed": {"@type": "Claim", "inLanguage": "jp", "datePublished": "2020-01-01",
                     "author": {"@type": "Person", "name": "Someone",
                                "nationality": {"@type": "Country", "name": "XX"}},
                     "appearance": {"@type": "CreativeWork", "url": "https://example.org/post"}},
}


def _registry_findings(path: Path) -> list[tuple[str, str, str]]:
    return sorted((d.severity.value, d.code, d.pointer) for d in validate(str(path)) if d.code.startswith("registry."))


def test_a_page_gets_one_warning_per_code_and_stays_valid(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(f'<script type="application/ld+json">{json.dumps(REVIEW)}</script>', encoding="utf-8")
    found = list(validate(str(page)))
    assert not any(d.is_error for d in found), [d.render() for d in found]
    assert _registry_findings(page) == sorted([
        ("warning", "registry.unknown-language", "/scripts/0/inLanguage"),
        ("warning", "registry.unknown-country", "/scripts/0/author/address/addressCountry"),
        ("warning", "registry.unknown-language", "/scripts/0/itemReviewed/inLanguage"),
        ("warning", "registry.unknown-country", "/scripts/0/itemReviewed/author/nationality/name"),
    ])


def test_feed_records_have_their_languages_checked(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps(REVIEW) + "\n" + json.dumps({**REVIEW, "inLanguage": "iw"}) + "\n", encoding="utf-8")
    found = [(d.item, d.code, d.pointer) for d in validate(str(feed)) if d.code.startswith("registry.")]
    # items count from 0; on feeds the review's and its claim's languages are checked (not a walk of the record)
    assert found == [(0, "registry.unknown-language", "/inLanguage"),
                     (0, "registry.unknown-language", "/itemReviewed/inLanguage"),
                     (1, "registry.deprecated-language", "/inLanguage"),
                     (1, "registry.unknown-language", "/itemReviewed/inLanguage")]


def test_a_claimreview_file_is_checked_at_its_line_and_converted_with_one_finding(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8").replace("    language: en\n", "    language: ua\n", 1)
    text = text.replace("    country: Russia\n", "    country: UK\n", 1)
    doc = tmp_path / "seed.yaml"
    doc.write_text(text, encoding="utf-8")
    loaded = load(doc)
    assert loaded.document is not None
    found = [d for d in loaded.diagnostics if d.code.startswith("registry.")]
    uk = next(i for i, o in enumerate(loaded.document.organizations) if o.country == "UK")
    assert sorted((d.code, d.pointer) for d in found) == [
        ("registry.unknown-country", f"/organizations/{uk}/country"),
        ("registry.unknown-language", "/articles/0/language"),
    ]
    assert all(d.line is not None and d.file == str(doc) for d in found)
    # converting reports the input's finding once, not again for the output it was carried into
    result = CliRunner().invoke(cli, ["convert", str(doc), "-o", str(tmp_path / "out.jsonld")])
    assert result.exit_code == 0, result.output
    assert result.output.count("registry.unknown-language") == 1, result.output


@pytest.mark.parametrize("code", ["registry.unknown-language", "registry.deprecated-language",
                                  "registry.unknown-country"])
def test_explain_knows_the_codes(code: str) -> None:
    result = CliRunner().invoke(cli, ["explain", code])
    assert result.exit_code == 0 and "warning" in result.output, result.output
