"""Staff accounts and teams: who may log in to the inbox, and which gemeenten a team serves.

A team (the gemeente's lokale team) receives the handoffs of its gemeenten and nothing else.
A user belongs to one team and has one role: `medewerker` (works in the inbox) or `beleid`
(sees the anonymous dashboard). Passwords are hashed with argon2; after 5 wrong passwords in a row
an account is locked for 15 minutes. A new password, disabling and removing an account end its
login sessions (bot/inlogsessies.py).

Example:
    db = open_app_db(settings.app_db)
    team = add_team(db, "Wijkteam Voorbeeld", ["GM9999"], email="team@voorbeeld.nl")
    add_user(db, team.id, "an@voorbeeld.nl", "een lang wachtwoord", rol="medewerker")
    user = authenticate(db, "an@voorbeeld.nl", "een lang wachtwoord")
"""

from __future__ import annotations

import logging
import re
import secrets
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import sqlite_utils
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from bot import inlogsessies, kaart

log = logging.getLogger(__name__)
ROLLEN = ("medewerker", "beleid")
MAX_FOUTEN = 5
BLOKKADE = timedelta(minutes=15)
MIN_WACHTWOORD = 12
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
GEMEENTE_RE = re.compile(r"GM[0-9]{4}")

_hasher = PasswordHasher()
# Verified against when the e-mail address is unknown, so both cases take equally long.
_DUMMY_HASH = _hasher.hash("geen-echt-wachtwoord")


class FouteInvoer(ValueError):
    """Input the CLI or a form should reject with the (Dutch) message."""


class Geblokkeerd(Exception):
    """Too many wrong passwords: the account is locked until `tot`."""

    def __init__(self, tot: datetime):
        super().__init__(tot.isoformat())
        self.tot = tot


@dataclass(frozen=True)
class Team:
    id: int
    naam: str
    gemeenten: tuple[str, ...]
    email: str | None = None
    webhook_url: str | None = None
    webhook_secret: str | None = None


@dataclass(frozen=True)
class User:
    id: int
    email: str
    team_id: int
    rol: str
    naam: str | None = None  # first name the citizen sees in the live chat; optional


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def _team(row: sqlite3.Row | dict) -> Team:
    row = dict(row)
    return Team(
        id=row["id"],
        naam=row["naam"],
        gemeenten=tuple(g for g in row["gemeenten"].split(",") if g),
        email=row["email"],
        webhook_url=row["webhook_url"],
        webhook_secret=row["webhook_secret"],
    )


def add_team(
    db: sqlite_utils.Database,
    naam: str,
    gemeenten: list[str],
    email: str | None = None,
    webhook_url: str | None = None,
    webhook_secret: str | None = None,
) -> Team:
    naam = naam.strip()
    if not naam:
        raise FouteInvoer("Geef het team een naam.")
    codes = [g.strip().upper() for g in gemeenten if g.strip()]
    if not codes or not all(GEMEENTE_RE.fullmatch(c) for c in codes):
        raise FouteInvoer("Geef minstens één gemeentecode, zoals GM9999.")
    if email and not EMAIL_RE.match(email):
        raise FouteInvoer(f"Het e-mailadres {email!r} klopt niet.")
    if webhook_url and not webhook_url.startswith(("https://", "http://")):
        raise FouteInvoer("De webhook moet een http(s)-adres zijn.")
    for code in codes:
        other = team_for_gemeente(db, code)
        if other and other.naam != naam:
            raise FouteInvoer(f"Gemeente {code} hoort al bij team {other.naam!r}.")
    if webhook_url and not webhook_secret:
        webhook_secret = secrets.token_hex(32)
    try:
        with db.conn:
            cursor = db.conn.execute(
                "INSERT INTO teams (naam, gemeenten, email, webhook_url, webhook_secret)"
                " VALUES (?, ?, ?, ?, ?)",
                [naam, ",".join(codes), email, webhook_url, webhook_secret],
            )
    except sqlite3.IntegrityError as exc:
        raise FouteInvoer(f"Er is al een team met de naam {naam!r}.") from exc
    return get_team(db, cursor.lastrowid)


def get_team(db: sqlite_utils.Database, team_id: int) -> Team | None:
    rows = list(db.query("SELECT * FROM teams WHERE id = ?", [team_id]))
    return _team(rows[0]) if rows else None


