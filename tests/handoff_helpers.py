"""Small builders for the handoff, inbox and auth tests: teams, staff, a logged-in client."""

from __future__ import annotations

import asyncio
import re
import time
from pathlib import Path

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot import overdracht as handoff
from bot import users
from bot.store import open_app_db as open_db
from bot.taal.yamlbestand import lees_yaml
from web.invoer import nieuwe_sessie

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


# ---------------------------------------------------------------- the form without Rasa

ROOT = Path(__file__).resolve().parent.parent
DOMAIN = lees_yaml(ROOT / "domain.yml")
# A session id as the web app issues it (signed with the test settings' secret key).
SESSIE = nieuwe_sessie("test-secret", "burger-sessie-0123456789abcdef01")


class Gesprek:
    """Drives handoff_form the way Rasa does: the answer fills the requested slot (from_text),
    validate_handoff_form checks it, then the next question is asked or the form is finished.

    The real loop inside Rasa is covered by the slow end-to-end test.
    """

    def __init__(self, metadata=None, slots=None, session=SESSIE):
        from actions.handoff import ActionHandoffAfronden
        from actions.handoff_form import ValidateHandoffForm

        self.validate = ValidateHandoffForm()
        self.afronden = ActionHandoffAfronden()
        self.session = session
        self.metadata = {"gemeente": "GM9999"} if metadata is None else metadata
        self.slots = {name: None for name in DOMAIN["slots"]}
        self.slots["requested_slot"] = None
        self.slots.update(slots or {})
        self.events: list[dict] = []
        self.active = False

    def _tracker(self, latest):
        loop = {"name": "handoff_form"} if self.active else {}
        return Tracker(
            self.session,
            dict(self.slots),
            latest,
            list(self.events),
            False,
            None,
            loop,
            "action_listen",
        )

    def _run(self, action, latest) -> list[dict]:
        dispatcher = CollectingDispatcher()
        events = asyncio.run(action.run(dispatcher, self._tracker(latest), DOMAIN))
        for event in events:
            self.slots[event["name"]] = event["value"]
            self.events.append(event)
        for message in dispatcher.messages:
            self.events.append(
                {"event": "bot", "text": message.get("text"), "timestamp": time.time()}
            )
        return dispatcher.messages

    def user(self, text, intent="informeren"):
        latest = {
            "text": text,
            "intent": {"name": intent},
            "entities": [],
            "metadata": self.metadata,
        }
        self.events.append(
            {"event": "user", "text": text, "parse_data": latest, "timestamp": time.time()}
        )
        return latest

    def bot(self, text):
        self.events.append({"event": "bot", "text": text, "timestamp": time.time()})

    def zeg(self, text, intent="informeren") -> list[dict]:
        """One turn of the citizen inside (or starting) the form; returns the bot's messages."""
        if not self.active:
            intent = "praten_met_mens"
        latest = self.user(text, intent)
        if not self.active:
            self.active = True
            self.events.append({"event": "active_loop", "name": "handoff_form"})
        else:
            slot = self.slots["requested_slot"]
            self.slots[slot] = text
            self.events.append({"event": "slot", "name": slot, "value": text})
        messages = self._run(self.validate, latest)
        volgende = self.slots["requested_slot"]
        if volgende:
            from actions import handoff as handoff_actions

            vraag = next(
                cls() for cls in handoff_actions._Vraag.__subclasses__() if cls.slot == volgende
            )
            return messages + self._run(vraag, latest)
        self.active = False
        self.events.append({"event": "active_loop", "name": None})
        return messages + self._run(self.afronden, latest)


def teksten(messages) -> str:
    return "\n".join(m.get("text") or "" for m in messages)


def knoppen(messages) -> list[str]:
    return [b["title"] for m in messages for b in m.get("buttons") or []]
