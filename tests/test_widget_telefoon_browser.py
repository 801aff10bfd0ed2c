"""The widget for daily use on a phone (issue 15): a small screen, large text, keyboard and screen
reader users. Headless Chromium, Rasa stubbed by fake_rasa, as in test_widget_browser.py."""

from __future__ import annotations

import pytest

from tests import test_widget_browser as basis
from tests.browser_helpers import Widget

# The same browser, app server and pages as the other widget tests.
browser, server, context, page, widget = (
    basis.browser,
    basis.server,
    basis.context,
    basis.page,
    basis.widget,
)
KEUZE = basis.KEUZE
assert_no_axe_violations = basis.assert_no_axe_violations

pytestmark = pytest.mark.browser

SAFETY = [
    "button.snelweg",
    "button.sluit",
    "nav.nood a >> nth=0",
    "nav.nood a >> nth=1",
    "nav.nood a >> nth=2",
    "nav.nood a >> nth=3",
    "#jw-input",
    "button.stuur",
    "button.wis",
]
LANG = " ".join(["Dit is een lang antwoord met veel woorden om de ruimte te vullen."] * 8)
DRIE_BUBBELS = [
    {"text": "Eerst de tip: " + LANG},
    {"text": "Dan de hulp: " + LANG},
    {"text": "Tot slot de bron: " + LANG},
]


def phone(browser, server, width: int, height: int, text_px: int = 16):
    context = browser.new_context(
        viewport={"width": width, "height": height}, is_mobile=True, has_touch=True, locale="nl-NL"
    )
    page = context.new_page()
    page.goto(server + "/")
    if text_px != 16:  # the phone's own text size setting (200% = 32 px)
        context.new_cdp_session(page).send(
            "Page.setFontSizes", {"fontSizes": {"standard": text_px, "fixed": text_px}}
        )
    return context, page, Widget(page)


def what_is_at(page, box) -> str:
    """The class of what a finger hits in the middle of a box (inside the shadow root)."""
    return page.evaluate(
        """([x, y]) => { const e = document.querySelector('jeugdwijzer-chat').shadowRoot
            .elementFromPoint(x, y); return e ? (e.closest('a, button, input') || e).outerHTML : ''; }""",
        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
    )


@pytest.mark.parametrize(
    "width, height, text_px",
    [(390, 844, 32), (320, 568, 16), (360, 740, 16)],
    ids=["390x844-tekst-200", "320x568", "360x740"],
)
def test_every_safety_control_is_on_screen_uncovered_and_44px(
    browser, server, fake_rasa, width, height, text_px
):
    context, page, widget = phone(browser, server, width, height, text_px)
    fake_rasa.replies = [KEUZE]
    widget.open()
    widget.say("hoi")
    for selector in SAFETY:
        box = widget(selector).bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44, (selector, box)
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, (selector, box)
        assert box["y"] >= 0 and box["y"] + box["height"] <= height, (selector, box)
        hit = what_is_at(page, box)
        label = selector.split(" >>")[0].split(".")[-1].split("#")[-1]
        assert label in hit or (widget(selector).inner_text() or "~") in hit, (selector, hit)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    assert widget.panel.evaluate("el => el.scrollWidth <= el.clientWidth")
    assert_no_axe_violations(page)
    context.close()


def test_the_emergency_bar_is_one_calm_line_on_a_phone(browser, server):
    context, page, widget = phone(browser, server, 390, 844)
    widget.open()
    tops = {round(b["y"]) for b in (a.bounding_box() for a in widget("nav.nood a").all())}
    assert len(tops) == 1  # one line
    xs = sorted(a.bounding_box()["x"] for a in widget("nav.nood a").all())
    assert xs[1] - xs[0] >= 44  # 112 and 113 are apart, each a full target
    colour = widget("nav.nood").evaluate("el => getComputedStyle(el).backgroundColor")
    r, g, b = (int(c) for c in colour[4:-1].split(", ")[:3])
    assert max(r, g, b) - min(r, g, b) < 20  # a quiet grey, no orange alarm
    context.close()


