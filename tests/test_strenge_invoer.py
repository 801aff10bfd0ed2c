"""Strict input: whatever odd cursor, id, command or JSON someone sends, the answer is a Dutch
400 and nothing changes; button payloads of the assistant itself keep working."""

from __future__ import annotations

import json

import pytest

from bot import overdracht, verwijzing
from bot.taal.yamlbestand import lees_yaml
from tests.conftest import ROOT
from tests.handoff_helpers import SESSIE, db, login, make_handoff, make_team, make_user
from web import invoer

SLECHTE_CURSORS = ["²", "٣", "9223372036854775808", "9" * 5000, "", "-1", "1\n", " 1", "1.0"]


def is_nette_fout(response, status=400):
    assert response.status_code == status
    body = response.get_json()
    assert set(body) >= {"error", "message"}
    assert body["message"] and body["message"][0].isupper()
    return body


@pytest.mark.parametrize("after", SLECHTE_CURSORS)
def test_a_strange_cursor_in_the_live_chat_gets_a_dutch_400(client, after):
    response = client.get(f"/api/v1/chat/{SESSIE}/updates", query_string={"after": after})
    assert is_nette_fout(response)["error"] == "invalid_cursor"


@pytest.mark.parametrize("after", SLECHTE_CURSORS)
def test_a_strange_cursor_in_the_inbox_gets_a_dutch_400(client, settings, after):
    team = make_team(settings)
    make_user(settings, team)
    handoff_id = make_handoff(settings, team)
    login(client)
    response = client.get(f"/inbox/{handoff_id}/berichten", query_string={"after": after})
    assert is_nette_fout(response)["error"] == "invalid_cursor"


def test_the_largest_cursor_still_works(client, settings):
    make_handoff(settings, make_team(settings), session=SESSIE)
    response = client.get(f"/api/v1/chat/{SESSIE}/updates?after=999999999999999999")
    assert response.status_code == 200
    assert response.get_json()["messages"] == []


@pytest.mark.parametrize("nummer", ["99999999999999999999", "٣", "9223372036854775808"])
def test_a_huge_or_foreign_handoff_number_is_simply_not_found(client, settings, nummer):
    make_user(settings, make_team(settings))
    login(client)
    assert client.get(f"/inbox/{nummer}").status_code == 404


@pytest.mark.parametrize(
    "session", [SESSIE + "%0A", SESSIE + "%0D", "a" * 21, "a" * 65, SESSIE[:-1] + "%C2%B2"]
)
def test_a_malformed_session_id_in_the_url_is_refused(client, session):
    for method, path in [
        ("GET", f"/api/v1/chat/{session}/updates"),
        ("POST", f"/api/v1/chat/{session}/handoff/stop"),
        ("DELETE", f"/api/v1/chat/{session}"),
    ]:
        response = client.open(path, method=method)
        assert response.status_code in (400, 404), path
        assert response.is_json


def test_a_session_id_the_server_never_issued_starts_nothing(client, fake_rasa, settings):
    for bedacht in ["a" * 32, "b" * 54, SESSIE[:-1] + "x", SESSIE + "\n", nieuwe(geheim="ander")]:
        response = client.post("/api/v1/chat", json={"text": "hoi", "session": bedacht})
        assert is_nette_fout(response)["error"] == "invalid_session"
    assert fake_rasa.received == []
    assert list(db(settings)["gebeurtenissen"].rows) == []


def nieuwe(geheim="test-secret"):
    return invoer.nieuwe_sessie(geheim)


def test_an_issued_session_goes_on(client, fake_rasa):
    session = client.post("/api/v1/chat", json={"text": "hoi"}).get_json()["session"]
    assert len(session) == invoer.SESSIE_LENGTE
    response = client.post("/api/v1/chat", json={"text": "en nu?", "session": session})
    assert response.status_code == 200
    assert [m["sender"] for m in fake_rasa.received] == [session, session]


@pytest.mark.parametrize("code", ["GM0164\n", "GM٠١٦٤", "gm0164", "GM01640", " GM0164"])
def test_a_gemeente_code_must_be_exact(client, fake_rasa, code):
    response = client.post("/api/v1/chat", json={"text": "hoi", "gemeente": code})
    assert is_nette_fout(response)["error"] == "invalid_gemeente"
    assert fake_rasa.received == []


