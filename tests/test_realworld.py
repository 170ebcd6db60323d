"""The real-world corpus: third-party markup and API data (tests/fixtures/realworld/PROVENANCE.md
says where each file comes from) against the verdict and findings a person wrote down for it in
``<file>.expected.json``, by reading the markup against Google's documented rules and the verdict
model, not by running the tool.

A file where the tool still disagrees is listed in :data:`DISAGREEMENTS` with the reason; its test
is a strict xfail, so the day the tool agrees the test fails and the entry has to go."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from claimreview import validate
from tests.conftest import FIXTURES

CORPUS = FIXTURES / "realworld"
FILES = sorted(p for p in CORPUS.iterdir() if p.name != "PROVENANCE.md" and not p.name.endswith(".expected.json"))

DISAGREEMENTS: dict[str, str] = {}
"""File name -> why claimreview does not (yet) give the expected answer."""


def expected(path: Path) -> dict[str, Any]:
    return json.loads(path.with_name(path.name + ".expected.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def observed(path: Path) -> tuple[str, Counter[tuple[str, str, str]]]:
    """The verdict and the findings (severity, code, pointer) of ``claimreview validate path``."""
    found = list(validate(str(path)))
    verdict = "invalid" if any(d.is_error for d in found) else "valid"
    return verdict, Counter((d.severity.value, d.code, d.pointer) for d in found)


def test_the_corpus_is_large_and_every_file_has_an_expectation_and_a_provenance() -> None:
    assert len(FILES) >= 25
    provenance = (CORPUS / "PROVENANCE.md").read_text(encoding="utf-8")
    for path in FILES:
        assert f"`{path.name}`" in provenance, path.name
        want = expected(path)
        assert want["verdict"] in ("valid", "invalid") and want["why"]
        # a verdict and the findings agree with each other: invalid means an error is expected
        assert (want["verdict"] == "invalid") == any(f["severity"] == "error" for f in want["findings"])
    assert set(DISAGREEMENTS) <= {p.name for p in FILES}


@pytest.mark.parametrize("path", [
    pytest.param(p, marks=pytest.mark.xfail(reason=DISAGREEMENTS[p.name], strict=True)) if p.name in DISAGREEMENTS
    else p for p in FILES], ids=lambda p: p.name)
def test_claimreview_agrees_with_the_reader(path: Path) -> None:
    want = expected(path)
    verdict, findings = observed(path)
    wanted = Counter((f["severity"], f["code"], f["pointer"]) for f in want["findings"])
    assert (verdict, sorted(findings.elements())) == (want["verdict"], sorted(wanted.elements())), want["why"]