@pytest.mark.parametrize(
    "height, text_px", [(256, 16), (568, 32)], ids=["zoom-400", "320x568-tekst-200"]
)
def test_where_it_cannot_all_fit_everything_can_be_scrolled_to_and_nothing_is_cut_off(
    browser, server, fake_rasa, height, text_px
):
    # 1280 px wide at 400% zoom is 320 x 256 CSS px (WCAG 1.4.10, reflow).
    context, page, widget = phone(browser, server, 320, height, text_px)
    fake_rasa.replies = [KEUZE]
    widget.open()
    widget.say("hoi")
    for selector in SAFETY:
        control = widget(selector)
        control.scroll_into_view_if_needed()
        box = control.bounding_box()
        assert 0 <= box["y"] and box["y"] + box["height"] <= height, (selector, box)
        assert 0 <= box["x"] and box["x"] + box["width"] <= 320, (selector, box)
        assert box["width"] >= 44 and box["height"] >= 44, (selector, box)
        snelweg = widget.snelweg.bounding_box()  # always in the same place, above everything
        assert snelweg["y"] >= 0 and snelweg["y"] + snelweg["height"] <= height
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
    context.close()


def test_a_new_answer_opens_at_its_start_and_again_after_a_reload(browser, server, fake_rasa):
    context, page, widget = phone(browser, server, 390, 844)
    widget.open()
    fake_rasa.replies = [{"text": "Kort antwoord."}]
    widget.say("hoi")
    fake_rasa.replies = DRIE_BUBBELS
    widget.say("mijn kind slaat", answers=3)

    def positions():
        return page.evaluate(
            """() => { const r = document.querySelector('jeugdwijzer-chat').shadowRoot;
                const log = r.querySelector('.log').getBoundingClientRect();
                const bots = [...r.querySelectorAll('li.bericht.bot')];
                const first = bots[bots.length - 3].getBoundingClientRect();
                const last = bots[bots.length - 1].getBoundingClientRect();
                return [first.top - log.top, last.bottom - log.bottom]; }"""
        )

    first_from_top, last_below = positions()
    assert 0 <= first_from_top <= 24  # the tip is what you see first
    assert last_below > 0  # the end of the answer is still below: scroll on to read it
    page.reload()
    widget.panel.wait_for(state="visible")
    first_from_top, last_below = positions()
    assert 0 <= first_from_top <= 24
    context.close()


def test_one_announcement_per_answer_not_per_bubble(widget, fake_rasa, page):
    widget.open()
    page.evaluate(
        """() => { const r = document.querySelector('jeugdwijzer-chat').shadowRoot;
            window.aankondigingen = [];
            const status = r.querySelector('.panel > [role=status]');
            new MutationObserver(() => { if (status.textContent) window.aankondigingen.push(status.textContent); })
                .observe(status, {childList: true, characterData: true, subtree: true}); }"""
    )
    fake_rasa.replies = [{"text": "Een."}, {"text": "Twee [bel](tel:112)."}, {"text": "Drie."}]
    widget.say("hoi", answers=3)
    page.wait_for_function("() => window.aankondigingen.length >= 1")
    page.wait_for_timeout(300)
    assert page.evaluate("() => window.aankondigingen") == [
        "Jeugdwijzer (computer): Een. Twee bel. Drie."
    ]
    # The log itself is not a live region: otherwise each bubble would be read out as well.
    log = widget(".log")
    assert log.get_attribute("aria-live") in (None, "off") and log.get_attribute("role") != "log"
    assert widget("[aria-live]:not(.typing)").count() == 0


def _tab_to(page, widget, text: str, key: str = "Tab", tries: int = 30):
    for _ in range(tries):
        page.keyboard.press(key)
        found = page.evaluate(
            """() => (document.querySelector('jeugdwijzer-chat').shadowRoot.activeElement || {})
                .textContent"""
        )
        if found == text:
            return
    raise AssertionError(f"{text} not reached with {key}")


