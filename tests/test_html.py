"""HTML both ways, without a browser: the script block's escaping, the standalone page, the
check that refuses a block that does not read back, and the reader on saved pages (codes,
pointers, and lines and columns in the HTML file). tests/test_browser.py runs the same pages in
Chromium."""

from __future__ import annotations

import codecs
import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from claimreview import load
from claimreview.api import export
from claimreview.cli import cli
from claimreview.exporters import html as html_exporter
from claimreview.exporters.html import HtmlExporter, escape_json, safe_url, script_block, standalone_page, text
from claimreview.readers import html as html_reader
from claimreview.readers import htmlscan
from claimreview.readers.base import Source
from claimreview.schemas import Document
from claimreview.validation.diagnostics import Severity
from tests.conftest import FIXTURES, SEED
from tests.test_browser import HOSTILE, PAYLOAD, hostile_document

PAGES = FIXTURES / "html"
PAGE_FIXTURES = sorted(PAGES.glob("*.html"))

HOSTILE_STRINGS = [
    PAYLOAD,
    "</SCRIPT >",
    "</script/>",
    "<!--<script>",
    "<!-- -->",
    "<![CDATA[ ]]>",
    "]]>",
    "&amp; &lt; &#x3c; &",
    'back\\slash \\" \\u003c/script> \\\\',
    "quotes \" ' ` «»",
    "\u2028\u2029",
    "\x00\x01\x1f\x7f",
    "Северная Корея 북한 🦀🇰🇷 كوريا الشمالية צפון קוריאה",
    "\ufeff\u200f\u202e reversed",
]


def _only_block(output: bytes) -> htmlscan.Block:
    found = htmlscan.blocks(output.decode("utf-8"))
    assert len(found) == 1
    return found[0]


def _read(source: str | bytes, name: str = "page.html") -> tuple[Document | None, list[dict[str, Any]]]:
    data = source.encode("utf-8") if isinstance(source, str) else source
    loaded = html_reader.read(Source.from_bytes(data, name))  # notices of values written in claimreview's form
    return loaded.document, [{k: v for k, v in d.as_dict().items() if k in ("code", "pointer", "line", "column")}
                             for d in loaded.diagnostics if d.severity is not Severity.NOTICE]


# --- escaping inside the script block ----------------------------------------------------------------


@pytest.mark.parametrize("value", HOSTILE_STRINGS)
def test_escaped_json_cannot_leave_the_block(value: str) -> None:
    data = {"claimReviewed": value, value: [value]}
    escaped = escape_json(json.dumps(data, ensure_ascii=False, indent=2))
    for unsafe in ("<", ">", "&", "\u2028", "\u2029"):
        assert unsafe not in escaped
    assert json.loads(escaped) == data
    block = script_block(json.dumps(data, ensure_ascii=False))
    assert block.lower().count("</script") == 1 and "<!--" not in block
    assert json.loads(_only_block(block.encode()).text) == data


@settings(deadline=None)  # no timing thresholds: under load one example took 609 ms against the default 200 ms
@given(st.recursive(st.text() | st.integers() | st.booleans() | st.none(),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
                    max_leaves=20))
def test_escaping_keeps_any_json_equal(data: Any) -> None:
    raw = json.dumps(data, ensure_ascii=False)
    escaped = escape_json(raw)
    assert json.loads(escaped) == data
    assert not re.search("[<>&\u2028\u2029]", escaped)
    if not re.search("[\ud800-\udfff]", raw):  # a lone surrogate cannot be written as UTF-8
        assert json.loads(_only_block(script_block(raw).encode("utf-8")).text) == data


def test_page_text_is_escaped_with_quotes_and_without_control_characters() -> None:
    assert text('<b a="1">\'&amp;') == "&lt;b a=&quot;1&quot;&gt;&#x27;&amp;amp;"
    assert text("a\x00b\x07c\td\ne\ud800") == "a\ufffdb\ufffdc\td\ne\ufffd"


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JAVASCRIPT:alert(1)//https://example.org/", "data:text/html,<script>",
    "//example.org/", "/relative", "https://", "https:// example.org/", " https://example.org/",
    "https://example.org/\x00", "vbscript:msgbox", "https://exa mple.org/",
])
def test_only_http_links(url: str) -> None:
    assert not safe_url(url)
    view = {"title": "t", "reviews": [{"id": "r", "claim": "c", "verdict": "False", "url": url,
                                       "reviewer": "desk", "reviewer_url": url}]}
    page = standalone_page(view, script_block("{}"))
    assert "<a " not in page


