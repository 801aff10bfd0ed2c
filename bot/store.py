"""SQLite, used plainly: open a database; open the app database with its schema up to date."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils

from bot.schema import bijgewerkt, migreer


def open_db(path: Path) -> sqlite_utils.Database:
    """Open (and create) a SQLite database in WAL mode, so readers never block the writer."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), timeout=10, check_same_thread=False)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA foreign_keys=ON")
    return sqlite_utils.Database(conn)


def open_app_db(path: Path) -> sqlite_utils.Database:
    """Open the app database (handoffs, teams, users, statistics) with its migrations applied."""
    db = open_db(path)
    if not bijgewerkt(db):
        migreer(db)
    return db
