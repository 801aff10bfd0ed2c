"""One retention for every store: Rasa's tracker and the app database are erased by the same
rules, and an erased conversation leaves no byte of its personal data in any file."""

from __future__ import annotations

import os
import stat
from datetime import datetime, timedelta, timezone

import pytest
from click.testing import CliRunner

from bot import overdracht
from bot.cli import cli
from bot.overdracht import bewaren
from bot.store import open_app_db
from tests.bewaren_helpers import bestanden_met, schrijf_gesprek, sessies_in
from tests.handoff_helpers import make_handoff, make_team, make_user

NU = datetime(2026, 3, 2, 12, 0, tzinfo=timezone.utc)
TELEFOON, NAAM = "0612345678", "Fatima Yilmaz"
STIL, BEZIG, MET_AANVRAAG, GESLOTEN = ("stil" * 8, "bezig" * 7, "aanvraag" * 4, "gesloten" * 4)


def uur_geleden(uren: float) -> float:
    return (NU - timedelta(hours=uren)).timestamp()


@pytest.fixture
def team(settings, monkeypatch):
    monkeypatch.setenv("JEUGDWIJZER_DATA_DIR", str(settings.data_dir))
    monkeypatch.setattr(overdracht.tijd, "utcnow", lambda: NU)
    return make_team(settings)


def gesprek(settings, sessie, uren_stil):
    schrijf_gesprek(
        settings.tracker_db,
        sessie,
        ["ik wil met iemand praten", f"bel me op {TELEFOON}", f"ik heet {NAAM}"],
        uur_geleden(uren_stil),
    )


def test_an_idle_conversation_without_a_handoff_is_erased_after_the_idle_hours(settings, team):
    settings.idle_hours = 3
    gesprek(settings, STIL, uren_stil=3.5)
    gesprek(settings, BEZIG, uren_stil=2.5)
    uitslag = bewaren.purge_alles(settings, now=NU)
    assert sessies_in(settings.tracker_db) == {BEZIG}
    assert uitslag.gesprekken == 1


def test_a_conversation_with_an_open_handoff_stays_until_the_handoff_is_purged(settings, team):
    settings.idle_hours, settings.retention_days = 3, 30
    worker = make_user(settings, team)
    gesprek(settings, MET_AANVRAAG, uren_stil=48)
    gesprek(settings, GESLOTEN, uren_stil=24 * 40)
    make_handoff(settings, team, session=MET_AANVRAAG, kanaal="terugbellen", telefoon=TELEFOON)
    gesloten = make_handoff(settings, team, session=GESLOTEN, kanaal="email", naam=NAAM)
    overdracht.sluiten(
        open_app_db(settings.app_db), worker, gesloten, "geholpen", now=NU - timedelta(days=31)
    )

    uitslag = bewaren.purge_alles(settings, now=NU)
    assert sessies_in(settings.tracker_db) == {MET_AANVRAAG}
    assert (uitslag.aanvragen, uitslag.gesprekken) == (1, 1)


def test_after_purge_no_file_in_the_data_directory_holds_the_phone_number_or_the_name(
    settings, team, monkeypatch
):
    monkeypatch.setenv("JEUGDWIJZER_RETENTION_DAYS", "0")
    worker = make_user(settings, team)
    gesprek(settings, GESLOTEN, uren_stil=1)  # recent, but its handoff is closed and expired
    gesprek(settings, STIL, uren_stil=5)
    handoff_id = make_handoff(
        settings,
        team,
        session=GESLOTEN,
        kanaal="terugbellen",
        telefoon=TELEFOON,
        naam=NAAM,
        transcript=[("burger", f"bel me op {TELEFOON}", "2026-03-02T11:00:00+00:00")],
    )
    overdracht.sluiten(open_app_db(settings.app_db), worker, handoff_id, "geholpen", now=NU)
    assert bestanden_met(settings.data_dir, TELEFOON)  # the search finds what is there

    result = CliRunner().invoke(cli, ["purge"], catch_exceptions=False)  # the fixture's clock
    assert "1 gesloten aanvragen opgeschoond" in result.output
    assert "2 gesprekken gewist" in result.output

    assert bestanden_met(settings.data_dir, TELEFOON) == []
    assert bestanden_met(settings.data_dir, NAAM) == []


def test_delete_of_a_chat_erases_tracker_and_handoff_at_once_and_leaves_no_bytes(
    client, settings, team
):
    gesprek(settings, MET_AANVRAAG, uren_stil=0)
    schrijf_gesprek(settings.tracker_db, BEZIG, ["mijn baby huilt veel"], uur_geleden(0))
    make_handoff(
        settings, team, session=MET_AANVRAAG, kanaal="terugbellen", telefoon=TELEFOON, naam=NAAM
    )
    assert bestanden_met(settings.data_dir, TELEFOON)

    assert client.delete(f"/api/v1/chat/{MET_AANVRAAG}").status_code == 204

    assert sessies_in(settings.tracker_db) == {BEZIG}  # only that conversation goes
    assert bestanden_met(settings.data_dir, TELEFOON) == []
    assert bestanden_met(settings.data_dir, NAAM) == []


def test_databases_are_created_readable_by_the_owner_only(settings, team):
    mode = stat.S_IMODE(os.stat(settings.app_db).st_mode)
    assert mode == 0o600
