"""The fallback action: honest about not understanding, and offers a person after two misses."""

from __future__ import annotations

import asyncio

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.fallback import ActionNietBegrepen
from bot import beurt


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


def unsure(ranking: list[tuple[str, float]], text: str = "...") -> dict:
    """A message the FallbackClassifier marked as not understood, with the classifier's ranking."""
    return {
        "event": "user",
        "text": text,
        "parse_data": {
            "text": text,
            "intent": {"name": "nlu_fallback", "confidence": 0.3},
            "intent_ranking": [
                {"name": "nlu_fallback", "confidence": 0.3},
                *({"name": n, "confidence": c} for n, c in ranking),
            ],
        },
    }


def test_unsure_between_topics_answers_the_likely_one_and_says_it_is_a_guess(tmp_path, monkeypatch):
    monkeypatch.setenv("JEUGDWIJZER_DATA_DIR", str(tmp_path))
    messages = run_action([unsure([("opvoeden_slapen", 0.26), ("zorg_angst", 0.2)])])
    first = messages[0]["text"]
    assert first.startswith("Ik denk") and "Slapen" in first
    assert "ritueel" in first  # the sleep tip itself, not only the guess
    offered = [t for m in messages for t in titles_or_none(m)]
    assert "Angst en piekeren" in offered
    # The other topic takes the place of the answer's own topic button: one turn, within limits.
    assert len(messages) <= beurt.MAX_BERICHTEN
    stappen = {"/bevestigen", "/ontkennen", "/praten_met_mens"}
    onderwerpen = [
        b["title"] for m in messages for b in m.get("buttons") or [] if b["payload"] not in stappen
    ]
    assert onderwerpen == ["Angst en piekeren"]
    assert beurt.woorden([beurt.Bericht(m["text"], m.get("buttons") or []) for m in messages]) <= (
        beurt.MAX_WOORDEN
    )


def test_hardly_understood_offers_the_likely_topics_as_buttons():
    [message] = run_action([unsure([("zorg_pesten", 0.1), ("school_hulp", 0.08)])])
    assert "begreep ik niet" in message["text"]
    assert titles(message)[:2] == ["Pesten", "Hulp op school"]


def titles_or_none(message: dict) -> list[str]:
    return [b["title"] for b in message.get("buttons") or []]


@pytest.mark.parametrize(
    ("tekst", "verwacht"),
    [
        (
            "ja ik maak me eigenlijk wel echt zorgen want het duurt al maanden",
            "team van je gemeente",
        ),
        ("nee hoor het gaat wel, dank je", "Fijn"),
    ],
)
def test_an_unsure_yes_or_no_to_our_own_question_answers_that_question(tekst, verwacht):
    bericht = unsure([("zorg_angst", 0.2)], text=tekst)
    tracker = Tracker(
        "s",
        {"gevraagd": "zorg_groter", "onderwerp": "opvoeden_slapen"},
        bericht["parse_data"],
        [bericht],
        False,
        None,
        {},
        "action_listen",
    )
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionNietBegrepen().run(dispatcher, tracker, {}))
    tekst_terug = " ".join(m["text"] or "" for m in dispatcher.messages)
    assert verwacht in tekst_terug
    assert "begreep ik niet" not in tekst_terug and "Ik denk dat" not in tekst_terug
