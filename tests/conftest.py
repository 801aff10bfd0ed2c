"""Shared fixtures: an app on a temporary data directory and a fake Rasa at the HTTP boundary."""

from __future__ import annotations

import json
import socket
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from bot.config import Settings

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def trained_model() -> Path:
    """The Rasa model, trained once per run when config, domain or data changed."""
    from bot.beheer import training

    training.train()
    return training.MODEL_FILE


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class FakeRasa:
    """A real HTTP server that answers like Rasa's REST channel and records what it got."""

    port: int
    replies: list = field(default_factory=list)
    received: list = field(default_factory=list)
    status: int = 200
    delay: float = 0.0


@pytest.fixture
def fake_rasa():
    fake = FakeRasa(port=free_port())

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _send(self, status, body):
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            self._send(200, {"status": "ok"})

        def do_POST(self):
            length = int(self.headers.get("Content-Length", 0))
            fake.received.append(json.loads(self.rfile.read(length)))
            if fake.delay:
                threading.Event().wait(fake.delay)
            self._send(fake.status, fake.replies)

    server = ThreadingHTTPServer(("127.0.0.1", fake.port), Handler)
    # poll often: the default 0.5 s poll made every test wait for the shutdown
    thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    yield fake
    server.shutdown()
    server.server_close()


def make_settings(tmp_path: Path, rasa_port: int, action_port: int | None = None) -> Settings:
    return Settings(
        data_dir=tmp_path / "var",
        web_host="127.0.0.1",
        web_port=free_port(),
        rasa_port=rasa_port,
        action_port=action_port or rasa_port,
        rasa_timeout=2.0,
        allowed_origins=[],
        secret_key="test-secret",
    )


@pytest.fixture(autouse=True)
def data_dir_in_tmp(tmp_path, monkeypatch):
    """Code that reads the environment (actions, record_event) writes here, never into var/.

    The same directory as the `settings` fixture's, so actions and the web app share one database.
    """
    monkeypatch.setenv("JEUGDWIJZER_DATA_DIR", str(tmp_path / "var"))


@pytest.fixture
def settings(tmp_path, fake_rasa) -> Settings:
    return make_settings(tmp_path, fake_rasa.port)


@pytest.fixture
def app(settings):
    from web import create_app

    return create_app(settings, TESTING=True)


@pytest.fixture
def client(app):
    return app.test_client()
