"""claimreview serve in a real Chromium: a new user's first fact check, and hostile values typed
into every field.

The app runs on a free port of 127.0.0.1 (tests/serving.py); Chromium is driven over the DevTools
protocol on a pipe, with the client of tests/test_browser.py (same flags, a fresh profile, no
network). Typing is ``Input.insertText`` into the focused field, so the page gets the input events
a keyboard gives; buttons are clicked by the page's own ``click()``.

Screenshots of the main screens are written to ``tests/golden/serve/`` with ``pytest
--update-golden`` (look at them: they are the README's pictures); every run writes them to the
test's temporary folder and checks each is a real picture.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from claimreview.cli import cli
from tests.serving import Served, serving
from tests.test_browser import PROTOCOL_WAIT, Browser, Tab, png_summary

# the Chromium fixtures are shared with the page tests
from tests.test_browser import browser as browser
from tests.test_browser import chromium as chromium

pytest.importorskip("starlette", reason="the serve extra is not installed")
pytestmark = pytest.mark.browser

GOLDEN = Path(__file__).resolve().parent / "golden" / "serve"
WIDTH = 1200
WATCH = ("window.__csp = []; document.addEventListener('securitypolicyviolation', "
         "e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));")
"""Installed in every document before its own scripts: the CSP violations the page causes."""


class App:
    """A tab on the app, with what a user does: go to a page, type, pick, click."""

    def __init__(self, tab: Tab, served: Served) -> None:
        self.tab = tab
        self.served = served
        tab.call("Page.addScriptToEvaluateOnNewDocument", source=WATCH)
        tab.call("Emulation.setFocusEmulationEnabled", enabled=True)
        tab.call("Emulation.setDeviceMetricsOverride", width=WIDTH, height=900, deviceScaleFactor=1, mobile=False)

    def go(self, path: str) -> None:
        self.tab.call("Page.navigate", url=self.served.base + path)
        self.tab.browser.wait_for("Page.loadEventFired", self.tab.session)

    def js(self, expression: str) -> Any:
        return self.tab.evaluate(expression)

    def checks(self) -> int:
        return int(self.js("Number(document.body.dataset.checks || 0)"))

    def type(self, selector: str, text: str, *, clear: bool = True) -> None:
        """Focus the field and type into it, as a keyboard would."""
        self.js(f"(() => {{ const e = document.querySelector({json.dumps(selector)}); e.focus(); "
                f"{'e.select();' if clear else ''} }})()")
        self.tab.call("Input.insertText", text=text)

    def pick(self, selector: str, value: str) -> None:
        self.js(f"(() => {{ const e = document.querySelector({json.dumps(selector)}); e.value = {json.dumps(value)}; "
                "e.dispatchEvent(new Event('change', {bubbles: true})); })()")

    def settle(self, before: int) -> None:
        """Wait until the live check that the last change started has answered."""
        deadline = time.monotonic() + PROTOCOL_WAIT
        while self.checks() <= before or self.js("document.body.dataset.busy") != "0":
            assert time.monotonic() < deadline, "the live check never answered"
            time.sleep(0.05)

    def click_and_load(self, selector: str) -> None:
        self.js(f"document.querySelector({json.dumps(selector)}).click()")
        self.tab.browser.wait_for("Page.loadEventFired", self.tab.session)

    def findings(self, field: str) -> list[str]:
        return list(self.js(f"Array.from(document.querySelectorAll('#f-{field} li')).map(li => li.textContent)"))

    def safety(self) -> dict[str, Any]:
        return dict(self.js("""(() => ({
          pwned: typeof window.__pwned,
          csp: window.__csp,
          scripts: Array.from(document.querySelectorAll('script')).map(s => s.getAttribute('src') || s.type),
          images: document.querySelectorAll('img').length,
          handlers: Array.from(document.querySelectorAll('*')).flatMap(
            e => e.getAttributeNames().filter(n => n.startsWith('on'))),
          jsLinks: Array.from(document.querySelectorAll('a')).filter(a => a.protocol === 'javascript:').length,
        }))()"""))

    def screenshot(self, name: str, out: Path, update: bool) -> None:
        height = self.tab.call("Page.getLayoutMetrics")["cssContentSize"]["height"]
        self.tab.call("Emulation.setDeviceMetricsOverride", width=WIDTH, height=int(height + 0.999),
                      deviceScaleFactor=1, mobile=False)
        shot = base64.b64decode(self.tab.call("Page.captureScreenshot", format="png")["data"])
        self.tab.call("Emulation.setDeviceMetricsOverride", width=WIDTH, height=900, deviceScaleFactor=1,
                      mobile=False)
        (out / f"{name}.png").write_bytes(shot)
        width, height_px, distinct = png_summary(shot)
        assert width == WIDTH and height_px >= 300 and distinct > 40, name
        if update:
            GOLDEN.mkdir(parents=True, exist_ok=True)
            (GOLDEN / f"{name}.png").write_bytes(shot)


@pytest.fixture
def app(tmp_path: Path, browser: Browser) -> Iterator[App]:
    folder = tmp_path / "factchecks"
    folder.mkdir()
    with serving(folder) as served:
        yield App(Tab(browser), served)


CLAIM = "North Korea could send up to 100,000 soldiers to help Russia in Ukraine."
REVIEW_URL = "https://factcheck.example.org/reviews/north-korea-100000-troops"


def test_a_first_fact_check_from_an_empty_folder(app: App, tmp_path: Path, update_golden: bool) -> None:
    shots = tmp_path / "shots"
    shots.mkdir()
    app.go("/")
    assert "No fact checks here yet" in app.js("document.body.textContent")
    app.screenshot("1-empty-folder", shots, update_golden)

    app.click_and_load("a.button")  # "New fact check"
    assert app.js("document.body.dataset.live") == "1"
    before = app.checks()
    app.type("#desk_name", "Example Fact-Check Desk")
    app.type("#desk_url", "https://factcheck.example.org/")
    app.type("#scale", "False = 1\nMostly false = 2\nUnproven = 3\nMostly true = 4\nTrue = 5")
    app.type("#claims-0-text", CLAIM)
    app.pick("#claims-0-claimant", "__new__")
    app.type("#claims-0-new_name", "Igor Korotchenko")
    app.settle(before)
    # the verdict picker offers the scale after a round trip without script: here the scale is
    # declared, so the field is a text box until the form is checked once
    app.click_and_load("button[value=check]")
    app.pick("#claims-0-verdict", "Unproven")
    before = app.checks()
    app.type("#claims-0-explanation", "The article itself labels the report a rumor.")
    app.type("#claims-0-review_url", "factcheck.example.org/reviews/north-korea-100000-troops")
    app.settle(before)
    [finding] = app.findings("claims-0-review_url")
    assert "is not an absolute http(s) URL" in finding and "Why? (model.invalid-url)" in finding
    assert app.js("document.getElementById('snippet').value") == ""
    app.screenshot("2-live-error", shots, update_golden)

    before = app.checks()
    app.type("#claims-0-review_url", REVIEW_URL)
    app.settle(before)
    assert app.findings("claims-0-review_url") == []
    snippet = app.js("document.getElementById('snippet').value")
    assert snippet.startswith('<script type="application/ld+json">') and CLAIM in snippet
    card = app.js("document.querySelector('#cards .card').innerText")
    assert "Igor Korotchenko" in card and "Unproven" in card and "Example Fact-Check Desk" in card

    origin = app.served.base
    app.tab.browser.call("Browser.grantPermissions", origin=origin,
                         permissions=["clipboardReadWrite", "clipboardSanitizedWrite"])
    app.js("document.getElementById('copy').click()")
    deadline = time.monotonic() + PROTOCOL_WAIT
    while app.js("document.getElementById('copied').textContent") != "Copied.":
        assert time.monotonic() < deadline, "the copy button never answered"
        time.sleep(0.05)
    copied = app.tab.call("Runtime.evaluate", expression="navigator.clipboard.readText()", awaitPromise=True,
                          returnByValue=True)["result"]["value"]
    assert copied == snippet
    app.screenshot("3-valid-with-previews", shots, update_golden)

    app.type("#file", "north-korea-troops.yaml")
    app.click_and_load("button[value=save]")
    assert "Saved north-korea-troops.yaml." in app.js("document.querySelector('.ok').textContent")
    saved = app.served.folder / "north-korea-troops.yaml"
    result = CliRunner().invoke(cli, ["validate", str(saved)])
    assert result.exit_code == 0, result.output

    app.go("/")
    row = app.js("document.querySelector('table.list tbody tr').innerText")
    assert "north-korea-troops.yaml" in row and "valid" in row and CLAIM in row
    app.screenshot("4-folder-list", shots, update_golden)
    app.click_and_load("table.list a")  # reopen
    assert app.js("document.getElementById('claims-0-text').value") == CLAIM
    assert app.js("document.getElementById('claims-0-verdict').value") == "Unproven"
    assert app.js("document.getElementById('claims-0-review_url').value") == REVIEW_URL
    chosen = app.js("(s => s.options[s.selectedIndex].text)(document.getElementById('claims-0-claimant'))")
    assert chosen == "Igor Korotchenko (person)"

    app.go("/explain/model.invalid-url")
    assert "URL" in app.js("document.querySelector('.meaning').textContent")
    safety = app.safety()
    assert safety["csp"] == [] and safety["scripts"] == ["/static/app.js"]


HOSTILE = ['<script>window.__pwned=1</script>', '"><img src=x onerror="window.__pwned=2">',
           "javascript:window.__pwned=3", "</textarea><script>window.__pwned=4</script>"]


def test_hostile_values_in_every_field_never_run(app: App) -> None:
    app.go("/edit")
    app.type("#scale", "\n".join(HOSTILE))
    app.click_and_load("button[value=check]")
    fields = app.js("Array.from(document.querySelectorAll('#factcheck input:not([type=hidden]), "
                    "#factcheck textarea')).map(e => '#' + e.id)")
    assert len(fields) >= 14
    for round_, value in enumerate(HOSTILE):
        before = app.checks()
        app.pick("#claims-0-claimant", "__new__")
        for selector in fields:
            if selector != "#scale":
                app.type(selector, f"{value} {round_}")
        app.pick("#claims-0-verdict", HOSTILE[round_])
        app.settle(before)
        safety = app.safety()
        assert safety["pwned"] == "undefined" and safety["csp"] == [], safety
        assert safety["scripts"] == ["/static/app.js"] and safety["images"] == 0 and safety["handlers"] == []
        assert safety["jsLinks"] == 0
        # and as the server renders it, without the script's help
        app.click_and_load("button[value=check]")
        safety = app.safety()
        assert safety["pwned"] == "undefined" and safety["csp"] == [], safety
        assert safety["scripts"] == ["/static/app.js"] and safety["images"] == 0 and safety["handlers"] == []
        texts = app.js("Array.from(document.querySelectorAll('#factcheck textarea')).map(t => t.value)")
        assert any(value in t for t in texts)
