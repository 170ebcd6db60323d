"""Hostile content (issue 8, items 3-6): URLs judged as browsers judge them (WHATWG, through ada),
spreadsheet formulas behind blanks, Markdown that GitHub's renderer (cmark-gfm) would link or
reorder, properties given twice, text made of invisible characters, and CSV tables a data package
does not declare. Each case names the code and the pointer it expects."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimreview import urls
from claimreview.validation.claimreview import check_node
from claimreview.validation.record import _PLAIN_URL

# -- URLs ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("url", "host"), [
    ("https://evil.example\\@factcheck.example.org/", "evil.example"),  # WHATWG: \ is / in http(s) URLs
    ("https://evil.example\\\\@factcheck.example.org/", "evil.example"),
    ("https://factcheck.example.org\\.evil.example/", "factcheck.example.org"),
    ("https://Bücher.example/x", "xn--bcher-kva.example"),  # IDN hosts in ASCII (punycode)
    ("HTTPS://WWW.Example.ORG/x", "www.example.org"),
    ("https://0x7f.1/", "127.0.0.1"),  # WHATWG's IPv4 reading
    ("https://[::1]:8080/", "[::1]"),
    ("https://example.org:65535/", "example.org"),
])
def test_the_host_is_the_one_browsers_contact(url: str, host: str) -> None:
    assert urls.host_of(url) == host


@pytest.mark.parametrize(("url", "reason"), [
    ("https://example.org:65536/", "over 65535"),
    ("https://example.org:99999999999999999999/", "over 65535"),
    ("https://user:pw@example.org/", "user name or password"),
    ("https://user@example.org/", "user name or password"),
    ("https://:pw@example.org/", "user name or password"),
    ("https://1.2.3.256/", "WHATWG"),
    ("https://exa%20mple.org/", "WHATWG"),
    ("https://exa<mple.org/", "WHATWG"),
    ("http:/example.org/", "http://"),  # WHATWG reads it as absolute, other readers do not
    ("https:\\\\example.org/", "http://"),
    ("javascript:alert(1)", "http://"),
    ("JaVaScRiPt://example.org/%0aalert(1)", "http://"),
    (" https://example.org/", "http://"),
    ("https://example.org/\u2028x", "white space"),
    ("https://example.org/\tx", "white space"),
    ("https://exam\x00ple.org/", "white space"),
    ("https://\ud800.org/", "unassigned"),
    ("https://example.org/\u202egnp.exe", "format"),  # a bidi override in a link
    ("https://exa\u200bmple.org/", "format"),
    ("", "empty"),
])
def test_urls_browsers_refuse_or_that_mislead_are_refused(url: str, reason: str) -> None:
    found = urls.http_url(url)
    assert isinstance(found, str) and reason in found, found
    assert not urls.is_http_url(url)


@pytest.mark.parametrize(("url", "page", "same"), [
    ("https://evil.example\\@factcheck.example.org/", "https://factcheck.example.org/p", False),
    ("https://fact.factcheck.example.org/x", "https://www.factcheck.example.org/p", True),
    ("https://Bücher.example/x", "https://www.xn--bcher-kva.example/p", True),
    ("https://xn--bcher-kva.example/x", "https://bücher.example/p", True),
    ("https://factcheck.example.org./x", "https://factcheck.example.org/p", True),
    ("https://evilfactcheck.example.org/x", "https://factcheck.example.org/p", False),
])
def test_the_page_domain_check_compares_whatwg_hosts(url: str, page: str, same: bool) -> None:
    node = {"@type": "ClaimReview", "claimReviewed": "A claim", "url": url,
            "reviewRating": {"@type": "Rating", "alternateName": "False"}, "author": {"name": "Desk"}}
    codes = [(d.code, d.pointer) for d in check_node(node, page_url=page) if d.is_error]
    assert codes == ([] if same else [("claimreview.url-off-page-domain", "/url")])


def test_a_page_url_with_credentials_or_a_bad_port_is_refused() -> None:
    for page in ("https://user@example.org/", "https://example.org:65536/"):
        with pytest.raises(ValueError, match="not an absolute http"):
            check_node({}, page_url=page)


def test_the_model_refuses_what_whatwg_refuses() -> None:
    from pydantic import ValidationError

    from claimreview.schemas.models import Organization

    assert Organization(id="o", name="O", url="https://Bücher.example/").url == "https://Bücher.example/"
    for url in ("https://o.example:65536/", "https://user:pw@o.example/", "https://1.2.3.256/"):
        with pytest.raises(ValidationError, match="not an absolute http"):
            Organization(id="o", name="O", url=url)


_HOST_LABEL = st.one_of(st.sampled_from(["a", "example", "xn--", "xn--bcher-kva", "XN--a", "0x7f", "08", "1", "255",
                                         "256", "-", "a-", "", "com", "123abc"]),
                        st.text("abcxn0129-", min_size=1, max_size=6))
_PLAIN_CANDIDATE = st.builds(
    lambda scheme, labels, dot, port, rest: f"{scheme}://{'.'.join(labels)}{dot}{port}{rest}",
    st.sampled_from(["http", "https", "HTTP", "ftp"]),
    st.lists(_HOST_LABEL, min_size=1, max_size=4),
    st.sampled_from(["", "."]),
    st.one_of(st.just(""), st.integers(0, 10**6).map(lambda p: f":{p}"), st.just(":")),
    st.sampled_from(["", "/", "/a?b#c", "?x", "#y", "\\x", "/%zz", "/é", "/\\@evil.example", "@x"]),
)


@settings(max_examples=3000, deadline=None)
@given(st.one_of(_PLAIN_CANDIDATE, st.text(max_size=30).map(lambda t: "https://" + t)))
def test_the_feed_screens_plain_url_is_one_whatwg_accepts(url: str) -> None:
    """The feed screen lets a record skip the rules only when its url is one WHATWG accepts (the
    screen's other conditions are covered by tests/test_feed.py)."""
    if _PLAIN_URL.match(url):
        assert urls.is_http_url(url), url


def test_the_feed_screen_sends_hostile_urls_to_the_rules() -> None:
    for url in ("https://example.org:70000/", "https://1.2.3.256/", "https://xn--a.example/", "https://a\\@b.org/"):
        assert _PLAIN_URL.match(url) is None


def test_hostile_urls_in_a_feed_with_the_page_url(tmp_path: Any) -> None:
    from claimreview.api import validate
    from tests.conftest import FIXTURES

    found = [(d.code, d.line) for d in validate(FIXTURES / "feeds" / "hostile-urls.jsonl",
                                                page_url="https://example.com/news/") if d.is_error]
    assert found == [("claimreview.url-off-page-domain", 1), ("claimreview.invalid-url", 2),
                     ("claimreview.invalid-url", 3), ("claimreview.invalid-url", 4),
                     ("claimreview.url-off-page-domain", 5)]


@pytest.mark.parametrize("fmt", ["html", "markdown"])
def test_exporters_write_no_link_whatwg_reads_elsewhere(fmt: str) -> None:
    """Exporters re-check every link (they never trust their input came through the model)."""
    from claimreview.exporters import html, markdown

    check = html.safe_url if fmt == "html" else markdown.safe_url
    assert check("https://factcheck.example.org/x")
    assert not check("https://user@factcheck.example.org/x")
    assert not check("https://factcheck.example.org:65536/x")


def test_guessed_sites_use_the_whatwg_host() -> None:
    from claimreview.readers.factcheck_api import _site_url
    from claimreview.readers.jsonld import _site_name

    assert _site_name("https://evil.example\\@factcheck.example.org/") == "evil.example"
    assert _site_url("factcheck.example.org", "https://evil.example\\@factcheck.example.org/x") is None
    assert _site_url("factcheck.example.org", "https://www.factcheck.example.org:8443/x") == \
        "https://www.factcheck.example.org:8443"


# -- Markdown: CommonMark and GitHub's renderer make the same, counted links --------------------------

GFM_HOSTILE = [
    "see www.evil.example now", "WWW.EVIL.EXAMPLE", "(www.evil.example)", "_www.evil.example_", "*www.evil.example*",
    "~www.evil.example~", "mail boss@evil.example today", "a.b+c_d-e@evil.example.", "x@www.evil.example",
    "mailto:boss@evil.example", "MAILTO:boss@evil.example", "xmpp:boss@evil.example/phone",
    "https://evil.example/path?q=1", "HTTP://EVIL.EXAMPLE", "ftp://evil.example/file", "go to http://evil.example.",
    "javascript:alert(1)", "<javascript:alert(1)>", "[x](javascript:alert(1))", "<b@evil.example>",
    "www\\.evil.example", "http\\://evil.example", "boss\\@evil.example", "boss&#64;evil.example",
    "\u202ereversed | cell\u202c", "\u2067isolate | x", "a\u200fb\u200ec\u061cd",
    "\u2066\u2069x\u2068\u202a\u202b\u202d",
    "| www.evil.example | boss@evil.example |", "- [ ] task www.evil.example", "[^1] footnote",
]


def _gfm(text: str) -> tuple[list[str], str]:
    """The hrefs GitHub's renderer makes of ``text``, and its HTML."""
    from claimreview.exporters.markdown import render_gfm

    html = render_gfm(text)
    return re.findall(r'<a href="([^"]*)"', html), html


@pytest.mark.parametrize("s", GFM_HOSTILE)
def test_hostile_text_makes_no_link_on_github_either(s: str) -> None:
    """The whole report through the real cmark-gfm renderer: exactly the links the report made
    itself (the desk's site and the review), no raw HTML, no javascript:, no bidi control."""
    import html as html_module

    from claimreview.exporters import markdown as md
    from tests.test_markdown import _hostile_doc, _report

    text, diagnostics = _report(_hostile_doc(s), full=True)
    assert diagnostics == []
    hrefs, rendered = _gfm(text)
    assert sorted(set(hrefs)) == ["https://desk.example.org/", "https://desk.example.org/r1"]
    assert len(hrefs) == len(re.findall(r'<a href="([^"]*)"', md._parser().render(text)))
    assert "raw HTML omitted" not in rendered and "javascript:" not in "".join(hrefs)
    assert not re.search("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]", text)
    literal = md.clean_text(s)
    assert f"<td>{html_module.escape(literal, quote=False)}</td>" in rendered.replace("&quot;", '"')


_PIECES = st.sampled_from(["www.", "WWW.", "ww", "w.", "@", ".", "-", "_", "+", ":", "/", "//", "http", "https",
                           "mailto:", "xmpp:", "ftp", "evil", "example", "org", " ", "(", ")", "*", "~", "<", ">",
                           "\\", "&", "#", "[", "]", "|", "\u202e", "\u2066", "\u200f", "\u061c", "x", "1"])


@settings(max_examples=1500, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=14).map("".join))
def test_escaped_text_is_literal_and_linkless_under_both_renderers(s: str) -> None:
    """For any text built of the pieces autolinks are made of, the escaped paragraph shows exactly
    clean_text(s) and holds no link, under CommonMark (markdown-it) and GFM (cmark-gfm)."""
    import html as html_module

    from claimreview.exporters import markdown as md

    escaped = md.escape_text(s)
    if not escaped:
        return
    hrefs, rendered = _gfm("Text: " + escaped + "\n")
    assert hrefs == [], (s, escaped, rendered)
    assert html_module.unescape(re.sub(r"</?p>", "", rendered)).strip() == "Text: " + md.clean_text(s)
    tokens = md._parser().parse("Text: " + escaped + "\n")
    assert not any(t.type == "link_open" for t in md._walk(tokens))
    assert not re.search("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]", escaped)


