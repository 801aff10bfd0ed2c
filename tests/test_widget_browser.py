"""The chat widget in a real browser: what a parent or teenager on a phone or laptop notices.

Headless Debian Chromium driven by Playwright, the Flask app on a real port, Rasa stubbed by
fake_rasa. axe-core checks WCAG 2.1 A/AA inside the widget's shadow root.
"""

from __future__ import annotations

import dataclasses
import io
import json
from contextlib import ExitStack

import pytest

from tests.browser_helpers import (
    CHROMIUM_ARGS,
    Widget,
    axe_violations,
    chromium_path,
    live_server,
)

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
NEUTRAL_EXIT = "https://www.buienradar.nl/"
NOOD_LINKS = [
    ("112", "tel:112", "112 bellen: alarmnummer"),
    ("113", "tel:113", "113 bellen: zelfmoordpreventie"),
    ("Veilig Thuis", "tel:08002000", "Veilig Thuis bellen: 0800-2000"),
    ("Kindertelefoon", "tel:08000432", "Kindertelefoon bellen: 0800-0432"),
]
KEUZE = {
    "text": "Waar gaat je vraag over?",
    "buttons": [
        {"title": "Opvoeden", "payload": "/opvoeden_algemeen"},
        {"title": "School", "payload": "/school_hulp"},
    ],
}


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
def server(app):
    with live_server(app) as url:
        yield url


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport=DESKTOP, locale="nl-NL")
    # The network here is closed, and the widget must never go elsewhere: answer the neutral
    # exit site locally and record every request that leaves 127.0.0.1.
    context.foreign_requests = []
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith("http://127.0.0.1")
            else _outside(context, route)
        ),
    )
    yield context
    context.close()


def _outside(context, route):
    context.foreign_requests.append(route.request.url)
    if route.request.url.startswith(NEUTRAL_EXIT):
        route.fulfill(content_type="text/html", body="<title>Het weer</title><p>Zonnig.</p>")
    else:
        route.abort()


@pytest.fixture
def page(context, server):
    page = context.new_page()
    page.goto(server + "/")
    return page


@pytest.fixture
def widget(page):
    return Widget(page)


def assert_no_axe_violations(page):
    violations = axe_violations(page)
    assert violations == [], "\n".join(violations)


def assert_emergency_bar(widget):
    bar = widget("nav.nood")
    assert bar.is_visible()
    links = bar.locator("a")
    # Short on the screen; the number is in the name a screen reader reads (and in the tooltip).
    found = [
        (a.inner_text(), a.get_attribute("href"), a.get_attribute("aria-label"))
        for a in links.all()
    ]
    assert found == NOOD_LINKS


# ---- opening, emergency bar, accessibility -------------------------------------------------


def test_open_panel_shows_emergency_numbers_and_passes_axe(page, widget):
    assert widget.launcher.is_visible()
    assert widget.launcher.get_attribute("aria-expanded") == "false"
    widget.open()
    assert widget.launcher.is_hidden()
    assert_emergency_bar(widget)
    assert "computer" in widget.bot_texts()[0]
    assert widget.snelweg.is_visible()
    assert widget.input.evaluate("el => el.labels[0].textContent") == "Je bericht"
    assert_no_axe_violations(page)


def test_conversation_with_buttons_and_links_passes_axe(page, widget, fake_rasa, context):
    fake_rasa.replies = [
        {
            "text": "Bel ons: [0800-0432](tel:08000432) of kijk op "
            "[de site](https://www.kindertelefoon.nl). Mail [ons](mailto:info@example.org).",
        },
        KEUZE,
    ]
    widget.open()
    widget.say("ik wil met iemand praten", answers=2)
    assert fake_rasa.received[-1]["message"] == "ik wil met iemand praten"
    assert fake_rasa.received[-1]["metadata"] == {"gemeente": "GM9999"}
    links = widget("li.bericht.bot a")
    assert [a.get_attribute("href") for a in links.all()] == [
        "tel:08000432",
        "https://www.kindertelefoon.nl",
        "mailto:info@example.org",
    ]
    assert links.nth(1).get_attribute("rel") == "noopener noreferrer"
    assert widget("button:has-text('Opvoeden')").is_visible()
    assert_no_axe_violations(page)
    assert context.foreign_requests == []


