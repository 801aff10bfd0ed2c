"""The Content-Security-Policy in a real browser: the demo page with the widget, the inbox and the
dashboard work, and the browser reports no blocked script, style or request."""

from __future__ import annotations

import pytest

from tests.browser_helpers import CHROMIUM_ARGS, Widget, chromium_path, live_server
from tests.handoff_helpers import WACHTWOORD, make_handoff, make_team, make_user

pytestmark = pytest.mark.browser

MELD_OVERTREDINGEN = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
    e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI), true);
"""


@pytest.fixture(scope="module")
def browser():
    path = chromium_path()
    if not path:
        pytest.skip("Chromium ontbreekt: installeer het met 'apt-get install chromium'")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def open_pagina(browser, app):
    with live_server(app) as server:
        context = browser.new_context(locale="nl-NL")
        context.add_init_script(MELD_OVERTREDINGEN)
        meldingen: list[str] = []

        def pagina(path: str):
            page = context.new_page()
            page.on(
                "console",
                lambda m: meldingen.append(m.text) if "Content Security Policy" in m.text else None,
            )
            page.goto(server + path)
            return page

        pagina.server = server
        pagina.meldingen = meldingen
        yield pagina
        context.close()


def geen_overtredingen(page, meldingen):
    assert page.evaluate("() => window.__csp") == []
    assert meldingen == []


def test_the_widget_works_under_the_csp_of_the_demo_page(open_pagina, fake_rasa):
    fake_rasa.replies = [
        {"text": "Bel [112](tel:112).", "buttons": [{"title": "Ja", "payload": "/bevestigen"}]}
    ]
    page = open_pagina("/")
    widget = Widget(page)
    widget.open()
    assert widget("nav.nood").is_visible()
    # the stylesheet in the shadow root loaded: the panel is laid out, not plain
    assert widget.panel.evaluate("el => getComputedStyle(el).position") == "fixed"
    widget.say("hallo")
    assert "Bel 112." in widget.bot_texts()[-1]
    widget("li.bericht.bot button").last.click()
    widget.wait_for_messages(3)
    assert fake_rasa.received[-1]["message"] == "/bevestigen"
    geen_overtredingen(page, open_pagina.meldingen)


def test_inbox_and_dashboard_work_under_their_csp(open_pagina, settings):
    team = make_team(settings)
    make_user(settings, team)
    make_user(settings, team, email="beleid@voorbeeld.nl", rol="beleid")
    handoff_id = make_handoff(settings, team)
    for email, paden in [
        ("an@voorbeeld.nl", ["/inbox/", f"/inbox/{handoff_id}"]),
        ("beleid@voorbeeld.nl", ["/dashboard/"]),
    ]:
        page = open_pagina("/inbox/login")
        page.get_by_label("E-mail").fill(email)
        page.get_by_label("Wachtwoord").fill(WACHTWOORD)
        with page.expect_navigation():
            page.keyboard.press("Enter")
        for path in paden:
            page.goto(open_pagina.server + path)
            assert page.url == open_pagina.server + path
            page.wait_for_load_state("networkidle")
            geen_overtredingen(page, open_pagina.meldingen)