def test_http_links_are_kept_and_escaped() -> None:
    url = 'https://example.org/a?b=1&c="2"'
    assert safe_url(url) and safe_url("HTTP://EXAMPLE.ORG")
    view = {"title": "t", "reviews": [{"id": "r", "claim": "c", "verdict": "False", "url": url}]}
    assert '<a href="https://example.org/a?b=1&amp;c=&quot;2&quot;" dir="auto">Read the fact check</a>' in \
        standalone_page(view, script_block("{}"))


# --- the exporter ---------------------------------------------------------------------------------


@pytest.mark.parametrize("options", [{}, {"profile": "claimreview"}, {"standalone": True},
                                     {"standalone": True, "profile": "claimreview"}, {"review": "r2"}],
                         ids=str)
def test_hostile_document_exports_safely(options: dict[str, Any]) -> None:
    doc = hostile_document()
    exporter = HtmlExporter()
    data = exporter.build(doc, **options)
    assert not [d.render() for d in exporter.check(data) if d.is_error]
    out = exporter.render(data)
    assert out == exporter.render(exporter.build(doc, **options))  # same input, same bytes
    page = out.decode("utf-8")
    assert len(re.findall("<script", page, re.IGNORECASE)) == 1
    assert len(re.findall("</script", page, re.IGNORECASE)) == 1
    block = _only_block(out)
    assert "<!--" not in block.text and "\u2028" not in block.text and "\u2029" not in block.text
    assert json.loads(block.text) == data["jsonld"]
    tags = [t.tag if isinstance(t, htmlscan.Script) else t for t in htmlscan.scan(page)]
    assert {t.name for t in tags} <= {"script", "html", "head", "meta", "title", "style", "body", "main", "h1",
                                      "article", "p", "h2", "dl", "dt", "dd", "strong", "span", "a", "time",
                                      "footer"}
    assert not [name for t in tags for name in t.attrs if name.startswith("on")]


def test_block_is_the_jsonld_export_escaped() -> None:
    doc = hostile_document()
    jsonld = export(doc, "jsonld", profile="claimreview").output
    block = export(doc, "html", profile="claimreview").output
    assert isinstance(jsonld, bytes) and isinstance(block, bytes)
    assert block == script_block(jsonld.decode()).encode() + b"\n"
    assert block.startswith(b'<script type="application/ld+json">\n[\n  {') and block.endswith(b"}\n]\n</script>\n")


def test_standalone_page_shape() -> None:
    out = export(hostile_document(), "html", standalone=True).output
    assert isinstance(out, bytes)
    page = out.decode("utf-8")
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
                           '<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>')
    assert "<style>" in page and 'dir="auto"' in page
    tags = [t.tag if isinstance(t, htmlscan.Script) else t for t in htmlscan.scan(page)]
    assert not {"src", "srcset", "href", "background", "action"} & {a for t in tags if t.name != "a" for a in t.attrs}
    assert page.count("<article") == len(HOSTILE["reviews"])
    assert '<article class="review" lang="ru">' in page and '<h2 dir="auto" lang="ar">' in page
    assert "(1 on a scale from 1, worst, to 5, best)" in page
    assert text(HOSTILE["claims"][0]["text"]) in page


def test_review_option_means_one_self_contained_review() -> None:
    data = HtmlExporter().build(hostile_document(), review="r2", standalone=True)
    assert data["jsonld"]["@type"] == "ClaimReview"
    assert [r["id"] for r in data["page"]["reviews"]] == ["r2"]


def test_a_block_that_does_not_read_back_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(html_exporter, "escape_json", lambda s: s)  # the escaping switched off
    result = export(hostile_document(), "html")
    assert result.output is None
    assert "html.block-broken" in {d.code for d in result.diagnostics}


