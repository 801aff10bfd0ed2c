"""Validating the answers of the handoff form: what the citizen typed or clicked becomes a slot,
a wrong answer is asked again, and after two tries the form gives up kindly (actions/handoff.py
asks the questions and hands over).
"""

from __future__ import annotations

import json
import re
from typing import Any

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.handoff import (
    GEMEENTE_CODE_RE,
    MAX_POGINGEN,
    OVERGESLAGEN,
    STOPWOORDEN,
    _gesloten_tekst,
    _kaart_gemeente_code,
    _latest_intent,
    _team,
    contact_tekst,
    kanalen,
)
from bot import overdracht
from bot.taal.teksten import tekst

KANAAL_WOORDEN = (
    ("anoniem", ("anoniem",)),
    ("chat", ("chat", "nu praten", "typen")),
    ("terugbellen", ("bel", "telefoon")),
    ("email", ("mail",)),
)


KNOP_RE = re.compile(r"^/\w+(\{.*\})$")


def knop_code(text: str, sleutel: str) -> str | None:
    """The code a button sent (`/informeren{"handoff_kanaal": "email"}` -> "email"), else None."""
    match = KNOP_RE.match(text.strip())
    try:
        waarde = json.loads(match.group(1)).get(sleutel) if match else None
    except (ValueError, AttributeError):
        return None
    return waarde if isinstance(waarde, str) else None


def kanaal_uit_tekst(text: str) -> str | None:
    """The channel in words the citizen typed ("bel me maar"), for when there was no button."""
    schoon = (text or "").lower()
    for kanaal, woorden in KANAAL_WOORDEN:
        if any(woord in schoon for woord in woorden):
            return kanaal
    return None


def telefoon_uit_tekst(text: str) -> str | None:
    nummer = re.sub(r"[\s().-]", "", text or "")
    return nummer if overdracht.TELEFOON_RE.match(nummer) else None


JA = ("ja", "yes", "goed", "akkoord", "prima", "oke", "oké", "ok", "is goed", "dat is goed")
NEE = ("nee", "no", "niet", "liever niet")


def toestemming_uit_tekst(text: str) -> str | None:
    schoon = re.sub(r"[^a-zé ]", "", (text or "").lower()).strip()
    if not schoon:
        return None
    if schoon.startswith(NEE) or " niet" in schoon:
        return "nee"
    if schoon.startswith(JA):
        return "ja"
    return None


