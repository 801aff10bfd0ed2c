"""The public chat API: the contract every embedder relies on."""

from __future__ import annotations

import pytest

from tests.conftest import free_port, make_settings

NOODNUMMERS = ("112", "0800-0113", "0800-2000", "0800-0432")


def test_greeting_reaches_rasa_and_reply_comes_back_in_public_shape(client, fake_rasa):
    fake_rasa.replies = [
        {
            "recipient_id": "x",
            "text": "Hoi! Ik ben een computer.",
            "buttons": [{"title": "Opvoeden", "payload": "/opvoeden"}],
        }
    ]
    response = client.post("/api/v1/chat", json={"text": "hallo"})
    assert response.status_code == 200
    body = response.get_json()
    assert body["messages"] == [
        {
            "text": "Hoi! Ik ben een computer.",
            "buttons": [{"title": "Opvoeden", "payload": "/opvoeden"}],
        }
    ]
    assert len(body["session"]) >= 22
    assert fake_rasa.received[0]["message"] == "hallo"
    assert fake_rasa.received[0]["sender"] == body["session"]


def test_new_conversations_get_different_unguessable_sessions(client, fake_rasa):
    sessions = {
        client.post("/api/v1/chat", json={"text": "hoi"}).get_json()["session"] for _ in range(20)
    }
    assert len(sessions) == 20
    assert all(len(s) >= 32 for s in sessions)  # 24 random bytes, base64url


def test_existing_session_is_kept(client, fake_rasa):
    first = client.post("/api/v1/chat", json={"text": "hoi"}).get_json()["session"]
    second = client.post(
        "/api/v1/chat", json={"text": "nog een vraag", "session": first}
    ).get_json()
    assert second["session"] == first
    assert fake_rasa.received[1]["sender"] == first


def test_gemeente_from_the_widget_is_passed_to_rasa_as_metadata(client, fake_rasa):
    client.post("/api/v1/chat", json={"text": "hoi", "gemeente": "GM0164"})
    assert fake_rasa.received[0]["metadata"] == {"gemeente": "GM0164"}


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({}, 400, "missing_text"),
        ({"text": ""}, 400, "empty_text"),
        ({"text": "   \n "}, 400, "empty_text"),
        ({"text": 12}, 400, "invalid_text"),
        ({"text": ["hallo"]}, 400, "invalid_text"),
        ({"text": "x" * 1001}, 413, "text_too_long"),
        ({"text": "hoi", "session": 5}, 400, "invalid_session"),
        ({"text": "hoi", "session": "../../etc/passwd"}, 400, "invalid_session"),
        ({"text": "hoi", "gemeente": "Hengelo"}, 400, "invalid_gemeente"),
        (["hallo"], 400, "invalid_json"),
    ],
)
def test_bad_input_gets_dutch_json_error_and_never_reaches_rasa(
    client, fake_rasa, body, status, code
):
    response = client.post("/api/v1/chat", json=body)
    assert response.status_code == status
    payload = response.get_json()
    assert payload["error"] == code
    assert payload["message"] and payload["message"][0].isupper()
    assert fake_rasa.received == []


def test_text_of_exactly_1000_characters_is_accepted(client, fake_rasa):
    assert client.post("/api/v1/chat", json={"text": "a" * 1000}).status_code == 200