def test_a_block_that_changes_the_data_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(html_exporter, "escape_json", lambda s: s.replace("Example", "Exempel"))
    result = export(load(SEED).document, "html")  # type: ignore[arg-type]
    assert result.output is None
    assert [d.code for d in result.diagnostics if d.is_error] == ["html.block-mismatch"]


@pytest.mark.parametrize("options", [{}, {"standalone": True}, {"profile": "claimreview"}], ids=str)
def test_seed_exports_without_errors(options: dict[str, Any]) -> None:
    doc = load(SEED).document
    assert doc is not None
    result = export(doc, "html", **options)
    assert result.output is not None, [d.render() for d in result.diagnostics]
    assert not [d for d in result.diagnostics if d.is_error]
    assert not [d for d in result.diagnostics if d.code.startswith("html.")]


@pytest.mark.parametrize("profile", ["graph", "claimreview"])
def test_html_reads_back_to_what_jsonld_reads_back_to(profile: str) -> None:
    doc = load(SEED).document
    assert doc is not None
    as_html, as_jsonld = export(doc, "html", profile=profile).output, export(doc, "jsonld", profile=profile).output
    assert isinstance(as_html, bytes) and isinstance(as_jsonld, bytes)
    from_html = load(Source.from_bytes(as_html, "seed.html"), "html")
    from_jsonld = load(Source.from_bytes(as_jsonld, "seed.jsonld"), "jsonld")
    assert from_html.document is not None and from_html.document == from_jsonld.document
    # a page is one page's markup: the seed's two reviews on it get the one-per-page warning
    assert [d.code for d in from_html.diagnostics] == [d.code for d in from_jsonld.diagnostics] + \
        ["claimreview.multiple-per-page"]


# --- the tokenizer ----------------------------------------------------------------------------------


def _texts(page: str) -> list[str]:
    return [page[s.content_start:s.content_end] for s in htmlscan.scan(page)
            if isinstance(s, htmlscan.Script) and htmlscan.is_ld_json(s)]


LD = '<script type="application/ld+json">'


@pytest.mark.parametrize(("page", "expected"), [
    (f"{LD}a</script>b", ["a"]),
    (f"{LD}a</SCRIPT\n>b", ["a"]),
    (f"{LD}a</script/>b", ["a"]),
    (f"{LD}a</scriptx>b</script>", ["a</scriptx>b"]),
    (f"{LD}a<!--<script>b</script>c</script>d", ["a<!--<script>b</script>c"]),
    (f"{LD}a<!--<script>b</script>c-->d</script>", ["a<!--<script>b</script>c-->d"]),
    (f"{LD}a<!--<script>b-->c</script>", ["a<!--<script>b-->c"]),
    (f"{LD}a<!-->b</script>", ["a<!-->b"]),
    (f"{LD}a<!--b</script>c", ["a<!--b"]),
    (f"<!-- {LD}a</script> -->{LD}b</script>", ["b"]),
    (f"<!-->{LD}b</script>", ["b"]),
    (f"<!--->{LD}b</script>", ["b"]),
    (f"<!-- --!>{LD}b</script>", ["b"]),
    (f"<title>{LD}a</script></title>{LD}b</script>", ["b"]),
    (f"<textarea>{LD}a</script></TEXTAREA >{LD}b</script>", ["b"]),
    (f"<style>{LD}a</script></style>{LD}b</script>", ["b"]),
    (f"<noscript>{LD}a</script></noscript>{LD}b</script>", ["b"]),
    (f"<plaintext>{LD}a</script>", []),
    ('<script type="application/ld+json" type="text/plain">a</script>', ["a"]),
    ('<script type="text/plain" type="application/ld+json">a</script>', []),
    ("<script TYPE = 'APPLICATION/LD+JSON;charset=utf-8'>a</script>", ["a"]),
    ("<script type=\"\tapplication/ld+json \">a</script>", ["a"]),
    ('<script type="application&#x2F;ld+json">a</script>', ["a"]),
    ('<script data-x="a>b" type=application/ld+json>a</script>', ["a"]),
    ("<script type=application/ld+json/>a</script>", []),  # the type is "application/ld+json/"
    ('<script type="application/ld+json>a</script>', []),  # the page ends inside the tag
    ("<script type=application/json>a</script>", []),
    (f"{LD}unclosed", ["unclosed"]),
    (f"<!DOCTYPE html><?xml?></ 1>{LD}b</script>", ["b"]),
])
def test_script_blocks_end_where_a_browser_ends_them(page: str, expected: list[str]) -> None:
    assert _texts(page) == expected


