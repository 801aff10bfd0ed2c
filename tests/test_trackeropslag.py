"""A long conversation costs no more per message: Rasa gets only its last messages, with the
conversation's state (slots, the open form) as it was, and the handoff still gets everything."""

from __future__ import annotations

import asyncio

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    BotUttered,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from bot import overdracht
from bot.nlu.trackeropslag import BegrensdeTrackerStore
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(ROOT / "domain.yml")


@pytest.fixture()
def store(tmp_path, domain):
    return BegrensdeTrackerStore(domain=domain, dialect="sqlite", db=str(tmp_path / "t.db"))


def beurt(nummer: int) -> list:
    events = [
        UserUttered(f"bericht {nummer}", {"name": "opvoeden_slapen", "confidence": 0.9}),
        ActionExecuted("action_verwijzing"),
        BotUttered(f"antwoord {nummer}"),
        ActionExecuted("action_listen"),
    ]
    if nummer == 2:
        events.insert(1, SlotSet("leeftijd", 6))
    if nummer == 3:
        events.insert(1, SlotSet("gemeente", "GM0164"))
    if nummer == 8:
        events.insert(1, SlotSet("leeftijd", 7))
    if nummer == 20:
        events.insert(2, ActiveLoop("handoff_form"))
    return events


def gesprek(store, beurten: int) -> DialogueStateTracker:
    tracker = asyncio.run(store.get_or_create_tracker("gesprek"))
    for event in [ActionExecuted("action_session_start"), SessionStarted()]:
        tracker.update(event)
    for nummer in range(1, beurten + 1):
        for event in beurt(nummer):
            tracker.update(event)
        asyncio.run(store.save(tracker))
    return tracker


def test_a_long_conversation_loads_only_its_last_messages_with_the_same_state(store):
    volledig = gesprek(store, 30)
    geladen = asyncio.run(store.retrieve("gesprek"))
    gebruikers = [e.text for e in geladen.events if isinstance(e, UserUttered)]
    assert gebruikers == [f"bericht {n}" for n in range(21, 31)]
    assert geladen.current_slot_values() == volledig.current_slot_values()
    assert geladen.get_slot("leeftijd") == 7 and geladen.get_slot("gemeente") == "GM0164"
    assert geladen.active_loop_name == "handoff_form"
    assert geladen.latest_message.text == "bericht 30"
    assert geladen.latest_action_name == "action_listen"


def test_a_short_conversation_is_loaded_whole_as_rasa_does(store, domain, tmp_path):
    gesprek(store, 6)
    geladen = asyncio.run(store.retrieve("gesprek"))
    rasa = SQLTrackerStore(domain=domain, dialect="sqlite", db=str(tmp_path / "t.db"))
    zoals_rasa = asyncio.run(rasa.retrieve("gesprek"))
    assert [e.as_dict() for e in geladen.events] == [e.as_dict() for e in zoals_rasa.events]


def test_new_messages_are_stored_once_and_the_prefix_never(store):
    gesprek(store, 30)
    geladen = asyncio.run(store.retrieve("gesprek"))
    for event in beurt(31):
        geladen.update(event)
    asyncio.run(store.save(geladen))
    alles = asyncio.run(store.retrieve_full_tracker("gesprek"))
    gebruikers = [e.text for e in alles.events if isinstance(e, UserUttered)]
    assert gebruikers == [f"bericht {n}" for n in range(1, 32)]
    assert sum(isinstance(e, SessionStarted) for e in alles.events) == 1
    volgende = asyncio.run(store.retrieve("gesprek"))
    assert [e.text for e in volgende.events if isinstance(e, UserUttered)][-1] == "bericht 31"


def test_the_handoff_transcript_holds_the_whole_conversation(store, tmp_path):
    gesprek(store, 30)
    geladen = asyncio.run(store.retrieve("gesprek"))
    events = [e.as_dict() for e in geladen.events]  # what the action server gets
    heel = overdracht.heel_gesprek(events, tmp_path / "t.db", "gesprek")
    teksten = [tekst for _, tekst, _ in overdracht.gesprek_uit_events(heel)]
    # The form started in message 20: the transcript is everything said before it.
    assert teksten[:4] == ["bericht 1", "antwoord 1", "bericht 2", "antwoord 2"]
    assert teksten[-1] == "bericht 20"
    assert len(teksten) == 39
