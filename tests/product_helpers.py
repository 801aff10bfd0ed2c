"""Start the whole product (Rasa, actions, web) on free ports for an end-to-end test."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from tests.conftest import ROOT, free_port


@contextmanager
def start_product(data_dir: Path, startup_timeout: float = 300, **extra_env: str):
    """`jeugdwijzer run --no-train` with its own data directory; yields the process and the web
    app's URL, and stops the process (Ctrl-C) afterwards unless the test already did.

    The output goes to a file, not a pipe: Rasa and the action server keep logging after start-up,
    and a pipe nobody reads fills up and blocks them.
    """
    data_dir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    env = {
        **os.environ,
        "JEUGDWIJZER_PORT": str(port),
        "JEUGDWIJZER_RASA_PORT": str(free_port()),
        "JEUGDWIJZER_ACTION_PORT": str(free_port()),
        "JEUGDWIJZER_DATA_DIR": str(data_dir),
        # "Open now" on a Tuesday afternoon: the same cards at any hour the suite runs.
        "JEUGDWIJZER_KLOK": "2026-11-24T14:00",
        **extra_env,
    }
    cli = str(Path(sys.executable).with_name("jeugdwijzer"))
    log_path = data_dir / "product.log"
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            [cli, "run", "--no-train"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    deadline = time.monotonic() + startup_timeout
    ready = False
    while time.monotonic() < deadline and proc.poll() is None:
        # Not startswith: Rasa's coloured warnings can leave an escape code before it on the line.
        if "Klaar: open http" in log_path.read_text(errors="replace"):
            ready = True
            break
        time.sleep(0.5)
    try:
        assert ready, log_path.read_text()[-4000:]
        yield proc, f"http://127.0.0.1:{port}"
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
