"""The reporters: text, json, github and SARIF 2.1.0, checked against the official SARIF schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from claimreview.cli import cli
from claimreview.reporters import REPORTERS
from claimreview.validation.catalogue import catalogue
from tests.conftest import FIXTURES

SARIF_SCHEMA = json.loads((FIXTURES / "sarif" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
FEED = FIXTURES / "feeds" / "duplicate-key.jsonl"


def _validate(*args: str) -> Any:
    return CliRunner().invoke(cli, ["validate", *args])


def _sarif(*inputs: str | Path) -> dict[str, Any]:
    result = _validate("--format", "sarif", *map(str, inputs))
    assert result.exit_code in (0, 1, 2), result.output
    log: dict[str, Any] = json.loads(result.stdout)
    return log


def test_every_reporter_is_a_format_of_validate() -> None:
    assert set(REPORTERS) == {"text", "json", "github", "sarif", "parquet"}
    result = CliRunner().invoke(cli, ["validate", "--help"])
    assert all(name in result.output for name in REPORTERS)


@pytest.mark.parametrize("inputs", [
    [FEED], [FIXTURES / "feeds" / "valid.jsonl"], [FIXTURES / "feeds" / "nan.json", FIXTURES / "feeds" / "bom.json"],
    ["no-such-file.json"],
], ids=["findings", "clean", "two-files", "cannot-run"])
def test_sarif_output_is_valid_sarif_2_1_0(inputs: list[str | Path]) -> None:
    log = _sarif(*inputs)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    assert log["version"] == "2.1.0"


def test_sarif_rules_come_from_the_catalogue_and_results_are_located() -> None:
    log = _sarif(FEED)
    [run] = log["runs"]
    rules = run["tool"]["driver"]["rules"]
    known = catalogue()
    for rule in rules:
        code = known[rule["id"]]
        assert rule["shortDescription"]["text"] == code.text
        assert rule["defaultConfiguration"]["level"] == code.severity.value
        assert code.name in rule["help"]["text"]
    assert run["results"], "the fixture has findings"
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        [location] = result["locations"]
        physical = location["physicalLocation"]
        assert not physical["artifactLocation"]["uri"].startswith("/")
        assert physical["region"]["startLine"] >= 1
    duplicate = next(r for r in run["results"] if r["ruleId"] == "json.duplicate-key")
    pointer = duplicate["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]
    assert pointer.startswith("/") and duplicate["properties"]["pointer"] == pointer


def test_sarif_says_when_the_run_could_not_go_on() -> None:
    [run] = _sarif("no-such-file.json")["runs"]
    assert run["invocations"][0]["executionSuccessful"] is False
    [run] = _sarif(FIXTURES / "feeds" / "valid.jsonl")["runs"]
    assert run["invocations"][0]["executionSuccessful"] is True and run["results"] == []


def test_json_report_is_written_by_its_reporter() -> None:
    result = _validate("--format", "json", str(FEED))
    report = json.loads(result.stdout)
    assert report["valid"] is False and report["errors"] == len([d for d in report["diagnostics"]
                                                               if d["severity"] == "error"])
    assert {d["code"] for d in report["diagnostics"]} <= set(catalogue())


def test_github_annotations_escape_and_locate() -> None:
    result = _validate("--format", "github", str(FEED))
    lines = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert lines and all(line.startswith(("::error file=", "::warning file=")) for line in lines)
    assert all(",line=" in line and ",title=" in line for line in lines)


def test_a_report_can_be_written_to_a_file(tmp_path: Path) -> None:
    out = tmp_path / "findings.sarif"
    result = _validate("--format", "sarif", "-o", str(out), str(FEED))
    assert result.exit_code == 1 and result.stdout == ""
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(json.loads(out.read_text(encoding="utf-8")))


def test_findings_stream_into_a_parquet_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One row per finding, the json report's findings in its order, written a few at a time (BATCH
    made small here: the table holds several row groups), with the rule set and vocabulary release."""
    import pyarrow.parquet as pq

    from claimreview.reporters import parquet
    from claimreview.validation.vocabulary import vocabulary

    monkeypatch.setattr(parquet, "BATCH", 3)
    inputs = [str(p) for p in sorted((FIXTURES / "feeds").glob("*.jsonl"))]
    out = tmp_path / "findings.parquet"
    result = _validate("--format", "parquet", "--rules", "google-2025", "-o", str(out), *inputs)
    report = json.loads(_validate("--format", "json", *inputs).stdout)
    assert result.exit_code == 1 and result.stdout == ""
    found = pq.ParquetFile(out)
    assert found.metadata.num_row_groups > 1
    rows = found.read().to_pylist()
    keys = ("file", "line", "column", "item", "pointer", "code", "severity", "message")
    assert len(rows) == len(report["diagnostics"]) > 20
    assert [tuple(r[k] for k in keys) for r in rows] == [tuple(d.get(k) for k in keys) for d in report["diagnostics"]]
    assert {(r["rule_set"], r["vocabulary_release"]) for r in rows} == {("google-2025", vocabulary().release)}


def test_a_clean_run_writes_an_empty_findings_table(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    out = tmp_path / "findings.parquet"
    result = _validate("--format", "parquet", "-o", str(out), str(FIXTURES / "feeds" / "valid.jsonl"))
    assert result.exit_code == 0
    table = pq.read_table(out)
    assert table.num_rows == 0 and "code" in table.schema.names


def test_the_findings_table_never_replaces_an_input(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_bytes(FEED.read_bytes())
    result = _validate("--format", "parquet", "-o", str(feed), str(feed))
    assert result.exit_code == 2 and "claimreview never overwrites its input" in result.stderr
    assert feed.read_bytes() == FEED.read_bytes()
