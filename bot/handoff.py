"""Handoffs to the lokale team: the record, its states, the live chat, the audit log and the purge.

A handoff exists only after the citizen said yes to sharing. Its states (Chatwoot-style, each with
a timestamp):

    nieuw ─oppakken─▶ live (chat, anoniem) ──chat ends──▶ opgepakt ──┐
                      wacht_op_terugbellen ──teruggebeld──▶ opgepakt ──┼─sluiten─▶ gesloten
                      opgepakt (email) ────────────────────────────────┘

The citizen sees the live chat as geen / wachten / live / beeindigd (`publieke_status`).
Every function that a worker calls takes the worker's team and finds nothing of another team.
Contact details and transcripts are deleted `retention_days` after closing (`purge`), never before;
a citizen who erases the conversation erases them at once (`erase_session`).
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import sqlite_utils

from bot import users
from bot.stats import record_event
from bot.teksten import tekst

log = logging.getLogger(__name__)
TZ = ZoneInfo("Europe/Amsterdam")

KANALEN = ("chat", "terugbellen", "email", "anoniem")
CHAT_KANALEN = ("chat", "anoniem")
UITKOMSTEN = ("geholpen", "doorverwezen", "geen_contact")
LIJSTEN = ("nieuw", "mijn", "terugbellen", "gesloten")
TELEFOON_RE = re.compile(r"^(?:\+31|0031|0)[1-9]\d{8}$")
EMAIL_RE = users.EMAIL_RE

SCHEMA = """
CREATE TABLE IF NOT EXISTS handoffs (
    id INTEGER PRIMARY KEY,
    session TEXT,                      -- the citizen's chat session; NULL after erasure
    team_id INTEGER NOT NULL REFERENCES teams(id),
    gemeente TEXT NOT NULL,
    kanaal TEXT NOT NULL,
    status TEXT NOT NULL,
    crisis INTEGER NOT NULL DEFAULT 0,
    onderwerp TEXT,
    samenvatting TEXT,                 -- JSON written by the bot
    naam TEXT,
    telefoon TEXT,
    email TEXT,
    aangemaakt_op TEXT NOT NULL,
    waiting_since TEXT,                -- since when the citizen waits for a person
    opgepakt_op TEXT,
    opgepakt_door INTEGER REFERENCES users(id),
    teruggebeld_op TEXT,
    chat_einde_op TEXT,
    gesloten_op TEXT,
    uitkomst TEXT,
    gewist_op TEXT,                    -- personal data deleted (purge or by the citizen)
    gewist_door_gebruiker INTEGER NOT NULL DEFAULT 0,
    gemeld_op TEXT                     -- the team was notified
);
CREATE INDEX IF NOT EXISTS handoffs_team ON handoffs(team_id, status);
CREATE INDEX IF NOT EXISTS handoffs_session ON handoffs(session);
CREATE TABLE IF NOT EXISTS handoff_berichten (
    id INTEGER PRIMARY KEY,
    handoff_id INTEGER NOT NULL REFERENCES handoffs(id),
    van TEXT NOT NULL,                 -- burger, bot, medewerker, systeem, notitie (internal)
    tekst TEXT NOT NULL,
    tijd TEXT NOT NULL,
    user_id INTEGER
);
CREATE INDEX IF NOT EXISTS berichten_handoff ON handoff_berichten(handoff_id, id);
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY,
    tijd TEXT NOT NULL,
    user_id INTEGER,
    team_id INTEGER,
    handoff_id INTEGER,
    actie TEXT NOT NULL,
    detail TEXT
);
"""


class NietToegestaan(ValueError):
    """The action does not fit the handoff's state; the message says why (Dutch)."""


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def _iso(moment: datetime | None) -> str:
    return (moment or utcnow()).astimezone(timezone.utc).isoformat(timespec="seconds")


def ensure_schema(db: sqlite_utils.Database) -> None:
    users.ensure_schema(db)
    db.conn.executescript(SCHEMA)


