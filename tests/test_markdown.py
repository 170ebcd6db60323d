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
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from claimreview import export
from claimreview.cli import cli
from claimreview.exporters import markdown as md
from claimreview.schemas import Document
from tests.conftest import SEED
from tests.strategies import documents

PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(footnote_plugin)

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


def _report(doc: Document, full: bool = False) -> tuple[str, list[Any]]:
    result = export(doc, "markdown", full=full)
    assert result.ok, [d.render() for d in result.diagnostics]
    assert isinstance(result.output, bytes)
    text = result.output.decode("utf-8")
    # the full re-parse that export() no longer runs: the whole report is the report it was built as
    data = md.MarkdownExporter().build(doc, full=full)
    assert md.render_markdown(data["blocks"]) == text
    assert md.check_markdown(text, data["blocks"], data["claims"]) == []
    return text, result.diagnostics


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
    reviewed_first = sorted(seed_document.claims, key=lambda c: c.id not in {r.claim for r in seed_document.reviews})
    assert [r[1] for r in rows] == [md.clean_text(c.text) for c in reviewed_first]
    by_claim = {r[1]: r for r in rows}
    reviewed_ids = {r.claim for r in seed_document.reviews}
    reviewed = {md.clean_text(c.text) for c in seed_document.claims if c.id in reviewed_ids}
    for claim_text, row in by_claim.items():
        assert (row[3] == "not reviewed") == (claim_text not in reviewed)
    for heading in ("## Claims at a glance", "## The claims", "## Background", "## Who made the claims"):
        assert f"\n{heading}\n" in text
    for heading in ("## People", "## Organizations", "### People", "### Organizations"):
        assert f"\n{heading}\n" not in text  # only with --full
    assert text.index("**Illustrative reviews.**") < text.index("## Claims at a glance")
    assert "**Its own label:** RUMOR[^" in text
    assert "**Verdicts:** Unproven 1, False 1." in text
    full, _ = _report(seed_document, full=True)
    assert "ALEXANDER ZEMLIANICHENKO/POOL/AFP via Getty Images" in full and "\n### People\n" in full


def test_seed_report_cites_every_fact_to_its_own_source(seed_document: Document) -> None:
    text, _ = _report(seed_document)
    notes = dict(re.findall(r"^\[\^(\d+)\]: (.*)$", text, re.MULTILINE))
    refs = set(re.findall(r"\[\^(\d+)\](?!:)", text))
    assert refs == set(notes) and len(notes) > 20
    line = next(x for x in text.splitlines() if x.startswith("- **Adopted:** 2017-12-22"))
    cited = {notes[n] for n in re.findall(r"\[\^(\d+)\]", line)}
    assert any(n.startswith("S/RES/2397 \\(2017\\)") or n.startswith("S/RES/2397 (2017)") for n in cited), cited
    assert not any(n.startswith("The article") for n in cited)  # the article does not give the date
    hiring = next(x for x in text.splitlines() if "hire North Korean laborers" in x)
    assert any("banning member states from hiring" in notes[n] for n in re.findall(r"\[\^(\d+)\]", hiring))
    assert any(n.startswith("**Inferred,**") for n in notes.values())


def test_seed_report_is_deterministic(seed_document: Document) -> None:
    assert _report(seed_document)[0] == _report(seed_document)[0]