def test_after_a_choice_by_keyboard_focus_goes_to_the_new_answer(page, widget, fake_rasa):
    fake_rasa.replies = [KEUZE]
    widget.open()
    widget.say("hoi")
    fake_rasa.replies = [{"text": "Over school: praat eerst met de mentor."}]
    _tab_to(page, widget, "School", key="Shift+Tab")
    page.keyboard.press("Enter")
    widget.wait_for_messages(3)
    page.wait_for_function(
        """() => { const a = document.querySelector('jeugdwijzer-chat').shadowRoot.activeElement;
            return a && a.matches('li.bericht.bot'); }"""
    )
    focused = page.evaluate(
        """() => document.querySelector('jeugdwijzer-chat').shadowRoot.activeElement.innerText"""
    )
    assert "praat eerst met de mentor" in focused
    box = widget("li.bericht.bot").last.bounding_box()
    log = widget(".log").bounding_box()
    assert log["y"] <= box["y"] <= log["y"] + log["height"]  # in view, not scrolled away


def test_on_a_phone_the_panel_is_a_modal_dialog_that_keeps_focus_inside(browser, server):
    context, page, widget = phone(browser, server, 390, 844)
    widget.open()
    assert widget.panel.get_attribute("aria-modal") == "true"
    seen = set()
    for key in ["Tab"] * 20 + ["Shift+Tab"] * 20:
        page.keyboard.press(key)
        assert page.evaluate("() => document.activeElement.tagName") == "JEUGDWIJZER-CHAT"
        seen.add(widget.active_element())
    assert {"snelweg", "sluit", "jw-input", "wis"} <= seen  # Snel weg is inside the loop
    page.evaluate("() => document.querySelector('a').focus()")  # a script moves focus behind it
    assert widget.active_element() == "jw-input"
    context.close()


def test_on_a_desktop_the_panel_is_not_modal(widget):
    widget.open()
    assert widget.panel.get_attribute("aria-modal") is None


@pytest.mark.parametrize("where", ["button.snelweg", "nav.nood a >> nth=2", "button.wis"])
def test_escape_closes_the_panel_from_anywhere_in_it(page, widget, where):
    widget.open()
    widget(where).focus()
    page.keyboard.press("Escape")
    assert widget.panel.is_hidden()
    assert widget.active_element() == "launcher"
    assert page.url.startswith("http://127.0.0.1")  # Escape on "Snel weg" does not leave


def test_the_header_names_the_gemeente_and_links_to_the_privacy_page(page, widget):
    widget.open()
    widget("p.ondertitel:has-text('Van Gemeente Voorbeeld')").wait_for()
    link = widget("a.privacy")
    assert link.get_attribute("href").endswith("/privacy")
    assert link.get_attribute("target") == "_blank"
    with page.context.expect_page() as nieuw:
        link.click()
    privacy = nieuw.value
    privacy.wait_for_load_state()
    assert privacy.locator("h1").inner_text() == "Wat gebeurt er met je gesprek?"
    assert "3 uur" in privacy.locator("#bewaren-gesprek").inner_text()
    assert_no_axe_violations(privacy)


def test_waiting_for_a_person_shows_the_queue_and_later_other_chats(context, server, fake_rasa):
    page = context.new_page()
    page.clock.install()
    page.goto(server + "/")
    widget = Widget(page)
    stub = basis.StubHandoff()
    stub.handoff = {**stub.handoff, "plek": 3}
    page.route("**/api/v1/chat/*/updates?after=*", stub.updates)
    fake_rasa.replies = [
        {
            "text": "Ik zet je door naar het wijkteam.",
            "custom": {"handoff": {"state": "wachten", "team": "Wijkteam Voorbeeld"}},
        }
    ]
    widget.open()
    widget.say("ik wil nu chatten")
    status = widget("div.handoff [role=status]")
    page.clock.run_for(2500)  # the next poll
    page.wait_for_function(
        """() => document.querySelector('jeugdwijzer-chat').shadowRoot
            .querySelector('div.handoff [role=status]').textContent.includes('2 mensen voor je')"""
    )
    stub.handoff = {**stub.handoff, "plek": 1}
    page.clock.run_for(2500)
    page.wait_for_function(
        """() => document.querySelector('jeugdwijzer-chat').shadowRoot
            .querySelector('div.handoff [role=status]').textContent.includes('Jij bent de volgende')"""
    )
    assert widget("li.bericht.systeem").count() == 0  # not yet: it has only just started
    page.clock.run_for("03:05")
    routes = widget("li.bericht.systeem")
    routes.wait_for()
    hrefs = [a.get_attribute("href") for a in routes.locator("a").all()]
    assert hrefs == ["https://www.kindertelefoon.nl", "https://www.113.nl"]
    assert "Je mag blijven wachten." in routes.inner_text()
    page.clock.run_for(5000)
    assert widget("li.bericht.systeem").count() == 1  # said once
    assert "Blijf in dit venster." in status.inner_text()
    assert_no_axe_violations(page)


