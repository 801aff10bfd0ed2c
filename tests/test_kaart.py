"""The sociale kaart as the assistant uses it: search, ranking, opening hours, gemeente lookup."""

from __future__ import annotations

import re
import shutil
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot import kaart
from bot.kaart.bestanden import KAART_DIR

AMS = ZoneInfo("Europe/Amsterdam")
UTC = timezone.utc
TWENTE = ("GM0141", "GM0147", "GM1774", "GM0153", "GM0158", "GM0163", "GM0164")
TWENTE += ("GM1735", "GM0168", "GM0173", "GM1742", "GM0183", "GM1700", "GM0189")
# A Tuesday in November, in office hours.
DINSDAG_MIDDAG = datetime(2026, 11, 24, 12, 0, tzinfo=AMS)

TEST_DIENSTEN = """
gemeenten:
  - {code: GM0001, naam: Testdorp, website: "https://www.example.org", lokaal_team: test-team,
     woonplaatsen: [Proefbuurt], postcodes: ["7550-7559", "7561"],
     postcode_bron: "https://www.example.org/postcodes"}
diensten:
  - id: test-team
    naam: Testteam
    organisatie: Gemeente Testdorp
    omschrijving: "Het team helpt je."
    categorieen: [toegang-jeugdhulp, opvoeden]
    werkgebied: [GM0001]
    website: "https://www.example.org/team"
    kosten: gratis
    toegang: vrij toegankelijk
    open: {werkdagen: "09:00-17:00", za: "10:00-12:00"}
    gesloten_op: [2026-12-25]
    lokaal_team: true
    betrouwbaarheid: high
    bron: {url: "https://www.example.org/team", datum: "2026-11-01"}
    verified_on: 2026-11-01
"""


@pytest.fixture(scope="session")  # read-only: built once per worker
def db(tmp_path_factory) -> Path:
    """The shipped kaart, imported into a database of its own."""
    path = tmp_path_factory.mktemp("kaart") / "kaart.db"
    kaart.importeer(path, KAART_DIR)
    return path


@pytest.fixture(scope="session")  # read-only: built once per worker
def test_db(tmp_path_factory) -> Path:
    """The shipped kaart plus a small test gemeente with known hours and postcodes."""
    tmp_path = tmp_path_factory.mktemp("testkaart")
    kaart_dir = tmp_path / "kaart"
    shutil.copytree(KAART_DIR, kaart_dir)
    (kaart_dir / "testdorp.yml").write_text(TEST_DIENSTEN, encoding="utf-8")
    path = tmp_path / "kaart.db"
    kaart.importeer(path, kaart_dir)
    return path


def namen(resultaten) -> list[str]:
    return [r.dienst.naam for r in resultaten]


# --- referrals name the gemeente's own team


def test_hengelo_referral_names_the_hengelo_team_and_site(db):
    team = kaart.lokaal_team("GM0164", db=db)
    assert "Hengelo" in team.naam
    eerste = kaart.search("toegang-jeugdhulp", gemeente="GM0164", now=DINSDAG_MIDDAG, db=db)[0]
    assert eerste.dienst == team
    tekst = kaart.render(eerste)
    assert team.naam in tekst
    assert "[hengelo.nl](https://www.hengelo.nl)" in tekst


def test_voorbeeld_referral_names_its_example_team_without_any_phone_number(db):
    team = kaart.lokaal_team("GM9999", db=db)
    assert kaart.gemeente("GM9999", db=db).voorbeeld
    resultaten = kaart.search("opvoeden", age=6, gemeente="GM9999", now=DINSDAG_MIDDAG, db=db)
    assert resultaten[0].dienst == team
    tekst = kaart.render(resultaten[0])
    assert team.naam in tekst
    assert "voorbeeld" in tekst.lower() and "verzonnen" in tekst
    assert "tel:" not in tekst
    assert all(
        "example.org" in link for link in re.findall(r"\]\(((?:https|mailto)[^)]*)\)", tekst)
    )
    assert "medewerker" in tekst  # reached through the handoff in this chat


def test_every_twente_gemeente_has_its_own_entrance(db):
    for code in TWENTE:
        team = kaart.lokaal_team(code, db=db)
        assert team is not None and code in team.gemeenten, code
        assert "toegang-jeugdhulp" in team.categorieen


def test_gemeente_not_in_the_kaart_gets_national_services_only(db):
    assert kaart.gemeente("GM0363", db=db) is None
    assert kaart.lokaal_team("GM0363", db=db) is None
    resultaten = kaart.search("praten", gemeente="GM0363", age=12, db=db)
    assert resultaten and all(r.dienst.landelijk for r in resultaten)