def test_the_check_catches_a_link_only_github_makes() -> None:
    """The exporter's own check renders with cmark-gfm: text that CommonMark leaves alone but GFM
    links is refused (markdown.link-count), so a regression in the escaping cannot ship."""
    from claimreview.exporters import markdown as md

    blocks = [{"type": "heading", "level": 1, "content": [{"text": "Report"}]},
              {"type": "paragraph", "content": [{"text": "see"}]}]
    text = "# Report\n\nsee www.evil.example\n"
    found = md._check_gfm(text, 0, commonmark_ok=True)
    assert [d.code for d in found] == ["markdown.link-count"]
    assert [d.code for d in md._check_gfm("# R\n\nboss@evil.example\n", 0, commonmark_ok=True)] == [
        "markdown.unsafe-link"]  # a mailto: link: one defect, one finding
    assert md.check_markdown(md.render_markdown(blocks), blocks, 0) == []


def test_a_bidi_control_left_in_the_report_is_refused() -> None:
    from claimreview.exporters import markdown as md

    blocks = [{"type": "heading", "level": 1, "content": [{"text": "Report"}]}]
    found = md.check_markdown("# Report\n\n\u202eevil\n", blocks, 0)
    assert "markdown.bidi" in [d.code for d in found]


# -- CSV cells: a formula behind blanks is neutralised, and the round trip stays lossless -------------