def _db_path(db: sqlite_utils.Database) -> str:
    return db.conn.execute("PRAGMA database_list").fetchone()[2]


def _stat(db: sqlite_utils.Database, status: str, gemeente: str) -> None:
    record_event("handoff", handoff_status=status, gemeente=gemeente, db_path=_db_path(db))


# ---------------------------------------------------------------- opening hours (sociale kaart)


@dataclass(frozen=True)
class Openingstijd:
    open: bool | None  # None: the kaart does not know the hours
    volgende: datetime | None  # when the team opens next (None: unknown)

    def wanneer(self) -> str:
        """'op maandag om 9.00 uur', for the chat."""
        if self.open:
            return tekst("handoff.nu_open")
        if self.volgende is None:
            return "(onbekend)"
        dagen = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
        moment = self.volgende.astimezone(TZ)
        return tekst(
            "handoff.wanneer", dag=dagen[moment.weekday()], tijd=f"{moment:%H}.{moment:%M}"
        )


def _demo_open(when: datetime) -> Openingstijd:
    """Workdays 9-17: the example schedule of Gemeente Voorbeeld, used until the kaart knows it."""
    moment = when.astimezone(TZ)
    for extra in range(8):
        dag = moment.date() + timedelta(days=extra)
        begin = datetime.combine(dag, time(9), tzinfo=TZ)
        einde = datetime.combine(dag, time(17), tzinfo=TZ)
        if dag.weekday() < 5 and moment < einde:
            if begin <= moment:
                return Openingstijd(True, moment)
            return Openingstijd(False, begin)
    return Openingstijd(False, None)


def openingstijd(gemeente: str, when: datetime | None = None) -> Openingstijd:
    """Is the lokale team of `gemeente` open at `when`, and when does it open next (kaart)."""
    when = when or utcnow()
    try:
        from bot import kaart

        dienst = kaart.lokaal_team(gemeente)
    except Exception:  # noqa: BLE001 - the kaart is optional here; fall back below
        log.debug("Sociale kaart niet beschikbaar", exc_info=True)
        dienst = None
    if dienst is None:
        if gemeente == users.DEMO_GEMEENTE:
            return _demo_open(when)
        return Openingstijd(None, None)
    return Openingstijd(kaart.is_open(dienst, when), kaart.volgende_opening(dienst, when))


# ---------------------------------------------------------------- what the bot hands over

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
        regels.append(("burger" if event["event"] == "user" else "bot", text, _iso(moment)))
    return regels


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
            advies.append(event["text"].strip()[:400])
    return (
        {
            "onderwerpen": onderwerpen,
            "leeftijd": slots.get("leeftijd"),
            "rol": slots.get("rol"),
            "advies": advies[-3:],  # what the bot said last before the request
        },
        crisis,
    )


# ---------------------------------------------------------------- creating and reading


def create(
    db: sqlite_utils.Database,
    *,
    session: str,
    team: users.Team,
    gemeente: str,
    kanaal: str,
    onderwerp: str | None = None,
    samenvatting: dict[str, Any] | None = None,
    transcript: list[tuple[str, str, str]] = (),
    naam: str | None = None,
    telefoon: str | None = None,
    email: str | None = None,
    crisis: bool = False,
    now: datetime | None = None,
) -> int:
    """Store a consented handoff with its transcript in one transaction; return its number.

    When this returns, the handoff is on disk: only then may the citizen see the confirmation.
    """
    if kanaal not in KANALEN:
        raise ValueError(f"unknown kanaal {kanaal!r}")
    if kanaal == "anoniem":
        naam = telefoon = email = None
    ensure_schema(db)
    moment = _iso(now)
    with db.conn:
        cursor = db.conn.execute(
            "INSERT INTO handoffs (session, team_id, gemeente, kanaal, status, crisis, onderwerp,"
            " samenvatting, naam, telefoon, email, aangemaakt_op, waiting_since)"
            " VALUES (?, ?, ?, ?, 'nieuw', ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                session,
                team.id,
                gemeente,
                kanaal,
                int(crisis),
                onderwerp,
                json.dumps(samenvatting or {}, ensure_ascii=False),
                naam,
                telefoon,
                email,
                moment,
                moment,
            ],
        )
        handoff_id = cursor.lastrowid
        db.conn.executemany(
            "INSERT INTO handoff_berichten (handoff_id, van, tekst, tijd) VALUES (?, ?, ?, ?)",
            [(handoff_id, van, text, tijd) for van, text, tijd in transcript],
        )
    _stat(db, "gevraagd", gemeente)
    log.info("Overdracht %s gemaakt voor team %s (%s)", handoff_id, team.id, kanaal)
    return handoff_id


