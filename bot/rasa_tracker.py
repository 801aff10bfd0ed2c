"""Rasa's tracker store (SQLite, table `events`), read and erased plainly with sqlite3.

Rasa writes every event of a conversation there: the texts, the slots (contact details in a
handoff) and the bot's answers. Only our retention rules delete from it (bot/overdracht/bewaren.py).
We never change its journal mode: Rasa owns the file.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from contextlib import closing
from pathlib import Path

from bot.store import leeg_wal


def _open(path: Path) -> sqlite3.Connection | None:
    """A connection that overwrites what it deletes, or None while Rasa has made no table yet."""
    if not path.exists():
        return None
    conn = sqlite3.connect(str(path), timeout=10)
    conn.execute("PRAGMA secure_delete=ON")
    heeft_events = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'"
    ).fetchone()
    if not heeft_events:
        conn.close()
        return None
    return conn


def sessies(path: Path) -> dict[str, float]:
    """Every conversation in the store with the time (epoch seconds) of its last event."""
    conn = _open(path)
    if conn is None:
        return {}
    with closing(conn):
        rows = conn.execute(
            "SELECT sender_id, MAX(COALESCE(timestamp, 0)) FROM events GROUP BY sender_id"
        ).fetchall()
    return {sender: float(laatste) for sender, laatste in rows}


def wis(path: Path, sessie_ids: Iterable[str]) -> int:
    """Delete every event of these conversations at once; returns how many events went."""
    ids = sorted(set(sessie_ids))
    conn = _open(path) if ids else None
    if conn is None:
        return 0
    with closing(conn):
        with conn:
            geteld = sum(
                conn.execute("DELETE FROM events WHERE sender_id = ?", [sessie]).rowcount
                for sessie in ids
            )
        if conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
            leeg_wal(conn)
    return geteld
