"""After a crisis reply: short, direct answers with the fitting number, and crisis mode itself."""

from __future__ import annotations

import pytest
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.veiligheid.crisisvervolg import veiligheidsvraag, vervolg


@pytest.mark.parametrize(
    "tekst, categorie, over, verwacht",
    [
        ("moet ik 112 bellen???", "suicide", "ander", ["Ja.", "(tel:112)"]),
        ("should i call the police?", "acuut", "ander", ["Ja.", "(tel:112)"]),
        ("ik durf niet te bellen", "suicide", "zelf", ["chat", "113.nl"]),
        ("kan ik met de kindertelefoon chatten nu?", "seksueel", "zelf", ["chat"]),
        ("moet ik betalen?", "seksueel", "zelf", ["Niet betalen", "(tel:08000432)"]),
        ("gaan ze mijn ouders bellen?", "suicide", "zelf", ["naam", "(tel:08000113)"]),
        ("nemen ze mijn kinderen af?", "geweld", "zelf", ["rechter", "(tel:08002000)"]),
        ("wat moet ik nu doen", "suicide", "ander", ["alleen", "(tel:08000113)"]),
    ],
)
def test_crisis_questions_get_a_direct_answer_with_the_number(tekst, categorie, over, verwacht):
    antwoord = vervolg(tekst, categorie, over)
    for stuk in verwacht:
        assert stuk in antwoord


def test_a_message_that_is_no_question_still_gets_the_help_and_112():
    antwoord = vervolg("ze doet niet open", "suicide", "ander")
    assert "(tel:08000113)" in antwoord and "(tel:112)" in antwoord


def test_the_same_answer_never_comes_twice_in_a_row():
    eerste = vervolg("ok", "geweld", "ander")
    tweede = vervolg("oke", "geweld", "ander", vorige=eerste)
    assert eerste != tweede and "(tel:112)" in tweede


def test_english_after_a_crisis_stays_english():
    antwoord = vervolg("will they tell my parents", "suicide", "zelf", taal="en")
    assert "name" in antwoord and "(tel:08000113)" in antwoord


def test_the_safety_question_names_112_113_and_veilig_thuis():
    vraag = veiligheidsvraag()
    assert all(n in vraag for n in ("(tel:112)", "(tel:113)", "(tel:08002000)"))


def _tracker(*events) -> DialogueStateTracker:
    return DialogueStateTracker.from_events("test", [ActionExecuted("action_listen"), *events])


def _user(intent: str, text: str = "...") -> UserUttered:
    return UserUttered(text, intent={"name": intent, "confidence": 1.0})


def test_a_crisis_message_always_gets_the_crisis_answer_even_in_a_form():
    from bot.nlu.crisismodus import (
        CrisisModusPolicy,  # Rasa/TensorFlow: loaded only by the tests that use it
    )

    tracker = _tracker(
        _user("praten_met_mens"),
        ActionExecuted("handoff_form"),
        SlotSet("requested_slot", "handoff_naam"),
        ActionExecuted("action_listen"),
        _user("crisis"),
    )
    tracker.active_loop = {"name": "handoff_form"}
    assert CrisisModusPolicy.volgende_actie(tracker) == "action_crisis"


def test_after_a_crisis_an_everyday_intent_gets_the_careful_follow_up():
    from bot.nlu.crisismodus import (
        CrisisModusPolicy,  # Rasa/TensorFlow: loaded only by the tests that use it
    )

    tracker = _tracker(
        _user("crisis"),
        ActionExecuted("action_crisis"),
        SlotSet("crisis_categorie", "suicide"),
        ActionExecuted("action_listen"),
        _user("opvoeden_puberteit"),
    )
    assert CrisisModusPolicy.volgende_actie(tracker) == "action_crisis_vervolg"


@pytest.mark.parametrize("intent", ["afscheid", "bedankt", "praten_met_mens"])
def test_after_a_crisis_goodbye_thanks_and_a_person_go_their_usual_way(intent):
    from bot.nlu.crisismodus import (
        CrisisModusPolicy,  # Rasa/TensorFlow: loaded only by the tests that use it
    )

    tracker = _tracker(
        _user("crisis"),
        ActionExecuted("action_crisis"),
        SlotSet("crisis_categorie", "geweld"),
        ActionExecuted("action_listen"),
        _user(intent),
    )
    assert CrisisModusPolicy.volgende_actie(tracker) is None


def test_without_a_crisis_the_policy_leaves_the_conversation_alone():
    from bot.nlu.crisismodus import (
        CrisisModusPolicy,  # Rasa/TensorFlow: loaded only by the tests that use it
    )

    assert CrisisModusPolicy.volgende_actie(_tracker(_user("opvoeden_slapen"))) is None


def test_a_crisis_question_read_as_another_intent_still_gets_the_crisis_answer():
    from bot.nlu.crisismodus import (
        CrisisModusPolicy,  # Rasa/TensorFlow: loaded only by the tests that use it
    )

    tracker = _tracker(
        _user("crisis"),
        ActionExecuted("action_crisis"),
        SlotSet("crisis_categorie", "suicide"),
        ActionExecuted("action_listen"),
        _user("info_veilig_thuis", "moet ik 112 bellen???"),
    )
    assert CrisisModusPolicy.volgende_actie(tracker) == "action_crisis_vervolg"


def test_yes_right_after_the_safety_question_gets_the_crisis_answer():
    from bot.nlu.crisismodus import (
        CrisisModusPolicy,  # Rasa/TensorFlow: loaded only by the tests that use it
    )

    tracker = _tracker(
        _user("zorg_somber", "ik zie het allemaal niet meer zitten"),
        ActionExecuted("action_verwijzing"),
        SlotSet("veiligheidsvraag", "suicide"),
        ActionExecuted("action_listen"),
        _user("bevestigen", "ja"),
    )
    assert CrisisModusPolicy.volgende_actie(tracker) == "action_crisis"


def test_yes_to_a_later_question_is_not_read_as_danger():
    from bot.nlu.crisismodus import (
        CrisisModusPolicy,  # Rasa/TensorFlow: loaded only by the tests that use it
    )

    tracker = _tracker(
        _user("zorg_somber", "ik zie het allemaal niet meer zitten"),
        ActionExecuted("action_verwijzing"),
        SlotSet("veiligheidsvraag", "suicide"),
        ActionExecuted("action_listen"),
        _user("informeren", "ik ben 15"),
        ActionExecuted("action_verwijzing"),
        ActionExecuted("action_listen"),
        _user("bevestigen", "ja"),
    )
    assert CrisisModusPolicy.volgende_actie(tracker) is None
