"""What the app keeps on disk: files only its owner can read, erased rows overwritten, and a kept
misunderstood text masked and gone when the citizen erases the conversation."""

from __future__ import annotations

import asyncio
import stat

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.fallback import ActionNietBegrepen
from bot import statistiek
from bot.store import open_app_db, open_db
from tests.handoff_helpers import db


def modus(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_databases_are_created_readable_by_their_owner_only(tmp_path, client, settings):
    client.post("/api/v1/chat", json={"text": "hoi"})  # the web app creates its database
    open_ = db(settings)  # while a connection is open, the WAL files exist
    open_["gebeurtenissen"].insert({"event": "x", "datum": "2026-01-01", "uur": 1})
    var = tmp_path / "var"
    bestanden = [p for p in var.iterdir() if p.name.startswith("jeugdwijzer.db")]
    assert {p.name for p in bestanden} == {
        "jeugdwijzer.db",
        "jeugdwijzer.db-wal",
        "jeugdwijzer.db-shm",
    }
    assert {p.name: modus(p) for p in bestanden} == {p.name: 0o600 for p in bestanden}
    assert modus(var) == 0o700


def test_an_older_world_readable_database_is_narrowed(tmp_path):
    path = tmp_path / "oud.db"
    open_db(path).conn.close()
    path.chmod(0o644)
    open_db(path).conn.close()
    assert modus(path) == 0o600


def test_deleted_rows_are_overwritten(tmp_path):
    database = open_app_db(tmp_path / "app.db")
    assert database.execute("PRAGMA secure_delete").fetchone()[0] == 1


def niet_begrepen(session: str, text: str) -> None:
    latest = {"intent": {"name": "nlu_fallback"}, "text": text}
    events = [{"event": "user", "text": text, "parse_data": latest}]
    tracker = Tracker(session, {}, latest, events, False, None, {}, "action_listen")
    asyncio.run(ActionNietBegrepen().run(CollectingDispatcher(), tracker, {}))


def test_a_kept_text_is_masked_and_erased_with_its_conversation(
    client, settings, fake_rasa, monkeypatch
):
    monkeypatch.setenv(statistiek.BEWAAR_ENV, "1")
    mijn = client.post("/api/v1/chat", json={"text": "hoi"}).get_json()["session"]
    ander = client.post("/api/v1/chat", json={"text": "hoi"}).get_json()["session"]
    niet_begrepen(mijn, "Ik heet Sanne de Vries en woon op de Kerkstraat 12, bel 0612345678")
    niet_begrepen(ander, "blub plof zoem")
    rijen = list(db(settings)["niet_begrepen"].rows)
    assert len(rijen) == 2
    bewaard = rijen[0]["tekst"]
    for persoonlijk in ("Sanne", "Vries", "Kerkstraat", "0612345678"):
        assert persoonlijk not in bewaard
    assert mijn not in str(rijen) and ander not in str(rijen)  # never the session id itself

    assert client.delete(f"/api/v1/chat/{mijn}").status_code == 204
    assert [r["tekst"] for r in db(settings)["niet_begrepen"].rows] == ["blub plof zoem"]
