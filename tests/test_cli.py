"""The command line: exit codes, streams, and writes that are atomic and never over the input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from claimreview import __version__
from claimreview.cli import cli
from claimreview.formats import FORMATS
from tests.conftest import FIXTURES, SEED


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.stdout


def test_formats_lists_every_registered_format(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["formats"])
    assert result.exit_code == 0
    for name, fmt in FORMATS.items():
        line = next(line for line in result.stdout.splitlines() if line.split()[0] == name)
        mode = line.split()[1]
        assert ("read" in mode) == fmt.can_read
        assert ("write" in mode) == fmt.can_write


def test_validate_seed(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["validate", str(SEED)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "0 errors" in result.stderr


def test_validate_json_report(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["validate", "--format", "json", str(FIXTURES / "invalid" / "dangling-reference.yaml")])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["valid"] is False and report["errors"] == 1
    assert report["diagnostics"][0]["code"] == "model.unknown-id"
    assert report["diagnostics"][0]["pointer"] == "/claims/0/claimant"


def test_validate_missing_file_exits_2(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["validate", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2
    assert "no such file" in result.stdout


def test_validate_unknown_option_exits_2(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["validate", "--no-such-option", str(SEED)])
    assert result.exit_code == 2


def test_validate_stdin(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["validate", "--from", "yaml", "-"], input=SEED.read_bytes())
    assert result.exit_code == 0, result.output


def test_convert_yaml_to_json_and_back_is_lossless(runner: CliRunner, tmp_path: Path) -> None:
    out_json = tmp_path / "seed.json"
    out_yaml = tmp_path / "seed.yaml"
    assert runner.invoke(cli, ["convert", str(SEED), "-o", str(out_json)]).exit_code == 0
    assert runner.invoke(cli, ["convert", str(out_json), "-o", str(out_yaml)]).exit_code == 0
    assert json.loads(out_json.read_text()) == yaml.safe_load(out_yaml.read_text())
    original = yaml.safe_load(SEED.read_text())
    assert json.loads(out_json.read_text()) == original


def test_convert_to_stdout_needs_a_format(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["convert", str(SEED)])
    assert result.exit_code == 2
    assert "--to" in result.stderr


def test_convert_stdin_to_stdout(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["convert", "-", "--from", "yaml", "--to", "json"], input=SEED.read_bytes())
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["claimreview"] == "1"


def test_convert_refuses_to_overwrite_its_input(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "doc.yaml"
    path.write_bytes(SEED.read_bytes())
    result = runner.invoke(cli, ["convert", str(path), "-o", str(path)])
    assert result.exit_code == 2
    assert "never overwrites its input" in result.stderr
    assert path.read_bytes() == SEED.read_bytes()


def test_invalid_input_writes_nothing(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    out.write_text("previous")
    result = runner.invoke(cli, ["convert", str(FIXTURES / "invalid" / "dangling-reference.yaml"), "-o", str(out)])
    assert result.exit_code == 1
    assert "model.unknown-id" in result.stderr
    assert out.read_text() == "previous"
    assert list(tmp_path.iterdir()) == [out], "no temporary file is left behind"


def test_existing_output_is_replaced_atomically(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    out.write_text("previous")
    assert runner.invoke(cli, ["convert", str(SEED), "-o", str(out)]).exit_code == 0
    assert json.loads(out.read_text())["claimreview"] == "1"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]


def test_unknown_output_extension_exits_2(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["convert", str(SEED), "-o", str(tmp_path / "out.xyz")])
    assert result.exit_code == 2
    assert "--to" in result.stderr


def test_python_dash_m_and_closed_pipe() -> None:
    """`python -m claimreview` works, and a reader that closes the pipe early ends it quietly."""
    proc = subprocess.run(
        f"{sys.executable} -m claimreview convert {SEED} --to json | head -c 10",
        shell=True, capture_output=True, text=True, check=False,
    )
    assert proc.returncode == 0
    assert proc.stdout == '{\n  "claim'
    assert "Traceback" not in proc.stderr and "BrokenPipe" not in proc.stderr


def test_new_outputs_get_ordinary_permissions(runner: CliRunner, tmp_path: Path) -> None:
    import os
    import stat

    mask = os.umask(0o022)
    try:
        out = tmp_path / "page.json"
        assert runner.invoke(cli, ["convert", str(SEED), "-o", str(out)]).exit_code == 0
        assert stat.S_IMODE(out.stat().st_mode) == 0o644
        out.chmod(0o640)
        assert runner.invoke(cli, ["convert", str(SEED), "-o", str(out)]).exit_code == 0
        assert stat.S_IMODE(out.stat().st_mode) == 0o640, "a replaced file keeps its mode"
    finally:
        os.umask(mask)


def test_validate_every_example(runner: CliRunner) -> None:
    """`claimreview validate examples/*` passes: every output reads back with no error (a Markdown
    report, written but never read, is said to be unchecked)."""
    from tests.conftest import EXAMPLES

    result = runner.invoke(cli, ["validate", *sorted(str(p) for p in EXAMPLES.iterdir())])
    assert result.exit_code == 0, result.output
    assert "input.not-read" in result.stdout and " error " not in result.stdout


def test_validating_markup_does_not_list_what_claimreview_cannot_keep(runner: CliRunner) -> None:
    google = FIXTURES / "claimreview" / "valid" / "google-2025-example.json"
    assert "jsonld.not-carried" in runner.invoke(cli, ["convert", str(google), "--to", "json"]).stderr
    result = runner.invoke(cli, ["validate", str(google)])
    assert result.exit_code == 0 and result.stdout == ""


def test_convert_to_jsonl_streams_a_feed_and_writes_nothing_when_invalid(runner: CliRunner, tmp_path: Path) -> None:
    google = json.loads((FIXTURES / "claimreview" / "valid" / "google-2025-example.json").read_text())
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps({"@context": "https://schema.org", "@type": "DataFeed",
                                "dataFeedElement": [{"@type": "DataFeedItem", "item": google}] * 3}))
    out = tmp_path / "feed.jsonl"
    result = runner.invoke(cli, ["convert", str(feed), "-o", str(out)])
    assert result.exit_code == 0, result.output
    lines = out.read_text().splitlines()
    assert len(lines) == 3
    first = json.loads(lines[0])
    assert first["@type"] == "ClaimReview" and first["claimReviewed"] == google["claimReviewed"]

    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps([google, {"@type": "ClaimReview"}]))
    result = runner.invoke(cli, ["convert", str(broken), "--to", "jsonl", "-o", str(out)])
    assert result.exit_code == 1
    assert "claimreview.missing-claim-reviewed" in result.stderr
    assert len(out.read_text().splitlines()) == 3, "the earlier output is left as it was"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.json", "feed.json", "feed.jsonl"]

    result = runner.invoke(cli, ["convert", str(feed), "--to", "jsonl"])
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 3