def find_team(db: sqlite_utils.Database, naam_of_id: str) -> Team | None:
    """A team by its name (case-insensitive) or its number, as typed on the command line."""
    if naam_of_id.isdigit():
        return get_team(db, int(naam_of_id))
    rows = list(db.query("SELECT * FROM teams WHERE naam = ? COLLATE NOCASE", [naam_of_id]))
    return _team(rows[0]) if rows else None


def list_teams(db: sqlite_utils.Database) -> list[Team]:
    return [_team(row) for row in db.query("SELECT * FROM teams ORDER BY naam")]


def team_for_gemeente(db: sqlite_utils.Database, code: str) -> Team | None:
    """The team that receives the handoffs of gemeente `code` (a CBS code such as GM9999)."""
    for team in list_teams(db):
        if code in team.gemeenten:
            return team
    return None


def add_user(
    db: sqlite_utils.Database,
    team_id: int,
    email: str,
    password: str,
    rol: str = "medewerker",
    naam: str | None = None,
) -> User:
    email = email.strip().lower()
    if not EMAIL_RE.match(email):
        raise FouteInvoer(f"Het e-mailadres {email!r} klopt niet.")
    if rol not in ROLLEN:
        raise FouteInvoer(f"De rol moet {' of '.join(ROLLEN)} zijn.")
    if len(password) < MIN_WACHTWOORD:
        raise FouteInvoer(f"Kies een wachtwoord van minstens {MIN_WACHTWOORD} tekens.")
    if get_team(db, team_id) is None:
        raise FouteInvoer("Dit team bestaat niet.")
    try:
        with db.conn:
            cursor = db.conn.execute(
                "INSERT INTO users (email, naam, password_hash, team_id, rol, aangemaakt_op)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [email, naam, _hasher.hash(password), team_id, rol, utcnow().isoformat()],
            )
    except sqlite3.IntegrityError as exc:
        raise FouteInvoer(f"Er is al een account voor {email}.") from exc
    return User(id=cursor.lastrowid, email=email, team_id=team_id, rol=rol, naam=naam)


def set_password(db: sqlite_utils.Database, email: str, password: str) -> None:
    """A new password for an existing account; also lifts a lock."""
    if len(password) < MIN_WACHTWOORD:
        raise FouteInvoer(f"Kies een wachtwoord van minstens {MIN_WACHTWOORD} tekens.")
    with db.conn:
        cursor = db.conn.execute(
            "UPDATE users SET password_hash = ?, mislukt = 0, geblokkeerd_tot = NULL"
            " WHERE email = ?",
            [_hasher.hash(password), email.strip().lower()],
        )
    if cursor.rowcount != 1:
        raise FouteInvoer(f"Er is geen account voor {email}.")
    inlogsessies.beeindig_alle(db, _user_id(db, email))  # whoever had the old password is out


def _user_id(db: sqlite_utils.Database, email: str) -> int:
    row = db.execute("SELECT id FROM users WHERE email = ?", [email.strip().lower()]).fetchone()
    if row is None:
        raise FouteInvoer(
            f"Er is geen account voor {email}. Bekijk de accounts met: jeugdwijzer users list"
        )
    return row[0]


def disable_user(db: sqlite_utils.Database, email: str, uit: bool = True) -> User:
    """Switch an account off (`uit=False`: on again); switching off ends its sessions at once."""
    user_id = _user_id(db, email)
    with db.conn:
        db.conn.execute(
            "UPDATE users SET uitgeschakeld_op = ? WHERE id = ?",
            [utcnow().isoformat() if uit else None, user_id],
        )
    if uit:
        inlogsessies.beeindig_alle(db, user_id)
    return get_user(db, user_id)


def remove_user(db: sqlite_utils.Database, email: str) -> User:
    """Remove an account: its e-mail address, name and password go and its sessions end. The
    row stays as "verwijderd-<id>", so the audit log never points at a later account with the
    same number. Give its open handoffs back to the team first (the CLI does)."""
    user_id = _user_id(db, email)
    user = get_user(db, user_id)
    nu = utcnow().isoformat()
    with db.conn:
        db.conn.execute("DELETE FROM inlogsessies WHERE user_id = ?", [user_id])
        db.conn.execute(
            "UPDATE users SET email = 'verwijderd-' || id, naam = NULL, password_hash = '',"
            " mislukt = 0, geblokkeerd_tot = NULL, verwijderd_op = ?,"
            " uitgeschakeld_op = COALESCE(uitgeschakeld_op, ?) WHERE id = ?",
            [nu, nu, user_id],
        )
    return user


