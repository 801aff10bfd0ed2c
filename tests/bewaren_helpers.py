"""A Rasa tracker store on disk as Rasa 3.6 writes it (table `events`), without importing Rasa,
and the byte search through every file of a data directory."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

# Rasa 3.6's SQLTrackerStore.SQLEvent, column by column (rasa/core/tracker_store.py).
EVENTS = """
CREATE TABLE IF NOT EXISTS events (
    id INTEGER NOT NULL PRIMARY KEY,
    sender_id VARCHAR(255) NOT NULL,
    type_name VARCHAR(255) NOT NULL,
    timestamp FLOAT,
    intent_name VARCHAR(255),
    action_name VARCHAR(255),
    data TEXT
);
CREATE INDEX IF NOT EXISTS ix_events_sender_id ON events (sender_id);
"""


def schrijf_gesprek(path: Path, sessie: str, teksten: list[str], laatste: float) -> None:
    """A conversation as Rasa stores it: user messages and slots, the last at `laatste`."""
    with sqlite3.connect(path) as conn:
        conn.executescript(EVENTS)
        for i, tekst in enumerate(teksten):
            moment = laatste - (len(teksten) - 1 - i)
            conn.execute(
                "INSERT INTO events (sender_id, type_name, timestamp, intent_name, data)"
                " VALUES (?, 'user', ?, 'informeren', ?)",
                [sessie, moment, json.dumps({"event": "user", "text": tekst})],
            )
            conn.execute(
                "INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (?, 'slot', ?, ?)",
                [sessie, moment, json.dumps({"event": "slot", "name": "x", "value": tekst})],
            )
    conn.close()


def sessies_in(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT DISTINCT sender_id FROM events").fetchall()
    conn.close()
    return {row[0] for row in rows}


def bestanden_met(data_dir: Path, marker: str) -> list[str]:
    """Every file under the data directory (databases, -wal, -journal, anything) holding the
    marker as bytes, in UTF-8 or as JSON escapes would write it."""
    vormen = {marker.encode(), json.dumps(marker).strip('"').encode()}
    return sorted(
        str(path.relative_to(data_dir))
        for path in data_dir.rglob("*")
        if path.is_file() and any(vorm in path.read_bytes() for vorm in vormen)
    )