def _row(db: sqlite_utils.Database, handoff_id: int) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM handoffs WHERE id = ?", [handoff_id]))
    return rows[0] if rows else None


def get(db: sqlite_utils.Database, team_id: int, handoff_id: int) -> dict[str, Any] | None:
    """One handoff of this team, or None (also when it belongs to another team)."""
    ensure_schema(db)
    rows = list(
        db.query(
            "SELECT h.*, u.email AS opgepakt_door_email, u.naam AS opgepakt_door_naam"
            " FROM handoffs h LEFT JOIN users u ON u.id = h.opgepakt_door"
            " WHERE h.id = ? AND h.team_id = ?",
            [handoff_id, team_id],
        )
    )
    if not rows:
        return None
    row = rows[0]
    row["samenvatting"] = json.loads(row["samenvatting"] or "{}")
    return row


def lijst(
    db: sqlite_utils.Database, team_id: int, welke: str, user_id: int | None = None
) -> list[dict[str, Any]]:
    """A list of the team's inbox: nieuw, mijn, terugbellen or gesloten. Crisis signs on top."""
    ensure_schema(db)
    where = {
        "nieuw": "status = 'nieuw'",
        "mijn": "status NOT IN ('nieuw', 'gesloten') AND opgepakt_door = :user",
        "terugbellen": "status = 'wacht_op_terugbellen'",
        "gesloten": "status = 'gesloten'",
    }[welke]
    order = "gesloten_op DESC" if welke == "gesloten" else "crisis DESC, aangemaakt_op ASC"
    return list(
        db.query(
            f"SELECT * FROM handoffs WHERE team_id = :team AND {where} ORDER BY {order} LIMIT 500",  # noqa: S608 - fixed strings
            {"team": team_id, "user": user_id},
        )
    )


def berichten(
    db: sqlite_utils.Database, handoff_id: int, after: int = 0, voor_burger: bool = False
) -> list[dict[str, Any]]:
    """The transcript; for the citizen only the worker's and the system's messages."""
    ensure_schema(db)
    soorten = (
        ("medewerker", "systeem") if voor_burger else ("burger", "bot", "medewerker", "systeem")
    )
    marks = ",".join("?" * len(soorten))
    return list(
        db.query(
            f"SELECT id, van, tekst, tijd FROM handoff_berichten"  # noqa: S608 - placeholders only
            f" WHERE handoff_id = ? AND id > ? AND van IN ({marks}) ORDER BY id",
            [handoff_id, after, *soorten],
        )
    )


def notities(db: sqlite_utils.Database, handoff_id: int) -> list[dict[str, Any]]:
    return list(
        db.query(
            "SELECT b.tekst, b.tijd, u.email FROM handoff_berichten b"
            " LEFT JOIN users u ON u.id = b.user_id"
            " WHERE b.handoff_id = ? AND b.van = 'notitie' ORDER BY b.id",
            [handoff_id],
        )
    )


def _bericht(db, handoff_id: int, van: str, text: str, user_id: int | None = None, now=None):
    db.conn.execute(
        "INSERT INTO handoff_berichten (handoff_id, van, tekst, tijd, user_id)"
        " VALUES (?, ?, ?, ?, ?)",
        [handoff_id, van, text, _iso(now), user_id],
    )