def list_users(db: sqlite_utils.Database) -> list[dict]:
    return list(
        db.query(
            "SELECT u.email, u.naam, u.rol, t.naam AS team, u.geblokkeerd_tot,"
            " u.uitgeschakeld_op FROM users u JOIN teams t ON t.id = u.team_id"
            " WHERE u.verwijderd_op IS NULL ORDER BY t.naam, u.email"
        )
    )


def get_user(db: sqlite_utils.Database, user_id: int) -> User | None:
    sql = "SELECT id, email, team_id, rol, naam FROM users WHERE id = ?"
    rows = list(db.query(sql, [user_id]))
    return User(**rows[0]) if rows else None


def get_user_by_email(db: sqlite_utils.Database, email: str) -> User | None:
    row = db.execute("SELECT id FROM users WHERE email = ?", [email.strip().lower()]).fetchone()
    return get_user(db, row[0]) if row else None


def authenticate(
    db: sqlite_utils.Database, email: str, password: str, now: datetime | None = None
) -> User | None:
    """The user when e-mail and password match; None when not; raises Geblokkeerd when locked.

    Every wrong password counts; the fifth in a row locks the account for 15 minutes.
    """
    now = now or utcnow()
    rows = list(db.query("SELECT * FROM users WHERE email = ?", [email.strip().lower()]))
    if not rows or rows[0]["uitgeschakeld_op"]:
        _verify_dummy(password)
        return None
    row = rows[0]
    if row["geblokkeerd_tot"]:
        tot = datetime.fromisoformat(row["geblokkeerd_tot"])
        if tot > now:
            _verify_dummy(password)  # as slow as a real check: the time tells nothing either
            raise Geblokkeerd(tot)
    try:
        _hasher.verify(row["password_hash"], password)
    except (VerificationError, InvalidHashError):
        mislukt = row["mislukt"] + 1
        tot = (now + BLOKKADE).isoformat() if mislukt >= MAX_FOUTEN else None
        with db.conn:
            db.conn.execute(
                "UPDATE users SET mislukt = ?, geblokkeerd_tot = ? WHERE id = ?",
                [0 if tot else mislukt, tot, row["id"]],
            )
        if tot:
            raise Geblokkeerd(now + BLOKKADE) from None
        return None
    with db.conn:
        db.conn.execute(
            "UPDATE users SET mislukt = 0, geblokkeerd_tot = NULL WHERE id = ?", [row["id"]]
        )
        if _hasher.check_needs_rehash(row["password_hash"]):
            db.conn.execute(
                "UPDATE users SET password_hash = ? WHERE id = ?",
                [_hasher.hash(password), row["id"]],
            )
    return get_user(db, row["id"])


def _verify_dummy(password: str) -> None:
    """Take as long as a real password check, so the answer time does not tell an account apart."""
    try:
        _hasher.verify(_DUMMY_HASH, password)
    except VerificationError:
        pass


def has_users(db: sqlite_utils.Database, team_id: int) -> bool:
    return bool(db.execute("SELECT 1 FROM users WHERE team_id = ?", [team_id]).fetchone())


DEMO_TEAM = "Wijkteam Voorbeeld"
DEMO_GEMEENTE = "GM9999"


def ensure_demo_team(db: sqlite_utils.Database) -> Team:
    """The team of the fictitious Gemeente Voorbeeld, named as in the sociale kaart; without users
    (no default password: add them with `jeugdwijzer users add`)."""
    bestaand = team_for_gemeente(db, DEMO_GEMEENTE)
    if bestaand:
        return bestaand
    naam = DEMO_TEAM
    try:
        dienst = kaart.lokaal_team(DEMO_GEMEENTE)
    except kaart.KaartNietBeschikbaar:  # the kaart is optional for the inbox
        dienst = None
    if dienst is None:
        log.warning("Sociale kaart niet beschikbaar; het demoteam heet %s", naam)
    else:
        naam = dienst.naam
    return add_team(db, naam, [DEMO_GEMEENTE])
