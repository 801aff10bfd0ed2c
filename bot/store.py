"""SQLite, used plainly: one helper to open a database."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils


def open_db(path: Path) -> sqlite_utils.Database:
    """Open (and create) a SQLite database in WAL mode, so readers never block the writer."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), timeout=10, check_same_thread=False)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA foreign_keys=ON")
    return sqlite_utils.Database(conn)
