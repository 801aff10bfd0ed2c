"""The fallback action: honest about not understanding, and offers a person after two misses."""

from __future__ import annotations

import asyncio

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.fallback import ActionNietBegrepen


def user(intent: str) -> dict:
    return {"event": "user", "text": "...", "parse_data": {"intent": {"name": intent}}}


def run_action(events: list[dict]) -> list[dict]:
    tracker = Tracker("s", {}, events[-1]["parse_data"], events, False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionNietBegrepen().run(dispatcher, tracker, {}))
    return dispatcher.messages


def titles(message: dict) -> list[str]:
    return [b["title"] for b in message["buttons"]]


def test_first_misunderstanding_says_so_and_offers_topics():
    [message] = run_action([user("begroeting"), {"event": "bot"}, user("nlu_fallback")])
    assert "begreep ik niet" in message["text"]
    assert "computer" in message["text"]
    assert len(message["buttons"]) >= 3
    assert "Praat met een medewerker" not in titles(message)


def test_second_misunderstanding_in_a_row_offers_a_person():
    [message] = run_action([user("nlu_fallback"), {"event": "bot"}, user("nlu_fallback")])
    assert "Praat met een medewerker" in titles(message)


def test_understood_message_in_between_resets_the_count():
    [message] = run_action([user("nlu_fallback"), user("bedankt"), user("nlu_fallback")])
    assert "Praat met een medewerker" not in titles(message)
