"""Crisis mode through the real processes: after a crisis reply, the conversation stays careful.

Each conversation in tests/data/crisis_gesprekken.yml is played through the public chat API.
Every reply in crisis mode must carry a fitting help number, no reply may be an everyday text,
and the assistant never sends the same answer twice in a row.
"""

from __future__ import annotations

import re

import pytest
import requests

from bot.taal.yamlbestand import lees_yaml
from tests.conftest import ROOT
from tests.product_helpers import start_product

pytestmark = pytest.mark.slow

GESPREKKEN = lees_yaml(ROOT / "tests/data/crisis_gesprekken.yml")
# Texts of everyday answers that must never come after a crisis.
ALLEDAAGS = re.compile(r"Pubers zoeken|18 jaar wordt|schermtijd|Het lukt me niet goed om je te")


@pytest.fixture(scope="module")
def product_url(trained_model, tmp_path_factory):
    with start_product(tmp_path_factory.mktemp("var"), JEUGDWIJZER_RATE_LIMIT="10000") as (_, url):
        yield url


def test_there_are_enough_crisis_conversations_of_four_turns():
    assert len(GESPREKKEN) >= 15
    assert all(len(g["beurten"]) >= 4 for g in GESPREKKEN)


@pytest.mark.parametrize("gesprek", GESPREKKEN, ids=[g["naam"] for g in GESPREKKEN])
def test_every_reply_after_a_crisis_keeps_the_fitting_number(product_url, gesprek):
    session, vorige = None, None
    for nummer, beurt in enumerate(gesprek["beurten"]):
        body = {"text": beurt["tekst"], **({"session": session} if session else {})}
        answer = requests.post(f"{product_url}/api/v1/chat", json=body, timeout=60).json()
        session = answer["session"]
        tekst = "\n".join(m.get("text") or "" for m in answer["messages"])
        waar = f"{gesprek['naam']} / {beurt['tekst']!r} kreeg:\n{tekst}"
        if beurt["nummer"]:
            assert re.search(beurt["nummer"], tekst, re.IGNORECASE), waar
        if beurt.get("ook"):
            assert beurt["ook"].lower() in tekst.lower(), waar
        assert not ALLEDAAGS.search(tekst), waar
        if nummer == 0:  # the whole crisis answer first: the help, and a person of the team
            knoppen = [k["title"] for m in answer["messages"] for k in m.get("buttons") or []]
            assert {"Praat met een medewerker", "Talk to a person"} & set(knoppen), waar
        assert tekst != vorige, waar
        vorige = tekst
