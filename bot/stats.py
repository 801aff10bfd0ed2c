"""Anonymous events for the gemeente's steering information.

An event never holds message text or a session id: only what, when (to the hour) and where.
record_event never raises: statistics must not break a conversation.
"""

from __future__ import annotations

import logging
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.config import load_settings
from bot.store import open_db

log = logging.getLogger(__name__)
TZ = ZoneInfo("Europe/Amsterdam")

# What an event may say about a conversation. Anything else is dropped.
VELDEN = ("gemeente", "intent", "verwijzing", "crisis_categorie", "rol", "handoff_status", "taal")


def record_event(
    event: str, *, now: datetime | None = None, db_path=None, **fields: object
) -> None:
    """Write one anonymous event, e.g. record_event("verwijzing", intent="opvoeden_slapen",
    verwijzing="voorliggend", gemeente="GM0164")."""
    try:
        moment = (now or datetime.now(TZ)).astimezone(TZ)
        row = {"event": event, "datum": moment.date().isoformat(), "uur": moment.hour}
        row.update(
            {k: (str(v) if v is not None else None) for k, v in fields.items() if k in VELDEN}
        )
        db = open_db(db_path or load_settings().app_db)
        db["gebeurtenissen"].insert(row, alter=True)
        db.conn.commit()
        db.conn.close()
    except Exception:  # noqa: BLE001 - statistics must never break a conversation
        log.exception("Kon gebeurtenis niet opslaan")
