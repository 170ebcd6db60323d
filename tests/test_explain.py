"""``claimreview explain`` for every code, with examples that really break the rule; ``claimreview rules``."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from claimreview.cli import cli
from claimreview.explain import EXAMPLES, FIXED, MEDIA_EXAMPLES, MEDIA_FIXED, PAGE_URL, bad_example, explanation
from claimreview.validation.catalogue import catalogue
from claimreview.validation.claimreview import check_jsonld


@pytest.mark.parametrize("name", sorted(catalogue()))
def test_explain_works_for_every_code(name: str) -> None:
    result = CliRunner().invoke(cli, ["explain", name])
    assert result.exit_code == 0, result.output
    code = catalogue()[name]
    assert name in result.output and code.text in result.output and "Why: " in result.output
    assert code.severity.value in result.output


def test_the_fixed_example_passes_every_check_but_the_claim_date() -> None:
    """The seed article dates no claim, and examples invent no date."""
    assert [d.code for d in check_jsonld(FIXED, page_url=PAGE_URL)] == ["claimreview.claim-missing-date"]


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_each_bad_example_gives_its_code(name: str) -> None:
    bad = bad_example(name)
    assert bad is not None and bad != FIXED
    assert name in {d.code for d in check_jsonld(bad, page_url=PAGE_URL)}
    assert name not in {d.code for d in check_jsonld(FIXED, page_url=PAGE_URL)}
    assert name in catalogue()
    assert "Bad:" in explanation(name) and "Fixed:" in explanation(name)


def test_every_rule_set_code_has_an_example() -> None:
    """Every code of the ClaimReview rule sets is markup-checkable: each has a bad and a fixed example,
    except a record that is no JSON object and several reviews on one page (no single node shows them),
    and a claim without a date and a review dated before its claim (the seed article dates no claim,
    and examples invent no date; tests/fixtures/claimreview/review-before-claim.json shows the latter
    on Google's example)."""
    rules = {n for n in catalogue() if n.startswith("claimreview.")}
    assert rules - set(EXAMPLES) == {"claimreview.not-a-node", "claimreview.multiple-per-page",
                                     "claimreview.claim-missing-date", "claimreview.review-before-claim"}


@pytest.mark.parametrize("name", sorted(MEDIA_EXAMPLES))
def test_each_bad_media_review_gives_its_code(name: str) -> None:
    assert check_jsonld(MEDIA_FIXED) == []
    bad = bad_example(name)
    assert bad is not None and bad != MEDIA_FIXED
    assert name in {d.code for d in check_jsonld(bad)}
    explained = explanation(name)
    assert "Bad:" in explained and '"@type": "MediaReview"' in explained


def test_every_media_review_code_has_an_example() -> None:
    rules = {n for n in catalogue() if n.startswith("mediareview.")}
    assert rules - set(MEDIA_EXAMPLES) == {"mediareview.not-a-node"}


def test_an_unknown_code_gets_a_did_you_mean() -> None:
    result = CliRunner().invoke(cli, ["explain", "claimreview.missing-urll"])
    assert result.exit_code == 2
    assert "did you mean 'claimreview.missing-url'" in result.output


def test_rules_lists_the_rule_sets_with_their_sources() -> None:
    result = CliRunner().invoke(cli, ["rules"])
    assert result.exit_code == 0
    assert "google-2025" in result.output
    assert "https://developers.google.com/search/docs/appearance/structured-data/factcheck" in result.output
    assert "claimreview.missing-url" in result.output and "vocab." in result.output


def test_rules_lists_the_mediareview_reading_and_the_registry_checks() -> None:
    result = CliRunner().invoke(cli, ["rules"])
    assert result.exit_code == 0
    assert "with MediaReview rules mediareview-2021" in result.output
    assert "https://claimreviewproject.com/mediareview/user-guide" in result.output
    assert "mediareview.missing-category" in result.output and "registry.unknown-language" in result.output
