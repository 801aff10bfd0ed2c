"""The citizen's side of a live chat: its public state, the citizen's messages, the end."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlite_utils

from bot import users
from bot.overdracht.aanvragen import CHAT_KANALEN, bericht_toevoegen, rij
from bot.overdracht.tijd import iso
from bot.taal.teksten import tekst


def chat_van_sessie(db: sqlite_utils.Database, session: str) -> dict[str, Any] | None:
    """The citizen's latest chat handoff (kanaal chat or anoniem), or None."""
    rows = list(
        db.query(
            "SELECT h.*, t.naam AS team_naam, t.drukte_bericht AS team_drukte,"
            " u.naam AS medewerker_naam"
            " FROM handoffs h JOIN teams t ON t.id = h.team_id"
            " LEFT JOIN users u ON u.id = h.opgepakt_door"
            " WHERE h.session = ? AND h.kanaal IN ('chat', 'anoniem') ORDER BY h.id DESC LIMIT 1",
            [session],
        )
    )
    return rows[0] if rows else None


def publieke_status(row: dict[str, Any] | None) -> dict[str, Any]:
    """The live-chat state the widget sees: geen, wachten, live or beeindigd."""
    if row is None:
        return {"state": "geen", "team": None, "medewerker": None}
    if row["chat_einde_op"] or row["status"] == "gesloten" or row["gewist_op"]:
        state = "beeindigd"
    elif row["status"] == "live":
        state = "live"
    else:
        state = "wachten"
    medewerker = None
    if state == "live":
        medewerker = row.get("medewerker_naam") or "Een medewerker"
    status = {"state": state, "team": row.get("team_naam"), "medewerker": medewerker}
    if state == "wachten" and row.get("team_drukte"):
        status["drukte"] = row["team_drukte"]  # the team is busy: it says so in its own words
    return status


def plek_in_de_rij(db: sqlite_utils.Database, row: dict[str, Any] | None) -> int | None:
    """Where a waiting chat request stands in its team's queue (1: next), or None if not waiting."""
    if row is None or publieke_status(row)["state"] != "wachten" or row["status"] != "nieuw":
        return None
    return db.execute(
        "SELECT COUNT(*) FROM handoffs WHERE team_id = ? AND status = 'nieuw'"
        " AND kanaal IN ('chat', 'anoniem') AND chat_einde_op IS NULL AND gewist_op IS NULL"
        " AND id <= ?",
        [row["team_id"], row["id"]],
    ).fetchone()[0]


def bericht_van_burger(db: sqlite_utils.Database, session: str, text: str) -> dict | None:
    """Store the citizen's message for the team while a chat waits or is live.

    Returns the public state then; None when there is no open chat (the message goes to Rasa).
    """
    row = chat_van_sessie(db, session)
    status = publieke_status(row)
    if status["state"] not in ("wachten", "live"):
        return None
    with db.conn:
        bericht_toevoegen(db, row["id"], "burger", text)
    return status


def stop_chat(
    db: sqlite_utils.Database, handoff_id: int, door: str, now: datetime | None = None
) -> None:
    """End the live chat (door: 'burger' or 'team'); the bot takes over again."""
    row = rij(db, handoff_id)
    if row is None or row["chat_einde_op"] or row["kanaal"] not in CHAT_KANALEN:
        return
    team = users.get_team(db, row["team_id"])
    text = tekst(
        "handoff.chat_beeindigd_burger" if door == "burger" else "handoff.chat_beeindigd_team",
        team=team.naam if team else "Het team",
    )
    with db.conn:
        db.conn.execute(
            "UPDATE handoffs SET chat_einde_op = ?, waiting_since = NULL,"
            " status = CASE status WHEN 'live' THEN 'opgepakt' ELSE status END WHERE id = ?",
            [iso(now), handoff_id],
        )
        bericht_toevoegen(db, handoff_id, "systeem", text, now=now)
