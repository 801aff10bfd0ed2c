"""Retention and erasure: closed handoffs lose personal data after `retention_days`; a citizen
who erases the conversation erases it everywhere at once."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

import sqlite_utils

from bot.config import Settings
from bot.overdracht import tijd
from bot.overdracht.tijd import iso
from bot.store import open_app_db, open_db

log = logging.getLogger(__name__)


_WIS_PERSOONSGEGEVENS = (
    "UPDATE handoffs SET naam = NULL, telefoon = NULL, email = NULL, onderwerp = NULL,"
    " samenvatting = NULL, session = NULL, gewist_op = ?"
)


def purge(db: sqlite_utils.Database, retention_days: int, now: datetime | None = None) -> int:
    """Delete contact details and transcripts of handoffs closed more than retention_days ago.

    Open handoffs are never touched. What stays is an anonymous stub (team, channel, states,
    outcome, timestamps) for the team's statistics. Returns how many were purged.
    """
    grens = iso((now or tijd.utcnow()) - timedelta(days=retention_days))
    ids = [
        row["id"]
        for row in db.query(
            "SELECT id FROM handoffs WHERE status = 'gesloten' AND gewist_op IS NULL"
            " AND gesloten_op <= ?",
            [grens],
        )
    ]
    _wis(db, ids, now)
    if ids:
        log.info("%s gesloten overdrachten opgeschoond", len(ids))
    return len(ids)


def _wis(db: sqlite_utils.Database, ids: list[int], now: datetime | None, door_burger=False):
    with db.conn:
        for handoff_id in ids:
            db.conn.execute(
                _WIS_PERSOONSGEGEVENS + ", gewist_door_gebruiker = ? WHERE id = ?",
                [iso(now), int(door_burger), handoff_id],
            )
            db.conn.execute("DELETE FROM handoff_berichten WHERE handoff_id = ?", [handoff_id])


def erase_session(db: sqlite_utils.Database, session: str, now: datetime | None = None) -> int:
    """The citizen erases the conversation: every handoff of it loses contact details, topic,
    summary and transcript at once, open or not. An open one stays as a stub the team sees as
    "gewist door de gebruiker", so the team knows it need not call; a live chat ends.
    """
    ids = [row["id"] for row in db.query("SELECT id FROM handoffs WHERE session = ?", [session])]
    for handoff_id in ids:
        db.conn.execute(
            "UPDATE handoffs SET chat_einde_op = COALESCE(chat_einde_op, ?),"
            " status = CASE status WHEN 'live' THEN 'opgepakt' ELSE status END WHERE id = ?",
            [iso(now), handoff_id],
        )
    _wis(db, ids, now, door_burger=True)
    return len(ids)


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
    # an anonymous stub stays so the team's list shows "gewist door de gebruiker".
    db = open_app_db(settings.app_db)
    erase_session(db, session)
    db.conn.close()
    log.info("Gesprek gewist")
