"""The crisis answer: numbers first as tappable links, honest about hours, then a person to talk to.

Also the web layer's safety net: with the action server down or an empty reply from Rasa, a
crisis message still gets its help line first.
"""

from __future__ import annotations

import asyncio
import re

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.crisis import ActionCrisis
from bot.veiligheid.crisis import detect
from bot.veiligheid.emergency import crisisbericht
from tests.conftest import free_port, make_settings
from tests.handoff_helpers import SESSIE

TEL_LINK = re.compile(r"\[[^\]]+\]\(tel:(\d+)\)")


def tel_nummers(tekst: str) -> list[str]:
    return TEL_LINK.findall(tekst)


def run_crisis(
    text: str,
    slots: dict | None = None,
    entities: list | None = None,
    tmp_path=None,
    metadata: dict | None = None,
):
    latest = {
        "text": text,
        "intent": {"name": "crisis"},
        "entities": entities or [],
        "metadata": metadata or {},
    }
    events = [{"event": "user", "text": text, "parse_data": latest}]
    tracker = Tracker("s", slots or {}, latest, events, False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    result = asyncio.run(ActionCrisis().run(dispatcher, tracker, {}))
    return dispatcher.messages, result


@pytest.fixture(autouse=True)
def stats_in_tmp(tmp_path, monkeypatch):
    monkeypatch.setenv("JEUGDWIJZER_DATA_DIR", str(tmp_path / "var"))
    return tmp_path / "var" / "jeugdwijzer.db"


def test_child_reporting_abuse_gets_veilig_thuis_as_first_number():
    [eerste], _ = run_crisis("mijn vader slaat me")
    assert tel_nummers(eerste["text"])[0] == "08002000"
    assert "08000432" in tel_nummers(eerste["text"])  # Kindertelefoon for the child too
    assert "?" not in eerste["text"].split("\n")[0]  # help first, no question before it


def test_suicidal_message_gets_113_both_numbers_and_the_24_7_chat():
    [eerste], _ = run_crisis("ik wil niet meer leven")
    nummers = tel_nummers(eerste["text"])
    assert nummers[:2] == ["113", "08000113"]
    assert "(https://www.113.nl)" in eerste["text"]
    assert "dag en nacht" in eerste["text"] and "gratis" in eerste["text"].lower()


def test_pills_already_taken_gets_112_before_113():
    [eerste], _ = run_crisis("ik heb een hele strip pillen genomen")
    assert tel_nummers(eerste["text"])[:2] == ["112", "113"]


def test_kindertelefoon_is_never_claimed_to_be_open_now():
    # Its hours are only medium confidence in the facts: the text sends people to the website.
    [eerste], _ = run_crisis("ik durf niet naar huis")
    kt_regel = next(r for r in eerste["text"].split("\n") if "08000432" in r)
    assert "ook nu" not in kt_regel and "dag en nacht" not in kt_regel
    assert "kindertelefoon.nl" in kt_regel


def test_worried_adult_gets_veilig_thuis_advice_line_not_the_childs_route_first():
    [eerste], _ = run_crisis("ik denk dat mijn buurjongen geslagen wordt")
    assert tel_nummers(eerste["text"])[0] == "08002000"
    assert "advies" in eerste["text"]
    assert "jouw schuld" not in eerste["text"]


def test_a_child_about_someone_else_also_gets_the_kindertelefoon_a_parent_does_not():
    [kind], _ = run_crisis("mijn vriendin wordt thuis geslagen door haar vader")
    assert "08000432" in tel_nummers(kind["text"])
    [ouder], _ = run_crisis(
        "mijn buurjongen wordt thuis geslagen door zijn vader", slots={"rol": "ouder"}
    )
    assert "08000432" not in tel_nummers(ouder["text"])
    assert tel_nummers(ouder["text"])[0] == "08002000"


def test_the_help_offers_a_person_of_the_lokale_team_and_other_routes_in_one_bubble():
    [eerste], _ = run_crisis("mijn vader slaat me")
    payloads = [b["payload"] for b in eerste["buttons"]]
    assert payloads[0] == "/praten_met_mens"
    assert "Praat met een medewerker" in [b["title"] for b in eerste["buttons"]]
    assert len(payloads) >= 2


def test_crisis_category_is_kept_in_a_slot_and_counted_without_the_text(stats_in_tmp):
    from bot.store import open_db

    _, events = run_crisis("ik wil dood", slots={"gemeente": "GM0164"})
    assert {"event": "slot", "name": "crisis_categorie", "value": "suicide"} in [
        {k: e[k] for k in ("event", "name", "value")} for e in events
    ]
    rows = list(open_db(stats_in_tmp)["gebeurtenissen"].rows)
    assert [(r["event"], r["crisis_categorie"], r["gemeente"]) for r in rows] == [
        ("crisis", "suicide", "GM0164")
    ]
    assert "ik wil dood" not in str(rows)


def test_first_message_crisis_counts_for_the_gemeente_of_the_widget(stats_in_tmp):
    from bot.store import open_db

    run_crisis("mn pa slaat me", metadata={"gemeente": "GM9999"})
    rows = list(open_db(stats_in_tmp)["gebeurtenissen"].rows)
    assert [(r["crisis_categorie"], r["gemeente"]) for r in rows] == [("geweld", "GM9999")]


def test_crisis_button_without_a_signal_gives_all_emergency_lines():
    [eerste], events = run_crisis("/crisis")
    for nummer in ("112", "08000113", "08002000", "08000432"):
        assert nummer in tel_nummers(eerste["text"])
    assert events == []


def test_english_speaker_gets_the_answer_in_english():
    [eerste], _ = run_crisis("my dad hits me", slots={"taal": "en"})
    assert "not your fault" in eerste["text"]
    assert tel_nummers(eerste["text"])[0] == "08002000"
    assert eerste["buttons"][0]["title"] == "Talk to a person"


def test_unsure_signal_says_kindly_it_may_have_misunderstood():
    assert "Misschien begrijp ik je verkeerd" in crisisbericht(detect("ik ga dood"))
    assert "Misschien" not in crisisbericht(detect("ik wil dood"))


def test_every_crisis_answer_says_it_is_a_computer():
    for tekst in (
        "hij heeft een mes",
        "ik wil dood",
        "mijn oom zit aan me",
        "ik durf niet naar huis",
    ):
        assert "computer" in crisisbericht(detect(tekst))


def test_broken_texts_still_give_the_emergency_numbers(monkeypatch):
    import bot.taal.teksten

    def kapot(*args, **kwargs):
        raise KeyError("tekst weg")

    monkeypatch.setattr(bot.taal.teksten, "tekst", kapot)
    bericht = crisisbericht(detect("ik wil dood"))
    for nummer in ("112", "0800-0113", "0800-2000", "0800-0432"):
        assert nummer in bericht


# --- the web layer's safety net ---


def test_crisis_with_action_server_down_still_gets_help_first(client, fake_rasa):
    fake_rasa.replies = []  # Rasa answers, but the action server is down: no reply at all
    body = client.post("/api/v1/chat", json={"text": "mijn vader slaat me"}).get_json()
    assert tel_nummers(body["messages"][0]["text"])[0] == "08002000"


def test_safety_net_adds_nothing_when_rasa_already_gave_the_number(client, fake_rasa):
    fake_rasa.replies = [{"text": "Bel Veilig Thuis: [0800-2000](tel:08002000)."}]
    body = client.post("/api/v1/chat", json={"text": "mijn vader slaat me"}).get_json()
    assert len(body["messages"]) == 1


def test_safety_net_leaves_rasas_judgement_of_a_joke_alone(client, fake_rasa):
    # Rasa's trained detector weighs the rules with the whole message; the net does not overrule it.
    fake_rasa.replies = [{"text": "Vervelen mag best. Zo bedenkt je kind zelf iets."}]
    body = client.post("/api/v1/chat", json={"text": "ik ga dood van verveling"}).get_json()
    assert [m["text"] for m in body["messages"]] == [
        "Vervelen mag best. Zo bedenkt je kind zelf iets."
    ]


def test_ordinary_question_passes_through_untouched(client, fake_rasa):
    fake_rasa.replies = [{"text": "Een vast ritme helpt."}]
    body = client.post("/api/v1/chat", json={"text": "mijn baby slaapt slecht"}).get_json()
    assert [m["text"] for m in body["messages"]] == ["Een vast ritme helpt."]


def test_crisis_with_rasa_stopped_gets_its_own_help_and_all_emergency_numbers(tmp_path):
    from web import create_app

    app = create_app(make_settings(tmp_path, rasa_port=free_port()), TESTING=True)
    response = app.test_client().post("/api/v1/chat", json={"text": "ik heb pillen geslikt"})
    assert response.status_code == 503
    messages = response.get_json()["messages"]
    assert tel_nummers(messages[0]["text"])[:2] == ["112", "113"]
    alles = " ".join(m["text"] for m in messages)
    for nummer in ("112", "0800-0113", "0800-2000", "0800-0432"):
        assert nummer in alles


def test_after_a_crisis_a_misunderstood_message_repeats_the_help_and_offers_a_person():
    from actions.fallback import ActionNietBegrepen

    latest = {"text": "hmm", "intent": {"name": "nlu_fallback"}}
    events = [{"event": "user", "text": "hmm", "parse_data": latest}]
    slots = {"crisis_categorie": "geweld", "crisis_over": "zelf"}
    tracker = Tracker("s", slots, latest, events, False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionNietBegrepen().run(dispatcher, tracker, {}))
    teksten = " ".join(m["text"] for m in dispatcher.messages)
    assert "(tel:08002000)" in teksten and "(tel:112)" in teksten
    assert "/praten_met_mens" in [b["payload"] for m in dispatcher.messages for b in m["buttons"]]


def test_broken_app_database_still_lets_the_assistant_answer_a_crisis(
    client, fake_rasa, monkeypatch
):
    from bot import overdracht as handoff

    def kapot(*args, **kwargs):
        raise OSError("database is locked")

    monkeypatch.setattr(handoff, "bericht_van_burger", kapot)
    fake_rasa.replies = []
    response = client.post("/api/v1/chat", json={"text": "ik wil dood", "session": SESSIE})
    assert response.status_code == 200
    assert tel_nummers(response.get_json()["messages"][0]["text"])[:2] == ["113", "08000113"]


def test_any_server_error_in_the_chat_still_gives_the_emergency_numbers(app, client, monkeypatch):
    from web import rasa_client

    app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production, not as in TESTING

    def stuk(*args, **kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr(rasa_client, "send", stuk)
    response = client.post("/api/v1/chat", json={"text": "hallo"})
    assert response.status_code == 503
    tekst = response.get_json()["messages"][0]["text"]
    for nummer in ("112", "0800-0113", "0800-2000", "0800-0432"):
        assert nummer in tekst


def test_safety_net_answers_an_english_crisis_in_english(client, fake_rasa):
    fake_rasa.replies = []
    body = client.post("/api/v1/chat", json={"text": "my dad hits me"}).get_json()
    assert "not your fault" in body["messages"][0]["text"]
    assert tel_nummers(body["messages"][0]["text"])[0] == "08002000"


def test_crisis_only_the_classifier_saw_gives_all_lines_and_says_it_may_be_wrong():
    assert detect("het gaat echt helemaal mis met mij") is None
    [eerste], _ = run_crisis("het gaat echt helemaal mis met mij")
    assert "Misschien begrijp ik je verkeerd" in eerste["text"]
    assert {"112", "08000113", "08002000", "08000432"} <= set(tel_nummers(eerste["text"]))
    [knop], _ = run_crisis("/crisis")
    assert "Misschien" not in knop["text"]


def test_the_first_crisis_message_gets_the_whole_answer_even_with_its_slot_filled():
    # Rasa fills crisis_categorie from the entity before the action runs.
    [eerste], _ = run_crisis("mijn vader slaat me", slots={"crisis_categorie": "geweld"})
    assert tel_nummers(eerste["text"])[0] == "08002000"
    assert len(eerste["text"].split("\n")) > 2
