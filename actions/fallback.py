"""What the assistant does when it did not understand the message."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.crisis import stuur_veiligheidsvraag
from actions.referral import ActionVerwijzing
from bot.statistiek import record_niet_begrepen
from bot.taal.teksten import tekst
from bot.veiligheid.emergency import herinnering

KEUZES = [
    {"title": "Opvoeden en opgroeien", "payload": "/opvoeden_algemeen"},
    {"title": "Hulp van de gemeente", "payload": "/jeugdhulp_aanvragen"},
    {"title": "Ik ben jongere", "payload": '/informeren{"rol": "jongere"}'},
]
PRAAT_MET_IEMAND = {"title": "Praat met een medewerker", "payload": "/praten_met_mens"}


def misunderstood_in_a_row(events: list[dict[str, Any]]) -> int:
    """How many of the latest user messages, counting back from the newest, were not understood."""
    count = 0
    for event in reversed(events):
        if event.get("event") != "user":
            continue
        if (event.get("parse_data") or {}).get("intent", {}).get("name") != "nlu_fallback":
            break
        count += 1
    return count


class ActionNietBegrepen(Action):
    def name(self) -> str:
        return "action_niet_begrepen"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        if tracker.get_slot("gevraagd") in ("leeftijd", "gemeente") and not tracker.get_slot(
            "crisis_categorie"
        ):
            # Not understood, but it answers the assistant's own question ("Zwolle", "bijna 3").
            return await ActionVerwijzing().run(dispatcher, tracker, domain)
        bericht = tracker.latest_message or {}
        # Counted anonymously; the masked text is kept only when the deployment opted in.
        record_niet_begrepen(
            bericht.get("text"),
            gemeente=tracker.get_slot("gemeente")
            or (bericht.get("metadata") or {}).get("gemeente"),
            taal=tracker.get_slot("taal"),
        )
        taal = "en" if tracker.get_slot("taal") == "en" else "nl"
        buttons = list(KEUZES)
        # After a crisis earlier in this conversation, stay careful: the help again, and a person.
        na_crisis = herinnering(
            tracker.get_slot("crisis_categorie"), tracker.get_slot("crisis_over"), taal=taal
        )
        if misunderstood_in_a_row(tracker.events) >= 2 or na_crisis:
            buttons.append(PRAAT_MET_IEMAND)
            dispatcher.utter_message(
                text=tekst("fallback.niet_begrepen_twee_keer", taal=taal), buttons=buttons
            )
        else:
            dispatcher.utter_message(
                text=tekst("fallback.niet_begrepen", taal=taal), buttons=buttons
            )
        if na_crisis:
            dispatcher.utter_message(text=na_crisis)
        return stuur_veiligheidsvraag(dispatcher, tracker, taal)
