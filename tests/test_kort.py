"""Short by design (issue 14): every answer fits a phone screen.

A turn is at most 3 bubbles and 90 words (buttons included), its first bubble at most 50 words,
and it shows at most 2 services. Checked over every response in domain.yml, every text in
bot/data/teksten/ and every topic answer for every role, age band, gemeente and language. A
failure names each answer over a limit. The crisis texts (bot/data/teksten/crisis.yml,
crisisvragen.yml) are left out here: their owner keeps the emergency numbers first and whole.
"""

from __future__ import annotations

import itertools
import re

import pytest

from bot import beurt, hulpaanbod, verwijzing
from bot.kaart import importeer, kaart_laden, kaartje
from bot.taal.teksten import alle_teksten
from bot.taal.yamlbestand import lees_yaml
from bot.verwijzing import (
    GEMEENTE,
    LEEFTIJD,
    MAX_BERICHTEN,
    MAX_EERSTE,
    MAX_KAARTEN,
    MAX_WOORDEN,
    Bericht,
    Situatie,
)
from tests.conftest import ROOT
from tests.kaart_helpers import KAART_DIR, vaste_kaart

ROLLEN = (None, "ouder", "jongere", "professional", "omstander")
LEEFTIJDEN = (None, 0, 2, 8, 15, 19)
TWENTE = lees_yaml(ROOT / "data/kaart/twente.yml")["gemeenten"]
# Where the person lives: not said yet, asked and not known, a place we do not know, two Twente
# gemeenten (with and without a phone number for the team) and the example gemeente.
PLAATSEN = (
    {},
    {"al_gevraagd": (LEEFTIJD, GEMEENTE)},
    {"gemeente_onbekend": True, "al_gevraagd": (GEMEENTE,)},
    {"gemeente": "GM0147"},
    {"gemeente": "GM0153"},
    {"gemeente": "GM9999"},
)
NIET_HIER = {"crisis", "crisisvragen"}  # owned by the crisis work, see the docstring


@pytest.fixture(scope="module")
def kaart(tmp_path_factory):
    return vaste_kaart(tmp_path_factory)


_GEMAAKT: dict[str, list] = {}  # intent -> every answer, made once for the three tests below


def antwoorden(intent: str, kaart, met_uitleg=(True,), talen=("nl", "en")):
    """Every topic answer for every role, age band, place and language: (name, answer)."""
    if intent not in _GEMAAKT:
        onderwerp = verwijzing.onderwerp(intent)
        _GEMAAKT[intent] = [
            (
                uitleg,
                taal,
                f"{intent} rol={rol} leeftijd={leeftijd} {plaats} {taal} uitleg={uitleg}",
                verwijzing.antwoord(
                    onderwerp,
                    Situatie(leeftijd=leeftijd, rol=rol, taal=taal, **plaats),
                    kaart,
                    met_uitleg=uitleg,
                ),
            )
            for rol, leeftijd, plaats, taal in itertools.product(
                ROLLEN, LEEFTIJDEN, PLAATSEN, ("nl", "en")
            )
            for uitleg in (True, False)
        ]
    for uitleg, taal, naam, antwoord in _GEMAAKT[intent]:
        if uitleg in met_uitleg and taal in talen:
            yield naam, antwoord


def te_lang(naam: str, berichten: list[Bericht], kaarten: int = 0) -> list[str]:
    """What is over a limit in one turn, each with the answer's name."""
    fouten = []
    eerste = berichten[0].text.split("\n\n")[0] if berichten else ""
    if len(eerste.split()) > MAX_EERSTE:
        fouten.append(f"{naam}: eerste bericht {len(eerste.split())} woorden (max {MAX_EERSTE})")
    if verwijzing.woorden(berichten) > MAX_WOORDEN:
        fouten.append(f"{naam}: {verwijzing.woorden(berichten)} woorden (max {MAX_WOORDEN})")
    if verwijzing.bubbels(berichten) > MAX_BERICHTEN:
        fouten.append(f"{naam}: {verwijzing.bubbels(berichten)} berichten (max {MAX_BERICHTEN})")
    if kaarten > MAX_KAARTEN:
        fouten.append(f"{naam}: {kaarten} diensten (max {MAX_KAARTEN})")
    return fouten


def test_every_domain_response_fits_a_phone():
    domain = lees_yaml(ROOT / "domain.yml")
    fouten = []
    for naam, varianten in domain["responses"].items():
        for i, v in enumerate(varianten):
            bericht = Bericht(v.get("text") or "", v.get("buttons") or [])
            fouten += te_lang(f"domain.yml {naam}[{i}]", [bericht])
    assert not fouten, "\n".join(fouten)


def test_every_text_of_the_actions_fits_a_phone():
    fouten = []
    for key, taal, tekst in alle_teksten():
        if key.split(".")[0] not in NIET_HIER:
            fouten += te_lang(f"teksten/{key} ({taal})", [Bericht(tekst)])
    assert not fouten, "\n".join(fouten)


