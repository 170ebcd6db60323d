"""Hostile content (issue 8, items 3-6): URLs judged as browsers judge them (WHATWG, through ada),
spreadsheet formulas behind blanks, Markdown that GitHub's renderer (cmark-gfm) would link or
reorder, properties given twice, text made of invisible characters, and CSV tables a data package
does not declare. Each case names the code and the pointer it expects."""

from __future__ import annotations

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
