"""Train the Rasa model only when what it is built from has changed (a content hash)."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

from bot.config import PROJECT_ROOT, child_environment, model_dir

# A developer running tests beside another can point this elsewhere to avoid sharing one model.
MODEL_DIR = model_dir()
MODEL_NAME = "jeugdwijzer"
MODEL_FILE = MODEL_DIR / f"{MODEL_NAME}.tar.gz"
FINGERPRINT_FILE = MODEL_DIR / f"{MODEL_NAME}.fingerprint"

# Everything the model depends on. data/kaart is left out: the sociale kaart is read at run time.
INPUTS = (
    "config.yml",
    "domain.yml",
    "data/nlu",
    "data/rules.yml",
    "data/stories.yml",
    "data/rules",
    "data/stories",
    "bot/nlu",
    "bot/veiligheid/crisismodel.py",
    "bot/intentmodel.py",  # the topic classifier the Rasa component trains
    "bot/taal/kenmerken.py",  # the feature view both trained models read
    "bot/veiligheid/crisis.py",  # the rules are features of the crisis model
    "bot/data/crisis.yml",
    "bot/taal/normaliseren.py",
    "bot/data/taal.yml",
    "pyproject.toml",
)


def _files() -> list[Path]:
    files: list[Path] = []
    for name in INPUTS:
        path = PROJECT_ROOT / name
        if path.is_dir():
            files.extend(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        elif path.is_file():
            files.append(path)
    return sorted(files)


def fingerprint() -> str:
    digest = hashlib.sha256()
    for path in _files():
        digest.update(str(path.relative_to(PROJECT_ROOT)).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def is_stale() -> bool:
    if not MODEL_FILE.exists() or not FINGERPRINT_FILE.exists():
        return True
    return FINGERPRINT_FILE.read_text().strip() != fingerprint()


def train(force: bool = False, echo=print) -> bool:
    """Train when stale (or forced). Returns True when a new model was trained."""
    if not force and not is_stale():
        echo("Het model is actueel; trainen is niet nodig.")
        return False
    echo("Het model wordt getraind. Dit duurt een paar minuten...")
    wanted = fingerprint()
    rasa = Path(sys.executable).with_name("rasa")
    subprocess.run(
        [str(rasa), "train", "--fixed-model-name", MODEL_NAME, "--out", str(MODEL_DIR)],
        cwd=PROJECT_ROOT,
        check=True,
        env=child_environment(RASA_CACHE_DIRECTORY=str(MODEL_DIR / ".rasa-cache")),
    )
    FINGERPRINT_FILE.write_text(wanted)
    echo(f"Klaar met trainen: {MODEL_FILE}")
    return True