def test_cli_writes_markdown_by_extension(tmp_path: Path) -> None:
    out = tmp_path / "report.markdown"
    result = CliRunner().invoke(cli, ["convert", str(SEED), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("# Russia-Ukraine War")


# -- structure -------------------------------------------------------------------------------


def test_article_fields_and_links() -> None:
    text, _ = _report(_doc(), full=True)
    assert text.startswith("# Headline\n")
    assert "- **Publisher:** Paper\n" in text
    assert "- **Keywords:** one, two\n" in text
    assert "[paper.example.org](https://paper.example.org/a)" in text
    assert "| 1 | Claim text | Speaker | [False](https://desk.example.org/r1) (illustrative) | Desk |" in text
    assert "- **Claimant:** Speaker (Minister)" in text
    assert "  - Paper, [tv.example.org](https://tv.example.org/clip)" in text
    assert "- **Source:** [un.example.org](https://un.example.org/res)" in text
    assert "- **Identifier:** S/RES/1" in text


def test_unreviewed_claim_says_so() -> None:
    text, _ = _report(_doc(reviews=[]))
    assert _claim_rows(text) == [["1", "Claim text", "Speaker", "not reviewed", "—"]]
    assert "**Verdict:** not reviewed" in text and "Illustrative" not in text


def test_several_reviews_share_one_row() -> None:
    reviews = [
        {"id": "r1", "claim": "c1", "reviewer": "desk", "rating": {"label": "False"}},
        {"id": "r2", "claim": "c1", "reviewer": "paper", "rating": {"label": "Misleading", "value": 2, "worst": 1,
                                                                     "best": 5}},
    ]
    text, _ = _report(_doc(reviews=reviews))
    assert _claim_rows(text) == [["1", "Claim text", "Speaker", "False (illustrative); Misleading", "Desk; Paper"]]
    assert "1 of the 2 reviews in this report are by Desk" in text
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
    assert text == "# Fact-check report\n\n## Claims at a glance\n\nThis document holds no claims.\n"


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
    text, diagnostics = _report(doc, full=True)
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
    result = export(bad, "markdown", full=True)
    assert result.ok
    assert isinstance(result.output, bytes)
    text = result.output.decode("utf-8")
    _assert_safe(text)
    assert {d.code for d in result.diagnostics} == {"markdown.link-withheld"}
    assert {d.pointer for d in result.diagnostics} == {"/organizations/0/url", "/reviews/0/url"}
    assert all(not d.is_error for d in result.diagnostics)


# -- the check -------------------------------------------------------------------------------


def _tampered(doc: Document, change: Any) -> list[str]:
    """The codes the full re-parse finds in the report of ``doc`` changed by ``change``."""
    data = md.MarkdownExporter().build(doc)
    text = change(md.render_markdown(data["blocks"]))
    return [d.code for d in md.check_markdown(text, data["blocks"], data["claims"])]


def test_an_escaping_bug_is_refused_and_nothing_is_written(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(md, "escape_text", md.clean_text)  # escaping forgotten
    result = export(_hostile_doc("<script>alert(1)</script> *it* [x](https://evil.example/)"), "markdown")
    assert result.output is None
    assert "markdown.text" in {d.code for d in result.diagnostics}
    src, out = tmp_path / "doc.yaml", tmp_path / "report.md"
    src.write_text('claimreview: "1"\nclaims:\n  - id: c\n    text: "<b>bold</b>"\n', encoding="utf-8")
    cli_result = CliRunner().invoke(cli, ["convert", str(src), "--to", "markdown", "-o", str(out)])
    assert cli_result.exit_code == 1
    assert "markdown.text" in cli_result.stderr
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["doc.yaml"]


@pytest.mark.parametrize(
    ("extra", "code"),
    [
        ("\n<script>alert(1)</script>\n", "markdown.raw-html"),
        ("\n[x](/relative) [y](mailto:a@example.org) <ftp://example.org/>\n", "markdown.unsafe-link"),
        ("\n![x](https://example.org/x.png)\n", "markdown.unsafe-link"),
        ("\n[x](https://example.org/)\n", "markdown.link-count"),
        ("\n# Another title\n", "markdown.heading"),
        ("\n| a |\n| --- |\n| b |\n", "markdown.table"),
        ("\nextra paragraph\n", "markdown.structure"),
    ],
)
def test_the_full_reparse_catches_what_the_escaping_must_prevent(extra: str, code: str) -> None:
    assert code in _tampered(_doc(), lambda text: text + extra)


def test_the_full_reparse_catches_a_lost_row() -> None:
    def drop_last_row(text: str) -> str:
        lines = text.splitlines()
        last = max(i for i, line in enumerate(lines) if line.startswith("| "))
        return "\n".join(lines[:last] + lines[last + 1:]) + "\n"

    doc = _doc(claims=[{"id": "c1", "text": "One"}, {"id": "c2", "text": "Two"}],
               articles=[{"id": "art", "headline": "H", "claims": ["c1", "c2"]}], reviews=[])
    assert "markdown.row-count" in _tampered(doc, drop_last_row)


def test_the_full_reparse_catches_changed_cell_text() -> None:
    assert "markdown.text" in _tampered(_doc(), lambda text: text.replace("Claim text", "Claim *text*"))


_CONTEXTS = ("heading", "paragraph", "list", "table", "link", "footnote")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40), st.sampled_from(_CONTEXTS))
def test_escaped_text_keeps_the_structure_of_every_block(s: str, context: str) -> None:
    """Why export() may parse document text piece by piece: escaped, any text keeps the block it
    sits in, in every kind of block the report has, as the full parse of a whole report shows."""
    if not md.clean_text(s):
        return
    span: dict[str, Any] = {"text": s, "href": "https://example.org/"} if context == "link" else {"text": s}
    note = {"text": "", "note": 1}
    blocks: list[dict[str, Any]] = [{"type": "heading", "level": 1, "content": [{"text": "Title"}]}]
    if context == "heading":
        blocks.append({"type": "heading", "level": 3, "content": [span, note]})
    elif context in ("paragraph", "link"):
        blocks.append({"type": "paragraph", "content": [{"text": "Before "}, span, note]})
    elif context == "list":
        blocks.append({"type": "list", "items": [{"content": [{"text": "A", "strong": True}, {"text": " "}, span],
                                                  "items": [{"content": [span, note], "items": []}]}]})
    elif context == "table":
        blocks.append({"type": "table", "header": ["a", "b"], "rows": [[[span], [{"text": "x"}, note]]],
                       "pointers": ["/claims/0"]})
    if context != "table":
        blocks.append({"type": "table", "header": ["a"], "rows": [[[{"text": "row"}]]], "pointers": ["/claims/0"]})
    blocks.append({"type": "footnotes", "notes": [[span] if context == "footnote" else [{"text": "A note"}]]})
    if context == "footnote":
        blocks.insert(1, {"type": "paragraph", "content": [{"text": "See"}, note]})
    text = md.render_markdown(blocks)
    assert md.check_markdown(text, blocks, 1) == [], text
    assert md.check_spans(blocks) == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_any_valid_document_passes_its_own_check(doc: Document) -> None:
    text, diagnostics = _report(doc)
    assert diagnostics == []
    _assert_safe(text)
    rows = _claim_rows(text)
    assert len(rows) == len(doc.claims)
    assert sorted(r[1] for r in rows) == sorted(md.clean_text(c.text) for c in doc.claims)


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=60))
def test_inert_text_parses_as_itself(s: str) -> None:
    """The shortcut of check_spans against the parse it skips."""
    if not md.inert_text(s):
        return
    tokens = PARSER.parseInline(md.escape_text(s))[0].children or []
    assert [t.type for t in tokens if t.type != "text"] == []
    assert "".join(t.content for t in tokens).strip() == md.clean_text(s)
    html = md.render_gfm(md.escape_text(s))
    assert "<a " not in html and "<img" not in html and "raw HTML omitted" not in html


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=40))
def test_plain_urls_are_one_link_to_themselves(path: str) -> None:
    url = "https://example.org/" + path
    if not (md.safe_url(url) and md.plain_url(url)):
        return
    assert md.escape_url(url) == url
    tokens = PARSER.parseInline(f"[x]({url})")[0].children or []
    links = [t for t in tokens if t.type == "link_open"]
    assert len(links) == 1 and links[0].attrs["href"] == PARSER.normalizeLink(url)
    assert len(re.findall(r"<a href=", md.render_gfm(f"[x]({url})"))) == 1


