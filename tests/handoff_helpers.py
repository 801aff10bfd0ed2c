"""Small builders for the handoff, inbox and auth tests: teams, staff, a logged-in client."""

from __future__ import annotations

import re

from bot import handoff, users
from bot.store import open_db

WACHTWOORD = "een lang wachtwoord"


def db(settings):
    return open_db(settings.app_db)


def make_team(settings, naam="Wijkteam Voorbeeld", gemeente="GM9999", **extra) -> users.Team:
    return users.add_team(db(settings), naam, [gemeente], **extra)


def make_user(settings, team, email="an@voorbeeld.nl", rol="medewerker", naam="An"):
    return users.add_user(db(settings), team.id, email, WACHTWOORD, rol=rol, naam=naam)


def csrf(client) -> str:
    """The CSRF token of the client's session (after it opened any page with a form)."""
    page = client.get("/inbox/login").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def login(client, email="an@voorbeeld.nl", password=WACHTWOORD):
    return client.post(
        "/inbox/login",
        data={"email": email, "password": password, "csrf_token": csrf(client)},
    )


def post_form(client, path, **data):
    """A form POST from a page of the inbox, with the session's CSRF token."""
    with client.session_transaction() as session:
        token = session.get("csrf") or ""
    if not token:
        token = csrf(client)
    return client.post(path, data={"csrf_token": token, **data})


def make_handoff(settings, team, session="s" * 32, kanaal="chat", **extra) -> int:
    values = {
        "gemeente": team.gemeenten[0],
        "onderwerp": "Mijn zoon slaapt slecht",
        "samenvatting": {"onderwerpen": ["opvoeden slapen"], "leeftijd": 7, "advies": []},
        "transcript": [("burger", "Mijn zoon slaapt slecht", "2026-01-05T10:00:00+00:00")],
    }
    values.update(extra)
    return handoff.create(db(settings), session=session, team=team, kanaal=kanaal, **values)
