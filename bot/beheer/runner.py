"""Start Rasa, the action server and the web app together, and stop them together."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import requests
import yaml

from bot.beheer import onderhoud
from bot.beheer.training import MODEL_FILE
from bot.config import PROJECT_ROOT, Settings, child_environment


@dataclass
class Proces:
    naam: str
    args: list[str]
    health_url: str
    env: dict[str, str]
    popen: subprocess.Popen | None = None


def write_endpoints(settings: Settings) -> Path:
    """Rasa's endpoints for this run: the configured action port and the tracker in the data dir."""
    path = settings.data_dir / "endpoints.run.yml"
    endpoints = {
        "action_endpoint": {"url": f"{settings.action_url}/webhook"},
        "tracker_store": {
            "type": "bot.nlu.trackeropslag.BegrensdeTrackerStore",  # a long talk costs no more
            "dialect": "sqlite",
            "db": str(settings.tracker_db),
        },
    }
    path.write_text(yaml.safe_dump(endpoints))
    return path


def rasa_processen(settings: Settings, bin_dir: Path, env: dict[str, str]) -> list[Proces]:
    """One Rasa server per port in `settings.rasa_ports` (issue 16: one per core), all with the
    same model and tracker database; the web app sends each conversation to one of them."""
    endpoints = str(write_endpoints(settings))
    # One thread each for TensorFlow and the maths libraries: the processes share the cores.
    env = {**env, "TF_INTRA_OP_PARALLELISM_THREADS": "1", "TF_INTER_OP_PARALLELISM_THREADS": "1"}
    env |= {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    return [
        Proces(
            "rasa" if nummer == 0 else f"rasa-{nummer + 1}",
            [
                str(bin_dir / "rasa"),
                "run",
                "--model",
                str(MODEL_FILE),
                "--endpoints",
                endpoints,
                "--credentials",
                "credentials.yml",
                "--interface",
                "127.0.0.1",
                "--port",
                str(port),
            ],
            f"http://127.0.0.1:{port}/",
            env,
        )
        for nummer, port in enumerate(settings.rasa_ports)
    ]


def processen(settings: Settings) -> list[Proces]:
    bin_dir = Path(sys.executable).parent
    env = child_environment(JEUGDWIJZER_DATA_DIR=str(settings.data_dir), PYTHONUNBUFFERED="1")
    return [
        Proces(
            "actieserver",
            [
                str(bin_dir / "rasa"),
                "run",
                "actions",
                "--actions",
                "actions",
                "--port",
                str(settings.action_port),
            ],
            f"{settings.action_url}/health",
            {**env, "SANIC_HOST": "127.0.0.1"},
        ),
        *rasa_processen(settings, bin_dir, env),
        Proces(
            "web",
            [sys.executable, "-m", "web.serve"],
            f"http://127.0.0.1:{settings.web_port}/healthz",
            env,
        ),
    ]


def _up(url: str) -> bool:
    try:
        # /healthz says 503 while Rasa loads; any answer means the web process is up.
        requests.get(url, timeout=1)
        return True
    except requests.RequestException:
        return False


def stop_all(items: list[Proces], timeout: float = 15) -> None:
    for item in items:
        if item.popen and item.popen.poll() is None:
            os.killpg(item.popen.pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    for item in items:
        if not item.popen:
            continue
        try:
            item.popen.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(item.popen.pid, signal.SIGKILL)
            item.popen.wait()


def run(settings: Settings, echo=print, startup_timeout: float = 300) -> int:
    """Run until Ctrl-C (exit 0) or until one process dies (exit 1, naming it)."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    items = processen(settings)
    stopping = False

    def on_signal(signum, frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    try:
        for item in items:
            echo(f"Start {item.naam}...")
            item.popen = subprocess.Popen(
                item.args, cwd=PROJECT_ROOT, env=item.env, start_new_session=True
            )
        deadline = time.monotonic() + startup_timeout
        waiting = list(items)
        while waiting and not stopping:
            for item in list(waiting):
                if item.popen.poll() is not None:
                    echo(
                        f"Fout: {item.naam} stopte tijdens het opstarten "
                        f"(exitcode {item.popen.returncode})."
                    )
                    return 1
                if _up(item.health_url):
                    waiting.remove(item)
            if time.monotonic() > deadline:
                echo("Fout: niet alles startte op tijd: " + ", ".join(i.naam for i in waiting))
                return 1
            time.sleep(0.5)
        if not stopping:
            local = settings.web_host in ("127.0.0.1", "0.0.0.0", "::")  # noqa: S104
            host = "localhost" if local else settings.web_host
            echo(f"Klaar: open http://{host}:{settings.web_port}")
        volgend_onderhoud = 0.0
        while not stopping:
            for item in items:
                code = item.popen.poll()
                if code is not None:
                    echo(f"Fout: {item.naam} is gestopt (exitcode {code}). De rest stopt nu ook.")
                    return 1
            if time.monotonic() >= volgend_onderhoud:  # at start, then once a day
                onderhoud.dagelijks(settings, echo=echo)
                volgend_onderhoud = time.monotonic() + 24 * 3600
            time.sleep(0.5)
        echo("Gestopt.")
        return 0
    finally:
        stop_all(items)