@pytest.mark.parametrize(("text", "cell"), [
    ("  =1+1", "'  =1+1"), (" +1", "' +1"), ("\u00a0-2", "'\u00a0-2"), ("\u3000@SUM(A1)", "'\u3000@SUM(A1)"),
    ("\u200b=1", "'\u200b=1"), ("\n=1", "'\n=1"), ("\t x", "'\t x"), ("\r\n", "'\r\n"), (" \uff1d1", "' \uff1d1"),
    ("  'x", "  'x"), ("  x=1", "  x=1"), ("  ", "  "), ("Kyiv", "Kyiv"), ("'", "''"),
])
def test_cells_led_by_blanks_then_a_formula_are_neutralised(text: str, cell: str) -> None:
    from claimreview.readers._csvcells import text as read_text
    from claimreview.tables import is_live_formula, neutralise, neutralise_all, restore

    assert neutralise(text) == cell == neutralise_all([text])[0]
    assert restore(cell) == text
    assert not is_live_formula(cell)
    if cell != text:
        assert is_live_formula(text) or text.startswith("'")
    if text.strip():
        assert read_text(cell) == text


def test_a_csv_export_of_formulas_behind_blanks_reads_back_the_same(tmp_path: Any) -> None:
    from claimreview import export, load
    from claimreview.schemas import Document
    from claimreview.tables import is_live_formula

    names = ["  =1+1", "\u00a0@SUM(A1)", " -2", "\n+cmd|' /C calc'!A0"]
    doc = Document.model_validate({"people": [{"id": f"p{i}", "name": n} for i, n in enumerate(names)]})
    for layout in ("tables",):
        out = export(doc, "csv", layout=layout)
        assert out.ok and isinstance(out.output, dict)
        people = out.output["people.csv"].decode("utf-8")
        for n in names:
            assert "'" + n.replace('"', '""') in people
        import csv
        import io
        for row in csv.reader(io.StringIO(people, newline="")):
            assert not any(is_live_formula(c) for c in row[1:2]), row
        folder = tmp_path / layout
        folder.mkdir()
        for name, data in out.output.items():
            (folder / name).write_bytes(data)
        back = load(folder).document
        assert back is not None and [p.name for p in back.people] == names


