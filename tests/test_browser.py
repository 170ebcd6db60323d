# ruff: noqa: RUF001  (Cyrillic, Korean, Arabic and Hebrew text is the point of these tests)
"""The HTML export in a real browser: headless Chromium (Debian's ``chromium`` package).

A standalone page is made from a hostile document (fields that try to end the script block, open
comments, run script, and text in scripts from Cyrillic to Korean to right-to-left Arabic and
Hebrew). Chromium loads it from a file with no network (every host name resolves to nothing);
claimreview drives it over the DevTools protocol on a pipe (``--remote-debugging-pipe``: no port is
opened) and reads back, through the DOM, the ld+json block, every script element, the title and
the text. The page itself holds no JavaScript: the script that the test evaluates through the
protocol only reads the DOM, and ``window.__pwned`` stays undefined unless an injected payload ran.

A screenshot of the page is written to ``tests/golden/browser/hostile-page.png`` with
``pytest --update-golden`` (look at it: the Korean, Cyrillic and right-to-left text must render as
text, not boxes); every run writes one to the test's temporary folder and checks it is a real
picture of the page's size.

Chromium is found as ``$CLAIMREVIEW_CHROMIUM`` or ``chromium`` on the PATH (``tests/browser_setup.sh``
installs it with the fonts). When it is missing the tests are skipped, except in CI (``CI=true``),
where they fail.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import select
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from claimreview.api import export
from claimreview.exporters.html import HtmlExporter
from claimreview.readers import htmlscan
from claimreview.schemas import Document
from tests.conftest import FIXTURES

pytestmark = pytest.mark.browser

GOLDEN = Path(__file__).resolve().parent / "golden" / "browser"
WIDTH = 800
PROTOCOL_WAIT = 60.0
"""Seconds to wait for one DevTools answer before calling Chromium stuck (a hang guard, not a
measurement: a healthy answer takes milliseconds)."""

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",  # nothing resolves; the served app is reached
    "--remote-debugging-pipe",
)


def chromium_path() -> str | None:
    return os.environ.get("CLAIMREVIEW_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def chromium() -> str:
    path = chromium_path()
    if path is None:
        reason = "headless Chromium is not installed (run tests/browser_setup.sh, or apt-get install chromium)"
        if os.environ.get("CI", "").lower() in ("true", "1"):
            pytest.fail(f"CI=true and {reason}")
        pytest.skip(reason)
    return path


# --- a small DevTools protocol client over --remote-debugging-pipe --------------------------------


class DevToolsError(RuntimeError):
    pass


_TRAMPOLINE = ("import os, sys; os.dup2(int(sys.argv[1]), 3); os.dup2(int(sys.argv[2]), 4); "
               "os.execv(sys.argv[3], sys.argv[3:])")


def _high_fd(fd: int) -> int:
    high = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return high


class Browser:
    """Chromium with the DevTools protocol on file descriptors 3 (commands in) and 4 (answers
    out), messages as JSON separated by NUL bytes."""

    def __init__(self, exe: str, profile: Path) -> None:
        to_child, self._send_fd = os.pipe()
        self._recv_fd, from_child = os.pipe()
        # above 4, so that moving one end to 3 or 4 cannot overwrite the other
        to_child, from_child = (_high_fd(fd) for fd in (to_child, from_child))
        self._log = (profile / "chromium.log").open("wb")
        # a two-line Python trampoline puts the pipe ends on fds 3 and 4, where Chromium expects
        # them (dash, the usual /bin/sh, cannot redirect descriptors above 9)
        self.proc = subprocess.Popen(
            [sys.executable, "-c", _TRAMPOLINE, str(to_child), str(from_child), exe, *FLAGS,
             f"--user-data-dir={profile / 'profile'}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=self._log, stderr=self._log, pass_fds=(to_child, from_child),
        )
        os.close(to_child)
        os.close(from_child)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []

    def _read_message(self) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._recv_fd], [], [], PROTOCOL_WAIT)
            if not ready:
                raise DevToolsError(f"Chromium gave no answer in {PROTOCOL_WAIT:.0f} s")
            chunk = os.read(self._recv_fd, 1 << 20)
            if not chunk:
                raise DevToolsError("Chromium closed the DevTools pipe (see chromium.log)")
            self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b"\0")
        return json.loads(message)  # type: ignore[no-any-return]

    def call(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if session is not None:
            message["sessionId"] = session
        os.write(self._send_fd, json.dumps(message).encode() + b"\0")
        while True:
            answer = self._read_message()
            if answer.get("id") == self._next_id:
                if "error" in answer:
                    raise DevToolsError(f"{method}: {answer['error']}")
                return answer.get("result", {})  # type: ignore[no-any-return]
            self.events.append(answer)

    def wait_for(self, method: str, session: str) -> dict[str, Any]:
        while True:
            for i, event in enumerate(self.events):
                if event.get("method") == method and event.get("sessionId") == session:
                    return self.events.pop(i)
            self.events.append(self._read_message())

    def close(self) -> None:
        with contextlib.suppress(DevToolsError, OSError):
            self.call("Browser.close")
        try:
            self.proc.wait(timeout=PROTOCOL_WAIT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for fd in (self._send_fd, self._recv_fd):
            os.close(fd)
        self._log.close()


class Tab:
    def __init__(self, browser: Browser) -> None:
        self.browser = browser
        target = browser.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = browser.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self.call("Page.enable")
        self.call("Emulation.setDeviceMetricsOverride", width=WIDTH, height=600, deviceScaleFactor=1, mobile=False)

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        return self.browser.call(method, self.session, **params)

    def open(self, path: Path) -> None:
        self.call("Page.navigate", url=path.resolve().as_uri())
        self.browser.wait_for("Page.loadEventFired", self.session)

    def evaluate(self, expression: str) -> Any:
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            raise DevToolsError(f"{expression[:60]}...: {result['exceptionDetails']}")
        return result["result"].get("value")

    def screenshot(self) -> bytes:
        """The whole page, WIDTH CSS pixels wide."""
        height = self.call("Page.getLayoutMetrics")["cssContentSize"]["height"]
        self.call("Emulation.setDeviceMetricsOverride", width=WIDTH, height=int(height + 0.999),
                  deviceScaleFactor=1, mobile=False)
        return base64.b64decode(self.call("Page.captureScreenshot", format="png")["data"])


@pytest.fixture(scope="module")
def browser(chromium: str) -> Iterator[Browser]:
    with tempfile.TemporaryDirectory(prefix="claimreview-chromium-") as tmp:
        b = Browser(chromium, Path(tmp))
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def tab(browser: Browser) -> Tab:
    return Tab(browser)


# --- what the page tells through its DOM ------------------------------------------------------------

READ_DOM = """(() => ({
  pwned: typeof window.__pwned,
  scripts: Array.from(document.querySelectorAll('script')).map(s => ({type: s.type, text: s.textContent})),
  title: document.title,
  h1: document.querySelector('h1') ? document.querySelector('h1').textContent : null,
  claims: Array.from(document.querySelectorAll('article h2')).map(e => e.textContent),
  verdicts: Array.from(document.querySelectorAll('.verdict')).map(e => e.textContent),
  people: Array.from(document.querySelectorAll('dd')).map(e => e.textContent),
  links: Array.from(document.querySelectorAll('a')).map(a => a.getAttribute('href')),
  handlers: Array.from(document.querySelectorAll('*')).flatMap(
    e => e.getAttributeNames().filter(n => n.startsWith('on'))),
  elements: Array.from(new Set(Array.from(document.querySelectorAll('*')).map(e => e.localName))).sort(),
  directions: ['article h2', '.verdict', '.explanation'].map(
    q => Array.from(document.querySelectorAll(q)).map(e => getComputedStyle(e).direction)),
  after: document.getElementById('after') ? document.getElementById('after').textContent : null,
}))()"""

PAYLOAD = '</script><script>window.__pwned = 1; alert(1)</script>'

HOSTILE: dict[str, Any] = {
    "people": [
        {"id": "claimant", "name": f'Иван "Ваня" Петров {PAYLOAD} <img src=x onerror="window.__pwned=2">',
         "alternate_names": ["김철수", "back\\slash \\u003c/script> and \\\"quote\\\""]},
    ],
    "organizations": [
        {"id": "desk", "name": "Desk &amp; Co. <!-- <script>window.__pwned=3</script> --> 'single' \"double\"",
         "url": "https://example.org/desk?a=1&b=%3C/script%3E", "kind": "fact-checker"},
    ],
    "claims": [
        {"id": "c1", "text": f"{PAYLOAD} Северная Корея отправит 100 000 солдат — 북한이 10만 명을 보낸다 🦀🇰🇷"
                             "\u2028line separator\u2029paragraph separator <!-- not a comment -->",
         "claimant": "claimant", "date": "2022-08-05", "language": "ru"},
        {"id": "c2", "text": "كوريا الشمالية سترسل 100 ألف جندي — צפון קוריאה תשלח 100,000 חיילים",
         "claimant": "claimant", "language": "ar"},
    ],
    "reviews": [
        {"id": "r1", "claim": "c1", "reviewer": "desk", "date": "2022-08-06", "language": "ru",
         "url": "https://example.org/check?q=</script><script>window.__pwned=4</script>&x=\"y\"",
         "headline": "Проверка: </script><!--<script>window.__pwned=5</script>-->",
         "rating": {"label": "Ложь </script>", "value": 1, "best": 5, "worst": 1,
                    "explanation": "Строка 1\nстрока 2 <script>window.__pwned=6</script> \\ \" ' &lt; &amp;"}},
        {"id": "r2", "claim": "c2", "reviewer": "desk", "language": "he",
         "url": "https://example.org/בדיקה?q='quoted'&amp;x=<b>",
         "rating": {"label": "לא נכון — خطأ", "explanation": "הטענה שקרית. الادعاء كاذب. </script>"}},
    ],
}


def hostile_document() -> Document:
    return Document.model_validate(HOSTILE)


def test_hostile_standalone_page_in_chromium(tab: Tab, tmp_path: Path, update_golden: bool) -> None:
    doc = hostile_document()
    exporter = HtmlExporter()
    data = exporter.build(doc, standalone=True, profile="claimreview")
    assert not [d for d in exporter.check(data) if d.is_error]
    page = tmp_path / "hostile-page.html"
    page.write_bytes(exporter.render(data))
    tab.open(page)
    dom = tab.evaluate(READ_DOM)

    assert dom["pwned"] == "undefined"
    assert dom["handlers"] == []
    assert [s["type"] for s in dom["scripts"]] == ["application/ld+json"]
    assert json.loads(dom["scripts"][0]["text"]) == data["jsonld"]
    assert "img" not in dom["elements"] and "script" in dom["elements"]
    assert dom["title"] == dom["h1"] == "Fact checks"
    assert dom["claims"] == [c.text for c in doc.claims]
    assert dom["verdicts"] == [r.rating.label for r in doc.reviews]
    assert doc.people[0].name in dom["people"]
    assert any(doc.organizations[0].name in text for text in dom["people"])
    desk = doc.organizations[0].url
    assert dom["links"] == [desk, doc.reviews[0].url, desk, doc.reviews[1].url]
    # dir="auto": the Arabic claim and the Hebrew verdict and explanation run right to left
    assert dom["directions"] == [["ltr", "rtl"], ["ltr", "rtl"], ["ltr", "rtl"]]

    shot = tab.screenshot()
    (tmp_path / "hostile-page.png").write_bytes(shot)
    width, height, distinct = png_summary(shot)
    assert width == WIDTH and height > 300 and distinct > 50
    if update_golden:
        GOLDEN.mkdir(parents=True, exist_ok=True)
        (GOLDEN / "hostile-page.png").write_bytes(shot)


def test_paste_ready_block_keeps_the_rest_of_the_page(tab: Tab, tmp_path: Path) -> None:
    """The bare block pasted into a page ends where it should: the page's own text after it stays."""
    result = export(hostile_document(), "html", profile="graph")
    assert result.output is not None and isinstance(result.output, bytes)
    page = tmp_path / "pasted.html"
    page.write_bytes(b'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Pasted</title></head>'
                     b"<body><p>before</p>\n" + result.output + b'<p id="after">after</p></body></html>')
    tab.open(page)
    dom = tab.evaluate(READ_DOM)
    assert dom["pwned"] == "undefined"
    assert dom["after"] == "after"
    assert [s["type"] for s in dom["scripts"]] == ["application/ld+json"]
    assert json.loads(dom["scripts"][0]["text"]) == HtmlExporter().build(hostile_document(), profile="graph")["jsonld"]


