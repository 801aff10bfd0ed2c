"""What the bot hands over: the transcript and a summary, read from Rasa's tracker events."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from bot.overdracht.tijd import iso

GESPREKSINTENTS = {
    "begroeting",
    "afscheid",
    "bedankt",
    "wat_kun_je",
    "ben_je_een_robot",
    "praten_met_mens",
    "privacy_vraag",
    "buiten_bereik",
    "bevestigen",
    "ontkennen",
    "informeren",
    "nlu_fallback",
}


def _voor_form(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The events before the handoff form started: what was said before the citizen asked."""
    for index in range(len(events) - 1, -1, -1):
        event = events[index]
        if event.get("event") == "active_loop" and event.get("name") == "handoff_form":
            return events[:index]
    return events


def gesprek_uit_events(events: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    """The transcript (van, tekst, tijd) from Rasa tracker events, up to the handoff request."""
    regels = []
    for event in _voor_form(events):
        text = (event.get("text") or "").strip()
        if event.get("event") not in ("user", "bot") or not text or text.startswith("/"):
            continue
        moment = datetime.fromtimestamp(event.get("timestamp") or 0, timezone.utc)
        regels.append(("burger" if event["event"] == "user" else "bot", text, iso(moment)))
    return regels


def _kort(text: str, most: int = 400) -> str:
    """At most `most` characters, cut between words (the inbox drops a link cut in half)."""
    if len(text) <= most:
        return text
    return text[:most].rsplit(None, 1)[0] + " …"


def samenvatting_uit_events(
    events: list[dict[str, Any]], slots: dict[str, Any]
) -> tuple[dict[str, Any], bool]:
    """The summary the bot writes for the worker, and whether there were crisis signs."""
    onderwerpen: list[str] = []
    advies: list[str] = []
    crisis = False
    for event in _voor_form(events):
        if event.get("event") == "user":
            intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name") or ""
            crisis = crisis or intent == "crisis"
            label = intent.replace("_", " ")
            if intent and intent not in GESPREKSINTENTS and label not in onderwerpen:
                onderwerpen.append(label)
        elif event.get("event") == "bot" and event.get("text"):
            advies.append(_kort(event["text"].strip()))
    return (
        {
            "onderwerpen": onderwerpen,
            "leeftijd": slots.get("leeftijd"),
            "rol": slots.get("rol"),
            "advies": advies[-3:],  # what the bot said last before the request
        },
        crisis,
    )


def heel_gesprek(events: list[dict[str, Any]], tracker_db: Path, sender_id: str) -> list[dict]:
    """The events of the whole conversation. Rasa sends only the last messages of a long one
    (bot/nlu/trackeropslag.py), after a prefix that names the first event id it left out;
    then the earlier events come from the tracker database, in front of what Rasa sent."""
    index, vanaf = next(
        (
            (plek, (event.get("metadata") or {}).get("venster_vanaf"))
            for plek, event in enumerate(events)
            if event.get("event") == "session_started"
            and (event.get("metadata") or {}).get("venster_vanaf")
        ),
        (None, None),
    )
    if index is None:
        return events
    rest = events[index + 1 :]
    for plek, event in enumerate(rest):  # the prefix ends with the first action_listen
        if event.get("event") == "action" and event.get("name") == "action_listen":
            rest = rest[plek + 1 :]
            break
    db = sqlite3.connect(f"file:{tracker_db}?mode=ro", uri=True)
    try:
        rijen = db.execute(
            "SELECT data FROM events WHERE sender_id = ? AND id < ? AND id > "
            "(SELECT coalesce(max(id), 0) FROM events WHERE sender_id = ? AND id < ? "
            "AND type_name = 'session_started') ORDER BY id",
            [sender_id, int(vanaf), sender_id, int(vanaf)],
        ).fetchall()
    finally:
        db.close()
    return [json.loads(data) for (data,) in rijen] + rest