# -- once means once; invisible text is empty; an author needs a real name or url ---------------------


def _google() -> dict[str, Any]:
    from tests.test_claimreview_rules import google_node

    return google_node()


@pytest.mark.parametrize(("path", "values", "pointer"), [
    (("claimReviewed",), ["The world is flat", "The world is round"], "/claimReviewed"),
    (("url",), ["https://example.com/a", "https://example.com/b"], "/url"),
    (("reviewRating", "alternateName"), ["False", "True"], "/reviewRating/alternateName"),
    (("reviewRating", "ratingValue"), [1, 5], "/reviewRating/ratingValue"),
    (("reviewRating", "bestRating"), [5, 10], "/reviewRating/bestRating"),
    (("reviewRating", "worstRating"), [1, 2], "/reviewRating/worstRating"),
])
def test_a_property_given_twice_is_one_error_naming_both_values(path: tuple[str, ...], values: list[Any],
                                                                 pointer: str) -> None:
    node = _google()
    target = node
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = values
    errors = [d for d in check_node(node) if d.is_error]
    assert [(d.code, d.pointer) for d in errors] == [("claimreview.several-values", pointer)]
    assert all(str(v) in errors[0].message for v in values)


def test_two_ratings_and_two_items_reviewed_are_errors_and_the_same_value_twice_is_not() -> None:
    node = _google()
    node["reviewRating"] = [node["reviewRating"], {**node["reviewRating"], "alternateName": "True"}]
    node["itemReviewed"] = [node["itemReviewed"], {"@type": "Claim", "appearance": "https://example.com/x"}]
    found = {(d.code, d.pointer) for d in check_node(node) if d.is_error}
    assert found == {("claimreview.several-values", "/reviewRating"), ("claimreview.several-values", "/itemReviewed")}
    node = _google()
    node["claimReviewed"] = [node["claimReviewed"], node["claimReviewed"] + " "]
    assert [d for d in check_node(node) if d.code == "claimreview.several-values"] == []


