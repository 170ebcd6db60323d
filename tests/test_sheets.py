"""Spreadsheets as newsrooms keep them: their own headers, US dates, language names, URLs without
a scheme, no claimant kind; and --split, one paste-ready snippet per review.

The fixture tests/fixtures/newsroom/newsroom-sheet.csv is a Google Sheets export (CRLF, quoted
commas, month-first dates) with the headers a newsroom uses; newsroom-sheet.mapping.toml beside
it says what they mean. Its claims and claimants are the seed article's; the reviews, like those
of examples/, are illustrative (an example desk on example.org, with illustrative dates).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimreview import Source, load
from claimreview.cli import cli
from claimreview.readers._csvcells import CellError
from claimreview.readers._sheetmap import closest_column, infer_order, language, sheet_date, url_hint
from tests.conftest import FIXTURES

NEWSROOM = FIXTURES / "newsroom"
SHEET = NEWSROOM / "newsroom-sheet.csv"


def _codes(loaded: object) -> list[tuple[str, int | None, int | None]]:
    return [(d.code, d.line, d.column) for d in loaded.diagnostics]  # type: ignore[attr-defined]


def test_the_sheet_without_its_mapping_names_the_closest_column_for_each_unknown_header(tmp_path: Path) -> None:
    bare = tmp_path / "sheet.csv"
    shutil.copy(SHEET, bare)
    loaded = load(bare)
    assert loaded.document is None
    unknown = [d for d in loaded.diagnostics if d.code == "csv.unknown-column"]
    assert [(d.column, d.message.split("closest known column is ")[1].split(";")[0]) for d in unknown] == [
        (4, "'appearance_urls'"), (6, "'review_url'"), (7, "'review_date'")]
    assert '--map "Fact-check URL=review_url"' in unknown[1].message


def test_an_ambiguous_date_is_an_error_with_its_fix(tmp_path: Path) -> None:
    sheet = tmp_path / "s.csv"
    sheet.write_text("Claim,Verdict,Reviewer,Review date\r\nC,False,Desk,1/10/2025\r\n", encoding="utf-8")
    [d] = load(sheet).diagnostics
    assert (d.code, d.line, d.column) == ("csv.ambiguous-date", 2, 4)
    assert "1 October 2025 or 10 January 2025" in d.message and "--date-format" in d.message
    result = CliRunner().invoke(cli, ["convert", str(sheet), "--to", "json", "--date-format", "month-first"])
    assert result.exit_code == 0, result.output
    assert '"date": "2025-01-10"' in result.stdout


def test_one_command_one_valid_snippet_per_review(tmp_path: Path) -> None:
    out = tmp_path / "snippets"
    runner = CliRunner()
    result = runner.invoke(cli, ["convert", str(SHEET), "--to", "html", "--split", "-o", str(out)])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir() if p.name != ".claimreview-files.json")  # what claimreview wrote
    assert names == ["index.md", "north-korea-100000-troops.html", "north-korean-laborers-donbas.html",
                     "un-members-dpr.html"]
    index = (out / "index.md").read_text(encoding="utf-8")
    for name in names[1:]:
        assert f"[{name}](<{name}>)" in index
        text = (out / name).read_text(encoding="utf-8")
        assert text.count("<script") == 1 and '"@type": "ClaimReview"' in text
        checked = runner.invoke(cli, ["validate", "--strict", "--format", "json", str(out / name)])
        # valid; the warnings left are what the sheet does not say (claim dates, appearances)
        assert '"errors": 0' in checked.stdout, checked.stdout
        assert runner.invoke(cli, ["validate", str(out / name)]).exit_code == 0
    first = (out / names[1]).read_text(encoding="utf-8")
    assert '"datePublished": "2025-01-10"' in first and '"inLanguage": "en"' in first
    assert '"@type": "Person"' in first and "Igor Korotchenko" in first
    assert runner.invoke(cli, ["validate", str(out)]).exit_code == 0


def test_map_options_do_what_the_mapping_file_does(tmp_path: Path) -> None:
    bare = tmp_path / "sheet.csv"
    shutil.copy(SHEET, bare)
    args = ["convert", str(bare), "--to", "json", "--date-format", "month-first", "--claimant-kind", "person",
            "--map", "Where it appeared=appearance_urls", "--map", "Fact-check URL=review_url",
            "--map", "Published=review_date"]
    by_options = CliRunner().invoke(cli, args)
    by_file = CliRunner().invoke(cli, ["convert", str(SHEET), "--to", "json"])
    assert by_options.exit_code == by_file.exit_code == 0, by_options.output
    # the file also sets the language: the rest is the same
    with_language = json.loads(by_file.stdout)
    assert {r.pop("language") for r in with_language["reviews"]} == {"en"}
    assert json.loads(by_options.stdout) == with_language


def test_a_mapping_to_an_unknown_column_is_refused_with_the_closest(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["convert", str(SHEET), "--to", "json", "--map", "Published=review_dat"])
    assert result.exit_code == 1
    assert "csv.mapping" in result.output and "did you mean 'review_date'?" in result.output
    bad = tmp_path / "s.csv"
    bad.write_text("Claim,Verdict,Reviewer\r\nC,False,Desk\r\n", encoding="utf-8")
    (tmp_path / "s.mapping.yaml").write_text("date_format: sideways\ncolumns: {Claim: claim_txt}\n")
    codes = _codes(load(bad))
    assert [c for c, _, _ in codes] == ["csv.mapping", "csv.mapping"]


def test_an_empty_target_ignores_a_column(tmp_path: Path) -> None:
    sheet = tmp_path / "s.csv"
    sheet.write_text("Claim,Verdict,Reviewer,Notes\r\nC,False,Desk,call back\r\n", encoding="utf-8")
    assert load(sheet).document is None
    (tmp_path / "s.csv.mapping.toml").write_text('[columns]\nNotes = ""\n')
    assert load(sheet).document is not None


def test_claimant_kind_defaults_to_person_with_one_warning_and_can_be_set(tmp_path: Path) -> None:
    sheet = tmp_path / "s.csv"
    sheet.write_text("Claim,Claimant,Verdict,Reviewer\r\nA,Regnum,False,Desk\r\nB,Mirror,False,Desk\r\n",
                     encoding="utf-8")
    loaded = load(sheet)
    assert loaded.document is not None and [p.name for p in loaded.document.people] == ["Regnum", "Mirror"]
    assert _codes(loaded) == [("csv.default-kind", 2, 2)]
    loaded = load(Source(name=str(sheet), path=sheet), "csv", claimant_kind="organization")
    assert loaded.document is not None and not loaded.diagnostics
    assert [o.name for o in loaded.document.organizations] == ["Regnum", "Desk", "Mirror"]


def test_language_names_and_urls_without_scheme(tmp_path: Path) -> None:
    sheet = tmp_path / "s.csv"
    sheet.write_text("Claim,Verdict,Reviewer,Language,Review URL\r\n"
                     "A,False,Desk,Español,https://factcheck.example.org/a\r\n"
                     "B,False,Desk,Deutsch,factcheck.example.org/b\r\n"
                     "C,False,Desk,Bogus Nonsense Words,\r\n", encoding="utf-8")
    loaded = load(sheet)
    assert _codes(loaded) == [("csv.url-scheme", 3, 5), ("csv.invalid-language", 4, 4)]
    assert "write https://factcheck.example.org/b" in loaded.diagnostics[0].message


@pytest.mark.parametrize(("cell", "order", "expected"), [
    ("2025-01-10", None, "2025-01-10"),
    ("2025-01", None, "2025-01"),
    ("2025-01-10T09:30:00Z", None, "2025-01-10T09:30:00Z"),
    ("2025-01-10 09:30:00", None, "2025-01-10"),
    ("1/10/2025", "month-first", "2025-01-10"),
    ("1/10/2025", "day-first", "2025-10-01"),
    ("10.01.2025", "day-first", "2025-01-10"),
    ("13/1/2025", None, "2025-01-13"),
    ("1/13/25", None, "2025-01-13"),
    ("3/3/99", None, "1999-03-03"),
    ("January 10, 2025", None, "2025-01-10"),
    ("Fri, Jan 10, 2025", None, "2025-01-10"),
    ("10 Sept. 2025", None, "2025-09-10"),
    ("45658", None, "2025-01-01"),   # Excel's serial number of 1 January 2025
    ("61", None, "61"),              # too short for a serial: a year-like number the model judges
    ("45658.75", None, "2025-01-01"),
])
def test_dates_as_spreadsheets_write_them(cell: str, order: str | None, expected: str) -> None:
    if expected == "61":
        with pytest.raises(CellError):
            sheet_date(cell, order)
        return
    assert sheet_date(cell, order) == expected


@pytest.mark.parametrize(("cell", "code"), [
    ("1/10/2025", "csv.ambiguous-date"), ("2/30/2025", "csv.invalid-date"), ("soon", "csv.invalid-date")])
def test_dates_that_cannot_be_read(cell: str, code: str) -> None:
    with pytest.raises(CellError) as caught:
        sheet_date(cell, "month-first" if code == "csv.invalid-date" else None)
    assert caught.value.code.name == code


def test_a_sheet_with_one_unambiguous_date_fixes_the_order_of_the_others() -> None:
    assert infer_order(["1/10/2025", "1/13/2025"]) == "month-first"
    assert infer_order(["1/10/2025", "13/1/2025"]) == "day-first"
    assert infer_order(["1/10/2025", "13/1/2025", "1/13/2025"]) is None
    assert infer_order(["2025-01-10", None]) is None


@pytest.mark.parametrize(("cell", "tag"), [
    ("English", "en"), ("Español", "es"), ("Deutsch", "de"), ("ukrainian", "uk"), ("한국어", "ko"),
    ("en", "en"), ("pt-BR", "pt-BR"), ("EN-gb", "en-GB")])
def test_language_names_and_tags(cell: str, tag: str) -> None:
    assert language(cell) == tag


def test_url_hints() -> None:
    assert url_hint("www.example.org/a") == "'www.example.org/a' has no scheme: write https://www.example.org/a"
    assert url_hint("https://www.example.org/a") is None
    assert url_hint("see the broadcast") is None


@pytest.mark.parametrize(("header", "column"), [
    ("Where it appeared", "appearance_urls"), ("Fact-check URL", "review_url"), ("Published", "review_date"),
    ("Claim made on", "claim_date"), ("Rating explanation", "rating_explanation"), ("Headline", "review_headline")])
def test_closest_column(header: str, column: str) -> None:
    assert closest_column(header) == column


# --- claimreview new ------------------------------------------------------------------------------

FILLED = {
    "organizations/name": "Example Fact-Check Desk",
    "organizations/url": "https://factcheck.example.org/",
    "people/name": "Igor Korotchenko",
    "claims/text": "North Korea could send up to 100,000 soldiers to help Russia in Ukraine.",
    "claims/date": "",
    "claims/url": "",
    "reviews/url": "https://factcheck.example.org/reviews/north-korea-100000-troops",
    "reviews/date": "",
    "reviews/headline": "Illustrative review: North Korea's 100,000 soldiers for Russia",
    "reviews/label": "Unproven",
    "reviews/value": "", "reviews/best": "", "reviews/worst": "",
    "reviews/explanation": "The article itself labels the report a rumor.",
}
"""Values from the seed article (examples/north-korea-troops.yaml); the article gives no dates or
appearance URLs, so those optional lines are left out."""


def _fill(template: str) -> str:
    out, section = [], ""
    for line in template.splitlines():
        if line and not line.startswith((" ", "#")):
            section = line.rstrip(":")
        key = line.split(":", 1)[0].strip().lstrip("- ")
        empty = line.rstrip().endswith(":") or (":  " in line and line.split(":", 1)[1].strip().startswith("#"))
        if f"{section}/{key}" in FILLED and empty:
            value = FILLED[f"{section}/{key}"]
            if not value:
                continue  # an optional field the source does not give
            line = line.split(":", 1)[0] + ": " + json.dumps(value, ensure_ascii=False)
        out.append(line)
    return "\n".join(out) + "\n"


def test_new_writes_a_template_that_is_invalid_until_filled_and_valid_once_filled(tmp_path: Path) -> None:
    runner = CliRunner()
    target = tmp_path / "factcheck.yaml"
    assert runner.invoke(cli, ["new", "-o", str(target)]).exit_code == 0
    assert runner.invoke(cli, ["new", "-o", str(target)]).exit_code == 1  # never overwrites by accident
    template = target.read_text(encoding="utf-8")
    assert template == runner.invoke(cli, ["new"]).stdout
    empty = runner.invoke(cli, ["validate", str(target)])
    assert empty.exit_code == 1
    assert "/organizations/0/name" in empty.output and "/reviews/0/rating/label" in empty.output
    filled = tmp_path / "filled.yaml"
    # where the claim appeared: the article names a channel, not a URL
    filled.write_text(_fill(template.replace("      - url:", "      - description: On Rossiya 1 #")),
                      encoding="utf-8")
    checked = runner.invoke(cli, ["validate", str(filled)])
    assert checked.exit_code == 0, checked.output + filled.read_text()
    html = runner.invoke(cli, ["convert", str(filled), "--to", "html"])
    assert html.exit_code == 0 and '"alternateName": "Unproven"' in html.stdout
