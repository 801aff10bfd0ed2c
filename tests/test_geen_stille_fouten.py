"""No silent failures: an empty reply is an error answer with the emergency numbers, a stored
handoff is always confirmed to the citizen, and the team hears of it through the outbox."""

from __future__ import annotations

import json
import sys
import threading
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bot import overdracht
from bot.beheer import runner
from bot.overdracht import outbox
from bot.store import open_app_db
from tests.conftest import free_port
from tests.handoff_helpers import make_handoff, make_team
from web.invoer import nieuwe_sessie

MAANDAG = datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)  # 10:00 in Voorbeeld, team open
SESSIE = nieuwe_sessie("test-secret")  # issued by the server, as the API demands
NOODNUMMERS = ("112", "0800-0113", "0800-2000", "0800-0432")


@pytest.fixture
def team(settings, monkeypatch):
    monkeypatch.setenv("JEUGDWIJZER_DATA_DIR", str(settings.data_dir))
    monkeypatch.setattr(overdracht.tijd, "utcnow", lambda: MAANDAG)
    return make_team(settings)


def teksten(response) -> str:
    return "\n".join(m["text"] for m in response.get_json()["messages"])


def test_an_empty_reply_from_rasa_becomes_an_error_answer_with_the_emergency_numbers(
    client, fake_rasa
):
    fake_rasa.replies = []  # what Rasa says when the action server is down
    response = client.post("/api/v1/chat", json={"text": "mijn zoon slaapt slecht"})
    assert response.status_code == 503
    assert "er is iets mis bij mij" in teksten(response)
    for nummer in NOODNUMMERS:
        assert nummer in teksten(response)


def test_a_handoff_stored_whose_confirmation_was_lost_is_confirmed_at_the_next_reply(
    client, fake_rasa, settings, team
):
    # The action stored it, then the action server died before its reply reached Rasa.
    make_handoff(settings, team, session=SESSIE, kanaal="terugbellen", telefoon="0612345678")
    fake_rasa.replies = []
    eerste = client.post("/api/v1/chat", json={"session": SESSIE, "text": "Ja, dat is goed"})
    assert eerste.status_code == 200
    assert "Ik heb je vraag aan Wijkteam Voorbeeld gegeven" in teksten(eerste)
    assert "belt je terug" in teksten(eerste)

    fake_rasa.replies = [{"text": "Graag gedaan."}]
    tweede = client.post("/api/v1/chat", json={"session": SESSIE, "text": "dank je"})
    assert teksten(tweede) == "Graag gedaan."  # told once, not at every message


def test_a_chat_handoff_whose_confirmation_was_lost_starts_the_wait_in_the_widget(
    client, fake_rasa, settings, team
):
    make_handoff(settings, team, session=SESSIE, kanaal="chat")
    response = client.post("/api/v1/chat", json={"session": SESSIE, "text": "hallo?"})
    [bericht] = response.get_json()["messages"]
    assert "Er komt zo een medewerker in deze chat" in bericht["text"]
    assert bericht["custom"] == {"handoff": {"state": "wachten", "team": "Wijkteam Voorbeeld"}}


def test_the_confirmation_the_action_sent_is_shown_once_and_its_marker_never_reaches_the_widget(
    client, fake_rasa, settings, team
):
    handoff_id = make_handoff(settings, team, session=SESSIE, kanaal="email")
    fake_rasa.replies = [
        {"text": "Dank je. Ik heb je vraag gegeven.", "custom": {"handoff_bevestigd": handoff_id}}
    ]
    response = client.post("/api/v1/chat", json={"session": SESSIE, "text": "Ja, dat is goed"})
    assert response.get_json()["messages"] == [
        {"text": "Dank je. Ik heb je vraag gegeven.", "buttons": []}
    ]