def test_malformed_json_body_gets_400(client, fake_rasa):
    response = client.post("/api/v1/chat", data="{text: hallo", content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["error"] == "invalid_json"
    assert fake_rasa.received == []


def test_unknown_api_route_answers_json_in_dutch(client):
    response = client.get("/api/v1/bestaat-niet")
    assert response.status_code == 404
    assert response.get_json()["message"] == "Deze pagina bestaat niet."


def _assert_emergency_reply(response):
    assert response.status_code == 503
    body = response.get_json()
    text = " ".join(m["text"] for m in body["messages"])
    for nummer in NOODNUMMERS:
        assert nummer in text
    assert "Veilig Thuis" in text and "Kindertelefoon" in text
    assert body["session"]


def test_rasa_down_still_gives_emergency_numbers(tmp_path):
    from web import create_app

    app = create_app(make_settings(tmp_path, rasa_port=free_port()), TESTING=True)
    _assert_emergency_reply(app.test_client().post("/api/v1/chat", json={"text": "help"}))


def test_rasa_error_still_gives_emergency_numbers(client, fake_rasa):
    fake_rasa.status = 500
    _assert_emergency_reply(client.post("/api/v1/chat", json={"text": "hallo"}))


def test_rasa_too_slow_still_gives_emergency_numbers(client, fake_rasa):
    fake_rasa.delay = 3.0  # the test settings wait 2 s
    _assert_emergency_reply(client.post("/api/v1/chat", json={"text": "hallo"}))


def test_healthz_names_what_is_down(tmp_path, fake_rasa):
    from web import create_app

    app = create_app(make_settings(tmp_path, fake_rasa.port, action_port=free_port()), TESTING=True)
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["down"] == ["actions"]


def test_healthz_ok_when_all_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json()["status"] == "ok"


def test_delete_erases_rasa_tracker_of_that_session_only(client, settings):
    from bot.store import open_db

    db = open_db(settings.tracker_db)
    db["events"].insert_all(
        [{"sender_id": "a" * 32, "type_name": "user"}, {"sender_id": "b" * 32, "type_name": "user"}]
    )
    assert client.delete("/api/v1/chat/" + "a" * 32).status_code == 204
    assert [r["sender_id"] for r in db["events"].rows] == ["b" * 32]


def test_demo_page_embeds_widget_with_one_script_tag(client):
    html = client.get("/").get_data(as_text=True)
    assert "Gemeente Voorbeeld" in html
    assert html.count('src="/widget.js"') == 1
    assert client.get("/widget.js").status_code == 200


def test_flooding_the_chat_is_limited_but_the_answer_keeps_the_emergency_numbers(
    tmp_path, fake_rasa
):
    from web import create_app

    settings = make_settings(tmp_path, fake_rasa.port)
    settings.rate_limit_per_minute = 3
    client = create_app(settings, TESTING=True).test_client()
    statuses = [client.post("/api/v1/chat", json={"text": "hoi"}).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = client.post("/api/v1/chat", json={"text": "hoi"}).get_json()
    assert limited["error"] == "too_many_requests"
    assert "0800-2000" in limited["messages"][0]["text"]
    assert len(fake_rasa.received) == 3


KAART = {
    "name": "Kindertelefoon",
    "line": "Praat met iemand over wat jou bezighoudt.",
    "info": "Gratis.",
    "actions": [
        {"kind": "bellen", "label": "Bel 0800-0432", "href": "tel:08000432"},
        {"kind": "chatten", "label": "Chat", "href": "https://www.kindertelefoon.nl/chat"},
    ],
    "text": "Kindertelefoon: Praat met iemand over wat jou bezighoudt.\n"
    "Bel [0800-0432](tel:08000432). Gratis.",
}


def test_service_cards_come_as_data_on_the_message_that_holds_their_text(client, fake_rasa):
    # Rasa's REST channel: the action's text, then its json_message as a reply of its own.
    tekst = "Hier vind je hulp.\n" + KAART["text"]
    fake_rasa.replies = [
        {"recipient_id": "x", "text": tekst},
        {"recipient_id": "x", "custom": {"kaarten": [KAART]}},
        {"recipient_id": "x", "text": "Kan ik je nog ergens mee helpen?"},
    ]
    body = client.post("/api/v1/chat", json={"text": "gepest"}).get_json()
    assert body["messages"] == [
        {"text": tekst, "buttons": [], "custom": {"kaarten": [KAART]}},
        {"text": "Kan ik je nog ergens mee helpen?", "buttons": []},
    ]


def test_a_client_that_ignores_cards_sees_the_same_text_as_before(client, fake_rasa):
    tekst = "Hier vind je hulp.\n" + KAART["text"]
    fake_rasa.replies = [{"text": tekst}, {"custom": {"kaarten": [KAART]}}]
    met = client.post("/api/v1/chat", json={"text": "gepest"}).get_json()["messages"]
    fake_rasa.replies = [{"text": tekst}]
    zonder = client.post("/api/v1/chat", json={"text": "gepest"}).get_json()["messages"]
    assert [(m["text"], m["buttons"]) for m in met] == [(m["text"], m["buttons"]) for m in zonder]
