"""Rasa still rejects a malformed reply of the action server, now with a validator built once."""

from __future__ import annotations

import asyncio

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, Event, SessionStarted, SlotSet
from rasa.shared.core.trackers import DialogueStateTracker

import bot.nlu.crisismodus  # noqa: F401 - what Rasa imports when it loads the model
from bot.nlu import versnelling


class Actieserver:
    """An action endpoint that answers with a fixed reply."""

    def __init__(self, antwoord: dict) -> None:
        self.antwoord = antwoord
        self.url = "http://actieserver.test/webhook"
        self.kwargs: dict = {}

    async def request(self, **kwargs):
        return dict(self.antwoord)


def voer_uit(antwoord: dict) -> list:
    domain = Domain.empty()
    actie = RemoteAction("action_verwijzing", Actieserver(antwoord))
    return asyncio.run(
        actie.run(
            CollectingOutputChannel(),
            TemplatedNaturalLanguageGenerator(domain.responses),
            DialogueStateTracker("gesprek", domain.slots),
            domain,
        )
    )


def test_rasa_uses_the_validator_built_once_after_loading_the_model():
    assert RemoteAction._validate_action_result is versnelling.controleer_actieantwoord


def test_a_well_formed_action_reply_reaches_the_conversation():
    events = voer_uit(
        {
            "events": [{"event": "slot", "name": "leeftijd", "value": 6}],
            "responses": [{"text": "Fijn dat je het vraagt."}],
        }
    )
    assert any(isinstance(e, BotUttered) and e.text == "Fijn dat je het vraagt." for e in events)
    assert SlotSet("leeftijd", 6) in events


def test_events_are_read_as_their_own_kind_and_an_unknown_kind_is_refused():
    assert Event.resolve_by_type("slot") is SlotSet
    assert Event.resolve_by_type("session_started") is SessionStarted
    assert Event.resolve_by_type("onbekend", default=SlotSet) is SlotSet
    with pytest.raises(ValueError, match="Unknown event name"):
        Event.resolve_by_type("onbekend")


@pytest.mark.parametrize(
    "antwoord",
    [
        {"events": "geen lijst"},
        {"events": [{"event": "slot"}]},  # a slot without a name
        {"events": [{"event": "bestaat_niet"}]},
        {"events": [{"name": "leeftijd", "value": 6}]},  # no event type
        {"responses": ["alleen tekst"]},
    ],
)
def test_a_malformed_action_reply_is_rejected_with_rasas_message(antwoord):
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        voer_uit(antwoord)
