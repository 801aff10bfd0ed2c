"""SQLite, used plainly: open a database; open the app database with its schema up to date."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import sqlite_utils

from bot.schema import bijgewerkt, migreer


def maak_prive(path: Path) -> None:
    """Create the file (and its directory) readable by the owner only, before SQLite opens it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))


def open_db(path: Path) -> sqlite_utils.Database:
    """Open (and create, mode 0600) a SQLite database in WAL mode, so readers never block the
    writer. Deleted rows are overwritten with zeros (secure_delete): erased means gone."""
    maak_prive(path)
    conn = sqlite3.connect(str(path), timeout=10, check_same_thread=False)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA secure_delete=ON")
    return sqlite_utils.Database(conn)


def leeg_wal(conn: sqlite3.Connection) -> None:
    """After erasing: copy the write-ahead log into the database and truncate it, so no old copy
    of an erased row stays behind in the -wal file. A busy reader makes this a no-op; the next
    purge tries again."""
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def open_app_db(path: Path) -> sqlite_utils.Database:
    """Open the app database (handoffs, teams, users, statistics) with its migrations applied."""
    db = open_db(path)
    if not bijgewerkt(db):
        migreer(db)
    return db
