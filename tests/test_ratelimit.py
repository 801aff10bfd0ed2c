"""The chat's rate limit: flooding is slowed down, but erasing and ending a live chat always
work, and behind a configured proxy every visitor has their own limit."""

from __future__ import annotations

import dataclasses

import pytest

from bot import overdracht
from tests.handoff_helpers import db, make_handoff, make_team


@pytest.fixture
def streng(settings):
    from web import create_app

    def maak(**extra):
        return create_app(
            dataclasses.replace(settings, rate_limit_per_minute=2, **extra), TESTING=True
        ).test_client()

    return maak


def test_erasing_works_after_the_limit_is_reached(streng, fake_rasa, settings):
    client = streng()
    session = client.post("/api/v1/chat", json={"text": "hoi"}).get_json()["session"]
    team = make_team(settings)
    make_handoff(settings, team, session=session, naam="Sanne", telefoon="0612345678")
    for _ in range(5):
        client.post("/api/v1/chat", json={"text": "hoi", "session": session})
    assert client.post("/api/v1/chat", json={"text": "hoi"}).status_code == 429
    for _ in range(3):
        assert client.delete(f"/api/v1/chat/{session}").status_code == 204
    row = next(iter(db(settings)["handoffs"].rows))
    assert row["telefoon"] is None and row["naam"] is None


def test_ending_a_live_chat_works_after_the_limit_is_reached(streng, fake_rasa, settings):
    client = streng()
    session = client.post("/api/v1/chat", json={"text": "hoi"}).get_json()["session"]
    handoff_id = make_handoff(settings, make_team(settings), session=session)
    for _ in range(5):
        client.post("/api/v1/chat", json={"text": "ben je er nog?", "session": session})
    response = client.post(f"/api/v1/chat/{session}/handoff/stop")
    assert response.status_code == 200
    assert response.get_json()["handoff"]["state"] == "beeindigd"
    assert overdracht.chat_van_sessie(db(settings), session)["id"] == handoff_id


def test_without_a_trusted_proxy_a_forwarded_address_changes_nothing(streng, fake_rasa):
    client = streng()
    for nummer in range(3):
        response = client.post(
            "/api/v1/chat",
            json={"text": "hoi"},
            headers={"X-Forwarded-For": f"10.0.0.{nummer}"},
        )
    assert response.status_code == 429


def test_behind_a_trusted_proxy_each_visitor_has_their_own_limit(streng, fake_rasa):
    client = streng(trusted_proxies=1)

    def stuur(adres):
        return client.post(
            "/api/v1/chat", json={"text": "hoi"}, headers={"X-Forwarded-For": adres}
        ).status_code

    assert [stuur("10.0.0.1") for _ in range(3)] == [200, 200, 429]
    assert stuur("10.0.0.2") == 200
    # a visitor cannot dodge the limit by adding their own X-Forwarded-For in front
    assert stuur("1.2.3.4, 10.0.0.1") == 429
