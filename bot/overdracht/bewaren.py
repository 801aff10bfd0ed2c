"""One retention for every store that holds conversation text or contact details.

The rules, the same for Rasa's tracker store and the app database:

- a conversation without a handoff is erased `idle_hours` after its last message;
- a conversation with a handoff keeps its data until `retention_days` after the handoff is
  closed; then the handoff keeps an anonymous stub and the conversation goes everywhere;
- the citizen's DELETE erases the conversation everywhere at once, open handoff or not.

`purge_alles` applies the first two (`jeugdwijzer purge`, the daily maintenance of
`jeugdwijzer run` and the web process every minute); `erase_conversation` is the third.
Every store deletes with secure_delete on and empties its write-ahead log afterwards.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlite_utils

from bot import rasa_tracker, statistiek
from bot.config import Settings
from bot.overdracht import tijd
from bot.overdracht.tijd import iso
from bot.store import leeg_wal, open_app_db

log = logging.getLogger(__name__)


_WIS_PERSOONSGEGEVENS = (
    "UPDATE handoffs SET naam = NULL, telefoon = NULL, email = NULL, onderwerp = NULL,"
    " samenvatting = NULL, session = NULL, gewist_op = ?"
)


@dataclass
class Opgeschoond:
    aanvragen: int = 0  # closed handoffs that lost their personal data
    gesprekken: int = 0  # conversations erased from Rasa's tracker store
    niet_begrepen: int = 0  # kept niet-begrepen texts (opt-in)


def _verlopen(db: sqlite_utils.Database, retention_days: int, now: datetime | None):
    grens = iso((now or tijd.utcnow()) - timedelta(days=retention_days))
    return list(
        db.query(
            "SELECT id, session FROM handoffs WHERE status = 'gesloten' AND gewist_op IS NULL"
            " AND gesloten_op <= ?",
            [grens],
        )
    )


def purge(db: sqlite_utils.Database, retention_days: int, now: datetime | None = None) -> int:
    """Delete contact details and transcripts of handoffs closed more than retention_days ago.

    Open handoffs are never touched. What stays is an anonymous stub (team, channel, states,
    outcome, timestamps) for the team's statistics. Returns how many were purged.
    """
    ids = [row["id"] for row in _verlopen(db, retention_days, now)]
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
    if ids:
        leeg_wal(db.conn)


def bewaarde_sessies(db: sqlite_utils.Database) -> set[str]:
    """Conversations whose handoff still holds data: they stay until that handoff is purged."""
    return {
        row["session"]
        for row in db.query(
            "SELECT DISTINCT session FROM handoffs WHERE session IS NOT NULL AND gewist_op IS NULL"
        )
    }


def purge_alles(settings: Settings, now: datetime | None = None) -> Opgeschoond:
    """Apply the retention rules to every store. Returns what went, for the log."""
    moment = now or tijd.utcnow()
    db = open_app_db(settings.app_db)
    try:
        verlopen = _verlopen(db, settings.retention_days, moment)
        _wis(db, [row["id"] for row in verlopen], moment)
        bewaard = bewaarde_sessies(db)
        niet_begrepen = statistiek.purge(db, settings.retention_days, now=moment)
        if niet_begrepen:
            leeg_wal(db.conn)
    finally:
        db.conn.close()
    stil_sinds = (moment - timedelta(hours=settings.idle_hours)).timestamp()
    weg = {row["session"] for row in verlopen if row["session"]} - bewaard
    weg |= {
        sessie
        for sessie, laatste in rasa_tracker.sessies(settings.tracker_db).items()
        if laatste <= stil_sinds and sessie not in bewaard
    }
    rasa_tracker.wis(settings.tracker_db, weg)
    uitslag = Opgeschoond(len(verlopen), len(weg), niet_begrepen)
    if weg or verlopen:
        log.info("Opgeschoond: %s", uitslag)
    return uitslag


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
    """Delete every trace of one conversation at once: Rasa's tracker, the handoff's personal data
    and the kept niet-begrepen texts. Anonymous statistics hold no session id and no text.
    """
    rasa_tracker.wis(settings.tracker_db, [session])
    # Handoffs: contact details and transcript go at once, even while the team still has it open;
    # an anonymous stub stays so the team's list shows "gewist door de gebruiker".
    db = open_app_db(settings.app_db)
    try:
        erase_session(db, session)
        if statistiek.wis_gesprek(db, session):  # kept niet-begrepen texts (opt-in)
            leeg_wal(db.conn)
    finally:
        db.conn.close()
    log.info("Gesprek gewist")