def product_payloads() -> set[str]:
    """Every button payload the assistant can send: domain responses, actions, topic buttons."""
    from actions import crisis, fallback, handoff

    payloads = set()
    domein = lees_yaml(ROOT / "domain.yml")
    for varianten in domein["responses"].values():
        for variant in varianten:
            payloads |= {knop["payload"] for knop in variant.get("buttons", [])}
    payloads |= {k["payload"] for k in fallback.KEUZES} | {fallback.PRAAT_MET_IEMAND["payload"]}
    payloads |= {k["payload"] for k in crisis.knoppen(None, "nl")}
    payloads |= {handoff.kanaal_knop(kanaal) for kanaal in overdracht.KANALEN}
    payloads |= {handoff.JA_KNOP, handoff.NEE_KNOP, handoff.OVERSLAAN}
    payloads |= {
        '/informeren{"leeftijd": "' + jaren + '"}' for _, jaren in verwijzing.LEEFTIJD_KNOPPEN
    }
    for intent, onderwerp in verwijzing.onderwerpen().items():
        payloads.add(verwijzing.knop(intent, "nl")["payload"])
        payloads |= {verwijzing.knop(i, "nl")["payload"] for i in onderwerp.knoppen}
    return payloads


def test_every_button_of_the_assistant_reaches_rasa_as_it_is(app, client, fake_rasa):
    app.config["RATELIMIT_ENABLED"] = False
    payloads = sorted(product_payloads())
    assert len(payloads) > 20
    for payload in payloads:
        response = client.post("/api/v1/chat", json={"text": payload})
        assert response.status_code == 200, payload
    assert [m["message"] for m in fake_rasa.received] == payloads


@pytest.mark.parametrize(
    "tekst",
    [
        '/crisis{"crisis_categorie": "acuut"}',
        '/informeren{"rol": "ouder"}',
        '/informeren{"leeftijd": "8", "gemeente": "GM0164"}',
        '/informeren{"handoff_kanaal": "fax"}',
        '/informeren{"handoff_telefoon": "0612345678"}',
        '/bevestigen{"handoff_toestemming": true}',
        "/crisis@1.0",
        '/informeren{"leeftijd": 8}',
        '/informeren{"rol": "jongere"} en meer',
    ],
)
def test_slot_commands_the_widget_never_sends_are_refused(client, fake_rasa, settings, tekst):
    response = client.post("/api/v1/chat", json={"text": tekst})
    assert is_nette_fout(response)["error"] == "invalid_command"
    assert fake_rasa.received == []
    assert list(db(settings)["gebeurtenissen"].rows) == []  # no crisis or other count


@pytest.mark.parametrize(
    ("tekst", "naar_rasa"),
    [("/stop", "stop"), ("/help mij", "help mij"), ("//praten_met_mens", "praten_met_mens")],
)
def test_other_text_with_a_slash_reaches_rasa_as_words(client, fake_rasa, tekst, naar_rasa):
    assert client.post("/api/v1/chat", json={"text": tekst}).status_code == 200
    assert fake_rasa.received[0]["message"] == naar_rasa


def test_a_slot_button_in_other_spacing_reaches_rasa_in_the_one_form(client, fake_rasa):
    client.post("/api/v1/chat", json={"text": '/informeren{"rol":"jongere"}'})
    assert fake_rasa.received[0]["message"] == '/informeren{"rol": "jongere"}'


@pytest.mark.parametrize("diepte", [6, 50, 1000, 100_000])
def test_deeply_nested_json_gets_a_dutch_400(client, fake_rasa, diepte):
    body = '{"text": "hoi", "x": ' + "[" * diepte + "]" * diepte + "}"
    response = client.post("/api/v1/chat", data=body, content_type="application/json")
    assert response.status_code in (400, 413)
    assert response.get_json()["message"]
    assert fake_rasa.received == []


def test_brackets_inside_the_text_do_not_count_as_nesting(client, fake_rasa):
    response = client.post("/api/v1/chat", json={"text": '[[[[[[[[ {{{{{{ hoi \\" ]]'})
    assert response.status_code == 200


@pytest.mark.parametrize("kapot", ["\\ud800", "Ik ben Sanne \\udc00 Kerkstraat 5", "\\ud83d"])
def test_half_an_emoji_gets_a_dutch_400_and_reaches_no_log_or_rasa(client, fake_rasa, kapot):
    body = '{"text": "' + kapot + '"}'
    response = client.post("/api/v1/chat", data=body, content_type="application/json")
    assert is_nette_fout(response)["error"] == "invalid_text"
    assert fake_rasa.received == []


def test_a_whole_emoji_is_fine(client, fake_rasa):
    body = json.dumps({"text": "hoi 😀"})  # ASCII JSON: the emoji as a surrogate pair
    assert (
        client.post("/api/v1/chat", data=body, content_type="application/json").status_code == 200
    )
    assert fake_rasa.received[0]["message"] == "hoi 😀"