@pytest.mark.parametrize("name", ["tokenizer-edge-cases.html", "several-blocks.html", "wrapped-blocks.html"])
def test_reader_finds_the_blocks_chromium_finds(tab: Tab, name: str) -> None:
    """Where a naive parser and a browser disagree on where a script ends, claimreview agrees with
    the browser: the same ld+json blocks, with the same text."""
    path = FIXTURES / "html" / name
    tab.open(path)
    in_dom = [s["text"] for s in tab.evaluate(READ_DOM)["scripts"]
              if s["type"].split(";")[0].strip().lower() == "application/ld+json"]
    text = path.read_text(encoding="utf-8")
    ours = [text[s.content_start:s.content_end] for s in htmlscan.scan(text)
            if isinstance(s, htmlscan.Script) and htmlscan.is_ld_json(s)]
    assert ours == in_dom
    assert len(ours) == len(htmlscan.blocks(text)) >= 2


# --- a PNG, read with the standard library -----------------------------------------------------------


def png_summary(data: bytes) -> tuple[int, int, int]:
    """Width, height and how many distinct pixel rows the picture has (a blank page has one)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, header = 8, b"", b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height = struct.unpack(">II", header[:8])
    raw = zlib.decompress(idat)
    stride = len(raw) // height
    rows = {raw[i * stride + 1:(i + 1) * stride] for i in range(height)}
    return width, height, len(rows)
