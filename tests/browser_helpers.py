"""Helpers for the browser tests: Debian's Chromium driven by Playwright, axe-core, a live app.

Chromium comes from Debian (`apt-get install chromium`, done by .ci/run); Playwright never
downloads a browser here. axe-core comes bundled in axe-playwright-python from PyPI.
"""

from __future__ import annotations

import shutil
import threading
from contextlib import contextmanager
from pathlib import Path

from werkzeug.serving import make_server

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def chromium_path() -> str | None:
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    return shutil.which("chromium")


@contextmanager
def live_server(app):
    """The Flask app on a free port in a thread, as a real HTTP server for the browser."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    # poll often: the default 0.5 s poll made every test wait for the shutdown
    thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


def axe_violations(page, context: str | None = None) -> list[str]:
    """WCAG 2.1 A and AA violations on the page (shadow DOM included), one readable line each."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    results = Axe().run(page, context=context, options=options)
    return [
        f"{v['id']}: {v['help']} -> {[n['target'] for n in v['nodes']][:5]}"
        for v in results.response["violations"]
    ]


class Widget:
    """The widget as a user sees it on a page: everything found through its open shadow root."""

    def __init__(self, page):
        self.page = page

    def __call__(self, selector: str):
        return self.page.locator(f"jeugdwijzer-chat >> {selector}")

    @property
    def launcher(self):
        return self("button.launcher")

    @property
    def panel(self):
        return self("#jw-panel")

    @property
    def input(self):
        return self("#jw-input")

    @property
    def snelweg(self):
        return self("button.snelweg")

    def bot_texts(self) -> list[str]:
        return self("li.bericht.bot .tekst").all_inner_texts()

    def open(self):
        self.launcher.click()
        self.panel.wait_for(state="visible")

    def say(self, text: str, answers: int = 1):
        """Type a message, send it and wait until `answers` more bot messages are shown."""
        before = self("li.bericht:not(.user)").count()
        self.input.fill(text)
        self.input.press("Enter")
        self.wait_for_messages(before + answers)

    def wait_for_messages(self, count: int):
        self.page.wait_for_function(
            """n => document.querySelector('jeugdwijzer-chat').shadowRoot
                   .querySelectorAll('li.bericht:not(.user)').length >= n""",
            arg=count,
        )

    def active_element(self) -> str:
        """A short description of what has keyboard focus, looking into the shadow root."""
        return self.page.evaluate(
            """() => {
                let el = document.activeElement;
                while (el && el.shadowRoot && el.shadowRoot.activeElement) {
                    el = el.shadowRoot.activeElement;
                }
                return el ? (el.className || el.id || el.tagName).toString() : '';
            }"""
        )

    def stored(self):
        return self.page.evaluate("() => JSON.parse(sessionStorage.getItem('jeugdwijzer'))")