def test_clicking_a_button_sends_its_payload_and_old_buttons_are_switched_off(
    widget, fake_rasa, page
):
    fake_rasa.replies = [KEUZE]
    widget.open()
    widget.say("hoi")
    fake_rasa.replies = [{"text": "Vertel eens meer over opvoeden."}]
    widget("button:has-text('Opvoeden')").click()
    widget.wait_for_messages(3)
    assert fake_rasa.received[-1]["message"] == "/opvoeden_algemeen"
    assert widget("li.bericht.user .tekst").all_inner_texts()[-1] == "Opvoeden"
    # A choice belongs to its moment: once a new message went out, the old choices are off.
    school = widget("button:has-text('School')")
    assert school.is_disabled()
    assert widget("button.gekozen").inner_text().startswith("Opvoeden")
    calls = len(fake_rasa.received)
    school.click(force=True)
    page.wait_for_timeout(300)
    assert len(fake_rasa.received) == calls
    # A typed message switches off the choices of the answer before it too, also after a reload.
    fake_rasa.replies = [KEUZE]
    widget.say("nog een vraag")
    assert widget("button:has-text('School') >> nth=1").is_enabled()
    widget.say("iets anders")
    assert widget("button:has-text('School') >> nth=1").is_disabled()
    page.reload()
    widget.panel.wait_for(state="visible")
    assert widget(".knoppen button:enabled").count() == 2  # only the newest answer's choices


def test_server_text_is_never_html_and_unsafe_links_stay_text(widget, fake_rasa, page):
    fake_rasa.replies = [
        {"text": '<img src=x onerror="window.hacked=1"> [klik](javascript:alert(1)) <b>vet</b>'}
    ]
    widget.open()
    widget.say("hoi")
    text = widget.bot_texts()[-1]
    assert "<img src=x" in text
    assert "[klik](javascript:alert(1))" in text
    assert widget("li.bericht.bot img, li.bericht.bot b").count() == 0
    assert widget("li.bericht.bot a").count() == 0
    assert page.evaluate("() => window.hacked") is None


def test_typing_indicator_shows_while_waiting(widget, fake_rasa):
    fake_rasa.replies = [{"text": "Daar ben ik."}]
    fake_rasa.delay = 2.0
    widget.open()
    widget.input.fill("hoi")
    widget.input.press("Enter")
    widget("p.typing").wait_for(state="visible", timeout=1800)
    assert "typt" in widget("p.typing").inner_text()
    widget.wait_for_messages(2)
    assert widget("p.typing").is_hidden()


# ---- failures: the emergency numbers always stay ------------------------------------------


def test_offline_error_keeps_the_text_and_retry_sends_it(page, widget, fake_rasa):
    fake_rasa.replies = [{"text": "Fijn dat je het vraagt."}]
    widget.open()
    page.route("**/api/v1/chat", lambda route: route.abort("internetdisconnected"))
    widget.input.fill("ik wil praten")
    widget.input.press("Enter")
    error = widget("div.fout")
    error.wait_for(state="visible")
    assert "niet verstuurd" in error.inner_text()
    assert widget("li.bericht.user .tekst").all_inner_texts() == ["ik wil praten"]
    assert_emergency_bar(widget)
    assert fake_rasa.received == []

    page.unroute("**/api/v1/chat")
    widget("button:has-text('Opnieuw proberen')").click()
    widget.wait_for_messages(2)
    assert fake_rasa.received[-1]["message"] == "ik wil praten"
    assert error.is_hidden()
    assert widget.bot_texts()[-1] == "Fijn dat je het vraagt."


