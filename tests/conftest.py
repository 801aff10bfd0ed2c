"""Shared fixtures: an app on a temporary data directory and a fake Rasa at the HTTP boundary."""

from __future__ import annotations

import json
import shutil
import socket
import tempfile
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from bot.config import Settings

ROOT = Path(__file__).resolve().parent.parent
SHM = Path("/dev/shm")


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config):
    """Temporary directories in memory when the machine has /dev/shm: SQLite's fsync on every
    commit costs 1 ms on disk and nothing there. The tests assert the same; only faster."""
    if config.option.basetemp is None and not hasattr(config, "workerinput") and SHM.is_dir():
        config.option.basetemp = tempfile.mkdtemp(prefix="jeugdwijzer-tests-", dir=SHM)
        config._jeugdwijzer_shm = config.option.basetemp
    if getattr(config.option, "dist", "no") == "load":  # `-n 2`: keep the NLU group together
        config.option.dist = "loadgroup"


# Tests that import Rasa/TensorFlow or read the whole NLU corpus run on one worker, so the other
# worker never pays those ~15 s of imports and parsing (see `pytest_collection_modifyitems`).
NLU_MODULES = {
    "test_versnelling.py",
    "test_corpus.py",
    "test_crisis_detector.py",
    "test_crisis_kruis.py",
    "test_crisis_vervolg.py",
    "test_gesprek_jeugdhulp_data.py",
    "test_herkenning.py",
    "test_intent_kruis.py",
    "test_intentmodel.py",
    "test_nlu_eval.py",
    "test_rasa_project.py",
    "test_trackeropslag.py",
}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.path.name in NLU_MODULES:
            item.add_marker(pytest.mark.xdist_group("nlu"))


def pytest_sessionfinish(session, exitstatus):
    """Free the memory after a green run; after a red one the files stay for a look (/dev/shm)."""
    shm = getattr(session.config, "_jeugdwijzer_shm", None)
    if shm and exitstatus == 0:
        shutil.rmtree(shm, ignore_errors=True)


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
    # A real Rasa always says something; an empty list is what it says when actions are down.
    replies: list = field(default_factory=lambda: [{"text": "Hoi! Ik ben een computer."}])
    received: list = field(default_factory=list)
    status: int = 200
    delay: float = 0.0
    poort: threading.Event | None = None  # when set up: every message waits until it is set


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
            if fake.poort is not None:
                fake.poort.wait(30)
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
def cheap_password_hashing(monkeypatch):
    """argon2 with the smallest cost: the same hashes and checks, 0.3 s faster per password.

    Production keeps argon2's defaults (bot/users.py); tests hash and verify hundreds of times.
    """
    from argon2 import PasswordHasher

    from bot import users

    hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    monkeypatch.setattr(users, "_hasher", hasher)
    monkeypatch.setattr(users, "_DUMMY_HASH", hasher.hash("geen-echt-wachtwoord"))


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
