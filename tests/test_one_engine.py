"""One set of rules for ``validate`` and ``convert``, for a page and a feed: a property test.

Inputs are the real-world corpus's ClaimReview blocks (see :mod:`tests.test_lossless`, whose seeds
and shape variations this reuses), and the shapes ``validate`` and ``convert`` disagreed on
(issue 11: an appearance given as its URL, a claimant given as its name, dates written
``2020-03-27T10:46:13+0200`` or ``2020-06-23 20:02``, a review dated before its claim).

- Whatever ``validate`` accepts converts to every writable format (``claimreview.formats``): the
  export's own checks find no error in it.
- One ClaimReview is judged alike as a page's JSON-LD and as a record of a JSON Lines feed: the
  same verdict (the issue's shapes, and every real page whose block is one ClaimReview), and the
  same rule findings where both paths run the rule (the page path also runs the vocabulary and
  JSON-LD expansion, which a feed runs only with ``--vocabulary``: a date or a URL the reader
  cannot read is the vocabulary's warning on a page, and left to ``--vocabulary`` on a feed).
- What converting changes in form only is said (``jsonld.normalised`` notices), not done silently.
"""

from __future__ import annotations

import copy
import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from claimreview import formats, validate
from claimreview.api import export, load
from claimreview.exporters.base import ExportError
from claimreview.readers import jsonld as reader
from claimreview.schemas.ld import types_of
from claimreview.validation import claimreview as rules
from tests.conftest import FIXTURES
from tests.test_lossless import SEEDS, variations

GOOGLE = json.loads((FIXTURES / "claimreview" / "valid" / "google-2025-example.json").read_text(encoding="utf-8"))
"""Google's documented example, verbatim (tests/fixtures/claimreview/README.md)."""


def _google(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(GOOGLE)
    for key, value in changes.items():
        target = data["itemReviewed"] if key.startswith("claim_") else data
        target[key.removeprefix("claim_")] = value
    return data


DISAGREED: dict[str, dict[str, Any]] = {
    # the values are the example's own, in the shapes real pages give them
    "appearance-as-url": _google(claim_appearance=GOOGLE["itemReviewed"]["appearance"]["url"]),
    "claimant-as-text": _google(claim_author=GOOGLE["itemReviewed"]["author"]["name"]),
    "date-basic-offset": _google(datePublished="2024-06-22T10:46:13+0200"),
    "date-with-space": _google(datePublished="2024-06-22 20:02"),
    "review-before-claim": _google(datePublished="2024-06-19"),
}
"""The shapes of the issue, on Google's example (its dates: the claim 2024-06-20, the appearance 2024-06-22;
the times and offsets are those the issue quotes from real pages)."""

WRITABLE = sorted(name for name, f in formats.formats().items() if f.can_write)


def _verdict(found: list[Any]) -> str:
    return "invalid" if any(d.is_error for d in found) else "valid"


def _write(tmp: Path, name: str, data: Any, suffix: str) -> Path:
    path = tmp / f"{name}{suffix}"
    text = json.dumps(data, ensure_ascii=False)
    path.write_text(text + "\n" if suffix == ".jsonl" else text, encoding="utf-8")
    return path


def conversion_failures(path: Path) -> list[str]:
    """The formats the input does not convert to, with why (empty when every one takes it)."""
    loaded = load(str(path))
    assert loaded.document is not None, [d.render() for d in loaded.diagnostics]
    failed = []
    for fmt in WRITABLE:
        try:
            done = export(loaded.document, fmt)
        except ExportError as exc:
            failed.append(f"{fmt}: {exc}")
            continue
        errors = [d.render() for d in done.diagnostics if d.is_error]
        if errors:
            failed.append(f"{fmt}: {errors[:3]}")
    return failed


def test_the_formats_are_the_registry() -> None:
    assert {"jsonld", "csv", "markdown", "html", "jsonl"} <= set(WRITABLE)


@pytest.mark.parametrize("name", sorted(DISAGREED))
def test_a_page_and_a_feed_agree(name: str, tmp_path: Path) -> None:
    data = DISAGREED[name]
    page = list(validate(_write(tmp_path, name, data, ".jsonld")))
    feed = list(validate(_write(tmp_path, name, data, ".jsonl")))
    want = "invalid" if name == "review-before-claim" else "valid"
    assert (_verdict(page), _verdict(feed)) == (want, want), [d.render() for d in page + feed]
    ruled = {c.name for c in rules.CODES}
    assert sorted((d.code, d.pointer) for d in page if d.code in ruled and d.is_error) == \
        sorted((d.code, d.pointer) for d in feed if d.code in ruled and d.is_error)


@pytest.mark.parametrize("name", sorted(n for n in DISAGREED if n != "review-before-claim"))
def test_what_validate_accepts_converts_to_every_format(name: str, tmp_path: Path) -> None:
    assert conversion_failures(_write(tmp_path, name, DISAGREED[name], ".jsonld")) == []


def test_a_normalised_date_is_said() -> None:
    loaded = reader.read_data(DISAGREED["date-with-space"])
    notes = [(d.code, d.pointer, d.severity.value) for d in loaded.diagnostics if d.kind is reader.JSONLD_NORMALISED]
    assert notes == [("jsonld.normalised", "/datePublished", "notice")]
    assert loaded.document is not None and loaded.document.reviews[0].date == "2024-06-22T20:02"
    assert all(d.kind is not reader.JSONLD_NORMALISED for d in validate_found(DISAGREED["date-with-space"]))


def validate_found(data: Any) -> list[Any]:
    """What validate reports on a page's JSON-LD (notices about conversion are not among them)."""
    return list(reader.read_data(data, conversion_notes=False).diagnostics)


@pytest.mark.parametrize(("name", "seed"), SEEDS, ids=[n for n, _ in SEEDS])
def test_every_real_page_validate_accepts_converts(name: str, seed: Any, tmp_path: Path) -> None:
    path = _write(tmp_path, "page", seed, ".jsonld")
    if _verdict(list(validate(path))) == "invalid":
        pytest.skip("validate refuses it: nothing to convert")
    assert conversion_failures(path) == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(case=variations())
def test_variations_validate_accepts_convert(case: tuple[str, Any]) -> None:
    name, data = case
    with tempfile.TemporaryDirectory() as folder:
        path = _write(Path(folder), "variation", data, ".jsonld")
        if _verdict(list(validate(path))) == "valid":
            assert conversion_failures(path) == [], name


SINGLE = [(n, s) for n, s in SEEDS if isinstance(s, dict) and "@context" in s and "ClaimReview" in types_of(s)]
"""The real pages whose block is one self-contained ClaimReview: the same markup could be a feed's record."""


@pytest.mark.parametrize(("name", "seed"), SINGLE, ids=[n for n, _ in SINGLE])
def test_a_real_review_is_judged_alike_on_a_page_and_in_a_feed(name: str, seed: Any, tmp_path: Path) -> None:
    page = list(validate(_write(tmp_path, "page", seed, ".jsonld")))
    feed = list(validate(_write(tmp_path, "feed", seed, ".jsonl")))
    assert _verdict(page) == _verdict(feed), [d.render() for d in page + feed if d.is_error]
