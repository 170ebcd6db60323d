"""Settings as linters keep them ([tool.claimreview] in pyproject.toml, .claimreview.toml, found
upward), --select/--ignore by code or prefix, and the command line winning over the file."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from claimreview import config
from claimreview.cli import cli
from claimreview.validation.diagnostics import ERROR, WARNING, Code

FEED = ('{"@context": "https://schema.org", "@type": "ClaimReview", "url": "https://example.com/a", '
        '"claimReviewd": "x", "reviewRating": {"@type": "Rating", "alternateName": "False"}}\n')


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "claims").mkdir()
    (tmp_path / "claims" / "feed.jsonl").write_text(FEED, encoding="utf-8")
    monkeypatch.chdir(tmp_path / "claims")
    return tmp_path


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["validate", *args, "feed.jsonl"])
    return result.exit_code, result.stdout, result.stderr


def test_no_settings_file_reports_everything(project: Path) -> None:
    code, out, _ = _run()
    assert code == 1
    assert "claimreview.missing-claim-reviewed" in out and "did you mean 'claimReviewed'?" in out


def test_pyproject_table_found_upward_and_the_command_line_wins(project: Path) -> None:
    (project / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.claimreview]\n'
                                            'ignore = ["claimreview.missing-claim-reviewed"]\nstrict = true\n')
    code, out, err = _run()
    assert "missing-claim-reviewed" not in out and code == 1  # strict: the typo's warning fails
    assert "1 not reported (--select/--ignore)" in err
    assert _run("--no-strict")[0] == 0


def test_claimreview_toml_wins_over_pyproject_in_the_same_folder(project: Path) -> None:
    (project / "pyproject.toml").write_text('[tool.claimreview]\nselect = ["json"]\n')
    (project / ".claimreview.toml").write_text('select = ["vocab"]\n')
    code, out, _ = _run()
    assert code == 0 and out.count("vocab.unknown-property") == 1 and "claimreview." not in out


def test_a_pyproject_without_the_table_is_passed_over(project: Path) -> None:
    (project / "claims" / "pyproject.toml").write_text('[project]\nname = "x"\n')
    (project / ".claimreview.toml").write_text('ignore = ["vocab"]\n')
    assert config.find(project / "claims") == (project / ".claimreview.toml", {"ignore": ["vocab"]})


@pytest.mark.parametrize(("text", "message"), [
    ('scpe = "page"\n', "unknown setting 'scpe'; did you mean 'scope'?"),
    ('strict = "yes"\n', "'strict' must be bool"),
    ("select = [1]\n", "'select' must be a list of codes"),
    ("select = [\n", "cannot be read as TOML"),
])
def test_a_bad_settings_file_cannot_run(project: Path, text: str, message: str) -> None:
    (project / ".claimreview.toml").write_text(text)
    code, _, err = _run()
    assert code == 2 and message in err and ".claimreview.toml" in err


def test_select_and_ignore_by_code_or_prefix(project: Path) -> None:
    code, out, _ = _run("--select", "claimreview.missing-claim-reviewed,vocab")
    assert code == 1 and {line.split(" ")[2] for line in out.splitlines()} == {
        "claimreview.missing-claim-reviewed:", "vocab.unknown-property:"}
    code, out, _ = _run("--ignore", "claimreview", "--ignore", "vocab")
    assert code == 0 and out == ""


def test_selector_matches_at_a_dot_only() -> None:
    keep = config.selector(["vocab"], ["vocab.unknown-type"])
    assert keep is not None
    assert keep(Code("vocab.unknown-property", WARNING, "x").at("x"))
    assert not keep(Code("vocab.unknown-type", WARNING, "x").at("x"))
    assert not keep(Code("vocabulary.x", ERROR, "x").at("x"))  # a prefix is a whole dotted part
    assert config.selector([], []) is None
    assert config.codes(["a,b", " c "]) == ["a", "b", "c"]