def test_assistant_down_shows_the_emergency_message_from_the_503(widget, fake_rasa):
    fake_rasa.status = 500
    widget.open()
    widget.say("help")
    last = widget("li.bericht.bot").last
    assert "computer" in last.inner_text()
    hrefs = [a.get_attribute("href") for a in last.locator("a").all()]
    assert {"tel:112", "tel:08002000", "tel:08000432"} <= set(hrefs)
    assert_emergency_bar(widget)


def test_without_its_stylesheet_the_widget_still_shows_the_emergency_numbers(context, server):
    page = context.new_page()
    page.route("**/widget.css", lambda route: route.abort())
    page.goto(server + "/")
    widget = Widget(page)
    widget.open()
    assert_emergency_bar(widget)


def test_text_too_long_is_given_back_to_edit(widget, page, fake_rasa):
    fake_rasa.replies = [KEUZE]
    widget.open()
    widget.say("hoi")
    # The input caps at 1000 characters; a script could still send more, so the API says no.
    page.evaluate(
        """() => {
            const input = document.querySelector('jeugdwijzer-chat').shadowRoot
                .querySelector('#jw-input');
            input.removeAttribute('maxlength');
            input.value = 'a'.repeat(1001);
        }"""
    )
    widget.input.press("Enter")
    widget("div.fout").wait_for(state="visible")
    assert "te lang" in widget("div.fout").inner_text()
    assert len(widget.input.input_value()) == 1001
    assert widget("li.bericht.user").count() == 1  # only "hoi"
    assert widget("button:has-text('School')").is_enabled()  # nothing was sent: choices stay


# ---- session: reload keeps it, a new tab does not ----------------------------------------


def test_reload_keeps_the_conversation_and_a_new_tab_starts_empty(page, widget, fake_rasa, server):
    fake_rasa.replies = [KEUZE]
    widget.open()
    widget.say("hoi")
    session = fake_rasa.received[-1]["sender"]

    page.reload()
    widget.panel.wait_for(state="visible")  # it stays open
    assert widget("li.bericht.user .tekst").all_inner_texts() == ["hoi"]
    assert widget.bot_texts()[-1] == "Waar gaat je vraag over?"
    fake_rasa.replies = [{"text": "Goed."}]
    widget("button:has-text('School')").click()  # buttons still work after the reload
    widget.wait_for_messages(3)
    assert fake_rasa.received[-1]["sender"] == session

    other = page.context.new_page()
    other.goto(server + "/")
    assert other.evaluate("() => sessionStorage.getItem('jeugdwijzer')") is None
    other_widget = Widget(other)
    other_widget.open()
    assert other_widget("li.bericht.user").count() == 0
    assert "hoi" not in other_widget("ol.berichten").inner_text()
    assert not any(c["name"] for c in page.context.cookies())


# ---- Snel weg, Shift three times, Wis gesprek ---------------------------------------------


def _conversation(widget, fake_rasa):
    fake_rasa.replies = [{"text": "Ik luister."}]
    widget.open()
    widget.say("thuis is het niet veilig")
    return widget.stored()["session"]


def test_snel_weg_leaves_at_once_erases_and_leaves_no_back_entry(page, widget, fake_rasa, server):
    page.goto(server + "/healthz")
    page.goto(server + "/")
    session = _conversation(widget, fake_rasa)
    with page.expect_request(lambda r: r.method == "DELETE") as erase:
        widget.snelweg.click()
    assert erase.value.url.endswith(f"/api/v1/chat/{session}")
    page.wait_for_url(NEUTRAL_EXIT)
    assert page.title() == "Het weer"
    page.go_back()
    assert page.url == server + "/healthz"  # the chat page is not in the history
    page.goto(server + "/")
    assert page.evaluate("() => sessionStorage.getItem('jeugdwijzer')") is None


def test_pressing_shift_three_times_leaves_like_snel_weg(page, widget, fake_rasa):
    session = _conversation(widget, fake_rasa)
    widget.input.click()
    with page.expect_request(lambda r: r.method == "DELETE") as erase:
        for _ in range(3):
            page.keyboard.press("Shift")
    assert erase.value.url.endswith(session)
    page.wait_for_url(NEUTRAL_EXIT)