class ValidateHandoffForm(FormValidationAction):
    def name(self) -> str:
        return "validate_handoff_form"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[str]:
        if tracker.get_slot("handoff_einde"):  # gave up, said no, or no team: stop asking
            return []
        slots = ["handoff_gemeente", "handoff_onderwerp", "handoff_kanaal"]
        kanaal = tracker.get_slot("handoff_kanaal")
        if kanaal == "terugbellen":
            slots.append("handoff_telefoon")
        elif kanaal == "email":
            slots.append("handoff_email")
        if kanaal in ("chat", "terugbellen", "email"):
            slots.append("handoff_naam")
        return [*slots, "handoff_toestemming"]

    async def extract_handoff_gemeente(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        """Known already? From the NLU's gemeente slot or the widget's metadata."""
        if tracker.get_slot("handoff_gemeente"):
            return {}
        metadata = (tracker.latest_message or {}).get("metadata") or {}
        code = tracker.get_slot("gemeente") or metadata.get("gemeente")
        return {"handoff_gemeente": code} if code else {}

    async def run(self, dispatcher, tracker, domain):
        events = await super().run(dispatcher, tracker, domain)
        if _latest_intent(tracker) == "crisis" and not tracker.get_slot("handoff_crisis"):
            # A message about danger during the form: the numbers first, and the team sees it.
            dispatcher.utter_message(text=tekst("handoff.noodnummers"))
            events.append(SlotSet("handoff_crisis", True))
        return events

    def _mislukt(
        self, slot: str, melding: str, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> dict[str, Any]:
        """A wrong answer: say what is wrong and ask again; after two tries, give up kindly."""
        pogingen = dict(tracker.get_slot("handoff_pogingen") or {})
        pogingen[slot] = pogingen.get(slot, 0) + 1
        if pogingen[slot] >= MAX_POGINGEN:
            gemeente = tracker.get_slot("handoff_gemeente")
            dispatcher.utter_message(
                text=tekst("handoff.opgegeven", contact=contact_tekst(gemeente))
            )
            dispatcher.utter_message(text=tekst("handoff.noodnummers"))
            return {slot: None, "handoff_pogingen": pogingen, "handoff_einde": "opgegeven"}
        dispatcher.utter_message(text=melding)
        return {slot: None, "handoff_pogingen": pogingen}

    def _stoppen(self, value: Any, slot: str, tracker: Tracker) -> dict[str, Any] | None:
        if str(value or "").strip().lower() in STOPWOORDEN:
            return {slot: None, "handoff_einde": "gestopt"}
        return None

    def validate_handoff_gemeente(self, value, dispatcher, tracker, domain):
        code = value if GEMEENTE_CODE_RE.fullmatch(str(value or "")) else None
        code = code or _kaart_gemeente_code(str(value or ""))
        if code is None:
            return self._stoppen(value, "handoff_gemeente", tracker) or self._mislukt(
                "handoff_gemeente", tekst("handoff.gemeente_onbekend"), dispatcher, tracker
            )
        if _team(code) is None:
            dispatcher.utter_message(
                text=tekst("handoff.geen_team") + " " + tekst("handoff.noodnummers")
            )
            return {"handoff_gemeente": code, "handoff_einde": "geen_team"}
        return {"handoff_gemeente": code.upper()}

    def validate_handoff_onderwerp(self, value, dispatcher, tracker, domain):
        text = str(value or "").strip()
        if text.lower() in (tekst("handoff.overslaan").lower(), "nee", "/ontkennen"):
            return {"handoff_onderwerp": OVERGESLAGEN}
        return self._stoppen(text, "handoff_onderwerp", tracker) or {
            "handoff_onderwerp": text[:1000] or OVERGESLAGEN
        }

    def validate_handoff_kanaal(self, value, dispatcher, tracker, domain):
        kanaal = knop_code(str(value or ""), "handoff_kanaal") or kanaal_uit_tekst(str(value or ""))
        keuzes, tijd = kanalen(tracker.get_slot("handoff_gemeente"), tracker.get_slot("rol"))
        if kanaal in keuzes:
            return {"handoff_kanaal": kanaal}
        if kanaal in overdracht.CHAT_KANALEN:
            team = _team(tracker.get_slot("handoff_gemeente"))
            melding = _gesloten_tekst(team.naam if team else "het team", tijd)
        else:
            melding = tekst("handoff.kanaal_onbekend")
        return self._stoppen(value, "handoff_kanaal", tracker) or self._mislukt(
            "handoff_kanaal", melding, dispatcher, tracker
        )

    def validate_handoff_telefoon(self, value, dispatcher, tracker, domain):
        nummer = telefoon_uit_tekst(str(value or ""))
        if nummer:
            return {"handoff_telefoon": nummer}
        return self._stoppen(value, "handoff_telefoon", tracker) or self._mislukt(
            "handoff_telefoon", tekst("handoff.telefoon_fout"), dispatcher, tracker
        )

    def validate_handoff_email(self, value, dispatcher, tracker, domain):
        adres = str(value or "").strip()
        if overdracht.EMAIL_RE.match(adres) and len(adres) <= 254:
            return {"handoff_email": adres}
        return self._stoppen(value, "handoff_email", tracker) or self._mislukt(
            "handoff_email", tekst("handoff.email_fout"), dispatcher, tracker
        )

    def validate_handoff_naam(self, value, dispatcher, tracker, domain):
        naam = str(value or "").strip()
        if naam.lower() in (tekst("handoff.overslaan").lower(), "nee", "/ontkennen", ""):
            return {"handoff_naam": OVERGESLAGEN}
        return self._stoppen(naam, "handoff_naam", tracker) or {"handoff_naam": naam[:100]}

    def validate_handoff_toestemming(self, value, dispatcher, tracker, domain):
        antwoord = toestemming_uit_tekst(str(value or ""))
        if _latest_intent(tracker) == "bevestigen":
            antwoord = antwoord or "ja"
        if _latest_intent(tracker) == "ontkennen":
            antwoord = antwoord or "nee"
        if antwoord == "ja":
            return {"handoff_toestemming": "ja"}
        if antwoord == "nee":
            return {"handoff_toestemming": "nee", "handoff_einde": "geen_toestemming"}
        return self._mislukt(
            "handoff_toestemming", tekst("handoff.toestemming_onduidelijk"), dispatcher, tracker
        )
