"""The warm handoff form: ask only what the chosen channel needs, ask consent, then hand over.

handoff_form asks: gemeente (when unknown) -> topic (optional) -> how to be contacted -> phone or
e-mail -> name (optional) -> consent that shows what is shared, with whom and for how long.
Nothing is stored before the yes; the confirmation is sent only after the handoff is committed.
Every question gives up kindly after two failed tries and says how to reach the team directly.
"""

from __future__ import annotations

import logging
import re
import threading
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot import handoff, notify, users
from bot.config import load_settings
from bot.store import open_db
from bot.teksten import tekst

log = logging.getLogger(__name__)

FORM = "handoff_form"
SLOTS = (
    "handoff_gemeente",
    "handoff_onderwerp",
    "handoff_kanaal",
    "handoff_telefoon",
    "handoff_email",
    "handoff_naam",
    "handoff_toestemming",
    "handoff_pogingen",
    "handoff_einde",
    "handoff_crisis",
)
OVERGESLAGEN = "-"  # an optional answer the citizen skipped (a slot must not stay None)
MAX_POGINGEN = 2
GEMEENTE_CODE_RE = re.compile(r"\bGM\d{4}\b", re.IGNORECASE)
STOPWOORDEN = {"stop", "stoppen", "laat maar", "annuleren", "ik wil niet meer", "/stop"}


def _db():
    return open_db(load_settings().app_db)


def _team(gemeente: str | None) -> users.Team | None:
    if not gemeente:
        return None
    db = _db()
    try:
        return users.team_for_gemeente(db, gemeente)
    finally:
        db.conn.close()


def _kaart_gemeente_code(text: str) -> str | None:
    match = GEMEENTE_CODE_RE.search(text or "")
    if match:
        return match.group(0).upper()
    try:
        from bot import kaart

        gevonden = kaart.vind_gemeente(text)
    except Exception:  # noqa: BLE001 - without the kaart only codes work
        log.warning("Sociale kaart niet beschikbaar voor het zoeken van een gemeente")
        return None
    return gevonden.code if gevonden else None


def contact_tekst(gemeente: str | None) -> str:
    """How to reach the team without this chat: e-mail or website from the kaart, if known."""
    team = _team(gemeente)
    naam = team.naam if team else "het team"
    dienst = None
    if gemeente:
        try:
            from bot import kaart

            dienst = kaart.lokaal_team(gemeente)
        except Exception:  # noqa: BLE001 - fall back to the team's own address
            dienst = None
    email = (dienst.email if dienst else "") or (team.email if team else "")
    if email:
        return tekst("handoff.contact_email", email=email)
    if dienst and dienst.website:
        return tekst("handoff.contact_website", team=naam, url=dienst.website)
    return tekst("handoff.contact_geen")


def _knoppen(*titels: str) -> list[dict[str, str]]:
    return [{"title": t, "payload": t} for t in titels]


def _latest_intent(tracker: Tracker) -> str:
    return ((tracker.latest_message or {}).get("intent") or {}).get("name") or ""


def kanalen(gemeente: str, rol: str | None, now=None) -> tuple[list[str], handoff.Openingstijd]:
    """The channels to offer now: chat only while the team is open; anonymous chat for jongeren."""
    tijd = handoff.openingstijd(gemeente, now)
    keuzes = []
    if tijd.open:
        keuzes.append("chat")
        if rol != "ouder":
            keuzes.append("anoniem")
    keuzes += ["terugbellen", "email"]
    return keuzes, tijd


KANAAL_WOORDEN = (
    ("anoniem", ("anoniem",)),
    ("chat", ("chat", "nu praten", "typen")),
    ("terugbellen", ("bel", "telefoon")),
    ("email", ("mail",)),
)


def kanaal_uit_tekst(text: str) -> str | None:
    schoon = (text or "").lower()
    for kanaal, woorden in KANAAL_WOORDEN:
        if any(woord in schoon for woord in woorden):
            return kanaal
    return None


def telefoon_uit_tekst(text: str) -> str | None:
    nummer = re.sub(r"[\s().-]", "", text or "")
    return nummer if handoff.TELEFOON_RE.match(nummer) else None


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
        kanaal = kanaal_uit_tekst(str(value or ""))
        keuzes, tijd = kanalen(tracker.get_slot("handoff_gemeente"), tracker.get_slot("rol"))
        if kanaal in keuzes:
            return {"handoff_kanaal": kanaal}
        if kanaal in handoff.CHAT_KANALEN:
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
        if handoff.EMAIL_RE.match(adres) and len(adres) <= 254:
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


def _gesloten_tekst(team: str, tijd: handoff.Openingstijd) -> str:
    if tijd.open is None or tijd.volgende is None:
        return tekst("handoff.team_gesloten_onbekend", team=team)
    return tekst("handoff.team_gesloten", team=team, wanneer=tijd.wanneer())


# ---------------------------------------------------------------- the questions


class _Vraag(Action):
    """Asks for one slot of the form; the text lives in bot/data/teksten/handoff.yml."""

    slot = ""
    sleutel = ""
    overslaan = False

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    def _team_naam(self, tracker: Tracker) -> str:
        team = _team(tracker.get_slot("handoff_gemeente"))
        return team.naam if team else "het team"

    async def run(self, dispatcher, tracker, domain):
        knoppen = _knoppen(tekst("handoff.overslaan")) if self.overslaan else []
        dispatcher.utter_message(text=tekst(self.sleutel), buttons=knoppen)
        return []


class AskGemeente(_Vraag):
    slot, sleutel = "handoff_gemeente", "handoff.vraag_gemeente"


