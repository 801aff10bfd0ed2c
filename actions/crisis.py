"""The crisis answer: the right help lines first, then an offer to talk with the lokale team.

The NLU pipeline's crisis detector (bot/nlu/crisis.py) sets the intent `crisis` and the entities
that fill the slots `crisis_categorie` and `crisis_over`. The category stays in its slot for the
rest of the conversation; statistics get only the category, never the text.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.statistiek import record_event
from bot.taal.teksten import tekst
from bot.veiligheid.crisis import CATEGORIEEN, Signaal, detect
from bot.veiligheid.crisisvervolg import veiligheidsvraag, vervolg
from bot.veiligheid.emergency import crisisbericht


def signaal_uit(tracker: Tracker) -> Signaal | None:
    """The signal of the latest message; None when the intent came from the classifier alone."""
    signaal = detect(tracker.latest_message.get("text") or "")
    if signaal is not None:
        return signaal
    categorie = _entity(tracker, "crisis_categorie")
    if categorie in CATEGORIEEN:
        over = "ander" if _entity(tracker, "crisis_over") == "ander" else "zelf"
        return Signaal(categorie, (categorie,), over, True, ("entity",))
    gevraagd = tracker.get_slot("veiligheidsvraag")
    if gevraagd in CATEGORIEEN:  # the answer to our safety question: yes, there is danger
        return Signaal(gevraagd, (gevraagd,), "zelf", True, ("veiligheidsvraag",))
    return None


def _entity(tracker: Tracker, name: str) -> str | None:
    for entity in tracker.latest_message.get("entities") or []:
        if entity.get("entity") == name:
            return entity.get("value")
    return None


def knoppen(signaal: Signaal | None, taal: str) -> list[dict[str, str]]:
    buttons = [{"title": tekst("crisis.knop_medewerker", taal=taal), "payload": "/praten_met_mens"}]
    if signaal is None or signaal.categorie in ("geweld", "seksueel"):
        buttons.append(
            {"title": tekst("crisis.knop_veilig_thuis", taal=taal), "payload": "/info_veilig_thuis"}
        )
    buttons.append(
        {"title": tekst("crisis.knop_andere_hulp", taal=taal), "payload": "/hulp_algemeen"}
    )
    return buttons


class ActionCrisis(Action):
    def name(self) -> str:
        return "action_crisis"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        taal = "en" if tracker.get_slot("taal") == "en" else "nl"
        signaal = signaal_uit(tracker)
        # Only the classifier thought so (no signal, no button): say kindly it may be wrong.
        twijfel = signaal is None and not (tracker.latest_message.get("text") or "").startswith("/")
        volwassen = tracker.get_slot("rol") in ("ouder", "professional")
        hulp = crisisbericht(signaal, taal=taal, twijfel=twijfel, volwassen=volwassen)
        if hulp in eerdere_antwoorden(tracker):
            # The same danger again: a short, direct answer, not the whole crisis text twice.
            return await ActionCrisisVervolg().run(dispatcher, tracker, domain)
        # One bubble: the buttons (a person of the gemeente, more help) speak for themselves.
        dispatcher.utter_message(text=hulp, buttons=knoppen(signaal, taal))

        categorie = signaal.categorie if signaal else tracker.get_slot("crisis_categorie")
        record_event(
            "crisis",
            crisis_categorie=categorie or "onbekend",
            # On a first message the slot is often empty: the widget's gemeente counts then.
            gemeente=tracker.get_slot("gemeente")
            or (tracker.latest_message.get("metadata") or {}).get("gemeente"),
            taal=taal,
        )
        # A crisis takes over a form: the help first, the form's questions stop.
        events: list[dict[str, Any]] = []
        if tracker.get_slot("veiligheidsvraag"):
            events.append(SlotSet("veiligheidsvraag", None))  # answered: the crisis takes over
        if tracker.active_loop.get("name"):
            events += [ActiveLoop(None), SlotSet("requested_slot", None)]
        if signaal is None:
            return events
        return [
            *events,
            SlotSet("crisis_categorie", signaal.categorie),
            SlotSet("crisis_over", signaal.over),
        ]


def eerdere_antwoorden(tracker: Tracker) -> set[str]:
    """Every text the assistant sent earlier in this conversation."""
    return {e.get("text") or "" for e in tracker.events if e.get("event") == "bot"}


def vorig_antwoord(tracker: Tracker) -> str:
    """The assistant's last text before the newest user message."""
    gezien_gebruiker = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            if gezien_gebruiker:
                return ""
            gezien_gebruiker = True
        elif event.get("event") == "bot" and gezien_gebruiker:
            return event.get("text") or ""
    return ""


class ActionCrisisVervolg(Action):
    """Every message after a crisis answer: short and direct, with the number that fits."""

    def name(self) -> str:
        return "action_crisis_vervolg"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        taal = "en" if tracker.get_slot("taal") == "en" else "nl"
        antwoord = vervolg(
            tracker.latest_message.get("text") or "",
            tracker.get_slot("crisis_categorie"),
            tracker.get_slot("crisis_over"),
            taal=taal,
            vorige=vorig_antwoord(tracker),
        )
        dispatcher.utter_message(text=antwoord, buttons=knoppen(None, taal)[:1])
        return []


def stuur_veiligheidsvraag(
    dispatcher: CollectingDispatcher, tracker: Tracker, taal: str
) -> list[dict[str, Any]]:
    """The grey zone: the detector saw a possible danger it is not sure of. Ask once, kindly;
    the slot tells crisis mode that a "ja" or a crisis question next is about that danger."""
    categorie = _entity(tracker, "crisis_twijfel")
    if not categorie or tracker.get_slot("crisis_categorie"):
        return []
    dispatcher.utter_message(text=veiligheidsvraag(taal))
    record_event("veiligheidsvraag", crisis_categorie=categorie, taal=taal)
    return [SlotSet("veiligheidsvraag", categorie)]
