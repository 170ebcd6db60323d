"""The Markdown report: structure, escaping of hostile text, http(s)-only links, and the check
that refuses to write a report that does not parse back as the report it should be."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from markdown_it import MarkdownIt

from claimreview import export
from claimreview.cli import cli
from claimreview.exporters import markdown as md
from claimreview.schemas import Document
from tests.conftest import SEED
from tests.strategies import documents

PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"])

HOSTILE = [
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "| a | b |",
    "**bold** and __bold__ and *it* and _it_",
    "# heading",
    "- item",
    "+ item",
    "* item",
    "1. item",
    "2) item",
    "> quoted",
    "```\nfenced\n```",
    "`code` and ``more``",
    "back\\slash\\",
    "trailing backslash \\",
    "&amp; &lt;b&gt; &copy; &#60;",
    "<https://evil.example/autolink>",
    "![img](https://evil.example/x.png)",
    "[ref]: https://evil.example/ref",
    "~~strike~~",
    "line one\nline two\r\nline three",
    "setext\n===",
    "rule\n---",
    "    indented code",
    "<!-- comment -->",
    "<div>block</div>",
    "emoji 🧐🇺🇦",
    "Дмитро Кулеба",
    "김정은 위원장",
    "مرحبا بالعالم",
    "שלום עולם",
    "\u202eevil\u202c",
    "nul\x00byte",
]


def _doc(**overrides: Any) -> Document:
    """A small valid document: one article reporting one reviewed claim."""
    data: dict[str, Any] = {
        "organizations": [
            {"id": "desk", "name": "Desk", "kind": "fact-checker", "url": "https://desk.example.org/"},
            {"id": "paper", "name": "Paper", "kind": "newspaper"},
        ],
        "people": [{"id": "speaker", "name": "Speaker", "job_title": "Minister"}],
        "sanctions": [{"id": "res", "title": "Resolution", "identifier": "S/RES/1", "authority": "desk",
                       "measures": ["A measure"], "targets": ["paper"], "url": "https://un.example.org/res"}],
        "articles": [{"id": "art", "headline": "Headline", "publisher": "paper", "label": "RUMOR",
                      "keywords": ["one", "two"], "claims": ["c1"], "url": "https://paper.example.org/a"}],
        "claims": [{"id": "c1", "text": "Claim text", "claimant": "speaker",
                    "appearances": [{"url": "https://tv.example.org/clip", "outlet": "paper"}]}],
        "reviews": [{"id": "r1", "claim": "c1", "reviewer": "desk", "rating": {"label": "False"},
                     "url": "https://desk.example.org/r1"}],
    }
    data.update(overrides)
    return Document.model_validate(data)


def _report(doc: Document) -> tuple[str, list[Any]]:
    result = export(doc, "markdown")
    assert result.ok, [d.render() for d in result.diagnostics]
    assert isinstance(result.output, bytes)
    return result.output.decode("utf-8"), result.diagnostics


def _tokens(text: str) -> list[Any]:
    out: list[Any] = []

    def walk(tokens: list[Any]) -> None:
        for t in tokens:
            out.append(t)
            walk(t.children or [])

    walk(PARSER.parse(text))
    return out


def _claim_rows(text: str) -> list[list[str]]:
    """The body rows of the (single) table, each as its cells' text."""
    rows: list[list[str]] = []
    in_body = False
    tokens = PARSER.parse(text)
    for i, t in enumerate(tokens):
        if t.type == "tbody_open":
            in_body = True
        elif t.type == "tbody_close":
            in_body = False
        elif in_body and t.type == "tr_open":
            rows.append([])
        elif in_body and t.type == "td_open":
            inline = tokens[i + 1]
            rows[-1].append("".join(c.content for c in inline.children or [] if c.type == "text"))
    return rows


def _assert_safe(text: str) -> None:
    tokens = _tokens(text)
    assert not [t for t in tokens if t.type in ("html_inline", "html_block")]
    assert not [t for t in tokens if t.type == "image"]
    for t in tokens:
        if t.type == "link_open":
            assert re.match(r"^https?://", str(t.attrs["href"])), t.attrs


# -- the seed --------------------------------------------------------------------------------


