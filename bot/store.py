"""SQLite, used plainly: open a database; open the app database with its schema up to date.

The databases hold conversations and contact details: they are created readable by their owner
only (0600, in a 0700 directory), and deleted rows are overwritten (`secure_delete`).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import sqlite_utils

from bot.schema import bijgewerkt, migreer


def open_db(path: Path) -> sqlite_utils.Database:
    """Open (and create) a SQLite database in WAL mode, so readers never block the writer."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    alleen_voor_eigenaar(path)
    conn = sqlite3.connect(str(path), timeout=10, check_same_thread=False)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA secure_delete=ON")  # erased text is overwritten, not left in free pages
    return sqlite_utils.Database(conn)


def alleen_voor_eigenaar(path: Path) -> None:
    """Create the database file with mode 0600 before SQLite does (its WAL and shared-memory files
    then get the same mode); an older, wider file is narrowed."""
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        return
    for bestand in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if bestand.exists() and bestand.stat().st_mode & 0o077:
            bestand.chmod(0o600)


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
