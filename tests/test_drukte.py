"""A team that is busy: the inbox sets a short message, whoever waits for the chat sees it."""

from __future__ import annotations

import pytest

from bot import overdracht
from tests.handoff_helpers import SESSIE, db, login, make_handoff, make_team, make_user, post_form

DRUK = "Het is druk. Je wacht misschien 20 minuten."


@pytest.fixture
def team(settings):
    return make_team(settings, "Wijkteam Voorbeeld", "GM9999")


@pytest.fixture
def ingelogd(client, settings, team):
    make_user(settings, team, "an@voorbeeld.nl")
    login(client)
    return client


def updates(client, session: str) -> dict:
    return client.get(f"/api/v1/chat/{session}/updates?after=0").get_json()["handoff"]


def test_the_team_sets_a_busy_message_and_the_waiting_citizen_sees_it(ingelogd, settings, team):
    make_handoff(settings, team, session="w" * 32)
    assert "drukte" not in updates(ingelogd, "w" * 32)
    response = post_form(ingelogd, "/inbox/drukte", tekst=f"  {DRUK}\n")
    assert response.status_code == 302
    page = ingelogd.get("/inbox/").get_data(as_text=True)
    assert "Het bericht staat nu in de chat." in page
    assert updates(ingelogd, "w" * 32) == {
        "state": "wachten",
        "team": "Wijkteam Voorbeeld",
        "medewerker": None,
        "plek": 1,
        "drukte": DRUK,
    }
    # Also the answer to a message typed while waiting carries it.
    make_handoff(settings, team, session=SESSIE)
    body = ingelogd.post("/api/v1/chat", json={"session": SESSIE, "text": "hallo?"}).get_json()
    assert body["handoff"]["drukte"] == DRUK


def test_an_empty_message_takes_it_away(ingelogd, settings, team):
    make_handoff(settings, team, session="w" * 32)
    post_form(ingelogd, "/inbox/drukte", tekst=DRUK)
    post_form(ingelogd, "/inbox/drukte", tekst="   ")
    assert "drukte" not in updates(ingelogd, "w" * 32)
    assert "Het bericht is weggehaald." in ingelogd.get("/inbox/").get_data(as_text=True)


def test_only_who_waits_sees_it_not_a_live_chat_nor_another_team(ingelogd, settings, team):
    ander = make_team(settings, "Jeugdteam Hengelo", "GM0164")
    make_handoff(settings, ander, session="h" * 32)
    live = make_handoff(settings, team, session="l" * 32)
    post_form(ingelogd, "/inbox/drukte", tekst=DRUK)
    assert "drukte" not in updates(ingelogd, "h" * 32)
    worker = make_user(settings, team, "bo@voorbeeld.nl", naam="Bo")
    overdracht.oppakken(db(settings), worker, live)
    assert updates(ingelogd, "l" * 32)["state"] == "live"
    assert "drukte" not in updates(ingelogd, "l" * 32)


@pytest.mark.parametrize(
    "tekst, fout",
    [
        ("x" * 161, "Het bericht is te lang (161 tekens). Gebruik hoogstens 160 tekens."),
        ("Druk\u202eetnuim 02", "Het bericht bevat een teken dat niet kan. Typ het opnieuw."),
    ],
    ids=["te-lang", "stuurteken"],
)
def test_a_bad_message_changes_nothing_and_says_why_in_dutch(ingelogd, settings, team, tekst, fout):
    post_form(ingelogd, "/inbox/drukte", tekst=DRUK)
    response = post_form(ingelogd, "/inbox/drukte", tekst=tekst)
    assert response.status_code == 302
    assert fout in ingelogd.get("/inbox/").get_data(as_text=True)
    with ingelogd.session_transaction() as session:
        token = session["csrf"]
    response = ingelogd.post(
        "/inbox/drukte",
        data={"csrf_token": token, "tekst": tekst},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 400
    assert response.get_json() == {"error": "invalid_drukte", "message": fout}
    assert overdracht.drukte.lees(db(settings), team.id) == DRUK


def test_exactly_160_characters_fit_and_newlines_become_one_line():
    assert overdracht.drukte.schoon("a" * 160) == "a" * 160
    assert overdracht.drukte.schoon("Het is druk.\r\nSorry!") == "Het is druk. Sorry!"


def test_without_the_forms_token_or_a_login_nothing_changes(client, settings, team):
    make_user(settings, team, "an@voorbeeld.nl")
    response = client.post("/inbox/drukte", data={"tekst": DRUK})
    assert response.status_code in (302, 400)
    login(client)
    assert client.post("/inbox/drukte", data={"tekst": DRUK}).status_code == 400
    assert overdracht.drukte.lees(db(settings), team.id) == ""


def test_the_message_is_shown_escaped_in_the_inbox(ingelogd, settings, team):
    post_form(ingelogd, "/inbox/drukte", tekst="<script>alert(1)</script> druk")
    page = ingelogd.get("/inbox/").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; druk" in page