@pytest.mark.parametrize("fmt", ["json", "html"])
def test_convert_refuses_two_ratings_instead_of_keeping_the_first(tmp_path: Any, fmt: str) -> None:
    import json

    from click.testing import CliRunner

    from claimreview.cli import cli

    node = {"@context": "https://schema.org", **_google()}
    node["reviewRating"] = [node["reviewRating"], {**node["reviewRating"], "alternateName": "True"}]
    data = json.dumps(node)
    src = tmp_path / f"page.{'jsonld' if fmt == 'json' else 'html'}"
    src.write_text(data if fmt == "json" else
                   f'<html><head><script type="application/ld+json">{data}</script></head><body></body></html>')
    result = CliRunner().invoke(cli, ["convert", str(src), "--to", "yaml", "-o", str(tmp_path / "out.yaml")])
    assert result.exit_code == 1, result.output
    assert "claimreview.several-values" in result.output and "'False'" in result.output and "'True'" in result.output
    assert "a second value of 'reviewRating'" not in result.output  # one defect, one finding
    assert not (tmp_path / "out.yaml").exists()


@pytest.mark.parametrize("author", [
    {"@type": "Organization", "url": "javascript:alert(document.cookie)"},
    {"@type": "Person", "name": "\u200b\ufeff", "url": "data:text/html,x"},
    {"@type": "Organization", "name": "\u2800", "url": "https://user:pw@example.com/"},
    "\u3164",
])
def test_an_author_or_publisher_needs_a_visible_name_or_an_http_url(author: Any) -> None:
    for key in ("author", "publisher"):
        node = _google()
        node[key] = author
        assert ("claimreview.author-without-name", f"/{key}") in [(d.code, d.pointer) for d in check_node(node)]


@pytest.mark.parametrize("text", ["\u200b", "\ufeff", "\u2800", "\u00ad", "\u200b \u2060\u180e", "\u3164\u115f",
                                  "\u202e\u2066", "\U000e0041", "\ufe0f"])