@pytest.mark.parametrize(("body", "expected"), [
    ('<!--{"a": 1}-->', '    {"a": 1}   '),
    ('\n  <!--\n{"a": 1}\n  -->\n', '\n      \n{"a": 1}\n     \n'),
    ('<![CDATA[{"a": 1}]]>', '         {"a": 1}   '),
    ('//<![CDATA[\n{"a": 1}\n//]]>', '           \n{"a": 1}\n     '),
    ('/*<![CDATA[*/{"a": 1}/*]]>*/', '             {"a": 1}       '),
    ('<!--//<![CDATA[\n{"a": 1}\n//]]>-->', '               \n{"a": 1}\n        '),
])
def test_comment_and_cdata_wrappers_are_blanked_in_place(body: str, expected: str) -> None:
    unwrapped, wrapped = htmlscan.unwrap(body)
    assert wrapped and unwrapped == expected and len(unwrapped) == len(body)
    assert json.loads(unwrapped) == {"a": 1}


def test_json_that_merely_mentions_comments_is_not_unwrapped() -> None:
    body = '{"a": "<!--", "b": "-->"}'
    assert htmlscan.unwrap(body) == (body, False)


# --- the reader on saved pages -------------------------------------------------------------------------


def _found(path: Path) -> list[dict[str, Any]]:
    return [{k: v for k, v in d.as_dict().items() if k in ("severity", "code", "pointer", "line", "column")}
            for d in load(path).diagnostics]


@pytest.mark.parametrize("path", PAGE_FIXTURES, ids=lambda p: p.name)
def test_saved_page_gives_expected_diagnostics(path: Path) -> None:
    expected = json.loads(path.with_name(path.name + ".expected.json").read_text(encoding="utf-8"))
    assert _found(path) == expected


@pytest.mark.parametrize("path", PAGE_FIXTURES, ids=lambda p: p.name)
def test_every_located_diagnostic_points_at_its_block(path: Path) -> None:
    """A diagnostic inside block N sits between that block's start and end in the HTML file."""
    page = path.read_text(encoding="utf-8")
    spans = {f"/scripts/{b.index}": (b.start, b.start + len(b.text)) for b in htmlscan.blocks(page)}
    line_starts = [0] + [m.end() for m in re.finditer("\n", page)]
    for d in load(path).diagnostics:
        head = "/".join(d.pointer.split("/")[:3])
        if head in spans and d.line is not None and d.column is not None:
            offset = line_starts[d.line - 1] + d.column - 1
            assert spans[head][0] <= offset <= spans[head][1], d.render()


def test_google_example_reads_its_review() -> None:
    doc = load(PAGES / "google-example.html").document
    assert doc is not None
    (review,) = doc.reviews
    assert review.rating.label == "False" and (review.rating.value, review.rating.best) == (1, 5)
    assert doc.claims[0].text == "The world is flat"


def test_blocks_of_a_page_merge_into_one_document() -> None:
    doc = load(PAGES / "wrapped-blocks.html").document
    assert doc is not None
    assert [r.rating.label for r in doc.reviews] == ["False"]
    assert {o.name for o in doc.organizations} >= {"Square World Society", "Example.com science watch"}


def _google_block() -> str:
    page = (PAGES / "google-example.html").read_text(encoding="utf-8")
    return page.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]


def test_two_blocks_are_two_claimreviews_on_one_page() -> None:
    second = _google_block().replace("The world is flat", "The moon is made of cheese")
    doc, found = _read(f"<html><head>{LD}{_google_block()}</script></head><body>\n{LD}{second}</script></body></html>")
    assert doc is not None and sorted(c.text for c in doc.claims) == ["The moon is made of cheese", "The world is flat"]
    assert [d for d in found if d["code"] == "claimreview.multiple-per-page"]