def test_seed_report(seed_document: Document) -> None:
    text, diagnostics = _report(seed_document)
    assert diagnostics == []
    _assert_safe(text)
    tokens = PARSER.parse(text)
    h1 = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h1"]
    assert h1 == [seed_document.articles[0].headline]
    rows = _claim_rows(text)
    assert len(rows) == len(seed_document.claims)
    assert [r[1] for r in rows] == [md.clean_text(c.text) for c in seed_document.claims]
    by_claim = {r[1]: r for r in rows}
    reviewed_ids = {r.claim for r in seed_document.reviews}
    reviewed = {md.clean_text(c.text) for c in seed_document.claims if c.id in reviewed_ids}
    for claim_text, row in by_claim.items():
        assert (row[3] == "not reviewed") == (claim_text not in reviewed)
    for heading in ("## Claims", "## Claim details", "## People", "## Organizations", "## Sanctions"):
        assert f"\n{heading}\n" in text
    assert "S/RES/2397 (2017)" in text
    assert "ALEXANDER ZEMLIANICHENKO/POOL/AFP via Getty Images" in text
    assert "**Label:** RUMOR" in text


def test_seed_report_is_deterministic(seed_document: Document) -> None:
    assert _report(seed_document)[0] == _report(seed_document)[0]


def test_cli_writes_markdown_by_extension(tmp_path: Path) -> None:
    out = tmp_path / "report.markdown"
    result = CliRunner().invoke(cli, ["convert", str(SEED), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("# Russia-Ukraine War")


# -- structure -------------------------------------------------------------------------------


def test_article_fields_and_links() -> None:
    text, _ = _report(_doc())
    assert text.startswith("# Headline\n")
    assert "- **Publisher:** Paper\n" in text
    assert "- **Keywords:** one, two\n" in text
    assert "[paper.example.org](https://paper.example.org/a)" in text
    assert "| 1 | Claim text | Speaker | [False](https://desk.example.org/r1) | Desk |" in text
    assert "- **Claimant:** Speaker (Minister)" in text
    assert "  - Paper, [tv.example.org](https://tv.example.org/clip)" in text
    assert "- **Source:** [un.example.org](https://un.example.org/res)" in text
    assert "- **Identifier:** S/RES/1" in text


def test_unreviewed_claim_says_so() -> None:
    text, _ = _report(_doc(reviews=[]))
    assert _claim_rows(text) == [["1", "Claim text", "Speaker", "not reviewed", "—"]]
    assert "**Reviews:** not reviewed yet" in text


def test_several_reviews_share_one_row() -> None:
    reviews = [
        {"id": "r1", "claim": "c1", "reviewer": "desk", "rating": {"label": "False"}},
        {"id": "r2", "claim": "c1", "reviewer": "paper", "rating": {"label": "Misleading", "value": 2, "worst": 1,
                                                                     "best": 5}},
    ]
    text, _ = _report(_doc(reviews=reviews))
    assert _claim_rows(text) == [["1", "Claim text", "Speaker", "False; Misleading", "Desk; Paper"]]
    assert "**Score:** 2 on a scale from 1 (worst) to 5 (best)" in text


def test_several_articles_and_a_claim_no_article_reports() -> None:
    doc = _doc(
        articles=[
            {"id": "a1", "headline": "First", "claims": ["c1", "c2"]},
            {"id": "a2", "headline": "Second", "claims": ["c2"]},
        ],
        claims=[
            {"id": "c1", "text": "One"},
            {"id": "c2", "text": "Two"},
            {"id": "c3", "text": "Three"},
        ],
        reviews=[],
    )
    text, _ = _report(doc)
    assert text.startswith("# Fact-check report\n")
    assert "### 1\\. First" in text and "### 2\\. Second" in text
    rows = _claim_rows(text)
    assert [(r[1], r[5]) for r in rows] == [("One", "1"), ("Two", "1, 2"), ("Three", "none")]
    assert "**Reported in:** no article in this document" in text


def test_single_article_with_an_unreported_claim_gets_an_article_column() -> None:
    doc = _doc(claims=[{"id": "c1", "text": "One"}, {"id": "c2", "text": "Two"}], reviews=[])
    rows = _claim_rows(_report(doc)[0])
    assert [(r[1], r[5]) for r in rows] == [("One", "1"), ("Two", "none")]


def test_empty_document() -> None:
    text, _ = _report(Document())
    assert text == "# Fact-check report\n\n## Claims\n\nThis document holds no claims.\n"


# -- hostile text ----------------------------------------------------------------------------


def _hostile_doc(s: str) -> Document:
    return _doc(
        organizations=[
            {"id": "desk", "name": s, "kind": "fact-checker", "url": "https://desk.example.org/", "description": s,
             "alternate_names": [s]},
            {"id": "paper", "name": s, "kind": "newspaper", "country": s},
        ],
        people=[{"id": "speaker", "name": s, "job_title": s, "description": s}],
        sanctions=[{"id": "res", "title": s, "identifier": s, "authority": "desk", "measures": [s], "reason": s}],
        articles=[{"id": "art", "headline": s, "publisher": "paper", "label": s, "keywords": [s, s],
                   "description": s, "claims": ["c1"], "image": {"caption": s, "credit": s}}],
        claims=[{"id": "c1", "text": s, "claimant": "speaker", "appearances": [{"description": s, "outlet": "paper"}]}],
        reviews=[{"id": "r1", "claim": "c1", "reviewer": "desk", "headline": s, "note": s,
                  "rating": {"label": s, "explanation": s}, "url": "https://desk.example.org/r1"}],
    )


@pytest.mark.parametrize("s", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_text_renders_as_literal_text(s: str) -> None:
    doc = _hostile_doc(s)
    text, diagnostics = _report(doc)
    assert diagnostics == []
    _assert_safe(text)
    literal = md.clean_text(s)
    rendered = PARSER.render(text)
    # raw HTML never reaches the page: every < is escaped, so no tag of the input survives
    assert "<script" not in rendered and "<div" not in rendered and "<!--" not in rendered
    assert "<img" not in rendered and "<h1>" not in rendered.split("</h1>", 1)[1]
    # exactly the links the report makes itself: org website, rating, review url, no others
    hrefs = re.findall(r'<a href="([^"]*)"', rendered)
    assert sorted(set(hrefs)) == ["https://desk.example.org/", "https://desk.example.org/r1"]
    # the text shows literally: as the H1, as the claim cell, and nowhere as markup
    tokens = PARSER.parse(text)
    assert tokens[0].type == "heading_open" and tokens[0].tag == "h1"
    assert tokens[1].children is not None
    assert "".join(c.content for c in tokens[1].children if c.type == "text") == literal
    rows = _claim_rows(text)
    assert len(rows) == 1 and len(rows[0]) == 5
    assert rows[0][1] == literal
    assert f"<td>{html.escape(literal, quote=False)}</td>" in rendered.replace("&quot;", '"')
    # no emphasis, code, strikethrough, headings or quotes came from the text
    kinds = {t.type for t in _tokens(text)}
    assert not kinds & {"em_open", "s_open", "code_inline", "code_block", "fence", "blockquote_open", "hr",
                        "ordered_list_open"}
    assert sum(t.type == "heading_open" for t in tokens) == len(re.findall(r"^#{1,6} ", text, re.MULTILINE))


def test_escape_text_markers() -> None:
    assert md.escape_text("1. item") == "1\\. item"
    assert md.escape_text("12) item") == "12\\) item"
    assert md.escape_text("- item") == "\\- item"
    assert md.escape_text("+ item") == "\\+ item"
    assert md.escape_text("# h") == "\\# h"
    assert md.escape_text("> q") == "\\> q"
    assert md.escape_text("a\nb\r\nc\td") == "a b c d"
    assert md.escape_text("Дмитро 김정은 שלום 🧐") == "Дмитро 김정은 שלום 🧐"
    assert md.escape_text("2022-08-01") == "2022-08-01"


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/wiki/Foo_(bar)",
        "https://example.org/a?b=1&copy=2&lt;x",
        "https://example.org/a|b`c`*d*_e_[f]",
        "https://example.org/a\\b",
        "https://example.org/%20already",
        "https://пример.example/путь",
    ],
)
def test_escape_url_keeps_the_address(url: str) -> None:
    assert md.safe_url(url)
    text = f"| a |\n| --- |\n| [link]({md.escape_url(url)}) `x` |\n"
    links = [t for t in _tokens(text) if t.type == "link_open"]
    assert len(links) == 1
    assert links[0].attrs["href"] == PARSER.normalizeLink(url)


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "JAVASCRIPT://x", "/relative",
     "https://", "https://exa mple.org/", "ftp://example.org/", "https://example.org/\nx", " https://example.org/"],
)
def test_unsafe_urls_are_never_links(url: str) -> None:
    assert not md.safe_url(url)
    doc = _doc()
    # bypass the model (which refuses these) to prove the exporter checks again
    bad_org = doc.organizations[0].model_copy(update={"url": url})
    bad_review = doc.reviews[0].model_copy(update={"url": url})
    bad = doc.model_copy(update={"organizations": [bad_org, doc.organizations[1]], "reviews": [bad_review]})
    result = export(bad, "markdown")
    assert result.ok
    assert isinstance(result.output, bytes)
    text = result.output.decode("utf-8")
    _assert_safe(text)
    assert {d.code for d in result.diagnostics} == {"markdown.link-withheld"}
    assert {d.pointer for d in result.diagnostics} == {"/organizations/0/url", "/reviews/0/url"}
    assert all(not d.is_error for d in result.diagnostics)


