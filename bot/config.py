"""All configuration, read from the environment in one place.

Every setting has a safe default for a developer machine; production sets them explicitly.
No other module reads os.environ (tests/test_architectuur.py checks it).
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# Opt-in: keep the (masked) text of messages the assistant did not understand.
BEWAAR_ENV = "JEUGDWIJZER_NIET_BEGREPEN_BEWAREN"


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def _float(name: str, default: float) -> float:
    value = os.environ.get(name, "").strip()
    return float(value) if value else default


def _list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


VRIJ_VOOR_STAF = 8  # web threads a chat message never takes (inbox, widget, health checks)


@dataclass
class Settings:
    data_dir: Path
    web_host: str
    web_port: int
    rasa_port: int
    action_port: int
    rasa_timeout: float
    allowed_origins: list[str]
    secret_key: str = field(repr=False)
    retention_days: int = 30
    rate_limit_per_minute: int = 30
    trusted_proxies: int = 0  # reverse proxies in front whose X-Forwarded-For may be believed
    # Staff login and handoff notifications (bot/users.py, bot/overdracht/meldingen.py).
    secure_cookies: bool = False
    public_url: str = ""
    smtp_host: str = ""
    smtp_port: int = 25
    smtp_user: str = ""
    smtp_password: str = field(default="", repr=False)
    smtp_from: str = "jeugdwijzer@localhost"
    smtp_starttls: bool = False
    niet_begrepen_bewaren: bool = False  # keep masked misunderstood texts (opt-in)
    # Rasa processes on rasa_port, rasa_port + 1, ...; each conversation always goes to the same.
    rasa_processen: int = 1
    # The web server's threads; chat messages waiting for Rasa may hold all but VRIJ_VOOR_STAF.
    web_threads: int = 48
    # A process of `jeugdwijzer run` that stops answering for this long is killed and restarted.
    hangt_na: float = 30.0
    # A conversation without a handoff is erased everywhere after this many idle hours.
    idle_hours: float = 3.0
    # How often the web process delivers waiting notifications and purges (seconds).
    onderhoud_seconden: float = 60.0

    @property
    def chat_plekken(self) -> int:
        """How many chat messages may wait for Rasa at once: a slow or frozen Rasa never takes
        the threads that serve the inbox, the widget and the emergency numbers."""
        return max(1, self.web_threads - VRIJ_VOOR_STAF)

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def rasa_ports(self) -> list[int]:
        return [self.rasa_port + nummer for nummer in range(max(1, self.rasa_processen))]

    @property
    def rasa_urls(self) -> list[str]:
        return [f"http://127.0.0.1:{port}" for port in self.rasa_ports]

    @property
    def action_url(self) -> str:
        return f"http://127.0.0.1:{self.action_port}"

    @property
    def tracker_db(self) -> Path:
        return self.data_dir / "rasa_tracker.db"

    @property
    def app_db(self) -> Path:
        return self.data_dir / "jeugdwijzer.db"

    @property
    def kaart_db(self) -> Path:
        return self.data_dir / "kaart.db"


def _secret_key(data_dir: Path) -> str:
    """The Flask secret key: from the environment, else the one kept in the data directory, else
    a fresh random one (kept by `ensure_secret_key` at start-up, never here).
    """
    from_env = os.environ.get("JEUGDWIJZER_SECRET_KEY", "").strip()
    if from_env:
        return from_env
    path = data_dir / "secret_key"
    if path.exists():
        return path.read_text().strip()
    return secrets.token_hex(32)


def ensure_secret_key(settings: Settings) -> None:
    """Start-up step: keep a generated secret key in the data directory, so staff stay logged in
    across restarts on a developer machine; production sets JEUGDWIJZER_SECRET_KEY."""
    path = settings.data_dir / "secret_key"
    if os.environ.get("JEUGDWIJZER_SECRET_KEY", "").strip() or path.exists():
        return
    settings.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)  # conversations live here
    path.touch(mode=0o600)
    path.write_text(settings.secret_key)


def data_dir() -> Path:
    """Where the databases live (JEUGDWIJZER_DATA_DIR, default var/)."""
    return Path(os.environ.get("JEUGDWIJZER_DATA_DIR", PROJECT_ROOT / "var")).resolve()


def model_dir() -> Path:
    """Where the trained model lives; a developer running tests beside another can move it."""
    return Path(os.environ.get("JEUGDWIJZER_MODEL_DIR", PROJECT_ROOT / "models")).resolve()


def vaste_klok() -> datetime | None:
    """JEUGDWIJZER_KLOK (ISO, Dutch wall-clock time, "2026-11-24T14:00"): the moment the kaart
    uses for "open now" instead of the real clock, so end-to-end tests answer the same at any
    hour. Unset in production."""
    waarde = os.environ.get("JEUGDWIJZER_KLOK", "").strip()
    return datetime.fromisoformat(waarde) if waarde else None


def new_password() -> str | None:
    """A password for `jeugdwijzer users add/password` without a prompt (scripts and tests)."""
    return os.environ.get("JEUGDWIJZER_NEW_PASSWORD") or None


def child_environment(**extra: str) -> dict[str, str]:
    """The environment for a child process (Rasa, actions, web): ours, with `extra` on top.

    This checkout comes first on the import path, so Rasa loads this project's components and
    actions even when the shared .venv's editable install points at another clone or worktree.
    """
    pad = os.pathsep.join(p for p in (str(PROJECT_ROOT), os.environ.get("PYTHONPATH")) if p)
    return {**os.environ, "PYTHONPATH": pad, **extra}


def load_settings() -> Settings:
    directory = data_dir()
    return Settings(
        data_dir=directory,
        web_host=os.environ.get("JEUGDWIJZER_HOST", "127.0.0.1"),
        web_port=_int("JEUGDWIJZER_PORT", 8000),
        rasa_port=_int("JEUGDWIJZER_RASA_PORT", 5005),
        action_port=_int("JEUGDWIJZER_ACTION_PORT", 5055),
        # The issue caps the wait for Rasa at 10 s; never allow more.
        rasa_timeout=min(_float("JEUGDWIJZER_RASA_TIMEOUT", 8.0), 10.0),
        allowed_origins=_list("JEUGDWIJZER_ALLOWED_ORIGINS"),
        secret_key=_secret_key(directory),
        retention_days=_int("JEUGDWIJZER_RETENTION_DAYS", 30),
        rate_limit_per_minute=_int("JEUGDWIJZER_RATE_LIMIT", 30),
        trusted_proxies=max(0, _int("JEUGDWIJZER_TRUSTED_PROXIES", 0)),
        secure_cookies=os.environ.get("JEUGDWIJZER_SECURE_COOKIES", "") == "1",
        public_url=os.environ.get("JEUGDWIJZER_PUBLIC_URL", "").rstrip("/"),
        smtp_host=os.environ.get("SMTP_HOST", ""),
        smtp_port=_int("SMTP_PORT", 25),
        smtp_user=os.environ.get("SMTP_USER", ""),
        smtp_password=os.environ.get("SMTP_PASSWORD", ""),
        smtp_from=os.environ.get("SMTP_FROM", "jeugdwijzer@localhost"),
        smtp_starttls=os.environ.get("SMTP_STARTTLS", "") == "1",
        niet_begrepen_bewaren=os.environ.get(BEWAAR_ENV, "").strip() == "1",
        # One Rasa process uses one core; two fill this project's 2-core machine (issue 16).
        rasa_processen=max(1, _int("JEUGDWIJZER_RASA_PROCESSEN", 2)),
        web_threads=max(VRIJ_VOOR_STAF + 1, _int("JEUGDWIJZER_WEB_THREADS", 48)),
        hangt_na=max(_float("JEUGDWIJZER_HANGT_SECONDEN", 30.0), 5.0),
        idle_hours=_float("JEUGDWIJZER_IDLE_HOURS", 3.0),
        onderhoud_seconden=max(_float("JEUGDWIJZER_ONDERHOUD_SECONDEN", 60.0), 0.5),
    )
