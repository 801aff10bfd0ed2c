"""The warm handoff end to end: a parent in Gemeente Voorbeeld asks for a person in the chat,
says yes, and a worker of the lokale team reads, replies and closes, through the public API."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner

from bot import overdracht as handoff
from bot.beheer import onderhoud
from bot.cli import cli
from bot.config import load_settings
from bot.overdracht import meldingen as notify
from tests.conftest import free_port
from tests.handoff_helpers import (
    SESSIE,
    Gesprek,
    db,
    login,
    make_handoff,
    make_team,
    make_user,
    post_form,
)

MAANDAG = datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)  # 10:00 in Voorbeeld


@pytest.fixture
def team(settings, monkeypatch):
    monkeypatch.setenv("JEUGDWIJZER_DATA_DIR", str(settings.data_dir))
    monkeypatch.setattr(handoff.tijd, "utcnow", lambda: MAANDAG)
    return make_team(settings)


@pytest.fixture
def worker(settings, team):
    return make_user(settings, team)


def vraag_chat_aan(gesprek: Gesprek) -> list[dict]:
    gesprek.user("Mijn zoon van 7 <script>alert(1)</script> slaapt slecht", "opvoeden_slapen")
    gesprek.bot("Het consultatiebureau helpt bij slaapproblemen.")
    for antwoord in (
        "Praat met een medewerker",
        "Hij is elke nacht wakker",
        "Nu chatten",
        "Overslaan",
    ):
        gesprek.zeg(antwoord)
    messages = gesprek.zeg("Ja, dat is goed")
    # The helper drives the actions without Rasa and the web layer; in the product the web layer
    # records that the citizen saw the confirmation (web/chat.py, met_bevestiging).
    ids = [m["custom"]["handoff_bevestigd"] for m in messages if "handoff_bevestigd" in m["custom"]]
    handoff.bevestigd(db(load_settings()), ids)
    return messages


def updates(client, after=0):
    response = client.get(f"/api/v1/chat/{SESSIE}/updates?after={after}")
    assert response.status_code == 200
    return response.get_json()


def test_parent_asks_for_help_and_a_worker_replies_in_the_widget(
    client, fake_rasa, settings, team, worker
):
    confirmation = vraag_chat_aan(Gesprek())
    assert confirmation[-1]["custom"]["handoff"] == {
        "state": "wachten",
        "team": "Wijkteam Voorbeeld",
    }
    assert updates(client)["handoff"] == {
        "state": "wachten",
        "team": "Wijkteam Voorbeeld",
        "medewerker": None,
        "plek": 1,  # the first in the team's queue
    }

    # While waiting, the parent's messages go to the team, not to the bot.
    response = client.post("/api/v1/chat", json={"session": SESSIE, "text": "Is er iemand?"})
    assert response.get_json() == {
        "session": SESSIE,
        "messages": [],
        "handoff": {"state": "wachten", "team": "Wijkteam Voorbeeld", "medewerker": None},
    }
    assert fake_rasa.received == []

    # The worker sees the request, with the crisis-free topic and the age of the request.
    login(client)
    lijst = client.get("/inbox/").get_data(as_text=True)
    assert "Hij is elke nacht wakker" in lijst and "Chat" in lijst
    handoff_id = db(settings)["handoffs"].get(1)["id"]
    detail = client.get(f"/inbox/{handoff_id}").get_data(as_text=True)
    assert "opvoeden slapen" in detail  # the bot's summary
    assert "Gemeente Voorbeeld (GM9999)" in detail
    assert "Het consultatiebureau helpt bij slaapproblemen." in detail  # what it advised
    assert "Is er iemand?" in detail  # the transcript, live messages included
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in detail
    assert "<script>alert(1)</script>" not in detail

    assert db(settings)["handoffs"].get(handoff_id)["waiting_since"] == MAANDAG.isoformat()
    post_form(client, f"/inbox/{handoff_id}/oppakken")
    assert db(settings)["handoffs"].get(handoff_id)["waiting_since"] is None
    state = updates(client)
    assert state["handoff"] == {"state": "live", "team": "Wijkteam Voorbeeld", "medewerker": "An"}
    assert state["messages"][0]["van"] == "systeem"
    assert "An van Wijkteam Voorbeeld is er nu" in state["messages"][0]["text"]

    post_form(client, f"/inbox/{handoff_id}/antwoord", tekst="Hoi, ik ben An. Hoe oud is je zoon?")
    later = updates(client, after=state["cursor"])
    assert later["messages"] == [
        {"id": later["cursor"], "text": "Hoi, ik ben An. Hoe oud is je zoon?", "van": "medewerker"}
    ]
    assert updates(client, after=later["cursor"])["messages"] == []

    # The parent ends the chat; the bot takes over again.
    stop = client.post(f"/api/v1/chat/{SESSIE}/handoff/stop").get_json()
    assert stop["handoff"]["state"] == "beeindigd"
    assert (
        "Je praat nu weer met Jeugdwijzer"
        in updates(client, after=later["cursor"])["messages"][0]["text"]
    )
    fake_rasa.replies = [{"text": "Hoi! Ik ben een computer."}]
    response = client.post("/api/v1/chat", json={"session": SESSIE, "text": "hallo"})
    assert response.get_json()["messages"][0]["text"] == "Hoi! Ik ben een computer."

    post_form(client, f"/inbox/{handoff_id}/sluiten", uitkomst="geholpen")
    row = db(settings)["handoffs"].get(handoff_id)
    assert (row["status"], row["uitkomst"]) == ("gesloten", "geholpen")
    acties = [(a["actie"], a["user_id"]) for a in db(settings)["audit"].rows]
    assert ("bekijken", worker.id) in acties
    assert ("oppakken", worker.id) in acties
    assert ("antwoord", worker.id) in acties
    assert ("sluiten", worker.id) in acties
    stats = [
        e["handoff_status"] for e in db(settings)["gebeurtenissen"].rows if e["event"] == "handoff"
    ]
    assert stats == ["gevraagd", "geaccepteerd", "geholpen"]


def test_worker_can_end_the_live_chat_and_the_widget_hears_it(client, settings, team, worker):
    handoff_id = make_handoff(settings, team, session=SESSIE)
    login(client)
    post_form(client, f"/inbox/{handoff_id}/oppakken")
    post_form(client, f"/inbox/{handoff_id}/chat-beeindigen")
    state = updates(client)
    assert state["handoff"]["state"] == "beeindigd"
    assert "Wijkteam Voorbeeld heeft het gesprek beëindigd" in state["messages"][-1]["text"]
    assert db(settings)["handoffs"].get(handoff_id)["status"] == "opgepakt"


def test_updates_for_a_conversation_without_handoff_say_geen(client, team):
    assert updates(client) == {
        "handoff": {"state": "geen", "team": None, "medewerker": None},
        "messages": [],
        "cursor": 0,
    }


@pytest.mark.parametrize(
    ("path", "code"),
    [
        ("/api/v1/chat/kort/updates", "invalid_session"),
        (f"/api/v1/chat/{SESSIE}/updates?after=-1", "invalid_cursor"),
        (f"/api/v1/chat/{SESSIE}/updates?after=abc", "invalid_cursor"),
    ],
)
def test_bad_update_requests_get_a_dutch_json_error(client, path, code):
    response = client.get(path)
    assert response.status_code == 400
    body = response.get_json()
    assert body["error"] == code and body["message"]


def test_the_citizen_never_sees_internal_notes(client, settings, team, worker):
    handoff_id = make_handoff(settings, team, session=SESSIE)
    login(client)
    post_form(client, f"/inbox/{handoff_id}/notitie", tekst="Vader eerder gesproken")
    assert "Vader eerder gesproken" in client.get(f"/inbox/{handoff_id}").get_data(as_text=True)
    assert updates(client)["messages"] == []


def test_erasing_the_conversation_erases_an_open_handoff_but_the_team_sees_a_stub(
    client, settings, team, worker
):
    handoff_id = make_handoff(
        settings, team, session=SESSIE, kanaal="terugbellen", telefoon="0612345678", naam="Sanne"
    )
    assert client.delete(f"/api/v1/chat/{SESSIE}").status_code == 204
    row = db(settings)["handoffs"].get(handoff_id)
    assert (row["telefoon"], row["naam"], row["onderwerp"], row["session"]) == (None,) * 4
    assert row["status"] == "nieuw"  # the team still closes it
    assert list(db(settings)["handoff_berichten"].rows) == []
    login(client)
    assert "Gewist door de gebruiker" in client.get("/inbox/").get_data(as_text=True)
    detail = client.get(f"/inbox/{handoff_id}").get_data(as_text=True)
    assert "0612345678" not in detail and "Sanne" not in detail
    post_form(client, f"/inbox/{handoff_id}/sluiten", uitkomst="geen_contact")
    assert db(settings)["handoffs"].get(handoff_id)["status"] == "gesloten"


def test_erasing_during_a_live_chat_ends_it(client, settings, team, worker):
    handoff_id = make_handoff(settings, team, session=SESSIE)
    login(client)
    post_form(client, f"/inbox/{handoff_id}/oppakken")
    client.delete(f"/api/v1/chat/{SESSIE}")
    assert updates(client)["handoff"]["state"] == "geen"  # nothing links the session any more
    assert db(settings)["handoffs"].get(handoff_id)["status"] == "opgepakt"


# ---------------------------------------------------------------- retention


def sluit(settings, handoff_id, worker, when):
    handoff.sluiten(db(settings), worker, handoff_id, "geholpen", now=when)


def test_purge_deletes_contact_and_transcript_after_the_retention_period_only(
    settings, team, worker
):
    oud = make_handoff(settings, team, kanaal="email", email="ouder@voorbeeld.nl")
    recent = make_handoff(settings, team, kanaal="email", email="ander@voorbeeld.nl")
    open_oud = make_handoff(settings, team, kanaal="email", email="open@voorbeeld.nl")
    sluit(settings, oud, worker, MAANDAG - timedelta(days=31))
    sluit(settings, recent, worker, MAANDAG - timedelta(days=29))
    database = db(settings)
    database.conn.execute(
        "UPDATE handoffs SET aangemaakt_op = ? WHERE id = ?",
        [(MAANDAG - timedelta(days=400)).isoformat(), open_oud],
    )
    database.conn.commit()

    assert handoff.purge(db(settings), 30, now=MAANDAG) == 1
    rows = {r["id"]: r for r in db(settings)["handoffs"].rows}
    assert rows[oud]["email"] is None and rows[oud]["gewist_op"]
    assert rows[oud]["uitkomst"] == "geholpen"  # the anonymous stub stays for statistics
    assert rows[recent]["email"] == "ander@voorbeeld.nl"
    assert rows[open_oud]["email"] == "open@voorbeeld.nl"  # never before closing
    berichten = [b["handoff_id"] for b in db(settings)["handoff_berichten"].rows]
    assert oud not in berichten and recent in berichten and open_oud in berichten


def test_purge_command_uses_the_configured_retention(settings, team, worker, monkeypatch):
    handoff_id = make_handoff(settings, team, kanaal="email", email="ouder@voorbeeld.nl")
    sluit(settings, handoff_id, worker, MAANDAG - timedelta(days=8))
    monkeypatch.setenv("JEUGDWIJZER_RETENTION_DAYS", "7")
    result = CliRunner().invoke(cli, ["purge"])
    assert result.exit_code == 0, result.output
    assert "1 gesloten aanvragen opgeschoond" in result.output
    assert db(settings)["handoffs"].get(handoff_id)["email"] is None


# ---------------------------------------------------------------- notifications


def test_new_handoff_sends_an_email_to_the_team_without_personal_data(settings, monkeypatch):
    from aiosmtpd.controller import Controller

    received = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            received.append(envelope)
            return "250 OK"

    port = free_port()
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        settings.smtp_host, settings.smtp_port = "127.0.0.1", port
        settings.public_url = "https://jeugdwijzer.example.org"
        team = make_team(settings, email="team@voorbeeld.nl")
        handoff_id = make_handoff(settings, team, kanaal="terugbellen", telefoon="0612345678")
        assert notify.notify_new_handoff(settings, db(settings), handoff_id)
    finally:
        controller.stop()
    [mail] = received
    assert mail.rcpt_tos == ["team@voorbeeld.nl"]
    body = mail.content.decode()
    assert f"https://jeugdwijzer.example.org/inbox/{handoff_id}" in body
    assert "0612345678" not in body and "slaapt slecht" not in body
    assert db(settings)["handoffs"].get(handoff_id)["gemeld_op"]


def test_new_handoff_posts_a_signed_webhook(settings):
    received = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((dict(self.headers), body))
            self.send_response(204)
            self.end_headers()

    port = free_port()
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        team = make_team(settings, webhook_url=f"http://127.0.0.1:{port}/hook")
        handoff_id = make_handoff(settings, team)
        assert notify.notify_new_handoff(settings, db(settings), handoff_id)
    finally:
        server.shutdown()
        server.server_close()
    [(headers, body)] = received
    expected = hmac.new(
        team.webhook_secret.encode(),
        f"{headers['X-Jeugdwijzer-Timestamp']}.".encode() + body,
        hashlib.sha256,
    ).hexdigest()
    assert headers["X-Jeugdwijzer-Signature"] == f"sha256={expected}"
    payload = json.loads(body)
    assert payload["id"] == handoff_id and payload["kanaal"] == "chat"
    assert "onderwerp" not in payload and "slaapt" not in body.decode()


def test_failed_notification_keeps_the_handoff(settings):
    settings.smtp_host, settings.smtp_port = "127.0.0.1", free_port()  # nobody listens
    team = make_team(settings, email="team@voorbeeld.nl")
    handoff_id = make_handoff(settings, team)
    assert notify.notify_new_handoff(settings, db(settings), handoff_id) is False
    assert db(settings)["handoffs"].get(handoff_id)["status"] == "nieuw"


# ---------------------------------------------------------------- durability


def test_a_confirmed_handoff_survives_a_restart_of_the_web_process(settings, team, worker):
    from web import create_app

    confirmation = vraag_chat_aan(Gesprek())
    assert "Ik heb je vraag aan Wijkteam Voorbeeld gegeven" in confirmation[-1]["text"]

    # A brand-new web process on the same data directory: all of it is there.
    client = create_app(settings, TESTING=True).test_client()
    login(client)
    assert "Hij is elke nacht wakker" in client.get("/inbox/").get_data(as_text=True)
    assert updates(client)["handoff"]["state"] == "wachten"


def test_run_makes_the_demo_team_and_says_how_to_add_a_worker(settings, monkeypatch):
    monkeypatch.setenv("JEUGDWIJZER_DATA_DIR", str(settings.data_dir))
    said = []
    onderhoud.dagelijks(settings, echo=said.append)
    onderhoud.dagelijks(settings, echo=said.append)  # the next day: still one team
    from bot import users

    [team] = users.list_teams(db(settings))
    assert team.gemeenten == ("GM9999",)
    assert f'jeugdwijzer users add --team "{team.naam}"' in said[0]


def test_closing_a_waiting_chat_tells_the_widget(client, settings, team, worker):
    handoff_id = make_handoff(settings, team, session=SESSIE)
    login(client)
    post_form(client, f"/inbox/{handoff_id}/sluiten", uitkomst="geen_contact")
    state = updates(client)
    assert state["handoff"]["state"] == "beeindigd"
    assert "heeft het gesprek beëindigd" in state["messages"][-1]["text"]


def test_the_worker_page_gets_the_citizens_new_messages(client, settings, team, worker):
    handoff_id = make_handoff(settings, team, session=SESSIE)
    login(client)
    post_form(client, f"/inbox/{handoff_id}/oppakken")
    eerst = client.get(f"/inbox/{handoff_id}/berichten?after=0").get_json()
    assert eerst["status"] == "live"
    client.post("/api/v1/chat", json={"session": SESSIE, "text": "Ben je er nog?"})
    nieuw = client.get(f"/inbox/{handoff_id}/berichten?after={eerst['cursor']}").get_json()
    assert [(m["van"], m["tekst"]) for m in nieuw["messages"]] == [("burger", "Ben je er nog?")]


def test_the_citizen_never_sees_the_workers_email_address(client, settings, team):
    make_user(settings, team, email="p.jansen@voorbeeld.nl", naam=None)
    make_handoff(settings, team, session=SESSIE)
    login(client, email="p.jansen@voorbeeld.nl")
    post_form(client, "/inbox/1/oppakken")
    state = updates(client)
    assert state["handoff"]["medewerker"] == "Een medewerker"
    assert "Een medewerker van Wijkteam Voorbeeld is er nu" in state["messages"][0]["text"]
    assert "jansen" not in json.dumps(state)


def test_daily_maintenance_sends_a_notification_that_failed_before(settings, monkeypatch):
    received = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_POST(self):
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(204)
            self.end_headers()

    port = free_port()
    team = make_team(settings, webhook_url=f"http://127.0.0.1:{port}/hook")
    handoff_id = make_handoff(settings, team)  # saved a while ago; its notification was lost
    database = db(settings)
    database.conn.execute("UPDATE handoffs SET aangemaakt_op = '2026-01-01T09:00:00+00:00'")
    database.conn.commit()
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        onderhoud.dagelijks(settings, echo=lambda _: None)
        onderhoud.dagelijks(settings, echo=lambda _: None)  # sent once, not again
    finally:
        server.shutdown()
        server.server_close()
    assert [p["id"] for p in received] == [handoff_id]


def test_a_waiting_chat_request_knows_its_place_in_the_queue(client, settings):
    team = make_team(settings)
    ander = make_team(settings, "Ander team", "GM0164")
    make_handoff(settings, ander, session="a" * 32)  # another team's queue does not count
    make_handoff(settings, team, session="b" * 32)
    make_handoff(settings, team, session="c" * 32, kanaal="terugbellen", telefoon="0612345678")
    make_handoff(settings, team, session="d" * 32)
    plekken = [
        client.get(f"/api/v1/chat/{s * 32}/updates").get_json()["handoff"].get("plek")
        for s in "bcd"
    ]
    assert plekken == [1, None, 2]
