"""The worker's state machine: take a handoff, reply, note, call back, end the chat, close.

Every function takes the worker and finds nothing of another team (`LookupError`); an action
that does not fit the handoff's state raises `NietToegestaan` with a Dutch reason.
"""

from __future__ import annotations

from typing import Any

import sqlite_utils

from bot import users
from bot.overdracht.aanvragen import (
    CHAT_KANALEN,
    UITKOMSTEN,
    NietToegestaan,
    bericht_toevoegen,
    get,
    meld_status,
)
from bot.overdracht.audit import audit
from bot.overdracht.livechat import stop_chat
from bot.overdracht.tijd import iso
from bot.taal.teksten import tekst


def _eigen(db, user: users.User, handoff_id: int) -> dict[str, Any]:
    row = get(db, user.team_id, handoff_id)
    if row is None:
        raise LookupError(handoff_id)
    return row


def oppakken(db: sqlite_utils.Database, user: users.User, handoff_id: int, now=None) -> str:
    """The worker takes the handoff; a waiting chat goes live. Returns the new status."""
    row = _eigen(db, user, handoff_id)
    if row["status"] != "nieuw":
        raise NietToegestaan("Deze aanvraag is al opgepakt.")
    if row["kanaal"] in CHAT_KANALEN and not row["chat_einde_op"] and not row["gewist_op"]:
        status = "live"
    elif row["kanaal"] == "terugbellen":
        status = "wacht_op_terugbellen"
    else:
        status = "opgepakt"
    with db.conn:
        cursor = db.conn.execute(
            "UPDATE handoffs SET status = ?, opgepakt_op = ?, opgepakt_door = ?,"
            # A live chat has a person now; a call back still waits for the call.
            " waiting_since = CASE WHEN ? = 'live' THEN NULL ELSE waiting_since END"
            " WHERE id = ? AND status = 'nieuw'",
            [status, iso(now), user.id, status, handoff_id],
        )
        if cursor.rowcount != 1:  # someone else was quicker
            raise NietToegestaan("Deze aanvraag is al opgepakt.")
        if status == "live":
            team = users.get_team(db, user.team_id)
            # Only the first name the worker chose reaches the citizen, never the e-mail address.
            naam = user.naam or "Een medewerker"
            text = tekst("handoff.chat_opgepakt", medewerker=naam, team=team.naam)
            bericht_toevoegen(db, handoff_id, "systeem", text, now=now)
    audit(db, user, "oppakken", handoff_id, now=now)
    meld_status(db, "geaccepteerd", row["gemeente"])
    return status


def antwoord(db: sqlite_utils.Database, user: users.User, handoff_id: int, text: str, now=None):
    """The worker's reply in the live chat; the widget shows it at its next poll."""
    row = _eigen(db, user, handoff_id)
    if row["status"] != "live":
        raise NietToegestaan("Je kunt alleen antwoorden in een chat die nu loopt.")
    with db.conn:
        bericht_toevoegen(db, handoff_id, "medewerker", text, user_id=user.id, now=now)
    audit(db, user, "antwoord", handoff_id, now=now)


def notitie(db: sqlite_utils.Database, user: users.User, handoff_id: int, text: str, now=None):
    """An internal note; the citizen never sees it."""
    row = _eigen(db, user, handoff_id)
    if row["gewist_op"]:
        raise NietToegestaan("De gegevens van deze aanvraag zijn gewist.")
    with db.conn:
        bericht_toevoegen(db, handoff_id, "notitie", text, user_id=user.id, now=now)
    audit(db, user, "notitie", handoff_id, now=now)


def teruggebeld(db: sqlite_utils.Database, user: users.User, handoff_id: int, now=None) -> None:
    row = _eigen(db, user, handoff_id)
    if row["status"] != "wacht_op_terugbellen":
        raise NietToegestaan("Deze aanvraag wacht niet op terugbellen.")
    with db.conn:
        db.conn.execute(
            "UPDATE handoffs SET status = 'opgepakt', teruggebeld_op = ?, waiting_since = NULL"
            " WHERE id = ?",
            [iso(now), handoff_id],
        )
    audit(db, user, "teruggebeld", handoff_id, now=now)


def chat_beeindigen(db: sqlite_utils.Database, user: users.User, handoff_id: int, now=None):
    row = _eigen(db, user, handoff_id)
    if row["status"] != "live":
        raise NietToegestaan("Deze chat loopt niet.")
    stop_chat(db, handoff_id, door="team", now=now)
    audit(db, user, "chat_beeindigd", handoff_id, now=now)


def sluiten(
    db: sqlite_utils.Database, user: users.User, handoff_id: int, uitkomst: str, now=None
) -> None:
    """Close with an outcome (geholpen, doorverwezen, geen_contact); a live chat ends too."""
    if uitkomst not in UITKOMSTEN:
        raise NietToegestaan("Kies een uitkomst: geholpen, doorverwezen of geen contact.")
    row = _eigen(db, user, handoff_id)
    if row["status"] == "gesloten":
        raise NietToegestaan("Deze aanvraag is al gesloten.")
    stop_chat(db, handoff_id, door="team", now=now)  # a waiting or live chat hears it ends
    with db.conn:
        db.conn.execute(
            "UPDATE handoffs SET status = 'gesloten', gesloten_op = ?, uitkomst = ?,"
            " waiting_since = NULL, opgepakt_door = COALESCE(opgepakt_door, ?) WHERE id = ?",
            [iso(now), uitkomst, user.id, handoff_id],
        )
    audit(db, user, "sluiten", handoff_id, detail=uitkomst, now=now)
    meld_status(db, uitkomst, row["gemeente"])


def terug_naar_team(db: sqlite_utils.Database, user: users.User, now=None) -> int:
    """The worker leaves (account disabled or removed): their open handoffs go back to the team's
    list Nieuw, waiting from now, so no citizen is left with no one. Returns how many."""
    rows = list(
        db.query(
            "SELECT id FROM handoffs WHERE opgepakt_door = ? AND team_id = ?"
            " AND status IN ('opgepakt', 'live')",
            [user.id, user.team_id],
        )
    )
    with db.conn:
        for row in rows:
            db.conn.execute(
                "UPDATE handoffs SET status = 'nieuw', opgepakt_door = NULL, opgepakt_op = NULL,"
                " waiting_since = ? WHERE id = ?",
                [iso(now), row["id"]],
            )
    for row in rows:
        audit(db, user, "terug_naar_team", row["id"], now=now)
    return len(rows)
