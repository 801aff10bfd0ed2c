"""The app database's schema, changed only through migrations (sqlite-utils' `Migrations`).

Every change is a new function below, never an edit of an old one; `migreer(db)` applies what is
pending and records it in the table `_sqlite_migrations`. The first migration is the schema the
code had before migrations (CREATE ... IF NOT EXISTS), so a database made by that code opens as
it is. `bot.store.open_app_db` migrates every app database it opens when something is pending.

    @MIGRATIES(name="0002_teams_telefoon")
    def _teams_telefoon(db):
        db["teams"].add_column("telefoon", str)
"""

from __future__ import annotations

import sqlite3

import sqlite_utils
from sqlite_utils import Migrations

MIGRATIES = Migrations("jeugdwijzer")

TEAMS_EN_GEBRUIKERS = """
CREATE TABLE IF NOT EXISTS teams (
    id INTEGER PRIMARY KEY,
    naam TEXT NOT NULL UNIQUE,
    gemeenten TEXT NOT NULL,          -- comma-separated CBS codes: GM9999,GM0164
    email TEXT,                       -- notification address
    webhook_url TEXT,
    webhook_secret TEXT
);
CREATE TABLE IF NOT EXISTS users (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
    naam TEXT,                        -- shown to the citizen in the live chat; optional
    password_hash TEXT NOT NULL,
    team_id INTEGER NOT NULL REFERENCES teams(id),
    rol TEXT NOT NULL,
    mislukt INTEGER NOT NULL DEFAULT 0,
    geblokkeerd_tot TEXT,
    aangemaakt_op TEXT NOT NULL
);
"""
OVERDRACHTEN = """
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
STATISTIEK = """
CREATE TABLE IF NOT EXISTS gebeurtenissen (
    id INTEGER PRIMARY KEY,
    event TEXT NOT NULL,
    datum TEXT NOT NULL,      -- local date, YYYY-MM-DD
    uur INTEGER NOT NULL,     -- local hour, 0-23
    gemeente TEXT, intent TEXT, verwijzing TEXT, crisis_categorie TEXT, rol TEXT,
    handoff_status TEXT, taal TEXT
);
CREATE INDEX IF NOT EXISTS gebeurtenissen_datum ON gebeurtenissen (datum, event);
CREATE TABLE IF NOT EXISTS niet_begrepen (
    id INTEGER PRIMARY KEY,
    datum TEXT NOT NULL,
    gemeente TEXT,
    tekst TEXT NOT NULL       -- masked with bot.veiligheid.privacy.mask; never a session id
);
CREATE INDEX IF NOT EXISTS niet_begrepen_datum ON niet_begrepen (datum);
"""


def _statements(script: str) -> list[str]:
    # executescript would commit halfway; one statement at a time stays inside the migration.
    statements, buffer = [], ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):  # a ";" inside a -- comment does not end one
            statements.append(buffer.strip())
            buffer = ""
    return statements


@MIGRATIES(name="0001_schema_van_voor_de_migraties")
def _schema_van_voor_de_migraties(db: sqlite_utils.Database) -> None:
    for script in (TEAMS_EN_GEBRUIKERS, OVERDRACHTEN, STATISTIEK):
        for statement in _statements(script):
            db.execute(statement)


INLOGSESSIES = """
CREATE TABLE inlogsessies (
    token_hash TEXT PRIMARY KEY,      -- SHA-256 of the random token in the staff cookie
    user_id INTEGER NOT NULL REFERENCES users(id),
    aangemaakt_op TEXT NOT NULL,
    verloopt_op TEXT NOT NULL
);
CREATE INDEX inlogsessies_user ON inlogsessies(user_id);
"""


@MIGRATIES(name="0002_inlogsessies_en_uitgeschakelde_accounts")
def _inlogsessies(db: sqlite_utils.Database) -> None:
    # Staff sessions kept server-side so logout, a new password and a removed account end them.
    for statement in _statements(INLOGSESSIES):
        db.execute(statement)
    db.execute("ALTER TABLE users ADD COLUMN uitgeschakeld_op TEXT")
    # A removed account keeps its row without personal data: ids in the audit log stay its own.
    db.execute("ALTER TABLE users ADD COLUMN verwijderd_op TEXT")
    # Kept misunderstood texts carry a hash of their conversation, so its erasure reaches them.
    db.execute("ALTER TABLE niet_begrepen ADD COLUMN sessie_hash TEXT")
    db.execute("CREATE INDEX niet_begrepen_sessie ON niet_begrepen (sessie_hash)")


OUTBOX = """
CREATE TABLE IF NOT EXISTS meldingen_outbox (
    id INTEGER PRIMARY KEY,
    handoff_id INTEGER NOT NULL UNIQUE REFERENCES handoffs(id),
    aangemaakt_op TEXT NOT NULL,
    pogingen INTEGER NOT NULL DEFAULT 0,
    bezig_tot TEXT,                   -- a sender has it until then (a crashed one lets go)
    laatste_poging TEXT,
    bezorgd_op TEXT,                  -- NULL: still to deliver
    resultaat TEXT                    -- verstuurd, geen_kanaal (the inbox only), gewist
);
CREATE INDEX IF NOT EXISTS meldingen_outbox_open ON meldingen_outbox(bezorgd_op);
"""


@MIGRATIES(name="0003_meldingen_outbox_en_bevestiging")
def _meldingen_outbox_en_bevestiging(db: sqlite_utils.Database) -> None:
    """Notifications through a durable outbox; `bevestigd_op`: the citizen saw the confirmation."""
    for statement in _statements(OUTBOX):
        db.execute(statement)
    db.execute("ALTER TABLE handoffs ADD COLUMN bevestigd_op TEXT")
    # Handoffs saved before the outbox whose team never heard of them: deliver them now.
    db.execute(
        "INSERT OR IGNORE INTO meldingen_outbox (handoff_id, aangemaakt_op)"
        " SELECT id, aangemaakt_op FROM handoffs"
        " WHERE status = 'nieuw' AND gemeld_op IS NULL AND gewist_op IS NULL"
    )
    # Before this column, a stored handoff counted as confirmed (the old action confirmed it).
    db.execute("UPDATE handoffs SET bevestigd_op = aangemaakt_op")


@MIGRATIES(name="0004_teams_drukte_bericht")
def _teams_drukte_bericht(db: sqlite_utils.Database) -> None:
    """A team's short "busy" message, shown to whoever waits for its chat (NULL: none)."""
    db.execute("ALTER TABLE teams ADD COLUMN drukte_bericht TEXT")
    db.execute("ALTER TABLE teams ADD COLUMN drukte_sinds TEXT")


def bijgewerkt(db: sqlite_utils.Database) -> bool:
    """Every migration applied? Two small reads, so opening a database stays cheap."""
    return not MIGRATIES.pending(db)


def migreer(db: sqlite_utils.Database) -> None:
    """Apply the pending migrations."""
    try:
        MIGRATIES.apply(db)
    except (sqlite3.IntegrityError, sqlite3.OperationalError):
        # Another process (web, actions) migrated the same file at the same moment: look again.
        MIGRATIES.apply(db)
