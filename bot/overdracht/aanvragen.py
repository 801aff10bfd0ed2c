"""Handoff records: creating one with its transcript, and reading the team's lists.

A handoff exists only after the citizen said yes to sharing. Its states (Chatwoot-style, each with
a timestamp; the worker's side is bot/overdracht/behandelen.py):

    nieuw ─oppakken─▶ live (chat, anoniem) ──chat ends──▶ opgepakt ──┐
                      wacht_op_terugbellen ──teruggebeld──▶ opgepakt ──┼─sluiten─▶ gesloten
                      opgepakt (email) ────────────────────────────────┘

Every function that a worker calls takes the worker's team and finds nothing of another team.
"""

from __future__ import annotations

import json
import logging
import re
from datetime import datetime
from typing import Any

import sqlite_utils

from bot import users
from bot.overdracht import outbox
from bot.overdracht.tijd import iso
from bot.statistiek.registratie import record_event

log = logging.getLogger(__name__)
KANALEN = ("chat", "terugbellen", "email", "anoniem")
CHAT_KANALEN = ("chat", "anoniem")
UITKOMSTEN = ("geholpen", "doorverwezen", "geen_contact")
LIJSTEN = ("nieuw", "mijn", "terugbellen", "gesloten")
TELEFOON_RE = re.compile(r"^(?:\+31|0031|0)[1-9]\d{8}$")
EMAIL_RE = users.EMAIL_RE


class NietToegestaan(ValueError):
    """The action does not fit the handoff's state; the message says why (Dutch)."""


def _db_path(db: sqlite_utils.Database) -> str:
    return db.conn.execute("PRAGMA database_list").fetchone()[2]


def meld_status(db: sqlite_utils.Database, status: str, gemeente: str) -> None:
    record_event("handoff", handoff_status=status, gemeente=gemeente, db_path=_db_path(db))


# ---------------------------------------------------------------- creating and reading


def create(
    db: sqlite_utils.Database,
    *,
    session: str,
    team: users.Team,
    gemeente: str,
    kanaal: str,
    onderwerp: str | None = None,
    samenvatting: dict[str, Any] | None = None,
    transcript: list[tuple[str, str, str]] = (),
    naam: str | None = None,
    telefoon: str | None = None,
    email: str | None = None,
    crisis: bool = False,
    now: datetime | None = None,
) -> int:
    """Store a consented handoff with its transcript in one transaction; return its number.

    When this returns, the handoff and its notification in the outbox are on disk: only then may
    the citizen see the confirmation (bot/overdracht/bevestiging.py makes sure they do).
    """
    if kanaal not in KANALEN:
        raise ValueError(f"unknown kanaal {kanaal!r}")
    if kanaal == "anoniem":
        naam = telefoon = email = None
    moment = iso(now)
    with db.conn:
        cursor = db.conn.execute(
            "INSERT INTO handoffs (session, team_id, gemeente, kanaal, status, crisis, onderwerp,"
            " samenvatting, naam, telefoon, email, aangemaakt_op, waiting_since)"
            " VALUES (?, ?, ?, ?, 'nieuw', ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                session,
                team.id,
                gemeente,
                kanaal,
                int(crisis),
                onderwerp,
                json.dumps(samenvatting or {}, ensure_ascii=False),
                naam,
                telefoon,
                email,
                moment,
                moment,
            ],
        )
        handoff_id = cursor.lastrowid
        db.conn.executemany(
            "INSERT INTO handoff_berichten (handoff_id, van, tekst, tijd) VALUES (?, ?, ?, ?)",
            [(handoff_id, van, text, tijd) for van, text, tijd in transcript],
        )
        outbox.plaats(db.conn, handoff_id, now)  # the team hears of it, whoever dies next
    meld_status(db, "gevraagd", gemeente)
    log.info("Overdracht %s gemaakt voor team %s (%s)", handoff_id, team.id, kanaal)
    return handoff_id


def rij(db: sqlite_utils.Database, handoff_id: int) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM handoffs WHERE id = ?", [handoff_id]))
    return rows[0] if rows else None


def get(db: sqlite_utils.Database, team_id: int, handoff_id: int) -> dict[str, Any] | None:
    """One handoff of this team, or None (also when it belongs to another team)."""
    rows = list(
        db.query(
            "SELECT h.*, u.email AS opgepakt_door_email, u.naam AS opgepakt_door_naam"
            " FROM handoffs h LEFT JOIN users u ON u.id = h.opgepakt_door"
            " WHERE h.id = ? AND h.team_id = ?",
            [handoff_id, team_id],
        )
    )
    if not rows:
        return None
    row = rows[0]
    row["samenvatting"] = json.loads(row["samenvatting"] or "{}")
    return row


# Which handoffs each list of the inbox shows.
LIJST_WAAR = {
    "nieuw": "status = 'nieuw'",
    "mijn": "status NOT IN ('nieuw', 'gesloten') AND opgepakt_door = :user",
    "terugbellen": "status = 'wacht_op_terugbellen'",
    "gesloten": "status = 'gesloten'",
}


def lijst(
    db: sqlite_utils.Database, team_id: int, welke: str, user_id: int | None = None
) -> list[dict[str, Any]]:
    """A list of the team's inbox: nieuw, mijn, terugbellen or gesloten. Crisis signs on top."""
    where = LIJST_WAAR[welke]
    order = "gesloten_op DESC" if welke == "gesloten" else "crisis DESC, aangemaakt_op ASC"
    return list(
        db.query(
            f"SELECT * FROM handoffs WHERE team_id = :team AND {where} ORDER BY {order} LIMIT 500",  # noqa: S608 - fixed strings
            {"team": team_id, "user": user_id},
        )
    )


def aantallen(db: sqlite_utils.Database, team_id: int, user_id: int | None = None) -> dict:
    """How many handoffs each list of the team's inbox holds (counted, not capped at 500)."""
    return {
        welke: db.conn.execute(
            f"SELECT COUNT(*) FROM handoffs WHERE team_id = :team AND {where}",  # noqa: S608 - fixed strings
            {"team": team_id, "user": user_id},
        ).fetchone()[0]
        for welke, where in LIJST_WAAR.items()
    }


def berichten(
    db: sqlite_utils.Database, handoff_id: int, after: int = 0, voor_burger: bool = False
) -> list[dict[str, Any]]:
    """The transcript; for the citizen only the worker's and the system's messages."""
    soorten = (
        ("medewerker", "systeem") if voor_burger else ("burger", "bot", "medewerker", "systeem")
    )
    marks = ",".join("?" * len(soorten))
    return list(
        db.query(
            f"SELECT id, van, tekst, tijd FROM handoff_berichten"  # noqa: S608 - placeholders only
            f" WHERE handoff_id = ? AND id > ? AND van IN ({marks}) ORDER BY id",
            [handoff_id, after, *soorten],
        )
    )


def notities(db: sqlite_utils.Database, handoff_id: int) -> list[dict[str, Any]]:
    return list(
        db.query(
            "SELECT b.tekst, b.tijd, u.email FROM handoff_berichten b"
            " LEFT JOIN users u ON u.id = b.user_id"
            " WHERE b.handoff_id = ? AND b.van = 'notitie' ORDER BY b.id",
            [handoff_id],
        )
    )


def bericht_toevoegen(
    db, handoff_id: int, van: str, text: str, user_id: int | None = None, now=None
):
    db.conn.execute(
        "INSERT INTO handoff_berichten (handoff_id, van, tekst, tijd, user_id)"
        " VALUES (?, ?, ?, ?, ?)",
        [handoff_id, van, text, iso(now), user_id],
    )