# ---- service cards with large buttons (structured cards) ------------------------------------

KINDERTELEFOON = {
    "name": "Kindertelefoon",
    "line": "Praat met iemand over wat jou bezighoudt.",
    "info": "Gratis.",
    "actions": [
        {"kind": "bellen", "label": "Bel 0800-0432", "href": "tel:08000432"},
        {"kind": "chatten", "label": "Chat", "href": "https://www.kindertelefoon.nl/chat"},
        {"kind": "website", "label": "Website", "href": "https://www.kindertelefoon.nl"},
    ],
    "text": "Kindertelefoon: Praat met iemand over wat jou bezighoudt.\n"
    "Bel [0800-0432](tel:08000432) of chat op "
    "[kindertelefoon.nl](https://www.kindertelefoon.nl/chat). Gratis.",
}
VERWIJZING = [
    {"text": "Je kunt hier hulp krijgen:\n" + KINDERTELEFOON["text"]},
    {"custom": {"kaarten": [KINDERTELEFOON]}},  # Rasa sends an action's json_message apart
    KEUZE,
]


@pytest.mark.parametrize("width, text_px", [(320, 16), (390, 32)], ids=["320", "390-tekst-200"])
def test_a_service_card_has_large_buttons_to_call_chat_and_look(
    browser, server, fake_rasa, width, text_px
):
    context, page, widget = phone(browser, server, width, 740, text_px)
    fake_rasa.replies = VERWIJZING
    widget.open()
    widget.say("ik word gepest")
    kaart = widget("li.kaart")
    assert kaart.count() == 1
    assert widget("li.kaart .kaart-naam").inner_text() == "Kindertelefoon"
    assert "Praat met iemand" in kaart.inner_text()
    # The drawn card takes the place of its text: the number is not shown twice.
    assert widget("li.bericht.bot .tekst").all_inner_texts()[1] == "Je kunt hier hulp krijgen:"
    found = [
        (a.get_attribute("href"), a.evaluate("el => el.firstChild.textContent"))
        for a in kaart.locator("a").all()
    ]
    assert found == [
        ("tel:08000432", "Bel 0800-0432"),
        ("https://www.kindertelefoon.nl/chat", "Chat"),
        ("https://www.kindertelefoon.nl", "Website"),
    ]
    for a in kaart.locator("a").all():
        box = a.bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44, box
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, box
    assert kaart.locator("a.bellen").get_attribute("target") is None  # a call opens the phone
    assert kaart.locator("a.chatten").get_attribute("target") == "_blank"
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    assert_no_axe_violations(page)
    context.close()


def test_a_card_with_an_unsafe_link_keeps_only_its_safe_buttons(widget, fake_rasa):
    slecht = {
        **KINDERTELEFOON,
        "actions": [
            {"kind": "bellen", "label": "Bel", "href": "javascript:alert(1)"},
            {"kind": "website", "label": "Site", "href": "http://example.org"},
            {"kind": "chatten", "label": "Chat", "href": "https://www.kindertelefoon.nl/chat"},
        ],
    }
    fake_rasa.replies = [{"text": slecht["text"]}, {"custom": {"kaarten": [slecht]}}]
    widget.open()
    widget.say("hulp")
    hrefs = [a.get_attribute("href") for a in widget("li.kaart a").all()]
    assert hrefs == ["https://www.kindertelefoon.nl/chat"]


