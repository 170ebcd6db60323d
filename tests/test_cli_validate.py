"""``claimreview validate``: exit codes, what goes to stdout and to stderr, folders, globs, stdin,
--strict, --format json and github, and no traceback for any hostile input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimreview.cli import cli
from tests.conftest import FIXTURES

FEEDS = FIXTURES / "feeds"
HOSTILE = sorted(p for p in FEEDS.iterdir()
                 if p.suffix in (".json", ".jsonl") and not p.name.endswith(".expected.json"))


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_a_valid_feed_exits_0_with_a_summary_on_stderr(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["validate", str(FEEDS / "valid.jsonl")])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "1 file, 3 items checked: 0 errors, 0 warnings (valid)\n"


def test_an_invalid_feed_exits_1_with_one_line_per_problem(runner: CliRunner) -> None:
    path = FEEDS / "broken-line.jsonl"
    result = runner.invoke(cli, ["validate", str(path)])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{path}:2:43:: error json.syntax: expected a JSON value",
        f"{path}:3:594:/reviewRating/ratingValue: error claimreview.rating-out-of-scale: ratingValue 9 is above "
        "bestRating (5)",
    ]
    assert result.stderr.splitlines() == [
        "1 file, 3 items checked: 2 errors, 0 warnings (invalid)",
        "  by code: json.syntax 1, claimreview.rating-out-of-scale 1",
    ]


def test_warnings_pass_unless_strict(runner: CliRunner) -> None:
    path = str(FEEDS / "bom.jsonl")
    lenient = runner.invoke(cli, ["validate", path])
    assert lenient.exit_code == 0
    assert "warning input.bom" in lenient.stdout
    strict = runner.invoke(cli, ["validate", "--strict", path])
    assert strict.exit_code == 1
    assert strict.stdout == lenient.stdout


def test_quiet_drops_the_summary(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["validate", "-q", str(FEEDS / "broken-line.jsonl")])
    assert result.exit_code == 1
    assert result.stderr == ""
    assert len(result.stdout.splitlines()) == 2


def test_json_report_holds_diagnostics_and_summary(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["validate", "--format", "json", str(FEEDS / "broken-item.json"),
                                 str(FEEDS / "valid.jsonl")])
    assert result.exit_code == 1
    assert result.stderr == ""
    report = json.loads(result.stdout)
    assert report["valid"] is False
    assert (report["files"], report["items"], report["errors"], report["warnings"]) == (2, 6, 2, 0)
    assert report["by_code"] == {"claimreview.rating-out-of-scale": 1, "json.syntax": 1}
    first = report["diagnostics"][0]
    assert first == {"severity": "error", "code": "json.syntax", "pointer": "/1",
                     "message": "expected ',' between members", "file": str(FEEDS / "broken-item.json"),
                     "line": 38, "column": 25, "item": 1}


def test_json_report_of_a_valid_input(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["validate", "--format", "json", str(FEEDS / "bom.json")])
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["valid"] is True and report["warnings"] == 1 and report["strict"] is False
    strict = runner.invoke(cli, ["validate", "--format", "json", "--strict", str(FEEDS / "bom.json")])
    assert strict.exit_code == 1
    strict = json.loads(strict.stdout)
    assert strict["valid"] is False


def test_github_annotations_escape_what_workflow_commands_need(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "a,b:c%.jsonl"
    shutil.copy(FEEDS / "broken-line.jsonl", path)
    result = runner.invoke(cli, ["validate", "--format", "github", str(path)])
    assert result.exit_code == 1
    escaped = str(path).replace("%", "%25").replace(":", "%3A").replace(",", "%2C")
    assert result.stdout.splitlines() == [
        f"::error file={escaped},line=2,col=43,title=json.syntax::expected a JSON value",
        f"::error file={escaped},line=3,col=594,title=claimreview.rating-out-of-scale::/reviewRating/ratingValue: "
        "ratingValue 9 is above bestRating (5)",
    ]


def test_folders_are_searched_recursively(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "deeper" / "still").mkdir(parents=True)
    shutil.copy(FEEDS / "valid.jsonl", tmp_path / "a.jsonl")
    shutil.copy(FEEDS / "broken-item.json", tmp_path / "deeper" / "still" / "b.json")
    (tmp_path / "deeper" / "readme.txt").write_text("not a claim file")
    (tmp_path / ".hidden").mkdir()
    shutil.copy(FEEDS / "broken-line.jsonl", tmp_path / ".hidden" / "c.jsonl")
    result = runner.invoke(cli, ["validate", str(tmp_path)])
    assert result.exit_code == 1
    files = {line.split(":")[0] for line in result.stdout.splitlines()}
    assert files == {str(tmp_path / "deeper" / "still" / "b.json")}
    assert result.stderr.startswith("2 files, 6 items checked: 2 errors")


def test_globs_are_expanded(runner: CliRunner, tmp_path: Path) -> None:
    for name in ("valid.json", "valid.jsonl", "broken-line.jsonl"):
        shutil.copy(FEEDS / name, tmp_path / name)
    result = runner.invoke(cli, ["validate", str(tmp_path / "valid.*")])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr.startswith("2 files, 5 items checked")
    result = runner.invoke(cli, ["validate", str(tmp_path / "**" / "*.jsonl")])
    assert result.exit_code == 1
    assert result.stderr.startswith("2 files, 6 items checked")


def test_a_glob_that_matches_nothing_cannot_run(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["validate", str(FEEDS / "nothing-*.jsonl")])
    assert result.exit_code == 2
    assert "no file matches this pattern" in result.stdout


def test_a_missing_file_cannot_run_but_the_others_are_checked(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["validate", str(tmp_path / "nope.jsonl"), str(FEEDS / "broken-line.jsonl")])
    assert result.exit_code == 2
    assert "no such file or folder" in result.stdout
    assert "json.syntax" in result.stdout


@pytest.mark.parametrize(("option", "value"), [("--rules", "google-1999"), ("--page-url", "ftp://example.com/")])
def test_bad_options_cannot_run(runner: CliRunner, option: str, value: str) -> None:
    result = runner.invoke(cli, ["validate", option, value, str(FEEDS / "valid.jsonl")])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.exception is not None


def test_stdin_is_streamed(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["validate", "-"], input=(FEEDS / "broken-line.jsonl").read_bytes())
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == "<stdin>:2:43:: error json.syntax: expected a JSON value"
    assert "3 items checked" in result.stderr


def test_from_forces_json_lines(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "feed.txt"
    shutil.copy(FEEDS / "broken-line.jsonl", path)
    result = runner.invoke(cli, ["validate", "--from", "jsonl", str(path)])
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 2


def test_page_url_and_rules_reach_every_record(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["validate", "--rules", "google-2025", "--page-url", "https://elsewhere.example.net/",
                                 str(FEEDS / "valid.json")])
    assert result.exit_code == 1
    assert result.stdout.count("claimreview.url-off-page-domain") == 2


def test_no_progress_bar_in_a_pipe(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["validate", str(FEEDS / "valid.jsonl")])
    assert "\r" not in result.stderr and "items/s" not in result.stderr


@pytest.mark.parametrize("path", HOSTILE, ids=lambda p: p.name)
def test_hostile_inputs_never_give_a_traceback(runner: CliRunner, path: Path) -> None:
    expected = json.loads(path.with_name(path.name + ".expected.json").read_text())
    result = runner.invoke(cli, ["validate", str(path)])
    assert result.exit_code == (1 if any(d["severity"] == "error" for d in expected) else 0)
    assert result.exception is None or isinstance(result.exception, SystemExit)  # no exception escaped
    assert len(result.stdout.splitlines()) == len(expected)


def test_pre_commit_hook_runs_validate_on_every_claim_file_extension() -> None:
    import re

    import yaml

    from claimreview.readers.feed import known_suffixes

    [hook] = yaml.safe_load((Path(__file__).parent.parent / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "claimreview-validate" and hook["entry"] == "claimreview validate"
    files = re.compile(hook["files"])
    assert [s for s in known_suffixes() if s != ".zip" and not files.search(f"claims/x{s}")] == []
    assert not files.search("notes.txt") and files.search("FEED.JSONL")


def test_vocabulary_is_checked_on_feeds_when_asked(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "typo.jsonl"
    good = (FEEDS / "valid.jsonl").read_text().splitlines()[0]
    path.write_text(good.replace('"datePublished":"2024-06-22"', '"datePublised":"2024-06-22"') + "\n")
    assert runner.invoke(cli, ["validate", str(path)]).exit_code == 0
    result = runner.invoke(cli, ["validate", "--vocabulary", str(path)])
    assert result.exit_code == 0  # an unknown term is a warning
    assert "vocab.unknown-property" in result.stdout and "datePublished" in result.stdout
    assert runner.invoke(cli, ["validate", "--vocabulary", "--strict", str(path)]).exit_code == 1
