"""Anonymous events and the figures computed from them: right counts, "<5" for small ones.

Events are written with record_event as the actions and the web layer do; the figures are read
the way the dashboard, the CSV and `jeugdwijzer stats` read them.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime, timedelta, timezone

import pytest
from click.testing import CliRunner

from bot import statistiek as stats
from bot.store import open_app_db, open_db
from web import grafiek

VOORBEELD, HENGELO = "GM9999", "GM0164"
MAANDAG = datetime(2026, 11, 16, 10, tzinfo=stats.TZ)  # ISO week 47


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "var" / "jeugdwijzer.db"


@pytest.fixture
def db(db_path):
    return open_app_db(db_path)


def schrijf(db_path, event: str, aantal: int, now=MAANDAG, **fields):
    for _ in range(aantal):
        stats.record_event(event, now=now, db_path=db_path, **fields)


def overzicht(db, van="2026-11-16", tot="2026-11-22", gemeente=None, toegestaan=None):
    return stats.maak_overzicht(db, stats.maak_filter(van, tot, gemeente, toegestaan))


def tabel(o: stats.Overzicht, sleutel: str) -> dict[str, str]:
    return {w.label: w.tekst for w in o.grafiek(sleutel).waarden}


def kerncijfers(o: stats.Overzicht) -> dict[str, str]:
    return {w.label: w.tekst for w in o.kerncijfers}


# ---------------------------------------------------------------- events


def test_an_event_keeps_no_message_text_and_no_session_id(db, db_path):
    stats.record_event(
        "verwijzing",
        db_path=db_path,
        intent="opvoeden_slapen",
        gemeente=VOORBEELD,
        text="Mijn dochter Fleur slaapt slecht",
        session="abcdefghijklmnopqrstuvwxyz",
    )
    [row] = db.query("SELECT * FROM gebeurtenissen")
    assert row["intent"] == "opvoeden_slapen"
    assert "text" not in row and "session" not in row
    assert not any("Fleur" in str(v) or "abcdefghij" in str(v) for v in row.values())


def test_an_event_keeps_the_local_date_and_hour_only(db, db_path):
    # 23:30 UTC on a summer evening is 01:30 the next morning in the Netherlands.
    stats.record_event(
        "gesprek", now=datetime(2026, 7, 1, 23, 30, tzinfo=timezone.utc), db_path=db_path
    )
    [row] = db.query("SELECT datum, uur FROM gebeurtenissen")
    assert row == {"datum": "2026-07-02", "uur": 1}


def test_a_broken_database_never_breaks_the_conversation(tmp_path):
    not_a_db = tmp_path / "map"
    not_a_db.mkdir()
    stats.record_event("gesprek", db_path=not_a_db)  # no exception
    stats.record_niet_begrepen("hoi", db_path=not_a_db)


# ---------------------------------------------------------------- suppression


@pytest.mark.parametrize(
    ("aantal", "getoond"), [(0, "0"), (1, "<5"), (4, "<5"), (5, "5"), (17, "17")]
)
def test_counts_from_one_to_four_are_shown_as_less_than_five(aantal, getoond):
    assert stats.toon(aantal) == getoond


def test_small_counts_are_suppressed_in_every_chart_table_and_report(db, db_path):
    schrijf(db_path, "gesprek", 3, gemeente=VOORBEELD)
    schrijf(db_path, "verwijzing", 2, intent="zorg_somber", verwijzing="lokaal_team", rol="jongere")
    schrijf(db_path, "crisis", 1, crisis_categorie="suicidaliteit")
    schrijf(db_path, "handoff", 4, handoff_status="gevraagd", gemeente=VOORBEELD)
    o = overzicht(db)
    getoond = [w.tekst for g in o.grafieken for w in g.waarden] + [w.tekst for w in o.kerncijfers]
    assert not {"1", "2", "3", "4"} & set(getoond)
    assert tabel(o, "verwijzingen")["Lokale team"] == "<5"
    assert tabel(o, "crisis") == {stats.OVERIGE_SOORTEN: "<5"}
    assert tabel(o, "handoffs")["Gevraagd"] == "<5"
    rapport = stats.tekst_rapport(o)
    assert not re.search(r"\s[1-4]\n", rapport)


def test_the_drawing_of_a_small_count_does_not_reveal_it(db, db_path):
    schrijf(db_path, "verwijzing", 1, intent="opvoeden_eten", verwijzing="voorliggend")
    een = grafiek.svg(overzicht(db).grafiek("verwijzingen"), "g")
    schrijf(db_path, "verwijzing", 3, intent="opvoeden_eten", verwijzing="voorliggend")
    vier = grafiek.svg(overzicht(db).grafiek("verwijzingen"), "g")
    assert een == vier
    assert "&lt;5" in een


def test_fallback_rate_is_hidden_when_fewer_than_five_were_not_understood(db, db_path):
    schrijf(db_path, "bericht", 40)
    schrijf(db_path, "niet_begrepen", 3)
    assert "%" not in kerncijfers(overzicht(db))["Deel van de berichten niet begrepen"]
    schrijf(db_path, "niet_begrepen", 7)
    cijfers = kerncijfers(overzicht(db))
    assert cijfers["Deel van de berichten niet begrepen"] == f"{round(100 * 10 / 40)}%"
    assert cijfers["Niet begrepen berichten"] == "10"


# ---------------------------------------------------------------- aggregates


def test_conversations_are_counted_per_iso_week_across_new_year(db, db_path):
    schrijf(db_path, "gesprek", 6, now=datetime(2026, 12, 31, 9, tzinfo=stats.TZ))  # week 53
    schrijf(db_path, "gesprek", 5, now=datetime(2027, 1, 4, 9, tzinfo=stats.TZ))  # week 1
    schrijf(db_path, "gesprek", 7, now=datetime(2027, 1, 10, 21, tzinfo=stats.TZ))  # week 1
    o = overzicht(db, "2026-12-21", "2027-01-10")
    assert tabel(o, "gesprekken_per_week") == {
        "week 52 (2026)": "0",
        "week 53 (2026)": "6",
        "week 1 (2027)": "12",
    }
    uren = tabel(o, "drukste_uren")
    assert (uren["09:00"], uren["21:00"], uren["10:00"]) == ("11", "7", "0")
    assert len(uren) == 24


def test_events_outside_the_period_are_not_counted(db, db_path):
    schrijf(db_path, "gesprek", 5, now=datetime(2026, 11, 15, 23, tzinfo=stats.TZ))
    schrijf(db_path, "gesprek", 6, now=datetime(2026, 11, 23, 0, tzinfo=stats.TZ))
    assert kerncijfers(overzicht(db))["Gesprekken"] == "0"


def test_top_topics_biggest_first_with_readable_names(db, db_path):
    schrijf(db_path, "verwijzing", 5, intent="opvoeden_slapen", verwijzing="voorliggend")
    schrijf(db_path, "verwijzing", 9, intent="zorg_somber", verwijzing="lokaal_team")
    schrijf(db_path, "verwijzing", 2, intent="zorg_pesten", verwijzing="lokaal_team")
    schrijf(db_path, "verwijzing", 1, intent="geldzorgen", verwijzing="landelijk")
    labels = stats.onderwerp_labels()
    assert tabel(overzicht(db), "onderwerpen") == {
        labels["zorg_somber"]: "9",
        labels["opvoeden_slapen"]: "5",
        stats.OVERIGE_ONDERWERPEN: "<5",
    }


def test_a_small_topic_is_never_named_so_subtraction_cannot_reveal_it(db, db_path):
    # The referral chart shows the total exactly (6 + 5); a named topic of 1 would be 11 - 10.
    schrijf(db_path, "verwijzing", 6, intent="opvoeden_eten", verwijzing="voorliggend")
    schrijf(db_path, "verwijzing", 4, intent="zorg_angst", verwijzing="lokaal_team")
    schrijf(db_path, "verwijzing", 1, intent="zorg_rouw", verwijzing="lokaal_team")
    o = overzicht(db)
    assert tabel(o, "verwijzingen")["Lokale team"] == "5"
    onderwerpen = tabel(o, "onderwerpen")
    assert onderwerpen[stats.OVERIGE_ONDERWERPEN] == "5"
    labels = stats.onderwerp_labels()
    assert labels["zorg_angst"] not in onderwerpen and labels["zorg_rouw"] not in onderwerpen
    schrijf(db_path, "crisis", 6, crisis_categorie="suicide")
    schrijf(db_path, "crisis", 1, crisis_categorie="geweld")
    assert tabel(overzicht(db), "crisis") == {
        stats.CRISIS["suicide"]: "6",
        stats.OVERIGE_SOORTEN: "<5",
    }


def test_referrals_split_into_voorliggend_lokaal_team_landelijk_and_crisis(db, db_path):
    schrijf(db_path, "verwijzing", 6, intent="opvoeden_eten", verwijzing="voorliggend", rol="ouder")
    schrijf(db_path, "verwijzing", 8, intent="zorg_angst", verwijzing="lokaal_team", rol="jongere")
    schrijf(db_path, "verwijzing", 5, intent="verslaving", verwijzing="landelijk")
    schrijf(db_path, "crisis", 5, crisis_categorie="geweld")
    o = overzicht(db)
    assert tabel(o, "verwijzingen") == {
        "Voorliggend veld": "6",
        "Lokale team": "8",
        "Landelijke hulplijn": "5",
        "Crisislijn": "5",
    }
    assert tabel(o, "crisis") == {stats.CRISIS["geweld"]: "5"}
    assert tabel(o, "wie_vraagt") == {
        "Ouder": "6",
        "Jongere": "8",
        "Professional": "0",
        "Onbekend": "5",
    }


def test_handoffs_and_their_outcomes(db, db_path):
    for status, aantal in {
        "gevraagd": 12,
        "geaccepteerd": 10,
        "geholpen": 6,
        "geen_contact": 0,
    }.items():
        schrijf(db_path, "handoff", aantal, handoff_status=status, gemeente=VOORBEELD)
    assert tabel(overzicht(db), "handoffs") == {
        "Gevraagd": "12",
        "Opgepakt door het team": "10",
        "Uitkomst: geholpen": "6",
        "Uitkomst: doorverwezen": "0",
        "Uitkomst: geen contact": "0",
    }


def test_a_gemeente_sees_only_its_own_conversations(db, db_path):
    schrijf(db_path, "gesprek", 6, gemeente=VOORBEELD)
    schrijf(db_path, "gesprek", 9, gemeente=HENGELO)
    schrijf(db_path, "gesprek", 5)  # gemeente unknown
    assert kerncijfers(overzicht(db, gemeente=HENGELO))["Gesprekken"] == "9"
    team = overzicht(db, toegestaan=(VOORBEELD,))
    assert kerncijfers(team)["Gesprekken"] == "6"
    assert kerncijfers(overzicht(db))["Gesprekken"] == "20"


@pytest.mark.parametrize(
    ("van", "tot", "gemeente", "melding"),
    [
        ("2026-13-01", None, None, "klopt niet"),
        ("1-11-2026", None, None, "jaar-maand-dag"),
        ("2026-11-20", "2026-11-01", None, "na de einddatum"),
        ("2024-01-01", "2026-01-01", None, "hoogstens een jaar"),
        (None, None, HENGELO, "hoort niet bij uw team"),
        (None, None, "Hengelo", "hoort niet bij uw team"),
    ],
)
def test_a_wrong_filter_gets_a_clear_dutch_message(van, tot, gemeente, melding):
    with pytest.raises(stats.FouteFilter, match=melding):
        stats.maak_filter(van, tot, gemeente, toegestaan=(VOORBEELD,))


def test_without_dates_the_last_twelve_weeks_are_shown():
    f = stats.maak_filter(vandaag=date(2026, 11, 22))
    assert f.tot == date(2026, 11, 22)
    assert f.van.weekday() == 0 and (f.tot - f.van).days == 12 * 7 - 1


# ---------------------------------------------------------------- niet begrepen


def test_misunderstood_text_is_not_kept_unless_the_deployment_opts_in(db, db_path, monkeypatch):
    monkeypatch.delenv(stats.BEWAAR_ENV, raising=False)
    stats.record_niet_begrepen(
        "Wat is een pgb-budgetplan?", gemeente=VOORBEELD, now=MAANDAG, db_path=db_path
    )
    assert kerncijfers(overzicht(db))["Niet begrepen berichten"] == "<5"
    assert stats.niet_begrepen_lijst(db, stats.maak_filter()) == []


def test_kept_misunderstood_text_is_masked(db, db_path, monkeypatch):
    monkeypatch.setenv(stats.BEWAAR_ENV, "1")
    stats.record_niet_begrepen(
        "Bel 06-12345678 of mail an.jansen@example.nl, ik woon op 7511 AB 12",
        gemeente=VOORBEELD,
        db_path=db_path,
    )
    [rij] = stats.niet_begrepen_lijst(db, stats.maak_filter())
    assert "12345678" not in rij["tekst"] and "an.jansen" not in rij["tekst"]
    assert "7511" not in rij["tekst"]
    assert "[telefoon]" in rij["tekst"] and "[e-mail]" in rij["tekst"]
    assert rij["gemeente"] == VOORBEELD
    stored = db_path.read_bytes() + db_path.with_name(db_path.name + "-wal").read_bytes()
    assert b"12345678" not in stored


def test_kept_texts_are_deleted_after_the_retention_period(db, db_path, monkeypatch):
    monkeypatch.setenv(stats.BEWAAR_ENV, "1")
    oud = datetime(2026, 9, 1, 12, tzinfo=stats.TZ)
    stats.record_niet_begrepen("oud bericht", now=oud, db_path=db_path)
    stats.record_niet_begrepen(
        "nieuw bericht", now=datetime(2026, 10, 1, tzinfo=stats.TZ), db_path=db_path
    )
    gewist = stats.purge(db, retention_days=30, now=datetime(2026, 10, 15, tzinfo=stats.TZ))
    assert gewist == 1
    teksten = [r["tekst"] for r in db.query("SELECT tekst FROM niet_begrepen")]
    assert teksten == ["nieuw bericht"]
    # The anonymous count stays.
    assert db.execute("SELECT COUNT(*) FROM gebeurtenissen").fetchone()[0] == 2


def test_the_daily_maintenance_deletes_kept_texts_after_the_retention_period(monkeypatch):
    from bot.beheer import onderhoud
    from bot.config import load_settings

    monkeypatch.setenv(stats.BEWAAR_ENV, "1")
    settings = load_settings()  # the test's own data directory (conftest)
    oud = datetime.now(stats.TZ) - timedelta(days=settings.retention_days + 2)
    stats.record_niet_begrepen("heel oud bericht", now=oud)
    db = open_db(settings.app_db)
    assert db.execute("SELECT COUNT(*) FROM niet_begrepen").fetchone()[0] == 1
    onderhoud.dagelijks(settings, echo=lambda _: None)
    assert db.execute("SELECT COUNT(*) FROM niet_begrepen").fetchone()[0] == 0


# ---------------------------------------------------------------- CSV, charts, CLI


def test_csv_holds_exactly_what_the_charts_show(db, db_path):
    schrijf(db_path, "gesprek", 8, gemeente=VOORBEELD)
    schrijf(db_path, "verwijzing", 3, intent="opvoeden_slapen", verwijzing="voorliggend")
    o = overzicht(db)
    rijen = list(csv.reader(io.StringIO(stats.als_csv(o)), delimiter=";"))
    assert rijen[0] == ["onderdeel", "label", "aantal"]
    for g in o.grafieken:
        assert [(r[1], r[2]) for r in rijen if r[0] == g.sleutel] == [
            (w.label, w.tekst) for w in g.waarden
        ]
    assert ["kerncijfers", "Gesprekken", "8"] in rijen


def test_csv_cells_cannot_run_as_spreadsheet_formulas(db, db_path):
    schrijf(db_path, "verwijzing", 5, intent="=HYPERLINK(1)", verwijzing="voorliggend")
    rijen = list(csv.reader(io.StringIO(stats.als_csv(overzicht(db))), delimiter=";"))
    assert not any(cel.startswith("=") for rij in rijen for cel in rij)


def test_every_chart_is_an_image_with_a_title_and_a_description(db, db_path):
    schrijf(db_path, "gesprek", 6, gemeente=VOORBEELD)
    for g in overzicht(db).grafieken:
        svg = str(grafiek.svg(g, f"grafiek-{g.sleutel}"))
        assert 'role="img"' in svg
        assert f'<title id="grafiek-{g.sleutel}-titel">' in svg
        assert f"grafiek-{g.sleutel}-titel grafiek-{g.sleutel}-uitleg" in svg


def test_chart_text_is_escaped(db, db_path):
    schrijf(db_path, "verwijzing", 5, intent="<script>alert(1)</script>", verwijzing="voorliggend")
    svg = str(grafiek.svg(overzicht(db).grafiek("onderwerpen"), "g"))
    assert "<script>" not in svg and "&lt;script&gt;" in svg


def test_cli_prints_the_figures_with_small_counts_suppressed(tmp_path, db_path, monkeypatch):
    from bot.cli import cli

    monkeypatch.setenv("JEUGDWIJZER_DATA_DIR", str(db_path.parent))
    vandaag = datetime.now(stats.TZ)
    schrijf(db_path, "gesprek", 7, now=vandaag, gemeente=VOORBEELD)
    schrijf(db_path, "verwijzing", 2, now=vandaag, intent="zorg_somber", verwijzing="lokaal_team")
    result = CliRunner().invoke(cli, ["stats", "--gemeente", VOORBEELD])
    assert result.exit_code == 0, result.output
    assert re.search(r"Gesprekken\s+7\n", result.output)
    assert "<5" in result.output
    as_csv = CliRunner().invoke(cli, ["stats", "--csv"])
    assert "kerncijfers;Gesprekken;7" in as_csv.output


def test_cli_refuses_a_wrong_date_with_a_dutch_message(tmp_path, monkeypatch):
    from bot.cli import cli

    monkeypatch.setenv("JEUGDWIJZER_DATA_DIR", str(tmp_path))
    result = CliRunner().invoke(cli, ["stats", "--van", "gisteren"])
    assert result.exit_code != 0
    assert "jaar-maand-dag" in result.output
