"""A slow or frozen Rasa never takes the web server's last threads: staff pages, the widget and
the emergency numbers stay served while citizens' messages wait for Rasa."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from waitress.server import create_server

from tests.conftest import make_settings


@pytest.fixture
def webserver(tmp_path, fake_rasa):
    from web import create_app

    settings = make_settings(tmp_path, fake_rasa.port)
    settings.web_threads = 10  # two chat messages may wait for Rasa; eight threads stay free
    settings.rasa_timeout = 10.0
    settings.rate_limit_per_minute = 1000
    server = create_server(
        create_app(settings), host="127.0.0.1", port=settings.web_port, threads=10
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{settings.web_port}", settings
    server.close()


def test_citizens_waiting_for_a_frozen_rasa_never_block_the_inbox(webserver, fake_rasa):
    url, settings = webserver
    fake_rasa.poort = threading.Event()  # Rasa holds every message: frozen
    with ThreadPoolExecutor(max_workers=12) as pool:
        chats = [
            pool.submit(requests.post, f"{url}/api/v1/chat", json={"text": "hallo"}, timeout=20)
            for _ in range(12)
        ]
        einde = time.monotonic() + 5
        while sum(f.done() for f in chats) < 12 - settings.chat_plekken:
            assert time.monotonic() < einde, "the messages Rasa cannot take wait as well"
            time.sleep(0.02)
        geweigerd = [f.result() for f in chats if f.done()]
        # All but the two that wait for Rasa got the error answer at once, with the numbers.
        assert len(geweigerd) == 12 - settings.chat_plekken
        for antwoord in geweigerd:
            assert antwoord.status_code == 503
            assert "112" in str(antwoord.json()["messages"])
        # Rasa still holds two messages, and the staff's login page and the widget answer.
        assert requests.get(f"{url}/inbox/login", timeout=5).status_code == 200
        assert requests.get(f"{url}/widget.js", timeout=5).status_code == 200
        assert len(fake_rasa.received) == settings.chat_plekken
        fake_rasa.poort.set()  # Rasa thaws: the two waiting messages get their real answer
        antwoorden = [f.result(timeout=20) for f in chats]
    assert sorted(a.status_code for a in antwoorden).count(200) == settings.chat_plekken
