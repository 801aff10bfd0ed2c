"""The durable outbox of team notifications: a handoff and its outbox row are stored in one
transaction (`aanvragen.create`), and a row leaves the outbox only when a notification went out.

Anyone may deliver (the action right after the handoff, the web process every minute, the daily
maintenance): a sender first claims a row for 30 seconds, so two senders never send the same
notification twice, and a sender that dies mid-way lets the row go again.
"""

from __future__ import annotations

import logging
import sqlite3
from datetime import datetime, timedelta

import sqlite_utils

from bot.config import Settings
from bot.overdracht import meldingen, tijd
from bot.overdracht.tijd import iso

log = logging.getLogger(__name__)
CLAIM = timedelta(seconds=30)  # twice an SMTP (10 s) plus a webhook (5 s) attempt


def plaats(conn: sqlite3.Connection, handoff_id: int, now: datetime | None = None) -> None:
    """Put a notification in the outbox; call it inside the transaction that stores the handoff."""
    conn.execute(
        "INSERT OR IGNORE INTO meldingen_outbox (handoff_id, aangemaakt_op) VALUES (?, ?)",
        [handoff_id, iso(now)],
    )


def _claim(db: sqlite_utils.Database, row_id: int, now: datetime) -> bool:
    with db.conn:
        return (
            db.conn.execute(
                "UPDATE meldingen_outbox SET bezig_tot = ?, laatste_poging = ?,"
                " pogingen = pogingen + 1 WHERE id = ? AND bezorgd_op IS NULL"
                " AND (bezig_tot IS NULL OR bezig_tot < ?)",
                [iso(now + CLAIM), iso(now), row_id, iso(now)],
            ).rowcount
            == 1
        )


def _klaar(db: sqlite_utils.Database, row_id: int, resultaat: str | None, now: datetime) -> None:
    with db.conn:
        if resultaat is None:  # not delivered: free the row for the next round
            db.conn.execute("UPDATE meldingen_outbox SET bezig_tot = NULL WHERE id = ?", [row_id])
        else:
            db.conn.execute(
                "UPDATE meldingen_outbox SET bezorgd_op = ?, resultaat = ?, bezig_tot = NULL"
                " WHERE id = ?",
                [iso(now), resultaat, row_id],
            )


def _bezorg_een(settings: Settings, db: sqlite_utils.Database, handoff_id: int) -> str | None:
    """Send one notification; the result to record, or None to try again next round."""
    row = db.conn.execute(
        "SELECT gewist_op, team_id FROM handoffs WHERE id = ?", [handoff_id]
    ).fetchone()
    if row is None or row[0]:
        return "gewist"  # the citizen erased it first: nothing left for the team to do
    if not meldingen.heeft_kanaal(settings, db, row[1]):
        return "geen_kanaal"  # the team set up no e-mail or webhook: the inbox shows it
    return "verstuurd" if meldingen.notify_new_handoff(settings, db, handoff_id) else None


def bezorg(
    settings: Settings,
    db: sqlite_utils.Database,
    handoff_id: int | None = None,
    now: datetime | None = None,
) -> int:
    """Deliver what waits in the outbox (or only this handoff's notification).

    Never raises: a failed delivery stays in the outbox for the next round. Returns how many
    notifications were delivered now.
    """
    rows = db.conn.execute(
        "SELECT id, handoff_id FROM meldingen_outbox WHERE bezorgd_op IS NULL"
        " AND (? IS NULL OR handoff_id = ?) ORDER BY id",
        [handoff_id, handoff_id],
    ).fetchall()
    bezorgd = 0
    for row_id, hid in rows:
        moment = now or tijd.utcnow()
        try:
            if not _claim(db, row_id, moment):
                continue  # another sender has it
            resultaat = _bezorg_een(settings, db, hid)
            _klaar(db, row_id, resultaat, now or tijd.utcnow())
            bezorgd += resultaat == "verstuurd"
        except Exception:  # noqa: BLE001 - one broken row must not stop the others
            log.exception("Melding voor overdracht %s mislukt", hid)
    return bezorgd


def wachtend(db: sqlite_utils.Database) -> list[int]:
    """The handoffs whose notification still waits in the outbox."""
    return [
        r[0]
        for r in db.conn.execute(
            "SELECT handoff_id FROM meldingen_outbox WHERE bezorgd_op IS NULL ORDER BY id"
        )
    ]
