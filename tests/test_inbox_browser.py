"""The inbox in a real browser: accessible pages, and a live chat the worker follows without
reloading."""

from __future__ import annotations

import pytest

from tests.browser_helpers import CHROMIUM_ARGS, axe_violations, chromium_path, live_server
from tests.handoff_helpers import SESSIE, WACHTWOORD, db, make_handoff, make_team, make_user

pytestmark = pytest.mark.browser


@pytest.fixture
def page(app, settings):
    path = chromium_path()
    if not path:
        pytest.skip("Chromium ontbreekt: installeer het met 'apt-get install chromium'")
    from playwright.sync_api import sync_playwright

    team = make_team(settings)
    make_user(settings, team)
    make_handoff(settings, team, session=SESSIE, crisis=True)
    with live_server(app) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page(locale="nl-NL")
        page.base_url = url
        yield page
        browser.close()


def log_in(page):
    page.goto(page.base_url + "/inbox/login")
    page.get_by_label("E-mailadres").fill("an@voorbeeld.nl")
    page.get_by_label("Wachtwoord").fill(WACHTWOORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/inbox/")


def test_login_list_and_detail_pass_axe(page):
    page.goto(page.base_url + "/inbox/login")
    assert axe_violations(page) == []
    log_in(page)
    assert axe_violations(page) == []
    page.get_by_role("link", name="#1").click()
    assert page.get_by_role("heading", name="Aanvraag #1").is_visible()
    assert axe_violations(page) == []


def test_worker_sees_the_citizens_message_appear_without_reloading(page, settings):
    log_in(page)
    page.goto(page.base_url + "/inbox/1")
    page.get_by_role("button", name="Oppakken").click()
    page.wait_for_selector("text=Chat loopt")
    # The citizen types in the widget; the web API stores it for the team.
    response = page.request.post(
        page.base_url + "/api/v1/chat",
        data={"session": SESSIE, "text": "Hallo, <b>ben je er</b>?"},
    )
    assert response.json()["handoff"]["state"] == "live"
    bericht = page.locator("#gesprek li.van-burger", has_text="<b>ben je er</b>")
    bericht.wait_for(timeout=6000)  # polled every 2 seconds
    assert page.locator("#gesprek b").count() == 0  # shown as text, never as HTML
    page.get_by_label("Antwoord in de chat").fill("Ja, ik ben An.")
    page.get_by_role("button", name="Versturen").click()
    vans = [b["van"] for b in db(settings)["handoff_berichten"].rows]
    assert vans[-1] == "medewerker"


def test_a_new_chat_request_appears_in_the_open_list_within_5_seconds(page, settings):
    from bot import users

    log_in(page)
    assert page.title().startswith("(1 nieuw) Nieuw")
    link = page.get_by_role("link", name="#1")
    link.focus()  # the worker is reading the list with the keyboard
    team = make_team(settings, "Ander team", "GM0164")  # another team's request stays away
    make_handoff(settings, team, session="a" * 32)
    make_handoff(settings, users.get_team(db(settings), 1), session="b" * 32, kanaal="chat")
    nieuw = page.locator("tr[data-id='3']")
    nieuw.wait_for(timeout=5000)
    assert "Net binnen" in nieuw.inner_text()
    assert page.locator("tr[data-id='2']").count() == 0
    assert page.title().startswith("(2 nieuw) Nieuw")
    assert page.evaluate("() => document.activeElement.textContent") == "#1"  # focus kept
    assert page.locator("#lijst-melding").inner_text() == "Er is een nieuwe aanvraag."
    assert axe_violations(page) == []


def test_the_list_shows_how_long_each_request_has_waited_and_the_title_counts_them(page, settings):
    from datetime import datetime, timedelta, timezone

    from bot import users

    team = users.get_team(db(settings), 1)
    twaalf_min = datetime.now(timezone.utc) - timedelta(minutes=12)
    make_handoff(settings, team, session="c" * 32, now=twaalf_min)
    log_in(page)
    assert page.title().startswith("(2 nieuw) Nieuw")
    kop = page.locator("thead th").all_inner_texts()
    wacht = kop.index("Wacht")
    cellen = page.locator("tr[data-id='2'] td").all_inner_texts()
    assert cellen[wacht] in ("12 min", "13 min")
    assert page.locator("tr[data-id='1'] td").all_inner_texts()[wacht] in ("0 min", "1 min")
