"""claimreview serve over HTTP: the checks are the CLI's, files stay in the folder, requests from
other sites and hosts are refused, every value is escaped. (tests/test_serve_browser.py drives it
in Chromium.)"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimreview.cli import cli
from tests.conftest import FIXTURES
from tests.serving import Served, serving

pytest.importorskip("starlette", reason="the serve extra is not installed")

ROOT = Path(__file__).resolve().parent.parent
HOSTILE_SCRIPT = "<script>window.__pwned=1</script>"
HOSTILE_ATTR = '"><img src=x onerror="window.__pwned=2">'

FACT_CHECK = {
    "desk_name": "Example Fact-Check Desk", "desk_url": "https://factcheck.example.org/",
    "scale": "False = 1\nUnproven = 3\nTrue = 5",
    "claims-0-text": "North Korea could send up to 100,000 soldiers to help Russia in Ukraine.",
    "claims-0-claimant": "__new__", "claims-0-new_name": "Igor Korotchenko", "claims-0-new_kind": "person",
    "claims-0-verdict": "Unproven", "claims-0-explanation": "The article itself labels the report a rumor.",
    "claims-0-review_url": "https://factcheck.example.org/reviews/north-korea-100000-troops",
    "claims-0-language": "en",
}
"""The seed article's first claim with the illustrative review of examples/."""


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Served]:
    folder = tmp_path / "factchecks"
    folder.mkdir()
    with serving(folder) as served:
        yield served


def test_live_check_places_each_finding_beside_its_field(app: Served) -> None:
    token = app.token()
    fields = {**FACT_CHECK, "csrf": token, "claims-0-review_url": "factcheck.example.org/reviews/x",
              "claims-0-text": ""}
    answer = json.loads(app.post("/api/check", fields).body)
    assert {k: [d["code"] for d in v] for k, v in answer["fields"].items()} == {
        "claims-0-text": ["model.missing-field"], "claims-0-review_url": ["model.invalid-url"]}
    assert answer["snippet"] is None and answer["errors"] == 2
    answer = json.loads(app.post("/api/check", {**FACT_CHECK, "csrf": token}).body)
    assert answer["errors"] == 0 and answer["snippet"].startswith('<script type="application/ld+json">')
    assert answer["cards"] == [{
        "claim": FACT_CHECK["claims-0-text"], "claimant": "Igor Korotchenko", "claim_date": "",
        "rating": "Unproven", "publisher": "Example Fact-Check Desk", "date": "", "headline": "",
        "url": FACT_CHECK["claims-0-review_url"]}]
    snippet = json.loads(answer["snippet"].split("\n", 1)[1].rsplit("</script>", 1)[0])
    rating = next(n for n in snippet["@graph"] if n["@type"] == "ClaimReview")["reviewRating"]
    assert (rating["ratingValue"], rating["bestRating"], rating["worstRating"]) == (3, 5, 1)


def test_the_form_works_without_javascript_and_saves_a_file_the_cli_validates(app: Served) -> None:
    token = app.token()
    page = app.post("/edit", {**FACT_CHECK, "csrf": token, "claims-0-review_url": "factcheck.example.org/r",
                              "action": "check"})
    assert page.status == 200 and "is not an absolute http(s) URL" in page.text
    saved = app.post("/edit", {**FACT_CHECK, "csrf": token, "file": "troops.yaml", "action": "save"})
    assert saved.status == 303 and saved.headers["location"] == "/edit?file=troops.yaml&saved=1"
    assert CliRunner().invoke(cli, ["validate", str(app.folder / "troops.yaml")]).exit_code == 0
    assert (app.folder / "rating-scale.txt").read_text() == "False = 1\nUnproven = 3\nTrue = 5\n"
    reopened = app.get(saved.headers["location"]).text
    assert 'value="Igor Korotchenko"' not in reopened  # the claimant is now one of the file's people
    assert '<option value="igor-korotchenko" selected>Igor Korotchenko (person)</option>' in reopened
    assert "Saved troops.yaml" in reopened and "holds more than this form shows" not in reopened
    listing = app.get("/").text
    assert "troops.yaml" in listing and '<span class="status valid">valid</span>' in listing
    again = app.post("/edit", {**FACT_CHECK, "csrf": token, "file": "troops.yaml", "action": "save"})
    assert again.status == 422 and "exists already" in again.text  # a new form never overwrites a file
    added = app.post("/edit", {**FACT_CHECK, "csrf": token, "action": "add-claim"}).text
    assert 'name="claims-1-text"' in added


def test_a_file_the_form_cannot_show_whole_is_never_saved_over(app: Served) -> None:
    shutil.copy(ROOT / "examples" / "north-korea-troops.yaml", app.folder / "seed.yaml")
    page = app.get("/edit?file=seed.yaml").text
    assert "holds more than this form shows" in page and 'name="original" value=""' in page