# --- ranking


def test_search_returns_at_most_three_services(db):
    for categorie in kaart.CATEGORIEEN:
        assert len(kaart.search(categorie, gemeente="GM0164", db=db)) <= 3


def test_crisis_lines_come_first(db):
    resultaten = kaart.search("veiligheid", gemeente="GM0153", now=DINSDAG_MIDDAG, db=db)
    crisis = [r.dienst.crisis for r in resultaten]
    assert crisis == sorted(crisis, reverse=True)
    assert crisis[0]


def test_an_everyday_worry_gets_no_crisis_line_as_a_card(db):
    # A question about anxiety or ADHD is not a crisis: no 113 or 112 card under it.
    resultaten = kaart.search("psychisch", gemeente="GM0164", age=14, now=DINSDAG_MIDDAG, db=db)
    assert resultaten and not any(r.dienst.crisis for r in resultaten)
    assert any(r.dienst.crisis for r in kaart.search("crisis", gemeente="GM0164", db=db))


def test_local_free_team_comes_before_national_information(db):
    zondag = datetime(2026, 11, 29, 12, 0, tzinfo=AMS)  # the team is closed, and still first
    resultaten = kaart.search("opvoeden", age=6, gemeente="GM0147", now=zondag, db=db)
    assert resultaten[0].dienst.naam == "Sociaal Hus Borne"
    lokaal = [not r.dienst.landelijk for r in resultaten]
    assert lokaal == sorted(lokaal, reverse=True)


def test_regional_veilig_thuis_replaces_the_national_entry_with_the_same_number(db):
    resultaten = kaart.search("veiligheid", gemeente="GM0164", now=DINSDAG_MIDDAG, db=db)
    assert "Veilig Thuis Twente" in namen(resultaten)
    assert "Veilig Thuis" not in namen(resultaten)
    landelijk = kaart.search("veiligheid", now=DINSDAG_MIDDAG, db=db)
    assert "Veilig Thuis" in namen(landelijk)


def test_age_and_audience_filter_the_services(db):
    assert "De Kindertelefoon" in namen(kaart.search("praten", age=12, db=db))
    assert "De Kindertelefoon" not in namen(kaart.search("praten", age=30, db=db))
    twintig = namen(kaart.search("18-plus", age=20, who="jongere", db=db))
    assert "Alles Oké? Supportlijn" in twintig
    assert "Alles Oké? Supportlijn" not in namen(kaart.search("18-plus", age=15, db=db))
    assert "De Kindertelefoon" not in namen(kaart.search("praten", who="ouder", db=db))


def test_open_now_keeps_only_what_is_open(db):
    nacht = datetime(2026, 11, 24, 3, 0, tzinfo=AMS)
    resultaten = kaart.search("praten", open_now=True, now=nacht, db=db)
    assert resultaten and all(r.open_nu for r in resultaten)
    assert "De Kindertelefoon" not in namen(resultaten)


def test_unknown_category_or_audience_is_refused_with_a_dutch_message(db):
    with pytest.raises(ValueError, match="Onbekende categorie"):
        kaart.search("hobby", db=db)
    with pytest.raises(ValueError, match="Onbekend voor wie"):
        kaart.search("opvoeden", who="oma", db=db)


# --- opening hours in Europe/Amsterdam


@pytest.mark.parametrize(
    ("moment", "open_"),
    [
        (datetime(2026, 11, 24, 8, 59, 59, tzinfo=AMS), False),
        (datetime(2026, 11, 24, 9, 0, tzinfo=AMS), True),
        (datetime(2026, 11, 24, 16, 59, tzinfo=AMS), True),
        (datetime(2026, 11, 24, 17, 0, tzinfo=AMS), False),
        (datetime(2026, 11, 29, 11, 0, tzinfo=AMS), False),  # Sunday
        (datetime(2026, 11, 28, 11, 0, tzinfo=AMS), True),  # Saturday morning
        (datetime(2026, 12, 25, 11, 0, tzinfo=AMS), False),  # Christmas: closed
        # Summer time: 9.00 in Amsterdam is 7.00 UTC on the Monday after the clocks go forward.
        (datetime(2026, 3, 30, 6, 59, tzinfo=UTC), False),
        (datetime(2026, 3, 30, 7, 0, tzinfo=UTC), True),
        # Winter time: 9.00 in Amsterdam is 8.00 UTC on the Monday after the clocks go back.
        (datetime(2026, 10, 26, 7, 30, tzinfo=UTC), False),
        (datetime(2026, 10, 26, 8, 0, tzinfo=UTC), True),
        (datetime(2026, 10, 26, 15, 59, tzinfo=UTC), True),
        (datetime(2026, 10, 26, 16, 0, tzinfo=UTC), False),
    ],
)
def test_team_is_open_exactly_in_its_hours_dutch_time(test_db, moment, open_):
    team = kaart.lokaal_team("GM0001", db=test_db)
    assert kaart.is_open(team, moment) is open_


