"""For the right person (issue 14): which services may appear for which topic, role and age.

The table bot/data/onderwerp_diensten.yml decides per topic; these tests go over every topic,
role, age band and place, and pin the wrong cards people met: a victim line under a bezwaar, a
suicide line under ADHD, a pgb under debts, an 18-25 line for a 15-year-old, baby advice for a
toddler.
"""

from __future__ import annotations

import itertools

import pytest

from bot import hulpaanbod, verwijzing
from bot.taal.yamlbestand import lees_yaml
from bot.verwijzing import Situatie
from tests.conftest import ROOT
from tests.kaart_helpers import vaste_kaart
from tests.test_kort import LEEFTIJDEN, PLAATSEN, ROLLEN

KAART = [
    d
    for f in ("landelijk", "twente", "voorbeeld")
    for d in lees_yaml(ROOT / f"data/kaart/{f}.yml")["diensten"]
]
DIENSTEN = {d["id"]: d for d in KAART}


@pytest.fixture(scope="module")
def kaart(tmp_path_factory):
    return vaste_kaart(tmp_path_factory)


def getoond(kaart, intent: str, **situatie) -> list[str]:
    a = verwijzing.antwoord(verwijzing.onderwerp(intent), Situatie(**situatie), kaart)
    return a.diensten


def test_every_topic_has_a_row_in_the_table_and_every_row_is_a_topic():
    assert set(hulpaanbod.tabel()) == set(verwijzing.onderwerpen())


def test_every_service_in_the_table_is_in_the_kaart():
    for intent, ids in hulpaanbod.tabel().items():
        onbekend = [i for i in ids if i != hulpaanbod.LOKAAL_TEAM and i not in DIENSTEN]
        assert not onbekend, f"{intent}: {onbekend} staan niet in data/kaart/"


@pytest.mark.parametrize("intent", sorted(verwijzing.onderwerpen()))
def test_every_service_shown_is_allowed_for_the_topic_and_fits_the_age(intent, kaart):
    fouten = []
    for rol, leeftijd, plaats in itertools.product(ROLLEN, LEEFTIJDEN, PLAATSEN):
        for dienst_id in getoond(kaart, intent, rol=rol, leeftijd=leeftijd, **plaats):
            d = DIENSTEN[dienst_id]
            waar = f"{intent} rol={rol} leeftijd={leeftijd} {plaats}: {dienst_id}"
            if not (d.get("lokaal_team") and "lokaal_team" in hulpaanbod.tabel()[intent]) and (
                dienst_id not in hulpaanbod.tabel()[intent]
            ):
                fouten.append(f"{waar} staat niet in de tabel")
            van, tot = d.get("leeftijd_van"), d.get("leeftijd_tot")
            if leeftijd is not None and (
                (van is not None and leeftijd < van) or (tot is not None and leeftijd > tot)
            ):
                fouten.append(f"{waar} past niet bij de leeftijd")
            if van is not None and van >= 18 and leeftijd is None and intent != "achttien_worden":
                fouten.append(f"{waar} is voor 18-plussers")
    assert not fouten, "\n".join(fouten[:40])


@pytest.mark.parametrize(
    ("intent", "nooit"),
    [
        ("jeugdhulp_bezwaar", "slachtofferhulp"),
        ("zorg_scheiding", "slachtofferhulp"),
        ("juridische_vraag", "slachtofferhulp"),
        ("info_veilig_thuis", "slachtofferhulp"),
        ("zorg_adhd_autisme", "zelfmoordpreventie-113"),
        ("zorg_pesten", "zelfmoordpreventie-113"),
        ("geldzorgen", "pgb-informatie"),
    ],
)
def test_a_card_that_does_not_fit_the_question_never_appears(intent, nooit, kaart):
    for rol, leeftijd, plaats in itertools.product(ROLLEN, LEEFTIJDEN, PLAATSEN):
        assert nooit not in getoond(kaart, intent, rol=rol, leeftijd=leeftijd, **plaats)


def test_a_fifteen_year_old_never_gets_the_line_for_young_adults(kaart):
    for intent in verwijzing.onderwerpen():
        for plaats in PLAATSEN:
            assert "alles-oke-supportlijn" not in getoond(
                kaart, intent, rol="jongere", leeftijd=15, **plaats
            )


def test_a_nineteen_year_old_who_feels_low_gets_the_line_for_young_adults(kaart):
    assert "alles-oke-supportlijn" in getoond(
        kaart, "zorg_somber", rol="jongere", leeftijd=19, al_gevraagd=("gemeente",)
    )


def test_a_parent_of_a_three_year_old_who_cries_gets_no_baby_advice():
    onderwerp = verwijzing.onderwerp("opvoeden_huilen")
    assert "baby" in onderwerp.tekst("nl", "ouder", 0).lower()
    assert "baby" not in onderwerp.tekst("nl", "ouder", 3).lower()


def test_a_teacher_gets_a_text_for_a_professional_not_for_a_parent():
    onderwerp = verwijzing.onderwerp("zorg_gedrag")
    assert "als professional" in onderwerp.tekst("nl", "professional")
    assert "als professional" not in onderwerp.tekst("nl", "ouder")