class Webhook:
    """The team's own system: records every notification; `aan` decides if it answers."""

    def __init__(self):
        self.ontvangen: list[dict] = []
        self.aan = False
        webhook = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                if webhook.aan:
                    webhook.ontvangen.append(body)
                self.send_response(204 if webhook.aan else 500)
                self.end_headers()

        self.port = free_port()
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, args=(0.01,), daemon=True).start()


@pytest.fixture
def webhook():
    hook = Webhook()
    yield hook
    hook.server.shutdown()
    hook.server.server_close()


def test_a_failed_notification_waits_in_the_outbox_until_the_team_system_answers(
    settings, monkeypatch, webhook
):
    from web import achtergrond

    monkeypatch.setenv("JEUGDWIJZER_DATA_DIR", str(settings.data_dir))
    team = make_team(settings, webhook_url=f"http://127.0.0.1:{webhook.port}/hook")
    handoff_id = make_handoff(settings, team)
    achtergrond.een_ronde(settings)  # the team's system is down
    assert outbox.wachtend(open_app_db(settings.app_db)) == [handoff_id]

    webhook.aan = True
    achtergrond.een_ronde(settings)  # a minute later
    achtergrond.een_ronde(settings)  # and again: not sent twice
    assert [n["id"] for n in webhook.ontvangen] == [handoff_id]
    assert outbox.wachtend(open_app_db(settings.app_db)) == []


def test_a_notification_another_sender_is_busy_with_is_not_sent_twice(
    settings, monkeypatch, webhook
):
    monkeypatch.setenv("JEUGDWIJZER_DATA_DIR", str(settings.data_dir))
    webhook.aan = True
    team = make_team(settings, webhook_url=f"http://127.0.0.1:{webhook.port}/hook")
    handoff_id = make_handoff(settings, team)
    db = open_app_db(settings.app_db)
    assert outbox._claim(db, 1, MAANDAG)  # the action server took it, then died
    assert outbox.bezorg(settings, db, now=MAANDAG) == 0  # within its two minutes: hands off
    later = MAANDAG + outbox.CLAIM * 2
    assert outbox.bezorg(settings, db, now=later) == 1  # after that: delivered by another
    assert [n["id"] for n in webhook.ontvangen] == [handoff_id]


# ---------------------------------------------------------------- the process runner


def proces(naam: str, code: str) -> runner.Proces:
    return runner.Proces(naam, [sys.executable, "-c", code], f"http://127.0.0.1:{free_port()}/", {})


def test_a_child_that_keeps_dying_before_it_is_healthy_is_restarted_with_growing_pauses():
    item, gezegd = proces("rasa", "import sys; sys.exit(3)"), []
    pauzes = []
    for _ in range(4):
        runner.bewaak(item, gezegd.append, item.volgende_start)  # start
        item.popen.wait()
        runner.bewaak(item, gezegd.append, 100.0)  # notices the death
        pauzes.append(item.volgende_start - 100.0)
    assert pauzes == [1, 2, 4, 8]
    assert "Fout: rasa is gestopt (exitcode 3). Ik start het opnieuw over 1 s." in gezegd


def test_a_child_that_was_healthy_is_restarted_at_once():
    item = proces("actieserver", "import sys; sys.exit(0)")
    runner.bewaak(item, lambda _: None, 0.0)
    item.gezond = True  # it answered its health check, then died
    item.popen.wait()
    runner.bewaak(item, lambda _: None, 50.0)
    assert item.popen is None and item.volgende_start == 50.0
    runner.bewaak(item, lambda _: None, 50.0)
    assert item.popen is not None and item.starts == 2
    item.popen.wait()


def test_a_child_that_cannot_be_started_is_tried_again_and_the_runner_keeps_going():
    item, gezegd = runner.Proces("rasa", ["/bestaat/niet/rasa"], "http://127.0.0.1:9/", {}), []
    runner.bewaak(item, gezegd.append, 0.0)
    assert item.popen is None and item.volgende_start == 1.0
    assert "Fout: rasa start niet" in gezegd[-1]