def test_a_fixed_clock_decides_what_is_open_now_at_any_hour(test_db, monkeypatch):
    """JEUGDWIJZER_KLOK (end-to-end tests): "open now" follows it, not the real clock."""
    team = kaart.lokaal_team("GM0001", db=test_db)
    monkeypatch.setenv("JEUGDWIJZER_KLOK", "2026-11-24T11:00")  # a Tuesday morning
    assert kaart.is_open(team) is True
    monkeypatch.setenv("JEUGDWIJZER_KLOK", "2026-11-24T23:00")
    assert kaart.is_open(team) is False


def test_next_opening_skips_the_weekend_and_holidays(test_db):
    team = kaart.lokaal_team("GM0001", db=test_db)
    donderdag_avond = datetime(2026, 12, 24, 18, 0, tzinfo=AMS)
    assert kaart.volgende_opening(team, donderdag_avond) == datetime(
        2026, 12, 26, 10, 0, tzinfo=AMS
    )
    vrijdag_avond = datetime(2026, 11, 27, 18, 0, tzinfo=AMS)
    assert kaart.volgende_opening(team, vrijdag_avond) == datetime(2026, 11, 28, 10, 0, tzinfo=AMS)
    open_nu = datetime(2026, 11, 24, 10, 0, tzinfo=AMS)
    assert kaart.volgende_opening(team, open_nu) == open_nu


def test_opening_text_says_until_when_or_when_again(test_db):
    team = kaart.lokaal_team("GM0001", db=test_db)
    assert kaart.opening_tekst(team, DINSDAG_MIDDAG) == "Nu open tot 17.00 uur"
    avond = datetime(2026, 11, 24, 20, 0, tzinfo=AMS)
    assert kaart.opening_tekst(team, avond) == "Nu gesloten. Weer open morgen om 9.00 uur"
    assert kaart.week_tekst(team) == (
        "maandag tot en met vrijdag van 9.00 tot 17.00 uur; zaterdag van 10.00 tot 12.00 uur"
    )


def test_the_example_team_has_example_office_hours_and_holidays(db):
    team = kaart.lokaal_team("GM9999", db=db)
    assert kaart.is_open(team, DINSDAG_MIDDAG) is True
    kerstavond = datetime(2026, 12, 24, 18, 0, tzinfo=AMS)
    assert kaart.volgende_opening(team, kerstavond) == datetime(2026, 12, 28, 9, 0, tzinfo=AMS)


def test_help_lines_open_day_and_night_and_unknown_hours_point_to_the_website(db):
    lijn_113 = kaart.dienst("zelfmoordpreventie-113", db=db)
    assert kaart.is_open(lijn_113, datetime(2026, 11, 24, 3, 0, tzinfo=AMS)) is True
    assert kaart.opening_tekst(lijn_113) == "Dag en nacht bereikbaar"
    akj = kaart.dienst("akj-vertrouwenspersoon", db=db)
    assert kaart.is_open(akj, DINSDAG_MIDDAG) is None
    assert kaart.volgende_opening(akj, DINSDAG_MIDDAG) is None
    assert kaart.opening_tekst(akj) == "Bekijk de openingstijden op akj.nl"


def test_hours_of_medium_confidence_are_shown_with_source_and_year(db):
    kindertelefoon = kaart.dienst("kindertelefoon", db=db)
    tekst = kaart.opening_tekst(kindertelefoon, DINSDAG_MIDDAG)
    assert tekst.startswith("Nu open tot 21.00 uur")
    assert "2019" in tekst and "flaironline.nl" in tekst


# --- finding the gemeente in free text


@pytest.mark.parametrize(
    ("tekst", "code"),
    [
        ("ik woon in hengelo", "GM0164"),
        ("Ik woon in HENGELO!", "GM0164"),
        ("enschede-zuid", "GM0153"),
        ("wij wonen in Nijverdal", "GM0163"),
        ("mn zoon zit op school in Goor", "GM1735"),
        ("hof van twente", "GM1735"),
        ("rijssen", "GM1742"),
        ("GM0147", "GM0147"),
        ("gemeente voorbeeld", "GM9999"),
        ("Hengelo (Gld.)", None),
        ("dat eten is echt goor", None),
        ("ik woon in goor", "GM1735"),
        ("Wij wonen in Losser", "GM0168"),
        ("hij moet wat losser worden", None),
        ("bijvoorbeeld als hij boos is", None),
        ("ik woon in Amsterdam", None),
        ("", None),
    ],
)
def test_gemeente_is_found_in_messy_text(db, tekst, code):
    gevonden = kaart.vind_gemeente(tekst, db=db)
    assert (gevonden.code if gevonden else None) == code


