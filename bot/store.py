"""SQLite, used plainly: one helper to open a database, one to erase a conversation everywhere."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import sqlite_utils

from bot.config import Settings

log = logging.getLogger(__name__)


def open_db(path: Path) -> sqlite_utils.Database:
    """Open (and create) a SQLite database in WAL mode, so readers never block the writer."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), timeout=10, check_same_thread=False)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA foreign_keys=ON")
    return sqlite_utils.Database(conn)


def erase_conversation(settings: Settings, session: str) -> None:
    """Delete every trace of one conversation: Rasa's tracker and the app's own records.

    Anonymous statistics are not touched: they hold no session id and no text.
    """
    if settings.tracker_db.exists():
        db = open_db(settings.tracker_db)
        if "events" in db.table_names():
            with db.conn:
                db.conn.execute("DELETE FROM events WHERE sender_id = ?", [session])
        db.conn.close()
    # Handoffs: contact details and transcript go at once, even while the team still has it open;
    # an anonymous stub stays so the team's list shows "gewist door de gebruiker" (bot/handoff.py).
    from bot.handoff import erase_session

    db = open_db(settings.app_db)
    erase_session(db, session)
    db.conn.close()
    log.info("Gesprek gewist")