# -- the check -------------------------------------------------------------------------------


def test_check_refuses_raw_html_and_writes_nothing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    real = md.render_markdown
    monkeypatch.setattr(md, "render_markdown", lambda blocks: real(blocks) + "\n<script>alert(1)</script>\n")
    result = export(_doc(), "markdown")
    assert result.output is None
    assert "markdown.raw-html" in {d.code for d in result.diagnostics}
    out = tmp_path / "report.md"
    cli_result = CliRunner().invoke(cli, ["convert", str(SEED), "--to", "markdown", "-o", str(out)])
    assert cli_result.exit_code == 1
    assert "markdown.raw-html" in cli_result.stderr
    assert not out.exists() and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("extra", "code"),
    [
        ("\n[x](/relative) [y](mailto:a@example.org) <ftp://example.org/>\n", "markdown.unsafe-link"),
        ("\n![x](https://example.org/x.png)\n", "markdown.unsafe-link"),
        ("\n[x](https://example.org/)\n", "markdown.link-count"),
        ("\n# Another title\n", "markdown.heading"),
        ("\n| a |\n| --- |\n| b |\n", "markdown.table"),
        ("\nextra paragraph\n", "markdown.structure"),
    ],
)
def test_check_catches_what_the_escaping_must_prevent(monkeypatch: pytest.MonkeyPatch, extra: str, code: str) -> None:
    real = md.render_markdown
    monkeypatch.setattr(md, "render_markdown", lambda blocks: real(blocks) + extra)
    result = export(_doc(), "markdown")
    assert result.output is None
    assert code in {d.code for d in result.diagnostics}