def _escape_text_plainly(value: str) -> str:
    """escape_text as it was written first, a character at a time: the oracle of the fast one."""
    text = md.clean_text(value)
    out, prev = [], ""
    for i, ch in enumerate(text):
        if ch in md._SPECIAL or (ch == ":" and text[i + 1:i + 2] == "/" and prev.isascii() and prev.isalpha()) or (
                ch == "." and prev in "wW" and text[i - 3:i].lower() == "www"):
            out.append("\\" + ch)
        else:
            out.append(ch)
        prev = ch
    escaped = "".join(out)
    marker = md._LEADING_MARKER.match(escaped)
    if marker:
        end = marker.end()
        escaped = "\\" + escaped if not escaped[0].isdigit() else escaped[:end] + "\\" + escaped[end:]
    return escaped


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(["www.", "WwW.", "w", ".", ":", "/", "a", "Z", "1. ", "- ", "*", "_", "\\", "é",
                                 "@", " ", "\n", "&", "|", "x:/", "é:/"]), max_size=12).map("".join) | st.text())
def test_escape_text_is_the_plain_loop(s: str) -> None:
    assert md.escape_text(s) == _escape_text_plainly(s)


def test_check_spans_catches_an_escaping_bug(monkeypatch: pytest.MonkeyPatch) -> None:
    data = md.MarkdownExporter().build(_hostile_doc("*emphasis* and <b>html</b>"))
    assert md.check_spans(data["blocks"]) == []
    monkeypatch.setattr(md, "escape_text", md.clean_text)
    assert {d.code for d in md.check_spans(data["blocks"])} == {"markdown.text"}


def test_cli_full_report(tmp_path: Path) -> None:
    out = tmp_path / "report.md"
    result = CliRunner().invoke(cli, ["convert", str(SEED), "--to", "markdown", "--full", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "\n## Appendix: everything in the document\n" in text and "\n### Organizations\n" in text