class AskOnderwerp(_Vraag):
    slot, sleutel, overslaan = "handoff_onderwerp", "handoff.vraag_onderwerp", True


class AskTelefoon(_Vraag):
    slot, sleutel = "handoff_telefoon", "handoff.vraag_telefoon"


class AskEmail(_Vraag):
    slot, sleutel = "handoff_email", "handoff.vraag_email"


class AskNaam(_Vraag):
    slot, sleutel, overslaan = "handoff_naam", "handoff.vraag_naam", True


class AskKanaal(_Vraag):
    slot = "handoff_kanaal"

    async def run(self, dispatcher, tracker, domain):
        team = self._team_naam(tracker)
        keuzes, tijd = kanalen(tracker.get_slot("handoff_gemeente"), tracker.get_slot("rol"))
        if not tijd.open:
            dispatcher.utter_message(
                text=_gesloten_tekst(team, tijd) + "\n\n" + tekst("handoff.noodnummers")
            )
        dispatcher.utter_message(
            text=tekst("handoff.vraag_kanaal", team=team),
            buttons=_knoppen(*(tekst(f"handoff.kanaal_{k}") for k in keuzes)),
        )
        return []


def wat_gedeeld_wordt(tracker: Tracker) -> str:
    regels = [tekst("handoff.wat_samenvatting"), tekst("handoff.wat_gesprek")]
    for slot, sleutel in (
        ("handoff_telefoon", "handoff.wat_telefoon"),
        ("handoff_email", "handoff.wat_email"),
        ("handoff_naam", "handoff.wat_naam"),
    ):
        waarde = tracker.get_slot(slot)
        if waarde and waarde != OVERGESLAGEN and tracker.get_slot("handoff_kanaal") != "anoniem":
            regels.append(tekst(sleutel, waarde=waarde))
    return "\n".join(regels)


class AskToestemming(_Vraag):
    slot = "handoff_toestemming"

    async def run(self, dispatcher, tracker, domain):
        dispatcher.utter_message(
            text=tekst(
                "handoff.vraag_toestemming",
                team=self._team_naam(tracker),
                wat=wat_gedeeld_wordt(tracker),
                dagen=load_settings().retention_days,
            ),
            buttons=_knoppen(tekst("handoff.toestemming_ja"), tekst("handoff.toestemming_nee")),
        )
        return []


# ---------------------------------------------------------------- after the form


def _waarde(tracker: Tracker, slot: str) -> str | None:
    waarde = tracker.get_slot(slot)
    return None if waarde in (None, OVERGESLAGEN) else str(waarde)


class ActionHandoffAfronden(Action):
    """Stores the consented handoff, notifies the team, then confirms what happens next."""

    def name(self) -> str:
        return "action_handoff_afronden"

    async def run(self, dispatcher, tracker, domain):
        reset = [SlotSet(slot, None) for slot in SLOTS]
        einde = tracker.get_slot("handoff_einde")
        gemeente = tracker.get_slot("handoff_gemeente")
        if einde in ("geen_toestemming", "gestopt"):
            dispatcher.utter_message(
                text=tekst("handoff.geen_toestemming", contact=contact_tekst(gemeente))
            )
        if einde or tracker.get_slot("handoff_toestemming") != "ja":
            return reset  # the message was sent where the form stopped

        settings = load_settings()
        db = open_db(settings.app_db)
        team = users.team_for_gemeente(db, gemeente)
        kanaal = tracker.get_slot("handoff_kanaal")
        samenvatting, crisis = handoff.samenvatting_uit_events(
            tracker.events,
            {"leeftijd": tracker.get_slot("leeftijd"), "rol": tracker.get_slot("rol")},
        )
        try:
            handoff_id = handoff.create(
                db,
                session=tracker.sender_id,
                team=team,
                gemeente=gemeente,
                kanaal=kanaal,
                onderwerp=_waarde(tracker, "handoff_onderwerp"),
                samenvatting=samenvatting,
                transcript=handoff.gesprek_uit_events(tracker.events),
                naam=_waarde(tracker, "handoff_naam"),
                telefoon=_waarde(tracker, "handoff_telefoon"),
                email=_waarde(tracker, "handoff_email"),
                crisis=crisis or bool(tracker.get_slot("handoff_crisis")),
            )
        except Exception:  # noqa: BLE001 - say so honestly; nothing was confirmed
            log.exception("Overdracht opslaan mislukt")
            dispatcher.utter_message(
                text=tekst("handoff.opslaan_mislukt", contact=contact_tekst(gemeente))
                + "\n\n"
                + tekst("handoff.noodnummers")
            )
            return reset
        finally:
            db.conn.close()
        threading.Thread(
            target=_meld, args=(settings, handoff_id), daemon=True, name="melding"
        ).start()

        if kanaal in handoff.CHAT_KANALEN:
            dispatcher.utter_message(
                text=tekst(f"handoff.bevestiging_{kanaal}", team=team.naam),
                json_message={"handoff": {"state": "wachten", "team": team.naam}},
            )
        else:
            delen = [tekst(f"handoff.bevestiging_{kanaal}", team=team.naam)]
            tijd = handoff.openingstijd(gemeente)
            if tijd.open is False and tijd.volgende:
                delen.append(tekst("handoff.weer_open", wanneer=tijd.wanneer()))
            delen.append("\n\n" + tekst("handoff.noodnummers"))
            dispatcher.utter_message(text=" ".join(delen))
        return reset


def _meld(settings, handoff_id: int) -> None:
    db = open_db(settings.app_db)
    try:
        notify.notify_new_handoff(settings, db, handoff_id)
    finally:
        db.conn.close()
