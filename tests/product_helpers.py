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
def start_product(data_dir: Path, **extra_env: str):
    """`jeugdwijzer run --no-train` with its own data directory; yields the process and the web
    app's URL, and stops the process (Ctrl-C) afterwards unless the test already did."""
    port = free_port()
    env = {
        **os.environ,
        "JEUGDWIJZER_PORT": str(port),
        "JEUGDWIJZER_RASA_PORT": str(free_port()),
        "JEUGDWIJZER_ACTION_PORT": str(free_port()),
        "JEUGDWIJZER_DATA_DIR": str(data_dir),
        **extra_env,
    }
    cli = str(Path(sys.executable).with_name("jeugdwijzer"))
    proc = subprocess.Popen(
        [cli, "run", "--no-train"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []
    deadline = time.monotonic() + 240
    for line in proc.stdout:
        lines.append(line)
        if line.startswith("Klaar") or time.monotonic() > deadline or proc.poll() is not None:
            break
    try:
        assert any(line.startswith("Klaar") for line in lines), "".join(lines[-40:])
        yield proc, f"http://127.0.0.1:{port}"
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            proc.wait(timeout=60)