def test_page_url_rule_points_into_the_block() -> None:
    loaded = html_reader.read(Source.from_bytes((PAGES / "google-example.html").read_bytes(), "g.html"),
                              page_url="https://factcheck.example.org/flat")
    off = [d for d in loaded.diagnostics if d.code == "claimreview.url-off-page-domain"]
    assert [(d.pointer, d.line, d.column) for d in off] == [("/scripts/0/url", 8, 7)]


def test_error_on_the_first_line_of_a_block_is_placed_after_the_tag() -> None:
    page = '<p>x</p>\n<p>y</p><script type="application/ld+json">{"a": 1,}</script>'
    _, found = _read(page)
    assert found[0] == {"code": "json.syntax", "pointer": "/scripts/0", "line": 2,
                        "column": len('<p>y</p><script type="application/ld+json">{"a": 1,') + 1}


def test_unclosed_block_is_read_with_a_warning() -> None:
    doc, found = _read((PAGES / "google-example.html").read_text(encoding="utf-8").split("</script>")[0])
    assert doc is not None
    assert {"code": "html.unclosed-script", "pointer": "/scripts/0", "line": 4, "column": 40} in found


def test_page_with_only_broken_blocks() -> None:
    doc, found = _read('<script type="application/ld+json">{,}</script>')
    assert doc is None
    assert [d["code"] for d in found] == ["json.syntax", "html.no-claimreview"]


def test_page_with_blocks_but_no_claimreview() -> None:
    doc, found = _read('<script type="application/ld+json">{"@context": "https://schema.org", '
                       '"@type": "NewsArticle", "headline": "x"}</script>')
    assert doc is None
    assert [d["code"] for d in found] == ["html.no-claimreview"]


def test_a_page_whose_review_is_a_media_review_is_checked_by_the_media_rules() -> None:
    _, found = _read('<script type="application/ld+json">{"@context": "https://schema.org", '
                     '"@type": "MediaReview", "name": "x"}</script>')
    codes = [d["code"] for d in found]
    assert "html.no-claimreview" not in codes and "mediareview.missing-category" in codes


# --- bytes and charsets ---------------------------------------------------------------------------------

LATIN1_PAGE = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">'
               '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "ClaimReview", '
               '"url": "https://example.com/news/science/worldisflat.html", '
               '"claimReviewed": "La Terre est plate \u2014 d\u00e9j\u00e0 v\u00e9rifi\u00e9", '
               '"author": {"@type": "Organization", "name": "Example.com science watch"}, '
               '"reviewRating": {"@type": "Rating", "alternateName": "Faux"}}</script></head></html>')


def test_meta_charset_other_than_utf8_is_honoured() -> None:
    doc, found = _read(LATIN1_PAGE.encode("cp1252"))
    assert doc is not None, found
    assert doc.reviews and doc.claims[0].text == "La Terre est plate \u2014 d\u00e9j\u00e0 v\u00e9rifi\u00e9"


def test_utf16_page_with_byte_order_mark() -> None:
    page = LATIN1_PAGE.replace("ISO-8859-1", "utf-16")
    doc, found = _read(codecs.BOM_UTF16_LE + page.encode("utf-16-le"))
    assert doc is not None, found


def test_unknown_charset() -> None:
    doc, found = _read(b'<meta charset="x-klingon"><script type="application/ld+json">{}</script>')
    assert doc is None and [d["code"] for d in found] == ["html.unknown-charset"]


def test_page_that_is_not_utf8_and_says_nothing() -> None:
    doc, found = _read(b"<html>\n<title>d\xe9j\xe0</title></html>")
    assert doc is None and found == [{"code": "input.encoding", "pointer": "", "line": 2, "column": 9}]