def test_shift_while_typing_capitals_does_not_leave(page, widget, fake_rasa):
    _conversation(widget, fake_rasa)
    widget.input.click()
    page.keyboard.type("Ik Ben Het")  # Shift is pressed for each capital, with letters between
    assert widget.input.input_value() == "Ik Ben Het"
    assert page.url.startswith("http://127.0.0.1")


def test_exit_url_can_be_set_by_the_gemeente(context, server):
    page = context.new_page()
    page.route(
        server + "/embed",
        lambda route: route.fulfill(
            content_type="text/html",
            body=f'<html lang="nl"><title>Embed</title><body><p>Site</p><script src="{server}'
            '/widget.js" data-exit-url="/healthz" defer></script></body></html>',
        ),
    )
    page.goto(server + "/embed")
    widget = Widget(page)
    widget.open()
    widget.snelweg.click()
    page.wait_for_url(server + "/healthz")


def test_wis_gesprek_asks_first_then_erases_here_and_on_the_server(page, widget, fake_rasa):
    session = _conversation(widget, fake_rasa)
    erased = []
    page.on("request", lambda r: erased.append(r.url) if r.method == "DELETE" else None)
    widget("button.wis").click()
    confirm = widget("#jw-bevestig")
    assert confirm.is_visible()
    assert "Het komt niet meer terug" in confirm.inner_text()
    assert widget.active_element() == "nee-wis"  # the safe choice has focus
    assert_no_axe_violations(page)
    # A mis-tap changes nothing.
    widget("button.nee-wis").click()
    assert confirm.is_hidden()
    assert widget.active_element() == "wis"
    page.wait_for_timeout(200)
    assert erased == []
    assert "niet veilig" in widget("ol.berichten").inner_text()

    widget("button.wis").click()
    with page.expect_request(lambda r: r.method == "DELETE") as erase:
        widget("button.ja-wis").click()
    assert erase.value.url.endswith(session)
    assert widget("li.bericht.user").count() == 0
    assert "niet veilig" not in widget("ol.berichten").inner_text()
    done = widget("p.gewist")
    assert done.is_visible() and done.inner_text().startswith("Het gesprek is gewist.")
    page.wait_for_function(
        """() => document.querySelector('jeugdwijzer-chat').shadowRoot
            .querySelector('[role=status].vh').textContent === 'Het gesprek is gewist.'"""
    )
    assert widget.stored()["session"] is None
    assert widget.panel.is_visible()
    assert widget.active_element() == "jw-input"
    fake_rasa.replies = [{"text": "Nieuw gesprek."}]
    widget.say("hoi")
    assert fake_rasa.received[-1]["sender"] != session
    assert done.is_hidden()


def test_wis_gesprek_during_a_handoff_says_the_team_loses_it_too(page, widget, fake_rasa):
    fake_rasa.replies = [
        {
            "text": "Ik zet je door naar het wijkteam.",
            "custom": {"handoff": {"state": "wachten", "team": "Wijkteam Voorbeeld"}},
        }
    ]
    page.route(
        "**/api/v1/chat/*/updates?after=*",
        lambda route: route.fulfill(
            content_type="application/json",
            body=json.dumps({"handoff": {"state": "wachten"}, "messages": [], "cursor": 0}),
        ),
    )
    widget.open()
    widget.say("ik wil met een mens praten")
    widget("button.wis").click()
    assert "Ook de medewerker ziet je gesprek dan niet meer." in widget("#jw-bevestig").inner_text()


# ---- keyboard only, phone, zoom, dark mode ------------------------------------------------