def test_check_catches_a_lost_row(monkeypatch: pytest.MonkeyPatch) -> None:
    real = md.render_markdown

    def drop_last_row(blocks: Any) -> str:
        lines = real(blocks).splitlines()
        last = max(i for i, line in enumerate(lines) if line.startswith("| "))
        return "\n".join(lines[:last] + lines[last + 1:]) + "\n"

    monkeypatch.setattr(md, "render_markdown", drop_last_row)
    result = export(_doc(claims=[{"id": "c1", "text": "One"}, {"id": "c2", "text": "Two"}],
                         articles=[{"id": "art", "headline": "H", "claims": ["c1", "c2"]}], reviews=[]), "markdown")
    assert result.output is None
    assert "markdown.row-count" in {d.code for d in result.diagnostics}


def test_check_catches_changed_cell_text(monkeypatch: pytest.MonkeyPatch) -> None:
    real = md.render_markdown
    monkeypatch.setattr(md, "render_markdown", lambda blocks: real(blocks).replace("Claim text", "Claim *text*"))
    result = export(_doc(), "markdown")
    assert result.output is None
    assert "markdown.text" in {d.code for d in result.diagnostics}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_any_valid_document_passes_its_own_check(doc: Document) -> None:
    text, diagnostics = _report(doc)
    assert diagnostics == []
    _assert_safe(text)
    rows = _claim_rows(text)
    assert len(rows) == len(doc.claims)
    assert sorted(r[1] for r in rows) == sorted(md.clean_text(c.text) for c in doc.claims)