# ---------------------------------------------------------------- the citizen's side of the chat


def chat_van_sessie(db: sqlite_utils.Database, session: str) -> dict[str, Any] | None:
    """The citizen's latest chat handoff (kanaal chat or anoniem), or None."""
    ensure_schema(db)
    rows = list(
        db.query(
            "SELECT h.*, t.naam AS team_naam, u.naam AS medewerker_naam"
            " FROM handoffs h JOIN teams t ON t.id = h.team_id"
            " LEFT JOIN users u ON u.id = h.opgepakt_door"
            " WHERE h.session = ? AND h.kanaal IN ('chat', 'anoniem') ORDER BY h.id DESC LIMIT 1",
            [session],
        )
    )
    return rows[0] if rows else None


def publieke_status(row: dict[str, Any] | None) -> dict[str, Any]:
    """The live-chat state the widget sees: geen, wachten, live or beeindigd."""
    if row is None:
        return {"state": "geen", "team": None, "medewerker": None}
    if row["chat_einde_op"] or row["status"] == "gesloten" or row["gewist_op"]:
        state = "beeindigd"
    elif row["status"] == "live":
        state = "live"
    else:
        state = "wachten"
    medewerker = None
    if state == "live":
        medewerker = row.get("medewerker_naam") or "Een medewerker"
    return {"state": state, "team": row.get("team_naam"), "medewerker": medewerker}


def bericht_van_burger(db: sqlite_utils.Database, session: str, text: str) -> dict | None:
    """Store the citizen's message for the team while a chat waits or is live.

    Returns the public state then; None when there is no open chat (the message goes to Rasa).
    """
    row = chat_van_sessie(db, session)
    status = publieke_status(row)
    if status["state"] not in ("wachten", "live"):
        return None
    with db.conn:
        _bericht(db, row["id"], "burger", text)
    return status


def stop_chat(
    db: sqlite_utils.Database, handoff_id: int, door: str, now: datetime | None = None
) -> None:
    """End the live chat (door: 'burger' or 'team'); the bot takes over again."""
    row = _row(db, handoff_id)
    if row is None or row["chat_einde_op"] or row["kanaal"] not in CHAT_KANALEN:
        return
    team = users.get_team(db, row["team_id"])
    text = tekst(
        "handoff.chat_beeindigd_burger" if door == "burger" else "handoff.chat_beeindigd_team",
        team=team.naam if team else "Het team",
    )
    with db.conn:
        db.conn.execute(
            "UPDATE handoffs SET chat_einde_op = ?, waiting_since = NULL,"
            " status = CASE status WHEN 'live' THEN 'opgepakt' ELSE status END WHERE id = ?",
            [_iso(now), handoff_id],
        )
        _bericht(db, handoff_id, "systeem", text, now=now)


# ---------------------------------------------------------------- the worker's actions


