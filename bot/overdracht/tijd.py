"""The clock of the handoffs: one `utcnow` that tests can set, and timestamps as stored."""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

TZ = ZoneInfo("Europe/Amsterdam")


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def iso(moment: datetime | None) -> str:
    """A moment as stored: UTC, ISO 8601 to the second; None is now."""
    return (moment or utcnow()).astimezone(timezone.utc).isoformat(timespec="seconds")
