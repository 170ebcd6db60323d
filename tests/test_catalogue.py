"""Every diagnostic code that the code can report is described once, in the catalogue."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from claimreview.cli import cli
from claimreview.validation.catalogue import catalogue

SOURCE = Path(__file__).resolve().parent.parent / "claimreview"
_AREAS = "api|claimreview|csv|feed|html|input|json|jsonld|markdown|model|schema|tableschema|vocab|yaml"
# "claimreview.readers" is a module, not a code
_ROOMS = "api|cli|formats|io|readers|exporters|schemas|validation|serve"
_CODE = re.compile(rf'"((?:{_AREAS})\.(?!(?:{_ROOMS})")[a-z0-9-]+)"')


def test_every_reported_code_is_described() -> None:
    found = {m.group(1) for path in SOURCE.rglob("*.py") for m in _CODE.finditer(path.read_text(encoding="utf-8"))}
    missing = sorted(found - set(catalogue()))
    assert not missing, f"describe these codes in their module's CODES: {missing}"


def test_descriptions_are_sentences() -> None:
    for code, text in catalogue().items():
        assert len(text) > 20, code


def test_codes_command_lists_them() -> None:
    result = CliRunner().invoke(cli, ["codes", "--markdown"])
    assert result.exit_code == 0
    assert "| `model.unknown-id` |" in result.stdout
    assert result.stdout.count("\n") == len(catalogue()) + 2
