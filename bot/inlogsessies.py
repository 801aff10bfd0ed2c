"""Staff login sessions, kept server-side so that they can be ended.

The staff cookie (signed by Flask) holds only a random token; the table `inlogsessies` holds its
SHA-256 with the account and the end time. Logout, a new password, disabling and removing an
account delete the rows, so an old cookie is refused at once.

Example:
    token = begin(db, user.id)            # at login; the token goes into the cookie
    user_id = gebruiker_id(db, token)     # on every request; None when ended or expired
    beeindig(db, token)                   # logout
    beeindig_alle(db, user.id)            # new password, account disabled or removed
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta, timezone

import sqlite_utils

LOOPTIJD = timedelta(hours=10)  # one working day; then log in again


def _nu(now: datetime | None) -> datetime:
    return now or datetime.now(timezone.utc)


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def begin(db: sqlite_utils.Database, user_id: int, now: datetime | None = None) -> str:
    """A new session for the account; returns the token for the cookie."""
    now = _nu(now)
    token = secrets.token_urlsafe(32)
    with db.conn:
        db.conn.execute("DELETE FROM inlogsessies WHERE verloopt_op <= ?", [_iso(now)])
        db.conn.execute(
            "INSERT INTO inlogsessies (token_hash, user_id, aangemaakt_op, verloopt_op)"
            " VALUES (?, ?, ?, ?)",
            [_hash(token), user_id, _iso(now), _iso(now + LOOPTIJD)],
        )
    return token


def gebruiker_id(
    db: sqlite_utils.Database, token: object, now: datetime | None = None
) -> int | None:
    """The account of a live session; None for an unknown, ended or expired token or a disabled
    account."""
    if not isinstance(token, str) or not token:
        return None
    row = db.execute(
        "SELECT s.user_id FROM inlogsessies s JOIN users u ON u.id = s.user_id"
        " WHERE s.token_hash = ? AND s.verloopt_op > ? AND u.uitgeschakeld_op IS NULL",
        [_hash(token), _iso(_nu(now))],
    ).fetchone()
    return row[0] if row else None


def beeindig(db: sqlite_utils.Database, token: object) -> None:
    """End one session (logout)."""
    if isinstance(token, str) and token:
        with db.conn:
            db.conn.execute("DELETE FROM inlogsessies WHERE token_hash = ?", [_hash(token)])


def beeindig_alle(db: sqlite_utils.Database, user_id: int) -> int:
    """End every session of the account; returns how many there were."""
    with db.conn:
        cursor = db.conn.execute("DELETE FROM inlogsessies WHERE user_id = ?", [user_id])
    return cursor.rowcount