def audit(
    db: sqlite_utils.Database,
    user: users.User | None,
    actie: str,
    handoff_id: int | None = None,
    detail: str | None = None,
    now: datetime | None = None,
) -> None:
    """Who did what, when. Never personal data of the citizen in `detail`."""
    ensure_schema(db)
    with db.conn:
        db.conn.execute(
            "INSERT INTO audit (tijd, user_id, team_id, handoff_id, actie, detail)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [
                _iso(now),
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
    ensure_schema(db)
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


def _eigen(db, user: users.User, handoff_id: int) -> dict[str, Any]:
    row = get(db, user.team_id, handoff_id)
    if row is None:
        raise LookupError(handoff_id)
    return row


def oppakken(db: sqlite_utils.Database, user: users.User, handoff_id: int, now=None) -> str:
    """The worker takes the handoff; a waiting chat goes live. Returns the new status."""
    row = _eigen(db, user, handoff_id)
    if row["status"] != "nieuw":
        raise NietToegestaan("Deze aanvraag is al opgepakt.")
    if row["kanaal"] in CHAT_KANALEN and not row["chat_einde_op"] and not row["gewist_op"]:
        status = "live"
    elif row["kanaal"] == "terugbellen":
        status = "wacht_op_terugbellen"
    else:
        status = "opgepakt"
    with db.conn:
        cursor = db.conn.execute(
            "UPDATE handoffs SET status = ?, opgepakt_op = ?, opgepakt_door = ?,"
            # A live chat has a person now; a call back still waits for the call.
            " waiting_since = CASE WHEN ? = 'live' THEN NULL ELSE waiting_since END"
            " WHERE id = ? AND status = 'nieuw'",
            [status, _iso(now), user.id, status, handoff_id],
        )
        if cursor.rowcount != 1:  # someone else was quicker
            raise NietToegestaan("Deze aanvraag is al opgepakt.")
        if status == "live":
            team = users.get_team(db, user.team_id)
            # Only the first name the worker chose reaches the citizen, never the e-mail address.
            naam = user.naam or "Een medewerker"
            text = tekst("handoff.chat_opgepakt", medewerker=naam, team=team.naam)
            _bericht(db, handoff_id, "systeem", text, now=now)
    audit(db, user, "oppakken", handoff_id, now=now)
    _stat(db, "geaccepteerd", row["gemeente"])
    return status


def antwoord(db: sqlite_utils.Database, user: users.User, handoff_id: int, text: str, now=None):
    """The worker's reply in the live chat; the widget shows it at its next poll."""
    row = _eigen(db, user, handoff_id)
    if row["status"] != "live":
        raise NietToegestaan("Je kunt alleen antwoorden in een chat die nu loopt.")
    with db.conn:
        _bericht(db, handoff_id, "medewerker", text, user_id=user.id, now=now)
    audit(db, user, "antwoord", handoff_id, now=now)


def notitie(db: sqlite_utils.Database, user: users.User, handoff_id: int, text: str, now=None):
    """An internal note; the citizen never sees it."""
    row = _eigen(db, user, handoff_id)
    if row["gewist_op"]:
        raise NietToegestaan("De gegevens van deze aanvraag zijn gewist.")
    with db.conn:
        _bericht(db, handoff_id, "notitie", text, user_id=user.id, now=now)
    audit(db, user, "notitie", handoff_id, now=now)


def teruggebeld(db: sqlite_utils.Database, user: users.User, handoff_id: int, now=None) -> None:
    row = _eigen(db, user, handoff_id)
    if row["status"] != "wacht_op_terugbellen":
        raise NietToegestaan("Deze aanvraag wacht niet op terugbellen.")
    with db.conn:
        db.conn.execute(
            "UPDATE handoffs SET status = 'opgepakt', teruggebeld_op = ?, waiting_since = NULL"
            " WHERE id = ?",
            [_iso(now), handoff_id],
        )
    audit(db, user, "teruggebeld", handoff_id, now=now)


def chat_beeindigen(db: sqlite_utils.Database, user: users.User, handoff_id: int, now=None):
    row = _eigen(db, user, handoff_id)
    if row["status"] != "live":
        raise NietToegestaan("Deze chat loopt niet.")
    stop_chat(db, handoff_id, door="team", now=now)
    audit(db, user, "chat_beeindigd", handoff_id, now=now)


def sluiten(
    db: sqlite_utils.Database, user: users.User, handoff_id: int, uitkomst: str, now=None
) -> None:
    """Close with an outcome (geholpen, doorverwezen, geen_contact); a live chat ends too."""
    if uitkomst not in UITKOMSTEN:
        raise NietToegestaan("Kies een uitkomst: geholpen, doorverwezen of geen contact.")
    row = _eigen(db, user, handoff_id)
    if row["status"] == "gesloten":
        raise NietToegestaan("Deze aanvraag is al gesloten.")
    stop_chat(db, handoff_id, door="team", now=now)  # a waiting or live chat hears it ends
    with db.conn:
        db.conn.execute(
            "UPDATE handoffs SET status = 'gesloten', gesloten_op = ?, uitkomst = ?,"
            " waiting_since = NULL, opgepakt_door = COALESCE(opgepakt_door, ?) WHERE id = ?",
            [_iso(now), uitkomst, user.id, handoff_id],
        )
    audit(db, user, "sluiten", handoff_id, detail=uitkomst, now=now)
    _stat(db, uitkomst, row["gemeente"])


# ---------------------------------------------------------------- retention and erasure

_WIS_PERSOONSGEGEVENS = (
    "UPDATE handoffs SET naam = NULL, telefoon = NULL, email = NULL, onderwerp = NULL,"
    " samenvatting = NULL, session = NULL, gewist_op = ?"
)


def purge(db: sqlite_utils.Database, retention_days: int, now: datetime | None = None) -> int:
    """Delete contact details and transcripts of handoffs closed more than retention_days ago.

    Open handoffs are never touched. What stays is an anonymous stub (team, channel, states,
    outcome, timestamps) for the team's statistics. Returns how many were purged.
    """
    ensure_schema(db)
    grens = _iso((now or utcnow()) - timedelta(days=retention_days))
    ids = [
        row["id"]
        for row in db.query(
            "SELECT id FROM handoffs WHERE status = 'gesloten' AND gewist_op IS NULL"
            " AND gesloten_op <= ?",
            [grens],
        )
    ]
    _wis(db, ids, now)
    if ids:
        log.info("%s gesloten overdrachten opgeschoond", len(ids))
    return len(ids)


def _wis(db: sqlite_utils.Database, ids: list[int], now: datetime | None, door_burger=False):
    with db.conn:
        for handoff_id in ids:
            db.conn.execute(
                _WIS_PERSOONSGEGEVENS + ", gewist_door_gebruiker = ? WHERE id = ?",
                [_iso(now), int(door_burger), handoff_id],
            )
            db.conn.execute("DELETE FROM handoff_berichten WHERE handoff_id = ?", [handoff_id])


def onderhoud(settings, echo=print) -> None:
    """Run by `jeugdwijzer run` at start and once a day: the demo team exists, old data goes,
    and teams hear of new handoffs a failed notification left out.

    Never raises: a failed purge is logged and tried again the next day.
    """
    from bot import notify, stats
    from bot.store import open_db

    try:
        db = open_db(settings.app_db)
        team = users.ensure_demo_team(db)
        zonder_accounts = not users.has_users(db, team.id)
        count = purge(db, settings.retention_days)
        stats.purge(db, settings.retention_days)  # kept niet-begrepen texts (opt-in)
        notify.notify_pending(settings, db)
        db.conn.close()
    except Exception:  # noqa: BLE001 - keep the product running
        log.exception("Dagelijks onderhoud mislukt")
        return
    if count:
        echo(
            f"Opgeschoond: {count} gesloten aanvragen (ouder dan {settings.retention_days} dagen)."
        )
    if zonder_accounts:
        echo(
            f"Inbox: maak een account voor {team.naam} met: jeugdwijzer users add"
            f' --team "{team.naam}" --email <adres>'
        )


def erase_session(db: sqlite_utils.Database, session: str, now: datetime | None = None) -> int:
    """The citizen erases the conversation: every handoff of it loses contact details, topic,
    summary and transcript at once, open or not. An open one stays as a stub the team sees as
    "gewist door de gebruiker", so the team knows it need not call; a live chat ends.
    """
    ensure_schema(db)
    ids = [row["id"] for row in db.query("SELECT id FROM handoffs WHERE session = ?", [session])]
    for handoff_id in ids:
        db.conn.execute(
            "UPDATE handoffs SET chat_einde_op = COALESCE(chat_einde_op, ?),"
            " status = CASE status WHEN 'live' THEN 'opgepakt' ELSE status END WHERE id = ?",
            [_iso(now), handoff_id],
        )
    _wis(db, ids, now, door_burger=True)
    return len(ids)
