"""The docs generated from the code (README formats table, docs/codes.md, docs/cli.md) are fresh."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import gendocs  # noqa: E402


def test_generated_docs_are_fresh() -> None:
    assert gendocs.stale() == [], "run: python tools/gendocs.py"


def test_the_docs_show_every_format_code_and_command() -> None:
    from claimreview.formats import formats
    from claimreview.validation.catalogue import catalogue

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert all(f"| `{name}` |" in readme for name in formats())
    codes = (ROOT / "docs" / "codes.md").read_text(encoding="utf-8")
    assert all(f"| `{name}` |" in codes for name in catalogue())
    cli_md = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    for command in ("convert", "validate", "explain", "rules", "formats", "codes"):
        assert f"## claimreview {command}" in cli_md
    assert "--layout [tables|sheet]" in cli_md and "Examples:" in cli_md