def test_gemeente_is_found_by_a_four_digit_postcode_from_the_kaart(test_db):
    assert kaart.vind_gemeente("7551", db=test_db).code == "GM0001"
    assert kaart.vind_gemeente("mijn postcode is 7561 AB", db=test_db).code == "GM0001"
    assert kaart.vind_gemeente("7560", db=test_db) is None
    assert kaart.vind_gemeente("ik woon in proefbuurt", db=test_db).code == "GM0001"


def test_search_accepts_a_place_name_for_the_gemeente(db):
    assert kaart.search("toegang-jeugdhulp", gemeente="Nijverdal", db=db)[0].dienst.gemeenten == (
        "GM0163",
    )


# --- rendering


def test_phone_numbers_render_as_tel_links_with_digits_only(db):
    tekst = kaart.render(kaart.dienst("zelfmoordpreventie-113", db=db))
    assert "[113](tel:113)" in tekst and "[0800-0113](tel:08000113)" in tekst
    tekst = kaart.render(kaart.dienst("de-luisterlijn", db=db))
    assert "[088-0767 000](tel:0880767000)" in tekst


def test_rendered_links_use_only_the_schemes_the_widget_allows(db):
    for d in kaart.kaart_laden(db).diensten.values():
        for target in re.findall(r"\]\(([^)]*)\)", kaart.render(d)):
            assert target.startswith(("tel:", "https://", "mailto:")), (d.id, target)


def test_a_name_cannot_break_out_of_a_link_label():
    from bot.kaart.weergave import web_link

    assert (
        web_link("https://evil.example.org/x") == "[evil.example.org](https://evil.example.org/x)"
    )
    assert (
        kaart.tel_link("0800-2000](javascript:alert(1)")
        == "[0800-2000javascript:alert1](tel:080020001)"
    )


def test_costs_are_said_plainly(db):
    assert "Het kost niets." in kaart.render(kaart.dienst("veilig-thuis", db=db))
    juridisch = kaart.render(kaart.dienst("juridisch-loket", db=db))
    assert "Bellen kost: € 0,25 per minuut" in juridisch
    assert "Wat het kost, weet ik niet." in kaart.render(kaart.dienst("de-luisterlijn", db=db))


def test_english_render_keeps_the_dutch_name_and_leaves_out_dutch_sentences(db):
    d = kaart.dienst("veilig-thuis", db=db)
    tekst = kaart.render(d, taal="en")
    assert tekst.startswith("Veilig Thuis\n")
    assert "Call: [0800-2000](tel:08002000)" in tekst
    assert "Open day and night" in tekst and "It is free." in tekst
    assert d.omschrijving not in tekst


def test_a_team_without_contact_points_to_the_gemeente_website():
    from bot.kaart.model import Dienst

    d = Dienst(id="x", naam="Team", organisatie="o", omschrijving="Helpt.", categorieen=())
    tekst = kaart.render(d, gemeente_website="https://www.hengelo.nl")
    assert "Kijk op [hengelo.nl](https://www.hengelo.nl) hoe je contact opneemt." in tekst


def test_every_service_is_described_and_rendered_in_plain_dutch(db):
    from bot.taal.leesbaarheid import score

    avond = datetime(2026, 11, 24, 20, 0, tzinfo=AMS)
    for d in kaart.kaart_laden(db).diensten.values():
        assert score(d.omschrijving).problemen("nl") == [], (d.id, d.omschrijving)
        assert score(kaart.render(d, now=avond)).problemen("nl") == [], d.id
        assert score(kaart.render(d, taal="en", now=avond)).problemen("en") == [], d.id


def test_at_night_a_line_that_is_open_comes_before_one_that_is_closed(db):
    nacht = datetime(2026, 11, 24, 23, 30, tzinfo=AMS)
    resultaten = kaart.search("praten", age=16, who="jongere", now=nacht, db=db)
    open_nu = [r.open_nu for r in resultaten]
    assert open_nu[0] is True and False in open_nu
    assert open_nu.index(False) > open_nu.index(True)
    middag = kaart.search("praten", age=16, who="jongere", now=DINSDAG_MIDDAG, db=db)
    assert middag[0].dienst.naam == "De Kindertelefoon"