def test_every_format_exports_and_a_sheet_imports(app: Served) -> None:
    shutil.copy(ROOT / "examples" / "north-korea-troops.yaml", app.folder / "seed.yaml")
    for to in ("yaml", "json", "jsonld", "jsonl", "csv", "markdown", "html"):
        answer = app.get(f"/export?file=seed.yaml&to={to}")
        assert answer.status == 200, (to, answer.text[:300])
        assert answer.headers["content-disposition"].startswith('attachment; filename="seed')
    token = app.token()
    sheet = (ROOT / "examples" / "north-korea-troops-sheet.csv").read_bytes()
    boundary = "claimreviewboundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{token}\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"upload\"; filename=\"desk sheet.csv\"\r\n"
            "Content-Type: text/csv\r\n\r\n").encode() + sheet + f"\r\n--{boundary}--\r\n".encode()
    answer = app.request("POST", "/import", body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert answer.status == 303 and answer.headers["location"] == "/edit?file=desk-sheet.yaml&saved=1"
    assert CliRunner().invoke(cli, ["validate", str(app.folder / "desk-sheet.yaml")]).exit_code == 0


@pytest.mark.parametrize("name", ["../outside.yaml", "..%2Foutside.yaml", "/etc/passwd", "a/b.yaml", ".hidden.yaml",
                                  "link.yaml", "notes.txt"])
def test_no_path_outside_the_folder(app: Served, tmp_path: Path, name: str) -> None:
    outside = tmp_path / "outside.yaml"
    shutil.copy(ROOT / "examples" / "north-korea-troops.yaml", outside)
    os.symlink(outside, app.folder / "link.yaml")
    for path in (f"/edit?file={name}", f"/export?file={name}&to=json"):
        answer = app.get(path)
        assert answer.status in (400, 403, 404), (path, answer.status)
        assert "Igor Korotchenko" not in answer.text
    token = app.token()
    answer = app.post("/edit", {**FACT_CHECK, "csrf": token, "file": name, "original": name, "action": "save"})
    assert answer.status in (400, 403, 422)
    assert outside.read_bytes() == (ROOT / "examples" / "north-korea-troops.yaml").read_bytes()
    assert "link.yaml" not in app.get("/").text


def test_other_hosts_other_sites_and_missing_tokens_are_refused(app: Served) -> None:
    assert app.get("/", Host="attacker.example").status == 421  # DNS rebinding
    assert app.get("/", Host=f"attacker.example:{app.port}").status == 421
    assert app.get("/", Host=f"localhost:{app.port}").status == 200
    token = app.token()
    fields = {**FACT_CHECK, "file": "x.yaml", "action": "save"}
    assert app.post("/edit", fields).status == 403
    assert app.post("/edit", {**fields, "csrf": "guess"}).status == 403
    assert app.post("/api/check", fields).status == 403
    assert app.post("/edit", {**fields, "csrf": token}, Origin="http://attacker.example").status == 403
    assert app.post("/edit", {**fields, "csrf": token}, Origin="null").status == 403
    assert not (app.folder / "x.yaml").exists()


def test_every_response_carries_the_security_headers(app: Served) -> None:
    for path in ("/", "/edit", "/explain/model.invalid-url", "/static/app.js", "/edit?file=nothing.yaml"):
        headers = app.get(path).headers
        assert "script-src 'self'" in headers["content-security-policy"], path
        assert "'unsafe-inline'" not in headers["content-security-policy"].split("style-src")[0]
        assert headers["x-content-type-options"] == "nosniff" and headers["x-frame-options"] == "DENY"
    page = app.post("/preview/page", {**FACT_CHECK, "csrf": app.token()})
    assert page.headers["content-security-policy"].endswith("sandbox")
    assert "<script" not in page.text.replace('<script type="application/ld+json">', "")


def test_hostile_values_are_escaped_everywhere(app: Served) -> None:
    token = app.token()
    hostile = {k: (v if k.endswith(("claimant", "new_kind")) else f"{HOSTILE_SCRIPT}{HOSTILE_ATTR}")
               for k, v in FACT_CHECK.items()}
    hostile["claims-0-review_url"] = "javascript:window.__pwned=3"
    hostile["claims-0-verdict"] = f"Fals{HOSTILE_SCRIPT}"
    for answer in (app.post("/edit", {**hostile, "csrf": token, "action": "check"}),
                   app.post("/edit", {**hostile, "csrf": token, "action": "save", "file": "x.yaml"})):
        text = answer.text
        assert HOSTILE_SCRIPT not in text and "<img" not in text and "onerror=\"window" not in text
        assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in text
        assert text.count("<script") == 1  # /static/app.js
    explain = app.get("/explain/%3Cscript%3Ealert(1)%3C%2Fscript%3E")
    assert explain.status == 404 and "<script>alert" not in explain.text


def test_serve_without_its_folder_says_so() -> None:
    result = CliRunner().invoke(cli, ["serve", str(FIXTURES / "no-such-folder")])
    assert result.exit_code == 2 and "no such folder" in result.output


def test_a_broken_file_or_import_shows_its_findings(app: Served) -> None:
    (app.folder / "broken.yaml").write_text("claimreview: '1'\nclaims:\n  - id: c\n", encoding="utf-8")
    page = app.get("/edit?file=broken.yaml")
    assert page.status == 422 and "broken.yaml cannot be used" in page.text
    assert "/explain/model.missing-field" in page.text
    assert '<span class="status invalid">invalid</span>' in app.get("/").text
    boundary = "b0undary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{app.token()}\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"upload\"; filename=\"s.csv\"\r\n\r\n"
            "Claim,Verdict\r\nC,False\r\n"
            f"\r\n--{boundary}--\r\n").encode()
    answer = app.request("POST", "/import", body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert answer.status == 422 and "reviewer_name" in answer.text
