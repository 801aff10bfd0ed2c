"""The audit log: who did what, when; never personal data of the citizen."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlite_utils

from bot import users
from bot.overdracht.tijd import iso


def audit(
    db: sqlite_utils.Database,
    user: users.User | None,
    actie: str,
    handoff_id: int | None = None,
    detail: str | None = None,
    now: datetime | None = None,
) -> None:
    """Who did what, when. Never personal data of the citizen in `detail`."""
    with db.conn:
        db.conn.execute(
            "INSERT INTO audit (tijd, user_id, team_id, handoff_id, actie, detail)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [
                iso(now),
                user.id if user else None,
                user.team_id if user else None,
                handoff_id,
                actie,
                detail,
            ],
        )


def audit_regels(
    db: sqlite_utils.Database,
    team_id: int | None = None,
    handoff_id: int | None = None,
    laatste: int = 50,
) -> list[dict[str, Any]]:
    """The audit log, newest first, optionally for one team or one handoff."""
    return list(
        db.query(
            "SELECT a.tijd, a.actie, a.detail, a.handoff_id, u.email FROM audit a"
            " LEFT JOIN users u ON u.id = a.user_id"
            " WHERE (:team IS NULL OR a.team_id = :team)"
            " AND (:handoff IS NULL OR a.handoff_id = :handoff)"
            " ORDER BY a.id DESC LIMIT :laatste",
            {"team": team_id, "handoff": handoff_id, "laatste": laatste},
        )
    )
