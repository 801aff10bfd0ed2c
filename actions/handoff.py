"""The warm handoff form: ask only what the chosen channel needs, ask consent, then hand over.

handoff_form asks: gemeente (when unknown) -> topic (optional) -> how to be contacted -> phone or
e-mail -> name (optional) -> consent that shows what is shared, with whom and for how long.
Nothing is stored before the yes; the confirmation is sent only after the handoff is committed.
Every question gives up kindly after two failed tries and says how to reach the team directly.
"""

from __future__ import annotations

import json
import logging
import re
import threading

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet

from bot import kaart, overdracht, users
from bot.config import load_settings
from bot.overdracht import outbox
from bot.store import open_app_db
from bot.taal.teksten import tekst

log = logging.getLogger(__name__)

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
    return open_app_db(load_settings().app_db)


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
        gevonden = kaart.vind_gemeente(text)
    except kaart.KaartNietBeschikbaar:  # without the kaart only codes work
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
            dienst = kaart.lokaal_team(gemeente)
        except kaart.KaartNietBeschikbaar:  # fall back to the team's own address
            dienst = None
    email = (dienst.email if dienst else "") or (team.email if team else "")
    if email:
        return tekst("handoff.contact_email", email=email)
    if dienst and dienst.website:
        return tekst("handoff.contact_website", team=naam, url=dienst.website)
    return tekst("handoff.contact_geen")


# Buttons send codes, never their Dutch title: renaming a button cannot break the form.
OVERSLAAN = "/ontkennen"
JA_KNOP, NEE_KNOP = "/bevestigen", "/ontkennen"


def kanaal_knop(kanaal: str) -> str:
    """The payload of a channel button: `/informeren{"handoff_kanaal": "terugbellen"}`."""
    return "/informeren" + json.dumps({"handoff_kanaal": kanaal})


def _knoppen(*knoppen: tuple[str, str]) -> list[dict[str, str]]:
    return [{"title": titel, "payload": payload} for titel, payload in knoppen]


def _latest_intent(tracker: Tracker) -> str:
    return ((tracker.latest_message or {}).get("intent") or {}).get("name") or ""


def kanalen(gemeente: str, rol: str | None, now=None) -> tuple[list[str], overdracht.Openingstijd]:
    """The channels to offer now: chat only while the team is open; anonymous chat for jongeren."""
    tijd = overdracht.openingstijd(gemeente, now)
    keuzes = []
    if tijd.open:
        keuzes.append("chat")
        if rol != "ouder":
            keuzes.append("anoniem")
    keuzes += ["terugbellen", "email"]
    return keuzes, tijd


def _gesloten_tekst(team: str, tijd: overdracht.Openingstijd) -> str:
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
        knoppen = _knoppen((tekst("handoff.overslaan"), OVERSLAAN)) if self.overslaan else []
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
        # What "Nu chatten" and "Anoniem chatten" mean, one line each, under the question.
        uitleg = [tekst(f"handoff.uitleg_{k}") for k in keuzes if k in overdracht.CHAT_KANALEN]
        dispatcher.utter_message(
            text="\n".join([tekst("handoff.vraag_kanaal", team=team), *uitleg]),
            buttons=_knoppen(*((tekst(f"handoff.kanaal_{k}"), kanaal_knop(k)) for k in keuzes)),
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
            buttons=_knoppen(
                (tekst("handoff.toestemming_ja"), JA_KNOP),
                (tekst("handoff.toestemming_nee"), NEE_KNOP),
            ),
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
        db = open_app_db(settings.app_db)
        team = users.team_for_gemeente(db, gemeente)
        kanaal = tracker.get_slot("handoff_kanaal")
        events = overdracht.heel_gesprek(tracker.events, settings.tracker_db, tracker.sender_id)
        samenvatting, crisis = overdracht.samenvatting_uit_events(
            events,
            {"leeftijd": tracker.get_slot("leeftijd"), "rol": tracker.get_slot("rol")},
        )
        try:
            handoff_id = overdracht.create(
                db,
                session=tracker.sender_id,
                team=team,
                gemeente=gemeente,
                kanaal=kanaal,
                onderwerp=_waarde(tracker, "handoff_onderwerp"),
                samenvatting=samenvatting,
                transcript=overdracht.gesprek_uit_events(events),
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
        # Marked, so the web layer knows the citizen saw it; else it confirms it itself.
        bericht = overdracht.bevestigingsbericht(handoff_id, kanaal, team.naam, gemeente)
        dispatcher.utter_message(text=bericht["text"], json_message=bericht["custom"])
        return reset


def _meld(settings, handoff_id: int) -> None:
    """Deliver the notification now; if this process dies first, the web process delivers it."""
    db = open_app_db(settings.app_db)
    try:
        outbox.bezorg(settings, db, handoff_id)
    finally:
        db.conn.close()