def test_keyboard_only_open_type_choose_and_close_with_escape(page, widget, fake_rasa):
    fake_rasa.replies = [KEUZE]
    for _ in range(10):
        page.keyboard.press("Tab")
        if widget.active_element() == "launcher":
            break
    assert widget.active_element() == "launcher"
    ring = widget.launcher.evaluate("el => getComputedStyle(el).outline")
    assert ring == "rgb(255, 191, 71) solid 3px"  # the visible yellow focus ring
    page.keyboard.press("Enter")
    assert widget.panel.is_visible()
    assert widget.active_element() == "jw-input"  # focus went to the text field
    page.keyboard.type("hoi")
    page.keyboard.press("Enter")
    widget.wait_for_messages(2)

    fake_rasa.replies = [{"text": "Over school dan."}]
    for _ in range(15):
        page.keyboard.press("Shift+Tab")
        if widget.page.evaluate(
            """() => (document.querySelector('jeugdwijzer-chat').shadowRoot
                .activeElement || {}).textContent === 'School'"""
        ):
            break
    page.keyboard.press("Space")
    widget.wait_for_messages(3)
    assert fake_rasa.received[-1]["message"] == "/school_hulp"

    page.keyboard.press("Escape")
    assert widget.panel.is_hidden()
    assert widget.active_element() == "launcher"
    assert widget.launcher.get_attribute("aria-expanded") == "false"


def _pixel(png: bytes, x: int, y: int) -> tuple[int, int, int]:
    from PIL import Image

    return Image.open(io.BytesIO(png)).convert("RGB").getpixel((x, y))


def test_phone_360x740_full_screen_panel_with_snel_weg_on_top(browser, server, fake_rasa, tmp_path):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="nl-NL")
    page = context.new_page()
    page.goto(server + "/")
    # A cookie banner of the host site, on top of everything it can reach.
    page.evaluate(
        """() => { const b = document.createElement('div');
            b.textContent = 'Deze site gebruikt cookies.';
            b.style.cssText = 'position:fixed;left:0;right:0;top:0;height:120px;background:#333;' +
                'color:#fff;z-index:2147483647';
            document.body.appendChild(b); }"""
    )
    widget = Widget(page)
    fake_rasa.replies = [KEUZE]
    widget.open()
    widget.say("hoi")
    box = widget.panel.bounding_box()
    assert (box["x"], box["y"], box["width"], box["height"]) == (0, 0, 360, 740)
    snelweg = widget.snelweg.bounding_box()
    cx, cy = snelweg["x"] + snelweg["width"] / 2, snelweg["y"] + snelweg["height"] / 2
    on_top = page.evaluate(
        """([x, y]) => document.querySelector('jeugdwijzer-chat').shadowRoot
            .elementFromPoint(x, y).className""",
        [cx, cy],
    )
    assert on_top == "snelweg"
    send = widget("button.stuur").bounding_box()
    assert send["y"] + send["height"] <= 740 and send["x"] + send["width"] <= 360
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    png = page.screenshot(path=str(tmp_path / "telefoon.png"))
    r, g, b = _pixel(png, int(cx), int(snelweg["y"] + 4))
    assert r > 150 and g < 90 and b < 90  # the red "Snel weg" is what shows there
    assert_emergency_bar(widget)
    assert_no_axe_violations(page)
    context.close()


FAKE_KEYBOARD = """(() => {
    // Headless Chromium has no on-screen keyboard: stand in for the visual viewport it shrinks.
    const vv = new EventTarget();
    vv.height = innerHeight; vv.width = innerWidth; vv.offsetTop = 0;
    Object.defineProperty(window, 'visualViewport', {value: vv});
    window.showKeyboard = (height) => {
        vv.height = innerHeight - height; vv.dispatchEvent(new Event('resize'));
    };
})()"""


def test_phone_keyboard_keeps_the_input_and_snel_weg_in_view(browser, server, fake_rasa):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    context.add_init_script(FAKE_KEYBOARD)
    page = context.new_page()
    page.goto(server + "/")
    widget = Widget(page)
    widget.open()
    page.evaluate("() => showKeyboard(300)")  # 440 px of screen is left above the keyboard
    send = widget("button.stuur").bounding_box()
    field = widget.input.bounding_box()
    assert field["y"] + field["height"] <= 440 and send["y"] + send["height"] <= 440
    assert widget.panel.bounding_box()["height"] == 440
    assert widget.snelweg.bounding_box()["y"] >= 0
    assert_emergency_bar(widget)
    context.close()