def test_without_card_data_the_text_card_stays_with_its_links(widget, fake_rasa):
    fake_rasa.replies = [{"text": "Je kunt hier hulp krijgen:\n" + KINDERTELEFOON["text"]}]
    widget.open()
    widget.say("ik word gepest")
    assert widget("li.kaart").count() == 0
    assert widget("li.bericht.bot .tekst a").first.get_attribute("href") == "tel:08000432"


def test_cards_are_drawn_again_after_a_reload(page, widget, fake_rasa):
    fake_rasa.replies = VERWIJZING
    widget.open()
    widget.say("ik word gepest")
    page.reload()
    widget("li.kaart a.bellen").wait_for()
    assert widget("li.kaart a.bellen").get_attribute("href") == "tel:08000432"


# ---- a team that is busy ---------------------------------------------------------------------

team_and_worker = basis.team_and_worker
DRUK = "Het is erg druk. Je wacht misschien 20 minuten. <b>Sorry</b>"


def _zet_drukte(page, server, tekst: str, knop: str = "Opslaan"):
    """What a worker does in the inbox: type the busy message and save it (or take it away)."""
    from tests.handoff_helpers import WACHTWOORD

    if "/inbox/" not in page.url:
        page.goto(server + "/inbox/login")
        page.get_by_label("E-mail").fill("an@voorbeeld.nl")
        page.get_by_label("Wachtwoord").fill(WACHTWOORD)
        page.get_by_role("button", name="Inloggen").click()
        page.wait_for_url("**/inbox/")
    if knop == "Opslaan":
        page.get_by_label("Bericht bij drukte").fill(tekst)
    page.get_by_role("button", name=knop).click()
    page.wait_for_url("**/inbox/")


def test_a_young_person_waiting_sees_the_busy_teams_message_with_the_queue_position(
    context, server, fake_rasa, settings, team_and_worker
):
    from tests.handoff_helpers import make_handoff

    team, _ = team_and_worker
    inbox = context.new_page()
    _zet_drukte(inbox, server, DRUK)
    assert inbox.locator("#drukte-nu").inner_text() == DRUK  # shown as text, never as HTML
    assert inbox.locator("#drukte-nu b").count() == 0
    assert_no_axe_violations(inbox)

    make_handoff(settings, team, session="v" * 32)  # someone else waits already
    page = context.new_page()
    page.goto(server + "/")
    widget = Widget(page)
    fake_rasa.replies = [{"text": "Wil je met een mens praten?"}]
    widget.open()
    widget.say("ik wil nu chatten")
    make_handoff(settings, team, session=widget.stored()["session"])
    widget.input.fill("ja")
    widget.input.press("Enter")
    status = widget("div.handoff [role=status]")
    drukte = widget("div.handoff .drukte")
    drukte.wait_for(timeout=6000)
    page.wait_for_function(
        """() => document.querySelector('jeugdwijzer-chat').shadowRoot
            .querySelector('div.handoff [role=status]').textContent.includes('1 persoon voor je')"""
    )
    assert drukte.inner_text() == "Bericht van Wijkteam Voorbeeld: " + DRUK
    assert widget("div.handoff b").count() == 0
    assert "Blijf in dit venster." in status.inner_text()
    assert_no_axe_violations(page)

    _zet_drukte(inbox, server, "", knop="Bericht weghalen")  # the rush is over
    drukte.wait_for(state="hidden", timeout=6000)
    assert "1 persoon voor je" in status.inner_text()


def test_a_card_whose_text_is_not_in_the_message_is_not_drawn_twice(widget, fake_rasa):
    ander = {**KINDERTELEFOON, "text": "Een andere tekst dan in het bericht."}
    fake_rasa.replies = [{"text": KINDERTELEFOON["text"]}, {"custom": {"kaarten": [ander]}}]
    widget.open()
    widget.say("hulp")
    assert widget("li.kaart").count() == 0
    assert widget("li.bericht.bot .tekst a").first.get_attribute("href") == "tel:08000432"
