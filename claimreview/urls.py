"""URLs as browsers and crawlers read them: the WHATWG URL Standard, through ada.

Every place that judges a URL (the model's http(s)-only rule, the ClaimReview rules and the page's
domain, the feed screen's fallback, the exporters' link checks, the readers that take a site from
a URL) asks this module, so that a URL has one meaning everywhere and it is the one a browser
gives it. ``https://evil.example\\@factcheck.example.org/`` is on ``evil.example`` (WHATWG reads
``\\`` as ``/`` in http(s) URLs; Python's ``urlsplit`` says ``factcheck.example.org``), a port
over 65535 is no URL at all, and ``https://Bücher.example`` is on ``xn--bcher-kva.example``.

The parser is ada (https://github.com/ada-url/ada, the URL parser of Node.js), through the
``ada-url`` package; its C API (``ada_c.h``) is called directly, which costs about 1.3 µs a URL
where the package's dictionary-building ``parse_url`` costs 4-5 µs.

On top of the standard, claimreview refuses, for a URL it is asked to accept as a link:

- white space, control, format (bidi, zero-width) and unassigned characters anywhere (WHATWG
  strips, drops or percent-encodes them silently, so the text written is not the address used);
- anything not written ``http://`` or ``https://`` (WHATWG also reads ``http:/x`` and
  ``https:\\\\x`` as absolute, other readers do not);
- credentials (``user:password@``): the standard itself says no valid URL string holds them, and
  they are a classic way to make a link look as if it went to the host written after them.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, NamedTuple

__all__ = ["HttpUrl", "host_of", "http_url", "is_http_url", "same_site", "site"]


class HttpUrl(NamedTuple):
    """An http(s) URL as WHATWG parses it (a named tuple: made once per URL on feeds, where a frozen
    dataclass costs several times more)."""

    href: str
    """The serialised URL (what a browser would request)."""
    scheme: str
    """``http`` or ``https``."""
    host: str
    """Host in ASCII (IDN hosts in punycode), lower case, IPv6 in brackets."""
    port: str
    """The port when one other than the scheme's default is given, else ""."""

    @property
    def origin(self) -> str:
        return f"{self.scheme}://{self.host}" + (f":{self.port}" if self.port else "")


_WRITTEN = ("http://", "https://")
_PORT = re.compile(r"https?://[^/?#\\]*:([0-9]+)(?:[/?#\\]|\Z)", re.IGNORECASE)
_HTTP, _HTTPS = 0, 2  # ada's scheme types
_HTTP_SCHEMES = (_HTTP, _HTTPS)
_NO_PORT = 0xFFFFFFFF  # ada's url_components.port when the URL has none (or the scheme's default)


@lru_cache(maxsize=1)
def _ada() -> tuple[Any, Any]:
    from ada_url.ada_adapter import ffi, lib  # type: ignore[attr-defined]

    return ffi, lib


def _refused(value: object) -> str | None:
    """Why ``value`` is not an http(s) URL a link may point to, before parsing; None when the
    parser must tell."""
    if type(value) is not str or not value:
        return "is not text" if type(value) is not str else "is empty"
    if not value[:8].lower().startswith(_WRITTEN):
        return "does not start with http:// or https://"
    if not value.isprintable() or " " in value:
        return ("holds white space, control, format or unassigned characters (browsers drop or encode them "
                "silently, and bidi controls reorder what is shown)")
    return None


def _invalid(value: str, lib: Any, url: Any) -> str | None:
    """Why a parsed ``url`` is refused; None when it is an acceptable http(s) URL."""
    if not lib.ada_is_valid(url):
        port = _PORT.match(value)
        if port and int(port.group(1)) > 65535:
            return f"has port {port.group(1)[:20]}, over 65535 (browsers refuse it)"
        return ("is not a URL by the WHATWG URL Standard browsers follow (a port over 65535, a malformed "
                "IP address or internationalised host, a forbidden character in the host, ...)")
    scheme = lib.ada_get_scheme_type(url)
    if scheme != _HTTP and scheme != _HTTPS:  # cannot happen after the checks above; kept for safety
        return "is not http(s)"
    if lib.ada_has_credentials(url):
        return ("holds a user name or password before the host (user:password@): no valid URL carries them, "
                "and they make a link look as if it went elsewhere")
    if lib.ada_has_empty_hostname(url):
        return "has no host"
    return None


def http_url(value: object) -> HttpUrl | str:
    """The parsed URL, or a short reason (``"has port 70000, over 65535 ..."``) why ``value`` is
    not an absolute http(s) URL a link may point to."""
    reason = _refused(value)
    if reason is not None:
        return reason
    assert type(value) is str
    data = value.encode()  # printable text holds no lone surrogate
    ffi, lib = _ada()
    url = lib.ada_parse(data, len(data))
    try:
        reason = _invalid(value, lib, url)
        if reason is not None:
            return reason
        raw = lib.ada_get_href(url)
        href = ffi.unpack(raw.data, raw.length).decode("ascii")  # a serialised URL is ASCII
        parts = lib.ada_get_components(url)  # offsets into href; no credentials, so the host starts the authority
        return HttpUrl(href, href[:parts.protocol_end - 1], href[parts.host_start:parts.host_end],
                       "" if parts.port == _NO_PORT else str(parts.port))
    finally:
        lib.ada_free(url)


def is_http_url(value: object) -> bool:
    """An absolute http(s) URL with a host, as WHATWG parses it, written with ``//``, without
    white space, control or format characters, or credentials. The one rule for links: the model
    checks it on load, the rule sets on markup, and exporters again before they write a link."""
    if type(value) is not str or not value[:8].lower().startswith(_WRITTEN) or not value.isprintable() \
            or " " in value:
        return False
    data = value.encode()  # printable text holds no lone surrogate
    lib = _ada()[1]
    url = lib.ada_parse(data, len(data))
    try:
        return bool(lib.ada_is_valid(url) and not lib.ada_has_credentials(url)
                    and not lib.ada_has_empty_hostname(url) and lib.ada_get_scheme_type(url) in _HTTP_SCHEMES)
    finally:
        lib.ada_free(url)


def host_of(value: str) -> str | None:
    """The host a browser would contact for ``value`` (ASCII, lower case), or None when it is no
    acceptable http(s) URL."""
    parsed = http_url(value)
    return parsed.host if isinstance(parsed, HttpUrl) else None


def site(host: str) -> str:
    """A host as a site for comparison: no trailing dot, no leading ``www.``."""
    host = host.rstrip(".")
    return host[4:] if host.startswith("www.") else host


def same_site(host: str, page_host: str) -> bool:
    """Whether ``host`` is the page's domain or a subdomain of it (``www.`` ignored on both)."""
    host, page = site(host), site(page_host)
    return host == page or (host.endswith("." + page) and not page.startswith("["))
