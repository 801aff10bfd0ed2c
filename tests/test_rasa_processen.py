"""Several Rasa processes (one per core): each conversation always reaches the same one."""

from __future__ import annotations

from bot.beheer import runner
from tests.conftest import free_port, make_settings


def test_each_conversation_always_reaches_the_same_rasa_process_and_all_are_used(
    tmp_path, monkeypatch
):
    from web import create_app, rasa_client

    settings = make_settings(tmp_path, rasa_port=free_port())
    settings.rasa_processen = 2
    settings.rate_limit_per_minute = 1000
    bereikt: dict[str, set[str]] = {}

    def send(rasa_url, session, text, metadata, timeout):
        bereikt.setdefault(session, set()).add(rasa_url)
        return [{"text": "Hoi", "buttons": []}]

    monkeypatch.setattr(rasa_client, "send", send)
    client = create_app(settings, TESTING=True).test_client()
    for _ in range(20):
        session = client.post("/api/v1/chat", json={"text": "hallo"}).get_json()["session"]
        for tekst in ("mijn zoon is 8", "ik woon in Hengelo", "dank je"):
            client.post("/api/v1/chat", json={"session": session, "text": tekst})
    assert all(len(urls) == 1 for urls in bereikt.values())
    assert set().union(*bereikt.values()) == set(settings.rasa_urls)
    assert len(settings.rasa_urls) == 2


def test_the_runner_starts_one_rasa_per_port_with_the_same_model_and_tracker(tmp_path):
    settings = make_settings(tmp_path, rasa_port=5205, action_port=5255)
    settings.rasa_processen = 2
    settings.data_dir.mkdir(parents=True)
    rasa = [p for p in runner.processen(settings) if p.naam.startswith("rasa")]
    assert [p.naam for p in rasa] == ["rasa", "rasa-2"]
    assert [p.args[p.args.index("--port") + 1] for p in rasa] == ["5205", "5206"]
    assert len({p.args[p.args.index("--endpoints") + 1] for p in rasa}) == 1
    assert [p.health_url for p in rasa] == ["http://127.0.0.1:5205/", "http://127.0.0.1:5206/"]


def test_healthz_says_rasa_is_down_when_one_of_its_processes_is(tmp_path, fake_rasa):
    from web import create_app

    settings = make_settings(tmp_path, fake_rasa.port)
    settings.rasa_processen = 2  # the second port has no server
    response = create_app(settings, TESTING=True).test_client().get("/healthz")
    assert response.status_code == 503
    assert "rasa" in response.get_json()["down"]


def test_while_one_rasa_process_restarts_its_conversations_are_answered_by_the_other(
    tmp_path, fake_rasa
):
    from web import create_app

    settings = make_settings(tmp_path, fake_rasa.port)
    settings.rasa_processen = 2  # the second port has no server: a process that crashed
    settings.rate_limit_per_minute = 1000
    client = create_app(settings, TESTING=True).test_client()
    for _ in range(12):  # about half of them belong to the missing process
        body = client.post("/api/v1/chat", json={"text": "hallo"})
        assert body.status_code == 200
        assert body.get_json()["messages"] == [{"text": "Hoi! Ik ben een computer.", "buttons": []}]
    assert len(fake_rasa.received) == 12


def test_a_rasa_process_that_got_the_message_and_failed_is_not_asked_again_elsewhere(
    tmp_path, monkeypatch
):
    from web import create_app, rasa_client

    settings = make_settings(tmp_path, rasa_port=free_port())
    settings.rasa_processen = 2
    gevraagd: list[str] = []

    def send(rasa_url, session, text, metadata, timeout):
        gevraagd.append(rasa_url)
        raise rasa_client.RasaUnavailable("te laat")  # it may still be working on it

    monkeypatch.setattr(rasa_client, "send", send)
    body = create_app(settings, TESTING=True).test_client().post("/api/v1/chat", json={"text": "x"})
    assert body.status_code == 503 and "112" in str(body.get_json())
    assert len(gevraagd) == 1
