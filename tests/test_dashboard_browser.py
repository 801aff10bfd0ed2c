"""The dashboard in a real browser: policy staff log in, filter, and axe finds no WCAG 2.1 AA
violation (headless Debian Chromium; skipped with a reason when it is missing)."""

from __future__ import annotations

import pytest

from bot import statistiek as stats
from tests.browser_helpers import axe_violations, live_server
from tests.handoff_helpers import WACHTWOORD, make_team, make_user
from tests.test_widget_browser import browser  # noqa: F401 - the shared Chromium fixture

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser, app, settings, monkeypatch):  # noqa: F811 - the imported fixture
    monkeypatch.setenv(stats.BEWAAR_ENV, "1")
    team = make_team(settings)
    make_user(settings, team, email="beleid@voorbeeld.nl", rol="beleid")
    for event, aantal, fields in [
        ("gesprek", 9, {}),
        ("bericht", 25, {}),
        ("verwijzing", 6, {"intent": "opvoeden_slapen", "verwijzing": "voorliggend"}),
        ("verwijzing", 2, {"intent": "zorg_somber", "verwijzing": "lokaal_team"}),
    ]:
        for _ in range(aantal):
            stats.record_event(event, db_path=settings.app_db, gemeente="GM9999", **fields)
    stats.record_niet_begrepen(
        "wat is een sociaal wijkteam", gemeente="GM9999", db_path=settings.app_db
    )
    with live_server(app) as url:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
        page = context.new_page()
        page.goto(f"{url}/dashboard/")
        page.fill("#email", "beleid@voorbeeld.nl")
        page.fill("#password", WACHTWOORD)
        page.click("button[type=submit]")
        page.wait_for_selector("h1:has-text('Sturingsinformatie')")
        yield page
        context.close()


def test_dashboard_has_no_wcag_violations(page):
    assert axe_violations(page) == []


def test_staff_filter_by_gemeente_and_see_the_figures(page):
    page.select_option("#gemeente", "GM9999")
    page.click("text=Toon cijfers")
    page.wait_for_url("**gemeente=GM9999**")
    assert page.locator("#tabel-kerncijfers td").first.inner_text() == "9"
    assert (
        page.locator("svg#grafiek-onderwerpen title").text_content()
        == "Meest gevraagde onderwerpen"
    )
    assert "<5" in page.locator("#tabel-verwijzingen").inner_text()
    assert axe_violations(page) == []


def test_on_a_phone_the_charts_keep_readable_text_and_scroll_in_their_own_box(page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    grafiek = page.locator("svg#grafiek-onderwerpen")
    scale = grafiek.evaluate("el => el.getBoundingClientRect().width / el.viewBox.baseVal.width")
    assert 13 * scale >= 10  # 13-unit labels stay at least 10 px (were about 6 px)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390  # the page reflows
    rol = page.locator(".grafiek-rol").first
    assert rol.evaluate("el => el.scrollWidth > el.clientWidth")  # the chart scrolls sideways
    assert axe_violations(page) == []
