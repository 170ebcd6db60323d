"""The committed JSON Schema files are generated, valid draft 2020-12, and enough on their own."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from claimreview.schemas.generate import GENERATORS, JSON_DIR, fresh
from tests.conftest import FIXTURES, SEED


@pytest.mark.parametrize("name", sorted(GENERATORS))
def test_committed_schema_is_up_to_date(name: str) -> None:
    committed = (JSON_DIR / f"{name}.schema.json").read_text(encoding="utf-8")
    assert committed == fresh(name), (f"run `claimreview schema --write` (or `make schemas`) "
                                      f"and commit {name}.schema.json")


@pytest.mark.parametrize("name", sorted(GENERATORS))
def test_schema_is_valid_draft_2020_12(name: str) -> None:
    schema = json.loads((JSON_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)


def test_no_stray_schema_files() -> None:
    assert {p.name for p in JSON_DIR.glob("*.schema.json")} == {f"{n}.schema.json" for n in GENERATORS}


def _plain_validator() -> jsonschema.Draft202012Validator:
    """What a third party does: the file alone, any validator (here python-jsonschema)."""
    schema = json.loads((JSON_DIR / "document.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def test_seed_example_validates_with_the_schema_file_alone() -> None:
    data = yaml.safe_load(SEED.read_text(encoding="utf-8"))
    errors = list(_plain_validator().iter_errors(data))
    assert errors == []


@pytest.mark.parametrize("name", ["unknown-field.yaml", "javascript-url.yaml", "empty-string.yaml",
                                  "relative-url.yaml", "padded-url.yaml", "invalid-language.yaml",
                                  "missing-rating.yaml", "format-version.yaml"])
def test_field_rules_are_in_the_schema_too(name: str) -> None:
    data = yaml.safe_load((FIXTURES / "invalid" / name).read_text(encoding="utf-8"))
    assert list(_plain_validator().iter_errors(data)), f"{name} should fail the document schema"


def test_schema_command_prints_the_committed_file() -> None:
    from click.testing import CliRunner

    from claimreview.cli import cli

    result = CliRunner().invoke(cli, ["schema", "document"])
    assert result.exit_code == 0
    assert result.output == Path(JSON_DIR / "document.schema.json").read_text(encoding="utf-8")
