"""Anonymous events: the write path of the statistics (never raises, never text or a session).

An event never holds message text or a session id: only what, when (date and hour) and where.
record_event never raises: statistics must not break a conversation.

Events and who writes them:
    gesprek        web/chat.py, a new conversation           gemeente
    bericht        web/chat.py, every user message           gemeente
    verwijzing     actions/referral.py, one per answer       intent, verwijzing, gemeente, rol, taal
    niet_begrepen  actions/fallback.py                       gemeente, taal
    handoff        bot/overdracht/, every state change       handoff_status, gemeente
    crisis         the crisis answer                         crisis_categorie, gemeente
"""

from __future__ import annotations

import hashlib
import logging
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import sqlite_utils

from bot.config import load_settings
from bot.store import open_app_db
from bot.veiligheid.privacy import mask

log = logging.getLogger(__name__)
TZ = ZoneInfo("Europe/Amsterdam")

# What an event may say about a conversation. Anything else is dropped.
VELDEN = ("gemeente", "intent", "verwijzing", "crisis_categorie", "rol", "handoff_status", "taal")


def _nu(now: datetime | None) -> datetime:
    return (now or datetime.now(TZ)).astimezone(TZ)


def _open(db_path: Path | str | None) -> sqlite_utils.Database:
    db = open_app_db(Path(db_path) if db_path else load_settings().app_db)
    return db


def _event_row(event: str, moment: datetime, fields: dict[str, object]) -> dict[str, object]:
    row: dict[str, object] = {
        "event": event,
        "datum": moment.date().isoformat(),
        "uur": moment.hour,
    }
    # Fields are codes and categories; mask anyway, so a slip never stores personal data.
    row.update(
        {k: (mask(str(v)) if v is not None else None) for k, v in fields.items() if k in VELDEN}
    )
    return row


def record_event(
    event: str, *, now: datetime | None = None, db_path=None, **fields: object
) -> None:
    """Write one anonymous event, e.g. record_event("verwijzing", intent="opvoeden_slapen",
    verwijzing="voorliggend", gemeente="GM0164")."""
    record_events([event], now=now, db_path=db_path, **fields)


def record_events(
    events: list[str], *, now: datetime | None = None, db_path=None, **fields: object
) -> None:
    """Write several events with the same fields in one transaction (never raises)."""
    try:
        moment = _nu(now)
        db = _open(db_path)
        try:
            with db.conn:
                for event in events:
                    db["gebeurtenissen"].insert(_event_row(event, moment, fields), alter=True)
        finally:
            db.conn.close()
    except Exception:  # noqa: BLE001 - statistics must never break a conversation
        log.exception("Kon gebeurtenis niet opslaan")


def niet_begrepen_bewaren() -> bool:
    """Does this deployment keep the masked texts of misunderstood messages (opt-in)?"""
    return load_settings().niet_begrepen_bewaren


def record_niet_begrepen(
    text: str | None,
    *,
    gemeente: str | None = None,
    taal: str | None = None,
    now: datetime | None = None,
    db_path=None,
    sessie: str | None = None,
) -> None:
    """Count a misunderstood message; keep its masked text only when the deployment opted in.

    A kept text carries a hash of its session (never the id itself), so that erasing the
    conversation erases it too (`wis_gesprek`)."""
    record_event("niet_begrepen", gemeente=gemeente, taal=taal, now=now, db_path=db_path)
    if not (text and text.strip() and niet_begrepen_bewaren()):
        return
    try:
        db = _open(db_path)
        try:
            with db.conn:
                db["niet_begrepen"].insert(
                    {
                        "datum": _nu(now).date().isoformat(),
                        "gemeente": gemeente,
                        "tekst": mask(text.strip())[:1000],
                        "sessie_hash": sessie_hash(sessie) if sessie else None,
                    }
                )
            purge(db, load_settings().retention_days, now=now)
        finally:
            db.conn.close()
    except Exception:  # noqa: BLE001 - statistics must never break a conversation
        log.exception("Kon niet-begrepen bericht niet opslaan")


def sessie_hash(sessie: str) -> str:
    return hashlib.sha256(f"niet-begrepen:{sessie}".encode("utf-8", "replace")).hexdigest()


def wis_gesprek(db: sqlite_utils.Database, sessie: str) -> int:
    """Delete the kept texts of one conversation (the citizen erased it). Returns how many."""
    with db.conn:
        return db.conn.execute(
            "DELETE FROM niet_begrepen WHERE sessie_hash = ?", [sessie_hash(sessie)]
        ).rowcount


def purge(db: sqlite_utils.Database, retention_days: int, now: datetime | None = None) -> int:
    """Delete kept niet-begrepen texts older than retention_days. Returns how many went."""
    grens = (_nu(now).date() - timedelta(days=retention_days)).isoformat()
    with db.conn:
        count = db.conn.execute("DELETE FROM niet_begrepen WHERE datum < ?", [grens]).rowcount
    if count:
        log.info("%s niet-begrepen berichten gewist", count)
    return count
