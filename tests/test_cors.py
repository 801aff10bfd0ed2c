"""Only the gemeente sites in JEUGDWIJZER_ALLOWED_ORIGINS may embed the chat."""

from __future__ import annotations

import dataclasses

import pytest

from web import create_app

GEMEENTE = "https://www.voorbeeld.nl"
VREEMD = "https://kwaadwillend.example"


@pytest.fixture
def client(settings):
    settings = dataclasses.replace(settings, allowed_origins=[GEMEENTE + "/", "https://ander.nl"])
    return create_app(settings, TESTING=True).test_client()


def test_listed_gemeente_site_can_chat_and_read_the_answer(client, fake_rasa):
    fake_rasa.replies = [{"text": "Hoi!"}]
    response = client.post("/api/v1/chat", json={"text": "hoi"}, headers={"Origin": GEMEENTE})
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == GEMEENTE
    assert "Origin" in response.headers["Vary"]
    assert response.get_json()["messages"][0]["text"] == "Hoi!"


def test_preflight_from_listed_site_allows_json_posts_and_erasing(client):
    response = client.options(
        "/api/v1/chat/abcdefghijklmnopqrstuvwxyz",
        headers={
            "Origin": GEMEENTE,
            "Access-Control-Request-Method": "DELETE",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert response.status_code == 204
    assert response.headers["Access-Control-Allow-Origin"] == GEMEENTE
    assert "DELETE" in response.headers["Access-Control-Allow-Methods"]
    assert "POST" in response.headers["Access-Control-Allow-Methods"]
    assert response.headers["Access-Control-Allow-Headers"] == "Content-Type"
    assert "Access-Control-Allow-Credentials" not in response.headers


def test_unlisted_site_is_refused_in_dutch_and_nothing_reaches_rasa(client, fake_rasa):
    response = client.post("/api/v1/chat", json={"text": "hoi"}, headers={"Origin": VREEMD})
    assert response.status_code == 403
    assert "Access-Control-Allow-Origin" not in response.headers
    assert response.get_json()["error"] == "origin_not_allowed"
    assert "gemeente" in response.get_json()["message"]
    assert fake_rasa.received == []


def test_unlisted_site_cannot_erase_a_conversation(client):
    response = client.delete("/api/v1/chat/abcdefghijklmnopqrstuvwxyz", headers={"Origin": VREEMD})
    assert response.status_code == 403
    assert "Access-Control-Allow-Origin" not in response.headers


def test_unlisted_site_gets_no_cors_headers_on_preflight_or_read(client):
    preflight = client.options(
        "/api/v1/chat", headers={"Origin": VREEMD, "Access-Control-Request-Method": "POST"}
    )
    assert preflight.status_code == 403
    assert "Access-Control-Allow-Origin" not in preflight.headers
    read = client.get("/api/v1/chat/abcdefghijklmnopqrstuvwxyz/updates", headers={"Origin": VREEMD})
    assert "Access-Control-Allow-Origin" not in read.headers


def test_lookalike_origin_is_not_allowed(client):
    response = client.post(
        "/api/v1/chat", json={"text": "hoi"}, headers={"Origin": GEMEENTE + ".kwaad.example"}
    )
    assert response.status_code == 403


def test_same_origin_always_works_without_configuration(app, fake_rasa):
    fake_rasa.replies = [{"text": "Hoi!"}]
    response = app.test_client().post(
        "/api/v1/chat", json={"text": "hoi"}, headers={"Origin": "http://localhost"}
    )
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response.headers


def test_pages_outside_the_api_get_no_cors_headers(client):
    response = client.get("/", headers={"Origin": GEMEENTE})
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response.headers