def test_text_at_200_percent_loses_nothing(page, widget, fake_rasa):
    fake_rasa.replies = [KEUZE]
    widget.open()
    widget.say("hoi")
    # The visitor sets their browser's text size to 200% (32px instead of 16px).
    page.context.new_cdp_session(page).send(
        "Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}}
    )
    assert widget.input.evaluate("el => getComputedStyle(el).fontSize") == "32px"
    panel = widget.panel.bounding_box()
    for selector in [
        "nav.nood a >> nth=3",
        "#jw-input",
        "button.stuur",
        "button.sluit",
        "button.wis",
    ]:
        box = widget(selector).bounding_box()
        assert box["x"] >= panel["x"] and box["x"] + box["width"] <= panel["x"] + panel["width"]
        assert box["y"] >= panel["y"] and box["y"] + box["height"] <= panel["y"] + panel["height"]
    overflow = widget.panel.evaluate(
        "el => [...el.querySelectorAll(':not(.vh)')].filter(e => e.scrollWidth > e.clientWidth + 1 "
        "&& getComputedStyle(e).overflowX !== 'visible').length"
    )
    assert overflow == 0


def test_dark_mode_and_reduced_motion_pass_axe(browser, server, fake_rasa, tmp_path):
    context = browser.new_context(
        viewport=DESKTOP, color_scheme="dark", reduced_motion="reduce", locale="nl-NL"
    )
    page = context.new_page()
    page.goto(server + "/")
    widget = Widget(page)
    fake_rasa.replies = [KEUZE]
    widget.open()
    widget.say("hoi")
    background = widget.panel.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background == "rgb(22, 25, 29)"
    assert widget("span.dots span >> nth=0").evaluate(
        "el => getComputedStyle(el).animationName"
    ) in ("none", "")
    page.screenshot(path=str(tmp_path / "donker.png"))
    assert_no_axe_violations(page)
    context.close()


# ---- handoff to the lokale team (server stubbed at the HTTP boundary) ---------------------


class StubHandoff:
    """Answers the handoff endpoints as the contract says, one state change per step."""

    def __init__(self):
        self.handoff = {"state": "wachten", "team": "Wijkteam Voorbeeld", "medewerker": None}
        self.messages = []
        self.polls = []
        self.stopped = False

    def updates(self, route):
        after = int(route.request.url.split("after=")[1])
        self.polls.append(after)
        new = [m for m in self.messages if m["id"] > after]
        cursor = max([m["id"] for m in self.messages], default=after)
        body = {"handoff": self.handoff, "messages": new, "cursor": cursor}
        route.fulfill(content_type="application/json", body=json.dumps(body))

    def stop(self, route):
        self.stopped = True
        self.handoff = {**self.handoff, "state": "beeindigd"}
        route.fulfill(content_type="application/json", body=json.dumps({"handoff": self.handoff}))


def test_handoff_shows_status_team_messages_and_can_be_ended(page, widget, fake_rasa):
    stub = StubHandoff()
    page.route("**/api/v1/chat/*/updates?after=*", stub.updates)
    page.route("**/api/v1/chat/*/handoff/stop", stub.stop)
    fake_rasa.replies = [
        {
            "text": "Ik zet je door naar het wijkteam. Dat zijn mensen, geen computer.",
            "custom": {"handoff": {"state": "wachten", "team": "Wijkteam Voorbeeld"}},
        }
    ]
    widget.open()
    widget.say("ik wil met een mens praten")
    status = widget("div.handoff [role=status]")
    status.wait_for(state="visible")
    assert "We zoeken een medewerker van Wijkteam Voorbeeld" in status.inner_text()

    stub.handoff = {"state": "live", "team": "Wijkteam Voorbeeld", "medewerker": "Sanne"}
    stub.messages = [
        {"id": 7, "text": "Hoi, ik ben Sanne. Waar kan ik je mee helpen?", "van": "medewerker"}
    ]
    widget("li.bericht.medewerker").wait_for(timeout=5000)
    assert status.inner_text() == "Je chat nu met Sanne van Wijkteam Voorbeeld. Dit is een mens."
    assert "Sanne (Wijkteam Voorbeeld)" in widget("li.bericht.medewerker .naam").inner_text()
    page.wait_for_timeout(2500)  # another poll passes: the message is not shown twice
    assert widget("li.bericht.medewerker").count() == 1
    assert stub.polls[-1] == 7
    assert_no_axe_violations(page)

    page.reload()  # the handoff survives a reload
    widget.panel.wait_for(state="visible")
    assert "Je chat nu met Sanne" in status.inner_text()
    assert widget("li.bericht.medewerker").count() == 1

    widget("button.stop").click()
    page.wait_for_function(
        """() => document.querySelector('jeugdwijzer-chat').shadowRoot
            .querySelector('div.handoff [role=status]').textContent.includes('gestopt')"""
    )
    assert stub.stopped
    assert widget("button.stop").is_hidden()
    polls = len(stub.polls)
    page.wait_for_timeout(2500)
    assert len(stub.polls) == polls  # no more polling after the chat ended


