"""The confirmation of a handoff: shown to the citizen only once it is stored, and never left
out once it is stored.

The action confirms right after the commit and marks its message (`custom.handoff_bevestigd`).
When that message never arrives (the action server or Rasa died between the commit and the
reply, or Rasa answered too late), the web layer finds the stored handoff without a
`bevestigd_op` and sends the same confirmation itself (web/chat.py, `met_bevestiging`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlite_utils

from bot.overdracht.aanvragen import CHAT_KANALEN
from bot.overdracht.openingstijden import openingstijd
from bot.overdracht.tijd import iso
from bot.taal.teksten import tekst

MARKERING = "handoff_bevestigd"  # the key in `custom` the web layer removes before the widget


def bericht(handoff_id: int, kanaal: str, team: str, gemeente: str) -> dict[str, Any]:
    """The confirmation as text and `custom`, the same for the action and the web layer."""
    custom: dict[str, Any] = {MARKERING: handoff_id}
    if kanaal in CHAT_KANALEN:
        custom["handoff"] = {"state": "wachten", "team": team}
        return {"text": tekst(f"handoff.bevestiging_{kanaal}", team=team), "custom": custom}
    delen = [tekst(f"handoff.bevestiging_{kanaal}", team=team)]
    tijd = openingstijd(gemeente)
    if tijd.open is False and tijd.volgende:
        delen.append(tekst("handoff.weer_open", wanneer=tijd.wanneer()))
    delen.append("\n\n" + tekst("handoff.noodnummers"))
    return {"text": " ".join(delen), "custom": custom}


def onbevestigd(db: sqlite_utils.Database, session: str) -> list[dict[str, Any]]:
    """Stored handoffs of this conversation whose confirmation the citizen has not seen yet."""
    return list(
        db.query(
            "SELECT h.id, h.kanaal, h.gemeente, t.naam AS team FROM handoffs h"
            " JOIN teams t ON t.id = h.team_id WHERE h.session = ? AND h.bevestigd_op IS NULL"
            " AND h.gewist_op IS NULL ORDER BY h.id",
            [session],
        )
    )


def bevestigd(db: sqlite_utils.Database, ids: list[int], now: datetime | None = None) -> None:
    """The citizen got the confirmation of these handoffs."""
    with db.conn:
        db.conn.executemany(
            "UPDATE handoffs SET bevestigd_op = ? WHERE id = ? AND bevestigd_op IS NULL",
            [(iso(now), handoff_id) for handoff_id in ids],
        )
