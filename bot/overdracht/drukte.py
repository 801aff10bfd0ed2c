"""A team that is busy: a short message the team sets in the inbox, shown in the widget to
whoever waits for the team's chat, together with their place in the queue."""

from __future__ import annotations

import unicodedata
from datetime import datetime

import sqlite_utils

from bot import users
from bot.overdracht.audit import audit
from bot.overdracht.tijd import iso

MAX_DRUKTE = 160  # one or two lines on a phone, under the queue position


class FouteDrukte(ValueError):
    """The message cannot be shown as it is; str() says why, in Dutch, and what to do."""


def schoon(tekst: object) -> str:
    """The message as the widget shows it: one line, at most MAX_DRUKTE characters."""
    if not isinstance(tekst, str):
        raise FouteDrukte("Typ het bericht als tekst.")
    tekst = " ".join(tekst.split())  # one line: newlines and tabs become spaces
    if any(unicodedata.category(teken) in ("Cc", "Cf", "Cs", "Co") for teken in tekst):
        raise FouteDrukte("Het bericht bevat een teken dat niet kan. Typ het opnieuw.")
    if len(tekst) > MAX_DRUKTE:
        raise FouteDrukte(
            f"Het bericht is te lang ({len(tekst)} tekens). Gebruik hoogstens {MAX_DRUKTE} tekens."
        )
    return tekst


def zet(
    db: sqlite_utils.Database, user: users.User, tekst: object, now: datetime | None = None
) -> str:
    """Set (or with an empty text: remove) the busy message of the user's team."""
    tekst = schoon(tekst)
    with db.conn:
        db.conn.execute(
            "UPDATE teams SET drukte_bericht = ?, drukte_sinds = ? WHERE id = ?",
            [tekst or None, iso(now) if tekst else None, user.team_id],
        )
    audit(db, user, "drukte_bericht" if tekst else "drukte_bericht_weg", now=now)
    return tekst


def lees(db: sqlite_utils.Database, team_id: int) -> str:
    rows = list(db.query("SELECT drukte_bericht FROM teams WHERE id = ?", [team_id]))
    return (rows[0]["drukte_bericht"] or "") if rows else ""