def test_messages_during_a_live_handoff_go_to_the_team(page, widget, fake_rasa):
    stub = StubHandoff()
    stub.handoff = {"state": "live", "team": "Wijkteam Voorbeeld", "medewerker": "Sanne"}
    page.route("**/api/v1/chat/*/updates?after=*", stub.updates)
    fake_rasa.replies = [{"text": "Even geduld.", "custom": {"handoff": stub.handoff}}]
    widget.open()
    widget.say("mens graag")
    sent = []

    def live_post(route):
        sent.append(json.loads(route.request.post_data))
        body = {"session": sent[-1]["session"], "messages": [], "handoff": stub.handoff}
        route.fulfill(content_type="application/json", body=json.dumps(body))

    page.route("**/api/v1/chat", live_post)
    widget.input.fill("ik heb ruzie thuis")
    widget.input.press("Enter")
    widget("li.bericht.user >> nth=1").wait_for()
    page.wait_for_timeout(300)
    assert sent[0]["text"] == "ik heb ruzie thuis"
    assert widget("div.fout").is_hidden()
    assert widget("p.typing").is_hidden()


# ---- embedding on a gemeente site (another origin) ----------------------------------------

HOSTILE_PAGE = """<!doctype html><html lang="nl"><head><title>Gemeente Elders</title>
<style>* {{ font-size: 8px; color: yellow; background: purple; }} button {{ display: none; }}
a {{ color: lime; }} p {{ margin: 40px; }}</style></head>
<body><h1>Gemeente Elders</h1><script src="{server}/widget.js" data-gemeente="GM0164" defer>
</script></body></html>"""


