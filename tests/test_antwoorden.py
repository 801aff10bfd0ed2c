"""The fixed answers in domain.yml: honest about being a computer, kind about what it cannot do,
the same in English, and every button sends something Rasa understands without guessing."""

from __future__ import annotations

import json
import re

import pytest

from bot import verwijzing
from bot.taal.yamlbestand import lees_yaml
from tests.conftest import ROOT

DOMAIN = lees_yaml(ROOT / "domain.yml")
RESPONSES = DOMAIN["responses"]
PAYLOAD_RE = re.compile(r"^/(?P<intent>\w+)(?P<entities>\{.*\})?$")


def variant(naam: str, taal: str) -> dict:
    for v in RESPONSES[naam]:
        talen = [c.get("value") for c in v.get("condition") or [] if c.get("name") == "taal"]
        if (taal == "nl" and not talen) or taal in talen:
            return v
    raise AssertionError(f"{naam} heeft geen {taal}-variant")


@pytest.mark.parametrize("taal", ["nl", "en"])
def test_asked_if_it_is_a_robot_it_says_it_is_a_computer_and_offers_a_person(taal):
    v = variant("utter_ben_je_een_robot", taal)
    assert ("computer" in v["text"]) and ("Ja" in v["text"] or "Yes" in v["text"])
    assert "/praten_met_mens" in [b["payload"] for b in v["buttons"]]


@pytest.mark.parametrize("taal", ["nl", "en"])
def test_out_of_scope_says_what_it_does_and_where_to_go_instead(taal):
    tekst = variant("utter_buiten_bereik", taal)["text"]
    woorden = (
        ("paspoort", "afval", "parkeren") if taal == "nl" else ("passport", "waste", "parking")
    )
    assert all(w in tekst for w in woorden)
    assert "website" in tekst


def test_privacy_answer_is_honest_about_what_is_kept_and_how_to_erase_it():
    tekst = variant("utter_privacy", "nl")["text"]
    assert "bewaard" in tekst
    assert "Wis gesprek" in tekst
    assert "naam" in tekst


def test_every_english_answer_has_a_dutch_default():
    for naam, varianten in RESPONSES.items():
        if any(v.get("condition") for v in varianten):
            assert any(not v.get("condition") for v in varianten), naam


def _alle_knoppen():
    for naam, varianten in RESPONSES.items():
        for v in varianten:
            for knop in v.get("buttons") or []:
                yield f"domain.yml {naam}", knop["payload"]
    for intent, onderwerp in verwijzing.onderwerpen().items():
        for volgende in onderwerp.knoppen:
            yield f"onderwerpen.yml {intent}", verwijzing.knop(volgende, "nl")["payload"]
    for bericht in verwijzing.vraag(verwijzing.LEEFTIJD, verwijzing.Situatie()).berichten:
        for knop in bericht.buttons:
            yield "de vraag naar de leeftijd", knop["payload"]
    alledaags = verwijzing.antwoord(verwijzing.onderwerp("opvoeden_eten"), verwijzing.Situatie(9))
    for bericht in alledaags.berichten:
        for knop in bericht.buttons:
            yield "een alledaags antwoord", knop["payload"]


@pytest.mark.parametrize(("waar", "payload"), sorted(set(_alle_knoppen())))
def test_every_button_payload_is_an_intent_rasa_parses_without_the_model(waar, payload):
    match = PAYLOAD_RE.match(payload)
    assert match, f"{waar}: {payload}"
    assert match["intent"] in DOMAIN["intents"], f"{waar}: {payload}"
    if match["entities"]:
        for entity in json.loads(match["entities"]):
            assert entity in DOMAIN["entities"], f"{waar}: {payload}"