def test_binary_file() -> None:
    doc, found = _read(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert doc is None and [d["code"] for d in found] == ["input.binary"]


# --- the command line ------------------------------------------------------------------------------------


def test_cli_validate_page() -> None:
    ok = CliRunner().invoke(cli, ["validate", str(PAGES / "google-example.html")])
    assert ok.exit_code == 0, ok.output
    bad = CliRunner().invoke(cli, ["validate", str(PAGES / "broken-json.html")])
    assert bad.exit_code == 1
    # block 1 (a WebSite) is not JSON: a warning beside the ClaimReview blocks, which fail on their own
    assert "broken-json.html:22:1:/scripts/1: warning json.syntax" in bad.output


def test_cli_convert_page_to_jsonld_and_back_to_html(tmp_path: Path) -> None:
    out = tmp_path / "flat.jsonld"
    result = CliRunner().invoke(cli, ["convert", str(PAGES / "google-example.html"), "--to", "jsonld",
                                      "--profile", "claimreview", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["claimReviewed"] == "The world is flat"
    page = tmp_path / "flat.html"
    result = CliRunner().invoke(cli, ["convert", str(out), "-o", str(page), "--standalone"])
    assert result.exit_code == 0, result.output
    assert load(page).document == load(out).document


# --- Microdata and RDFa (the microdata extra) -----------------------------------------------------------

MICRODATA_GOOGLE = """<!DOCTYPE html><html><body>
<div itemscope itemtype="https://schema.org/ClaimReview">
  <link itemprop="url" href="https://example.com/news/science/worldisflat.html">
  <meta itemprop="claimReviewed" content="The world is flat">
  <div itemprop="itemReviewed" itemscope itemtype="https://schema.org/Claim">
    <div itemprop="author" itemscope itemtype="https://schema.org/Organization">
      <meta itemprop="name" content="Square World Society">
      <link itemprop="sameAs" href="https://example.flatworlders.com/we-know-that-the-world-is-flat">
    </div>
    <meta itemprop="datePublished" content="2024-06-20">
  </div>
  <div itemprop="author" itemscope itemtype="https://schema.org/Organization">
    <meta itemprop="name" content="Example.com science watch">
  </div>
  <div itemprop="reviewRating" itemscope itemtype="https://schema.org/Rating">
    <meta itemprop="ratingValue" content="1"><meta itemprop="bestRating" content="5">
    <meta itemprop="worstRating" content="0"><span itemprop="alternateName">False</span>
  </div>
</div>
</body></html>"""


def test_microdata_is_judged_as_its_json_ld_twin() -> None:
    """Google's example without its appearance and with worstRating 0, in Microdata: the same
    findings as the same data in an ld+json block, located at the item's element."""
    pytest.importorskip("extruct")
    _, found = _read(MICRODATA_GOOGLE)
    assert sorted((d["code"], d["pointer"]) for d in found) == [
        ("claimreview.claim-missing-appearance", "/microdata/0/itemReviewed"),
        ("claimreview.worst-rating-below-one", "/microdata/0/reviewRating/worstRating"),
    ]
    assert {(d["line"], d["column"]) for d in found} == {(2, 1)}
    twin = {"@context": "https://schema.org", "@type": "ClaimReview",
            "url": "https://example.com/news/science/worldisflat.html", "claimReviewed": "The world is flat",
            "itemReviewed": {"@type": "Claim", "author": {
                "@type": "Organization", "name": "Square World Society",
                "sameAs": "https://example.flatworlders.com/we-know-that-the-world-is-flat"},
                "datePublished": "2024-06-20"},
            "author": {"@type": "Organization", "name": "Example.com science watch"},
            "reviewRating": {"@type": "Rating", "ratingValue": "1", "bestRating": "5", "worstRating": "0",
                             "alternateName": "False"}}
    page = f'<script type="application/ld+json">{json.dumps(twin)}</script>'
    _, in_json = _read(page)
    assert sorted((d["code"], d["pointer"].replace("/scripts/0", "/microdata/0")) for d in in_json) == \
        sorted((d["code"], d["pointer"]) for d in found)


def test_without_the_extra_microdata_is_reported_with_the_extra_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    from claimreview.readers import microdata

    monkeypatch.setattr(microdata, "available", lambda: False)
    doc, found = _read(MICRODATA_GOOGLE)
    assert doc is None
    assert [(d["code"], d["line"]) for d in found if d["code"] != "html.no-claimreview"] == \
        [("html.microdata-not-read", 2)]
    loaded = html_reader.read(Source.from_bytes(MICRODATA_GOOGLE.encode(), "page.html"))
    assert "pip install 'claimreview[microdata]'" in loaded.diagnostics[0].message
