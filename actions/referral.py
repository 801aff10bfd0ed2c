"""The referral action: answers every topic with a next step, asking one thing at a time.

Thin adapter: reads what we know from the tracker, asks bot.verwijzing, sends the messages,
records one anonymous statistic per referral, and remembers what it asked in slots.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.crisis import stuur_veiligheidsvraag
from bot import kennis, verwijzing
from bot.statistiek import record_event
from bot.taal import herkenning
from bot.taal.teksten import tekst
from bot.verwijzing import GEMEENTE, LEEFTIJD, ZORG_GROTER, Antwoord, Bericht, Situatie

log = logging.getLogger(__name__)

TALEN = ("nl", "en")
# The fallback action hands over a message it did not understand when it answers our question.
NIET_BEGREPEN = "nlu_fallback"
# Slots of the NLU part (entities recognised in every message) this action reads.
KENMERKEN = ("leeftijd", "rol", "gemeente", "taal")
# Topics offered when we do not know yet what someone's question is about.
START_ONDERWERPEN = {
    "jongere": ("zorg_somber", "zorg_pesten", "achttien_worden"),
    "ouder": ("opvoeden_algemeen", "zorg_gedrag", "jeugdhulp_aanvragen"),
}


def _entities(tracker: Tracker) -> dict[str, Any]:
    return {
        e.get("entity"): e.get("value")
        for e in (tracker.latest_message or {}).get("entities") or []
        if e.get("entity") in KENMERKEN
    }


def _metadata(tracker: Tracker) -> dict[str, Any]:
    return (tracker.latest_message or {}).get("metadata") or {}


def situatie_uit(tracker: Tracker, kaart: verwijzing.Kaart | None = None) -> Situatie:
    """What we know: this message's entities first, then slots, then the widget's gemeente."""
    nieuw = _entities(tracker)

    def waarde(naam: str) -> Any:
        return nieuw.get(naam) or tracker.get_slot(naam)

    gemeente = waarde("gemeente") or _metadata(tracker).get("gemeente")
    gemeente_onbekend = False
    if not gemeente and tracker.get_slot("gevraagd") == GEMEENTE and kaart is not None:
        # They answered our question with a place the NLU did not tag: look it up in the kaart.
        antwoord = (tracker.latest_message or {}).get("text") or ""
        try:
            gemeente = kaart.vind_gemeente(antwoord)
        except Exception:  # noqa: BLE001 - fall back to the national routes
            gemeente = None
        # "weet ik niet", "10" or "niet ik, mn zoon" is no place: never an unknown gemeente.
        gemeente_onbekend = gemeente is None and herkenning.lijkt_plaatsnaam(antwoord)
    taal = waarde("taal")
    return Situatie(
        leeftijd=verwijzing.leeftijd_uit(waarde("leeftijd")),
        rol=waarde("rol"),
        gemeente=gemeente or None,
        taal=taal if taal in TALEN else "nl",
        al_gevraagd=tuple(tracker.get_slot("al_gevraagd") or ()),
        gemeente_onbekend=gemeente_onbekend,
    )


def _stuur(
    dispatcher: CollectingDispatcher,
    antwoord: Antwoord,
    voorzet: str = "",
    kaarten: list[dict[str, Any]] | None = None,
) -> None:
    """Send the answer; `voorzet` goes in front of the first bubble (the bot's best guess).

    A message that holds service cards also carries them as data (`custom.kaarten`), each with
    its exact text, so the widget draws them with buttons; other clients keep the text."""
    over = list(kaarten or [])
    for i, bericht in enumerate(antwoord.berichten):
        if i == 0 and voorzet:
            bericht = Bericht(f"{voorzet} {bericht.text}", bericht.buttons)
        extra: dict[str, Any] = {"buttons": bericht.buttons} if bericht.buttons else {}
        hier = [k for k in over if k["text"] in bericht.text]
        if hier:
            over = [k for k in over if k not in hier]
            extra["json_message"] = {"kaarten": hier}
        dispatcher.utter_message(text=bericht.text, **extra)


def kaarten_van(
    kaart: verwijzing.Kaart | None, diensten: list[str], situatie: Situatie
) -> list[dict[str, Any]]:
    """The shown services as structured cards; none when the kaart cannot (the text stays)."""
    if kaart is None or not diensten:
        return []
    try:
        gemeente = kaart.gemeente(situatie.gemeente) if situatie.gemeente else None
        website = getattr(gemeente, "website", "") or ""
        gevonden = (kaart.kaartdata(d, situatie.taal, website) for d in diensten)
        return [k for k in gevonden if k]
    except Exception:  # noqa: BLE001 - the cards are also in the text
        log.exception("Kaarten als data lukten niet")
        return []


def vorige_antwoorden(tracker: Tracker) -> set[str]:
    """The texts the assistant sent in its previous turn (between the last two user messages)."""
    teksten: set[str] = set()
    gebruikers = 0
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            gebruikers += 1
            if gebruikers == 2:
                break
        elif event.get("event") == "bot" and gebruikers == 1 and event.get("text"):
            teksten.add(event["text"])
    return teksten


def herhaling(onderwerp: verwijzing.Onderwerp, taal: str) -> Antwoord:
    """Said differently when the same answer would go out twice in a row: a person or a topic."""
    buttons = [verwijzing.knop("praten_met_mens", taal)]
    buttons += [verwijzing.knop(i, taal) for i in onderwerp.knoppen if i != "praten_met_mens"][:2]
    return Antwoord([Bericht(tekst("verwijzing.herhaling", taal=taal), buttons)])


def _slot_events(
    domain: dict[str, Any], tracker: Tracker, situatie: Situatie, **eigen: Any
) -> list[dict[str, Any]]:
    """Remember what we learned and asked, only in slots the domain declares."""
    bekend = set((domain or {}).get("slots") or {})
    waarden: dict[str, Any] = dict(eigen)
    if situatie.gemeente and tracker.get_slot("gemeente") != situatie.gemeente:
        waarden["gemeente"] = situatie.gemeente
    if situatie.leeftijd is not None and tracker.get_slot("leeftijd") is None:
        waarden["leeftijd"] = str(situatie.leeftijd)
    return [SlotSet(naam, w) for naam, w in waarden.items() if not bekend or naam in bekend]


class ActionVerwijzing(Action):
    """Every topic intent, and the answers to our own questions (informeren, bevestigen, ...)."""

    def name(self) -> str:
        return "action_verwijzing"

    def __init__(self, kaart: verwijzing.Kaart | None = None) -> None:
        self._kaart = kaart

    def kaart(self) -> verwijzing.Kaart | None:
        if self._kaart is None:
            self._kaart = verwijzing.standaard_kaart()
        return self._kaart

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
        return self.beantwoord(intent, dispatcher, tracker, domain)

    def beantwoord(
        self,
        intent: str | None,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
        voorzet: str = "",
    ) -> list[dict[str, Any]]:
        """Answer `intent` (the NLU's, or the fallback's best guess with `voorzet` in front)."""
        kaart = self.kaart()
        gevraagd = tracker.get_slot("gevraagd")
        vorig = tracker.get_slot("onderwerp")
        situatie = situatie_uit(tracker, kaart)
        taal = situatie.taal

        onderwerp = verwijzing.onderwerp(intent)
        # After our question the explanation was given already; do not repeat it.
        met_uitleg = not (gevraagd in (LEEFTIJD, GEMEENTE) and intent == vorig)
        if onderwerp is None and intent in ("informeren", "bevestigen", "ontkennen", NIET_BEGREPEN):
            if gevraagd in (LEEFTIJD, GEMEENTE) and verwijzing.onderwerp(vorig):
                onderwerp = verwijzing.onderwerp(vorig)  # the answer to our question
                met_uitleg = False
            elif gevraagd == ZORG_GROTER and intent == "bevestigen":
                onderwerp, met_uitleg = verwijzing.onderwerp(verwijzing.MEER_ZORGEN), False
            elif gevraagd == ZORG_GROTER and intent == "ontkennen":
                dispatcher.utter_message(text=tekst("verwijzing.zorg_kleiner", taal=taal))
                return _slot_events(domain, tracker, situatie, gevraagd=None)
            elif intent == "ontkennen":  # "nee" to "Kan ik je nog ergens mee helpen?"
                dispatcher.utter_message(text=tekst("verwijzing.klaar", taal=taal))
                return _slot_events(domain, tracker, situatie, gevraagd=None)
            elif intent == "informeren" and verwijzing.onderwerp(vorig):
                onderwerp, met_uitleg = verwijzing.onderwerp(vorig), False  # more about them

        if onderwerp is None:
            start = START_ONDERWERPEN.get(situatie.rol or "ouder", START_ONDERWERPEN["ouder"])
            buttons = [verwijzing.knop(i, taal) for i in start]
            _stuur(
                dispatcher, Antwoord([Bericht(tekst("verwijzing.waarover", taal=taal), buttons)])
            )
            veilig = stuur_veiligheidsvraag(dispatcher, tracker, taal)
            return [*_slot_events(domain, tracker, situatie, gevraagd=None), *veilig]

        eerste = None
        if met_uitleg:
            # Answer the question first when the knowledge base knows it (bot/kennis.py), on
            # the topic the classifier is sure of: a near question about another topic (a
            # general "vraag over opvoeden" close to "hoe vraag ik jeugdhulp aan") must not
            # take over the answer.
            tekst_nu = (tracker.latest_message or {}).get("text") or ""
            treffer = kennis.zoek(tekst_nu, taal, leeftijd=situatie.leeftijd, rol=situatie.rol)
            if treffer is not None and treffer.kennis.onderwerp == onderwerp.intent:
                eerste, voorzet = treffer.kennis.antwoord[taal], ""
        antwoord = verwijzing.antwoord(
            onderwerp, situatie, kaart, met_uitleg=met_uitleg, eerste=eerste
        )
        if met_uitleg and antwoord.berichten[0].text in vorige_antwoorden(tracker):
            # Never the same answer twice in a row: they did not get what they needed.
            antwoord = herhaling(onderwerp, taal)
        _stuur(dispatcher, antwoord, voorzet, kaarten_van(kaart, antwoord.diensten, situatie))
        veilig = stuur_veiligheidsvraag(dispatcher, tracker, taal)
        eigen: dict[str, Any] = {"onderwerp": onderwerp.intent, "gevraagd": antwoord.vraag}
        if antwoord.vraag in (LEEFTIJD, GEMEENTE):
            eigen["al_gevraagd"] = [*situatie.al_gevraagd, antwoord.vraag]
        if antwoord.verwijzing:
            record_event(
                "verwijzing",
                intent=onderwerp.intent,
                verwijzing=antwoord.verwijzing,
                gemeente=situatie.gemeente,
                rol=situatie.rol,
                taal=taal,
            )
        return [*_slot_events(domain, tracker, situatie, **eigen), *veilig]