def test_text_of_invisible_characters_is_empty_in_the_model_and_the_rules(text: str) -> None:
    from pydantic import ValidationError

    from claimreview.blank import is_blank
    from claimreview.schemas.models import Person

    assert is_blank(text)
    with pytest.raises(ValidationError, match="invisible"):
        Person(id="p", name=text)
    node = _google()
    node["claimReviewed"] = text
    node["reviewRating"]["alternateName"] = text
    codes = {d.code for d in check_node(node)}
    assert {"claimreview.missing-claim-reviewed", "claimreview.missing-verdict"} <= codes


def test_visible_text_is_not_blank() -> None:
    from claimreview.blank import is_blank

    for text in ("a", "\u200ba", "Кулеба", "김정은", "ع", "🧐", "\u0301", "·", "_"):
        assert not is_blank(text), text


def test_every_format_character_of_this_python_is_invisible() -> None:
    """The oracle: unicodedata's Cf category (and Zs, Zl, Zp, Cc) against the hand-written ranges."""
    import sys
    import unicodedata

    from claimreview.blank import is_blank

    missed = [hex(c) for c in range(sys.maxunicode + 1)
              if unicodedata.category(chr(c)) in ("Cf", "Zs", "Zl", "Zp", "Cc") and not is_blank(chr(c))]
    assert missed == []


# -- data packages: every CSV is declared, or the reader says which it did not read -------------------


def _package(tmp_path: Any, seed_document: Any) -> Any:
    from claimreview import export

    out = export(seed_document, "csv", layout="tables")
    assert out.ok and isinstance(out.output, dict)
    folder = tmp_path / "package"
    folder.mkdir()
    for name, data in out.output.items():
        (folder / name).write_bytes(data)
    return folder


def test_an_empty_resources_list_beside_tables_is_not_valid(tmp_path: Any, seed_document: Any) -> None:
    import json

    from claimreview.api import check_input
    from claimreview.engines import Stats
    from claimreview.validation.record import Settings

    folder = _package(tmp_path, seed_document)
    tables = sorted(p.name for p in folder.glob("*.csv"))
    descriptor = json.loads((folder / "datapackage.json").read_text())
    descriptor["resources"] = []
    (folder / "datapackage.json").write_text(json.dumps(descriptor))
    stats = Stats()
    found = [d for d in check_input(folder, None, Settings(), stats=stats) if d.is_error]
    assert [(d.code, d.file) for d in found] == [("csv.undeclared-table", str(folder / t)) for t in tables]
    assert stats.errors == len(tables) >= 3
    assert "not read" in found[0].message


def test_a_stray_csv_in_a_folder_or_zip_is_named(tmp_path: Any, seed_document: Any) -> None:
    import zipfile

    from claimreview import load

    folder = _package(tmp_path, seed_document)
    (folder / "notes").mkdir()
    (folder / "notes" / "extra.CSV").write_text("id,name\nx,y\n")
    (folder / ".hidden.csv").write_text("a\n")
    found = [(d.code, d.file) for d in load(folder).diagnostics if d.is_error]
    assert found == [("csv.undeclared-table", str(folder / "notes" / "extra.CSV"))]
    archive = tmp_path / "package.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for p in sorted(folder.rglob("*")):
            if p.is_file():
                z.write(p, "package/" + p.relative_to(folder).as_posix())
        z.writestr("__MACOSX/package/._claims.csv", "x")
    found = [(d.code, d.file) for d in load(archive).diagnostics if d.is_error]
    assert found == [("csv.undeclared-table", f"{archive}/package/notes/extra.CSV")]


def test_a_package_claimreview_wrote_reads_clean(tmp_path: Any, seed_document: Any) -> None:
    from claimreview import load

    loaded = load(_package(tmp_path, seed_document))
    assert loaded.ok and [d for d in loaded.diagnostics if d.code == "csv.undeclared-table"] == []
