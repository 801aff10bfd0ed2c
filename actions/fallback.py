"""What the assistant does when it did not understand the message."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.crisis import stuur_veiligheidsvraag
from actions.referral import ActionVerwijzing
from bot import beurt, kennis, verwijzing
from bot.statistiek import record_niet_begrepen
from bot.taal.teksten import tekst
from bot.veiligheid.emergency import herinnering

KEUZES = [
    {"title": "Opvoeden en opgroeien", "payload": "/opvoeden_algemeen"},
    {"title": "Hulp van de gemeente", "payload": "/jeugdhulp_aanvragen"},
    {"title": "Ik ben jongere", "payload": '/informeren{"rol": "jongere"}'},
]
PRAAT_MET_IEMAND = {"title": "Praat met een medewerker", "payload": "/praten_met_mens"}
# Ask when unsure (README "Hoe goed begrijpt hij je?"): from this confidence the classifier's best
# topic is answered as a guess with the next topics as buttons; below it, the likely topics are
# offered as buttons. Both from the writer-grouped cross-validation (`jeugdwijzer eval --kruis`).
GOK = 0.15
KANDIDAAT = 0.05
MAX_KANDIDATEN = 3


JA = re.compile(r"(ja|jawel|jazeker|jep|yes|yeah|yep|klopt|inderdaad|zeker)\b")
NEE = re.compile(r"(nee|neen|nope|no|niet echt|welnee)\b")


def ja_of_nee(tekst: str) -> str | None:
    """`bevestigen` or `ontkennen` when a message opens with a yes or a no, else None."""
    begin = tekst.strip().lower()
    if JA.match(begin):
        return "bevestigen"
    if NEE.match(begin):
        return "ontkennen"
    return None


def kandidaten(message: dict[str, Any]) -> list[tuple[str, float]]:
    """The topics the classifier thought likely, best first (never crisis or the fallback)."""
    gevonden = []
    for rang in message.get("intent_ranking") or []:
        naam, kans = rang.get("name"), float(rang.get("confidence") or 0.0)
        if verwijzing.onderwerp(naam) is not None and kans >= KANDIDAAT:
            gevonden.append((naam, kans))
    return gevonden[:MAX_KANDIDATEN]


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


KORT_ANTWOORD = 3  # words: "hoezo?", "geen idee", "weet ik niet"


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
        taal = "en" if tracker.get_slot("taal") == "en" else "nl"
        antwoord = ja_of_nee(bericht.get("text") or "")
        if (
            tracker.get_slot("gevraagd") == verwijzing.ZORG_GROTER
            and antwoord
            and not tracker.get_slot("crisis_categorie")
        ):
            # "ja ik maak me eigenlijk wel echt zorgen": the answer to our own yes/no question,
            # also when the rest of the sentence left the classifier unsure.
            return ActionVerwijzing().beantwoord(antwoord, dispatcher, tracker, domain)
        leeftijd = str(tracker.get_slot("leeftijd") or "")
        treffer = kennis.zoek(
            bericht.get("text") or "",
            taal,
            leeftijd=int(leeftijd) if leeftijd.isdigit() else None,
            rol=tracker.get_slot("rol"),
        )
        waarschijnlijk = {naam for naam, _ in kandidaten(bericht)}
        if (
            treffer is not None
            and treffer.kennis.onderwerp in waarschijnlijk
            and not tracker.get_slot("crisis_categorie")
        ):
            # The topic model was unsure, but the knowledge base knows this question and its
            # topic is one the model thought likely: two signals that agree. A knowledge
            # answer on a topic the model did not consider would often be a near miss.
            return ActionVerwijzing().beantwoord(
                treffer.kennis.onderwerp, dispatcher, tracker, domain
            )
        # Counted anonymously; the masked text is kept only when the deployment opted in.
        record_niet_begrepen(
            bericht.get("text"),
            gemeente=tracker.get_slot("gemeente")
            or (bericht.get("metadata") or {}).get("gemeente"),
            taal=tracker.get_slot("taal"),
            sessie=tracker.sender_id,  # kept as a hash, so erasing the conversation reaches it
        )
        # After a crisis earlier in this conversation, stay careful: the help again, and a person.
        na_crisis = herinnering(
            tracker.get_slot("crisis_categorie"), tracker.get_slot("crisis_over"), taal=taal
        )
        opties = kandidaten(bericht)
        if opties and opties[0][1] >= GOK and not na_crisis:
            return self._gok(opties, dispatcher, tracker, domain, taal)
        buttons = [verwijzing.knop(i, taal) for i, _ in opties] or list(KEUZES)
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

    @staticmethod
    def _gok(
        opties: list[tuple[str, float]],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
        taal: str,
    ) -> list[dict[str, Any]]:
        """Unsure: answer the most likely topic, say it is a guess, offer the next ones."""
        beste = verwijzing.onderwerp(opties[0][0])
        assert beste is not None
        label = beste.knop.get(taal) or beste.knop["nl"]
        voorzet = tekst("fallback.gok", taal=taal, onderwerp=label.rstrip("?"))
        antwoord = CollectingDispatcher()
        events = ActionVerwijzing().beantwoord(beste.intent, antwoord, tracker, domain, voorzet)
        anders = [verwijzing.knop(i, taal) for i, _ in opties[1:]]
        dispatcher.messages.extend(met_andere_onderwerpen(antwoord.messages, anders, taal))
        return events


def met_andere_onderwerpen(
    berichten: list[dict[str, Any]], anders: list[dict[str, str]], taal: str
) -> list[dict[str, Any]]:
    """A guessed answer offers the other likely topics in place of its own topic buttons, in the
    same bubble: the turn stays within its bubbles and words (bot/beurt.py)."""
    if not anders:
        return berichten
    for bericht in reversed(berichten):
        if bericht.get("buttons"):
            stappen = [b for b in bericht["buttons"] if b.get("payload") in beurt.STAPPEN]
            ruimte = max(1, len(bericht["buttons"]) - len(stappen))  # one topic for one topic
            bericht["buttons"] = [*stappen, *anders[:ruimte]]
            return berichten
    return [*berichten, {"text": tekst("fallback.gok_anders", taal=taal), "buttons": anders}]


class ActionBuitenBereik(Action):
    """ "This is not what I am for" - except for a reply to the assistant's own question.

    After "Hoe oud is je kind?" or "In welke gemeente woon je?" a short reply ("hoezo?", "geen
    idee") or one that names a gemeente ("de school staat in Oldenzaal") answers that question,
    whatever the classifier thought of it alone: the topic's answer goes on without it.
    """

    def name(self) -> str:
        return "action_buiten_bereik"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        gevraagd = tracker.get_slot("gevraagd")
        if (
            gevraagd in (verwijzing.LEEFTIJD, verwijzing.GEMEENTE)
            and verwijzing.onderwerp(tracker.get_slot("onderwerp")) is not None
            and not tracker.get_slot("crisis_categorie")
            and self.antwoordt_op_vraag(gevraagd, (tracker.latest_message or {}).get("text") or "")
        ):
            return ActionVerwijzing().beantwoord("informeren", dispatcher, tracker, domain)
        dispatcher.utter_message(response="utter_buiten_bereik")
        return []

    @staticmethod
    def antwoordt_op_vraag(gevraagd: str, tekst_: str) -> bool:
        if len(tekst_.split()) <= KORT_ANTWOORD:
            return True
        if gevraagd != verwijzing.GEMEENTE:
            return False
        try:
            return verwijzing.standaard_kaart().vind_gemeente(tekst_) is not None
        except Exception:  # noqa: BLE001 - without the kaart: "not for me", as before
            return False