@pytest.mark.parametrize("intent", sorted(verwijzing.onderwerpen()))
def test_every_topic_answer_fits_a_phone_for_every_person(intent, kaart):
    onderwerp = verwijzing.onderwerp(intent)
    fouten = []
    for naam, a in antwoorden(intent, kaart, met_uitleg=(True, False)):
        fouten += te_lang(naam, a.berichten, len(a.diensten))
    for g in TWENTE:
        a = verwijzing.antwoord(onderwerp, Situatie(leeftijd=8, gemeente=g["code"]), kaart)
        fouten += te_lang(f"{intent} in {g['naam']}", a.berichten, len(a.diensten))
    assert not fouten, f"{len(fouten)} antwoorden te lang:\n" + "\n".join(fouten[:40])


def test_a_card_is_a_name_what_they_do_and_how_to_reach_them_without_a_source_line(kaart):
    a = verwijzing.antwoord(
        verwijzing.onderwerp("zorg_pesten"), Situatie(rol="jongere", leeftijd=13), kaart
    )
    kaartje = a.berichten[1].text
    assert kaartje.startswith("De Kindertelefoon: ")
    assert "[0800-0432](tel:08000432)" in kaartje
    assert "Deze gegevens komen van" not in kaartje
    assert "Kijk daar voor de zekerheid" not in kaartje
    # The Kindertelefoon's hours come from a source of 2019: never "nu open".
    assert "open" not in kaartje.lower()


def test_a_card_says_free_once(tmp_path):
    db = tmp_path / "kaart.db"
    importeer(db, KAART_DIR)
    kaartjes = [kaartje(d) for d in kaart_laden(db).diensten.values()]
    assert kaartjes
    twee_keer = [k for k in kaartjes if k.lower().count("gratis") > 1]
    assert not twee_keer, "\n".join(twee_keer)


def test_a_card_never_says_free_and_a_price_per_minute_at_once(kaart):
    a = verwijzing.antwoord(verwijzing.onderwerp("juridische_vraag"), Situatie(), kaart)
    tekst = "\n".join(b.text for b in a.berichten)
    assert "Juridisch Loket" in tekst
    assert "Bellen kost geld." in tekst
    assert "Het kost niets" not in tekst
    assert "Wat het kost, weet ik niet" not in tekst


# What a turn asks the person to do next; one of them is enough.
VRAGEN = ("Zeg in welke gemeente", "In welke gemeente", "Hoe oud is", "Kan ik je nog ergens")


@pytest.mark.parametrize("intent", sorted(verwijzing.onderwerpen()))
def test_every_topic_answer_asks_one_thing_and_says_nothing_twice(intent, kaart):
    fouten = []
    for naam, a in antwoorden(intent, kaart, talen=("nl",)):
        tekst = "\n".join(b.text for b in a.berichten)
        if sum(v in tekst for v in VRAGEN) > 1:
            fouten.append(f"{naam}: vraagt twee dingen")
        zinnen = [z.strip() for z in tekst.replace("\n", " ").split(". ") if len(z.split()) > 3]
        if len(zinnen) != len(set(zinnen)):
            fouten.append(f"{naam}: zegt een zin twee keer")
        if tekst.lower().count("het consultatiebureau helpt je gratis") > 1:
            fouten.append(f"{naam}: noemt het consultatiebureau twee keer")
    assert not fouten, f"{len(fouten)} antwoorden:\n" + "\n".join(fouten[:20])


# Where to go, as an answer names it: a number, a link, or a place of the first line or the team.
PLEK = re.compile(
    r"\(tel:|\]\(https?://|jeugdarts|consultatiebureau|huisarts|mentor|leerkracht|team|website"
    r"|gemeente|youth doctor|baby clinic|family doctor",
    re.IGNORECASE,
)


@pytest.mark.parametrize("intent", sorted(verwijzing.onderwerpen()))
def test_short_answers_still_say_where_to_go(intent, kaart):
    """Shortening to bot.beurt.DOEL_WOORDEN drops extras, never the place of help."""
    zonder = []
    for naam, a in antwoorden(intent, kaart):
        tekst = "\n".join(b.text for b in a.berichten)
        if a.vraag is None and not PLEK.search(tekst):
            zonder.append(f"{naam}: {tekst[:80]!r}")
    assert not zonder, f"{intent}: geen plek om heen te gaan:\n" + "\n".join(zonder[:10])


@pytest.mark.parametrize("intent", sorted(verwijzing.onderwerpen()))
def test_shortening_never_drops_the_team_of_the_gemeente_they_named(intent, kaart, monkeypatch):
    """Someone who said where they live gets that gemeente's team, also in a turn cut short."""
    situaties = [Situatie(rol=r, gemeente=g["code"]) for g in TWENTE for r in ("ouder", "jongere")]

    def teams() -> list[str]:
        uit = []
        for situatie in situaties:
            a = verwijzing.antwoord(verwijzing.onderwerp(intent), situatie, kaart)
            team = kaart.lokaal_team(situatie.gemeente)
            uit.append(team is not None and hulpaanbod.sleutel(team) in a.diensten)
        return uit

    kort = teams()
    monkeypatch.setattr(beurt, "DOEL_WOORDEN", 10_000)  # nothing cut for length
    lang = teams()
    weg = [s.gemeente for s, k, v in zip(situaties, kort, lang, strict=True) if v and not k]
    assert not weg, f"{intent}: het team verdwijnt bij het inkorten in {weg}"
