"""Start Rasa, the action server and the web app together, keep them running, stop them together.

A child that dies is started again: at once when it had been healthy, with a growing pause
(1, 2, 4 ... 30 s) when it keeps dying before it is healthy. A child that was healthy and stops
answering its health check for `Settings.hangt_na` seconds (30) is killed and started again.
The web app does not need Rasa: while Rasa or the action server is down it keeps serving the
widget, the emergency numbers and the inbox, and `/healthz` names the part that is down.

In production a supervisor can run each part on its own (`jeugdwijzer start rasa|acties|web`,
the units in deploy/systemd/).
"""

from __future__ import annotations

import ctypes
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
from bot.store import alleen_voor_eigenaar

MAX_PAUZE = 30.0  # seconds between starts of a child that keeps dying before it is healthy
CONTROLE_ELKE = 2.0  # seconds between health checks of a healthy child
CONTROLE_START = 0.5  # and of a child that is starting, so a quick death after it is not a loop


@dataclass
class Proces:
    naam: str
    args: list[str]
    health_url: str
    env: dict[str, str]
    popen: subprocess.Popen | None = None
    starts: int = 0
    mislukt_op_rij: int = 0  # deaths before the child was ever healthy, in a row
    gezond: bool = False  # answered its health check since the last start
    laatst_gezond: float = 0.0
    gestart_op: float = 0.0
    volgende_controle: float = 0.0
    volgende_start: float = 0.0


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
            # Not /healthz: that one waits for Rasa, and a slow Rasa must not get the web killed.
            f"http://127.0.0.1:{settings.web_port}/healthz/web",
            env,
        ),
    ]


def voorbereiden(settings: Settings) -> None:
    """Data directory and databases readable by the owner only, also the ones Rasa creates."""
    os.umask(0o077)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    settings.data_dir.chmod(0o700)
    alleen_voor_eigenaar(settings.tracker_db)


def start_een(settings: Settings, naam: str) -> None:
    """Become one part of the product (for a supervisor such as systemd); never returns."""
    voorbereiden(settings)
    item = next((i for i in processen(settings) if i.naam == naam), None)
    if item is None:
        raise ValueError(f"Onbekend onderdeel {naam!r}")
    os.chdir(PROJECT_ROOT)
    os.execve(item.args[0], item.args, item.env)  # noqa: S606 - the fixed argv of processen()


def _up(url: str) -> bool:
    try:
        requests.get(url, timeout=1)  # any answer means the process is up
        return True
    except requests.RequestException:
        return False


def _met_ouder_weg() -> None:
    """In the child: die with the runner, also when the runner itself is killed with -9."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass  # not Linux: Ctrl-C and SIGTERM still stop the children


def _start(item: Proces) -> None:
    item.popen = subprocess.Popen(
        item.args,
        cwd=PROJECT_ROOT,
        env=item.env,
        start_new_session=True,
        preexec_fn=_met_ouder_weg,  # safe: the runner has no other threads
    )
    item.starts += 1
    item.gezond = False
    item.gestart_op = time.monotonic()
    item.volgende_controle = item.gestart_op + CONTROLE_START


def _kill(item: Proces, sig: int = signal.SIGKILL) -> None:
    try:
        os.killpg(item.popen.pid, sig)
    except ProcessLookupError:
        pass


def stop_all(items: list[Proces], timeout: float = 15) -> None:
    for item in items:
        if item.popen and item.popen.poll() is None:
            _kill(item, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    for item in items:
        if not item.popen:
            continue
        try:
            item.popen.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            _kill(item)
            item.popen.wait()


def bewaak(item: Proces, echo, nu: float, hangt_na: float = 30.0) -> None:
    """One look at one child: start it when due, notice a death or a hang, check its health."""
    if item.popen is None:
        if nu >= item.volgende_start:
            echo(f"Start {item.naam}...")
            try:
                _start(item)
            except OSError as exc:  # e.g. the environment is being reinstalled: try again later
                item.mislukt_op_rij += 1
                item.volgende_start = nu + min(2.0 ** (item.mislukt_op_rij - 1), MAX_PAUZE)
                echo(f"Fout: {item.naam} start niet ({exc.strerror}). Ik probeer het zo opnieuw.")
        return
    code = item.popen.poll()
    if code is not None:
        # A loop is a child that dies before it is healthy, quickly: only that one gets a pause.
        lang_genoeg = time.monotonic() - item.gestart_op >= MAX_PAUZE
        item.mislukt_op_rij = 0 if item.gezond or lang_genoeg else item.mislukt_op_rij + 1
        pauze = min(2.0 ** (item.mislukt_op_rij - 1), MAX_PAUZE) if item.mislukt_op_rij else 0
        echo(
            f"Fout: {item.naam} is gestopt (exitcode {code})."
            f" Ik start het opnieuw over {pauze:.0f} s."
        )
        item.popen, item.volgende_start = None, nu + pauze
        return
    if nu < item.volgende_controle:
        return
    item.volgende_controle = nu + (CONTROLE_ELKE if item.gezond else CONTROLE_START)
    if _up(item.health_url):
        item.gezond, item.laatst_gezond = True, time.monotonic()
    elif item.gezond and time.monotonic() - item.laatst_gezond > hangt_na:
        echo(f"Fout: {item.naam} antwoordt al {hangt_na:.0f} s niet. Ik start het opnieuw.")
        _kill(item)


def run(settings: Settings, echo=print, startup_timeout: float = 300) -> int:
    """Run until Ctrl-C or SIGTERM (exit 0); a child that dies is started again."""
    voorbereiden(settings)
    items = processen(settings)
    stopping = False

    def on_signal(signum, frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    begin = time.monotonic()
    klaar = gewaarschuwd = False
    volgend_onderhoud = 0.0
    try:
        while not stopping:
            nu = time.monotonic()
            for item in items:
                bewaak(item, echo, nu, settings.hangt_na)
            if not klaar and all(item.gezond for item in items):
                klaar = True
                local = settings.web_host in ("127.0.0.1", "0.0.0.0", "::")  # noqa: S104
                host = "localhost" if local else settings.web_host
                echo(f"Klaar: open http://{host}:{settings.web_port}")
            if not klaar and not gewaarschuwd and nu - begin > startup_timeout:
                gewaarschuwd = True
                niet = ", ".join(i.naam for i in items if not i.gezond)
                echo(f"Let op: dit start nog steeds niet: {niet}. Ik blijf het proberen.")
            if nu >= volgend_onderhoud:  # at start, then once a day
                onderhoud.dagelijks(settings, echo=echo)
                volgend_onderhoud = nu + 24 * 3600
            time.sleep(0.25)
        echo("Gestopt.")
        return 0
    finally:
        stop_all([item for item in items if item.popen])
