"""Everyday conversations through the real processes: does the assistant understand a whole chat?

Each conversation in tests/data/gesprekken.yml (written for these tests, never trained on) is
played through the public chat API, keeping the session. Per turn the reply (message texts and
button titles) must name the right help (`hulp`), ask what it needs (`vraagt`) and not say what it
must not (`niet`); and the assistant never sends the same reply twice in a row.
"""

from __future__ import annotations

import os
import re
from collections import Counter

import pytest
import requests

from bot import users
from bot.config import load_settings
from bot.store import open_app_db as open_db
from bot.taal.yamlbestand import lees_yaml
from tests.conftest import ROOT
from tests.product_helpers import start_product

pytestmark = pytest.mark.slow

GESPREKKEN = lees_yaml(ROOT / "tests/data/gesprekken.yml")
SOORTEN = (
    "getallen",
    "geen_antwoord",
    "rolwissel",
    "engels",
    "vervolgvraag",
    "ja_nee",
    "knoptekst",
    "mens",
    "herhaald",
)
CONTROLES = ("hulp", "vraagt", "niet")


@pytest.fixture(scope="module")
def product_url(trained_model, tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("var")
    # As in a deployment in Twente: every gemeente of the kaart has a team to hand over to.
    eerder = os.environ.get("JEUGDWIJZER_DATA_DIR")
    os.environ["JEUGDWIJZER_DATA_DIR"] = str(data_dir)
    try:
        db = open_db(load_settings().app_db)
        kaart = lees_yaml(ROOT / "data/kaart/twente.yml")
        for gemeente in kaart["gemeenten"]:
            users.add_team(db, f"Team {gemeente['naam']}", [gemeente["code"]])
    finally:
        if eerder is None:
            del os.environ["JEUGDWIJZER_DATA_DIR"]
        else:
            os.environ["JEUGDWIJZER_DATA_DIR"] = eerder
    with start_product(data_dir, JEUGDWIJZER_RATE_LIMIT="10000") as (_, url):
        yield url


def antwoordtekst(answer: dict) -> str:
    """The reply as a user sees it: every message text and every button title."""
    delen = []
    for bericht in answer.get("messages") or []:
        delen.append(bericht.get("text") or "")
        delen.extend(knop.get("title") or "" for knop in bericht.get("buttons") or [])
    return "\n".join(delen)


def test_there_are_enough_conversations_of_four_to_six_turns_of_every_kind():
    assert len(GESPREKKEN) >= 40
    assert all(4 <= len(g["beurten"]) <= 6 for g in GESPREKKEN)
    assert len({g["naam"] for g in GESPREKKEN}) == len(GESPREKKEN), "every naam once"
    soorten = Counter(s for g in GESPREKKEN for s in g["soort"])
    assert set(soorten) <= set(SOORTEN), set(soorten) - set(SOORTEN)
    assert all(soorten[s] >= 4 for s in SOORTEN), soorten
    for gesprek in GESPREKKEN:
        for beurt in gesprek["beurten"]:
            assert set(beurt) <= {"tekst", *CONTROLES}, (gesprek["naam"], beurt)
            for controle in CONTROLES:
                if controle in beurt:
                    re.compile(beurt[controle])


def _geval(gesprek: dict):
    """A conversation the product still gets wrong is a strict xfail with the known reason: it
    shows in every run, and the suite goes red the day it passes, so the mark is removed."""
    if gesprek.get("bekend"):
        return pytest.param(gesprek, marks=pytest.mark.xfail(strict=True, reason=gesprek["bekend"]))
    return gesprek


@pytest.mark.parametrize(
    "gesprek", [_geval(g) for g in GESPREKKEN], ids=[g["naam"] for g in GESPREKKEN]
)
def test_the_assistant_understands_the_whole_conversation(product_url, gesprek):
    session, vorige = None, None
    for beurt in gesprek["beurten"]:
        body = {"text": beurt["tekst"], **({"session": session} if session else {})}
        response = requests.post(f"{product_url}/api/v1/chat", json=body, timeout=60)
        assert response.status_code == 200, (gesprek["naam"], beurt["tekst"], response.text)
        answer = response.json()
        session = answer["session"]
        tekst = antwoordtekst(answer)
        waar = f"{gesprek['naam']} / {beurt['tekst']!r} kreeg:\n{tekst}"
        if beurt.get("hulp"):
            assert re.search(beurt["hulp"], tekst, re.IGNORECASE), f"geen {beurt['hulp']!r}: {waar}"
        if beurt.get("vraagt"):
            assert re.search(beurt["vraagt"], tekst, re.IGNORECASE), (
                f"vraagt niet {beurt['vraagt']!r}: {waar}"
            )
        if beurt.get("niet"):
            fout = re.search(beurt["niet"], tekst, re.IGNORECASE)
            assert not fout, f"zegt {fout.group()!r} (niet: {beurt['niet']!r}): {waar}"
        assert tekst.strip(), f"leeg antwoord: {waar}"
        assert tekst != vorige, f"hetzelfde antwoord als de vorige beurt: {waar}"
        vorige = tekst


@pytest.mark.parametrize("gesprek", GESPREKKEN, ids=[g["naam"] for g in GESPREKKEN])
def test_no_conversation_gets_the_same_answer_twice_in_a_row(product_url, gesprek):
    """Every conversation, also those still marked as known failures, played to the end."""
    session, vorige = None, None
    for beurt in gesprek["beurten"]:
        body = {"text": beurt["tekst"], **({"session": session} if session else {})}
        answer = requests.post(f"{product_url}/api/v1/chat", json=body, timeout=60).json()
        session = answer["session"]
        tekst = antwoordtekst(answer)
        assert tekst != vorige, f"{gesprek['naam']} / {beurt['tekst']!r} kreeg opnieuw:\n{tekst}"
        vorige = tekst