@pytest.fixture
def gemeente_site():
    """A gemeente's own site on another origin (localhost instead of 127.0.0.1), with rude CSS."""
    page = {}

    def site(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
        return [page["html"].encode()]

    with live_server(site) as url:
        yield url.replace("127.0.0.1", "localhost"), page


@pytest.fixture
def embed(browser, settings, gemeente_site):
    """Put the widget on the gemeente site, with the given origins allowed by the app."""
    from web import create_app

    origin, site_page = gemeente_site
    with ExitStack() as stack:

        def start(allowed: list[str]) -> Widget:
            app = create_app(dataclasses.replace(settings, allowed_origins=allowed), TESTING=True)
            site_page["html"] = HOSTILE_PAGE.format(server=stack.enter_context(live_server(app)))
            context = browser.new_context(viewport=DESKTOP)
            stack.callback(context.close)
            page = context.new_page()
            page.goto(origin + "/")
            return Widget(page)

        yield start


def test_listed_gemeente_site_can_embed_and_its_css_does_not_break_the_widget(
    embed, gemeente_site, fake_rasa
):
    widget = embed([gemeente_site[0]])
    assert widget.launcher.is_visible()
    assert widget.launcher.evaluate("el => getComputedStyle(el).fontSize") == "16px"
    fake_rasa.replies = [{"text": "Hoi vanaf de gemeente."}]
    widget.open()
    widget.say("hoi")
    assert widget.bot_texts()[-1] == "Hoi vanaf de gemeente."
    assert fake_rasa.received[-1]["metadata"] == {"gemeente": "GM0164"}
    assert not widget.page.context.cookies()
    assert axe_violations(widget.page, context="jeugdwijzer-chat") == []


def test_unlisted_site_cannot_chat_but_still_shows_the_emergency_numbers(embed, fake_rasa):
    widget = embed(["https://www.elders.nl"])
    widget.open()
    widget.input.fill("hoi")
    widget.input.press("Enter")
    widget("div.fout").wait_for(state="visible")
    assert fake_rasa.received == []
    assert_emergency_bar(widget)


# ---- against the real handoff server and the team inbox -----------------------------------


@pytest.fixture
def team_and_worker(settings):
    from tests.handoff_helpers import make_team, make_user

    team = make_team(settings)
    return team, make_user(settings, team, naam="Sanne")


def test_real_handoff_team_replies_in_the_widget_and_the_citizen_ends_it(
    page, widget, fake_rasa, settings, team_and_worker
):
    from bot import overdracht as handoff
    from tests.handoff_helpers import db, make_handoff

    team, worker = team_and_worker
    fake_rasa.replies = [{"text": "Wil je met een mens praten?"}]
    widget.open()
    widget.say("ik wil met iemand praten")
    session = widget.stored()["session"]
    # The handoff action stored the request; from now on the server answers with its state.
    handoff_id = make_handoff(settings, team, session=session)
    widget.input.fill("ja graag")
    widget.input.press("Enter")
    status = widget("div.handoff [role=status]")
    status.wait_for(state="visible")
    assert "We zoeken een medewerker van Wijkteam Voorbeeld" in status.inner_text()

    handoff.oppakken(db(settings), worker, handoff_id)
    handoff.antwoord(db(settings), worker, handoff_id, "Hoi, ik ben Sanne. Vertel het maar.")
    widget("li.bericht.medewerker").wait_for(timeout=6000)
    assert "Je chat nu met Sanne van Wijkteam Voorbeeld" in status.inner_text()
    assert "Vertel het maar." in widget("li.bericht.medewerker").inner_text()
    assert_no_axe_violations(page)

    rasa_calls = len(fake_rasa.received)
    widget.input.fill("mijn vader drinkt veel")
    widget.input.press("Enter")
    widget("li.bericht.user >> nth=2").wait_for()
    for _ in range(50):
        texts = [b["tekst"] for b in handoff.berichten(db(settings), handoff_id)]
        if "mijn vader drinkt veel" in texts:
            break
        page.wait_for_timeout(100)
    assert "mijn vader drinkt veel" in texts  # it went to the team, not to the bot
    assert widget("p.typing").is_hidden()  # no "Jeugdwijzer typt" while a person answers
    assert len(fake_rasa.received) == rasa_calls
    assert widget("div.fout").is_hidden()

    widget("button.stop").click()
    page.wait_for_function(
        """() => document.querySelector('jeugdwijzer-chat').shadowRoot
            .querySelector('div.handoff [role=status]').textContent.includes('gestopt')"""
    )
    assert handoff.publieke_status(handoff.chat_van_sessie(db(settings), session))["state"] == (
        "beeindigd"
    )


def test_inbox_pages_pass_axe(context, server, settings, team_and_worker):
    from tests.handoff_helpers import WACHTWOORD, make_handoff

    team, worker = team_and_worker
    handoff_id = make_handoff(settings, team)
    page = context.new_page()
    page.goto(server + "/inbox/login")
    assert_no_axe_violations(page)
    page.get_by_label("E-mail").fill(worker.email)
    page.get_by_label("Wachtwoord").fill(WACHTWOORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/login" not in page.url
    for path in ["/inbox/", f"/inbox/{handoff_id}"]:
        page.goto(server + path)
        assert page.url == server + path
        assert_no_axe_violations(page)
