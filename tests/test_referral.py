"""The referral action: the right next step for the age, the gemeente and the language.

Trackers come from JSON fixtures in tests/data/referral/ (what Rasa sends the action server);
the sociale kaart is the real one from data/kaart/, imported into a temporary data directory.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.referral import ActionVerwijzing
from bot import verwijzing
from bot.taal.yamlbestand import lees_yaml
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "data" / "referral"
DOMAIN = lees_yaml(ROOT / "domain.yml")


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("dialoog-var")


@pytest.fixture(autouse=True)
def own_data_dir(data_dir, monkeypatch):
    monkeypatch.setenv("JEUGDWIJZER_DATA_DIR", str(data_dir))


def tracker(fixture: str, message: dict | None = None, **slots) -> Tracker:
    """The fixture's tracker; `message` replaces fields of its latest message, `slots` its slots."""
    data = json.loads((FIXTURES / f"{fixture}.json").read_text(encoding="utf-8"))
    alle_slots = {**{naam: None for naam in DOMAIN["slots"]}, **data["slots"], **slots}
    latest = {**data["latest_message"], **(message or {})}
    events = [{"event": "user", "text": latest["text"], "parse_data": latest}]
    return Tracker(data["sender_id"], alle_slots, latest, events, False, None, {}, "action_listen")


def run(fixture: str, message: dict | None = None, **slots) -> tuple[list[dict], dict]:
    """The messages the action sends, and the slots it sets."""
    dispatcher = CollectingDispatcher()
    events = asyncio.run(
        ActionVerwijzing().run(dispatcher, tracker(fixture, message, **slots), DOMAIN)
    )
    return dispatcher.messages, {e["name"]: e["value"] for e in events if e["event"] == "slot"}


def text(messages: list[dict]) -> str:
    return "\n".join(m.get("text") or "" for m in messages)


def buttons(messages: list[dict]) -> list[dict]:
    return [b for m in messages for b in m.get("buttons") or []]


def test_parent_of_a_two_year_old_who_does_not_sleep_gets_a_tip_and_the_consultatiebureau():
    messages, slots = run("ouder_slapen_peuter_hengelo")
    answer = text(messages)
    assert "ritueel" in answer
    assert "consultatiebureau helpt je gratis" in answer
    assert "jeugdverpleegkundige helpen je gratis" not in answer
    assert slots["gevraagd"] == verwijzing.ZORG_GROTER


def test_parent_of_a_nine_year_old_is_sent_to_the_jeugdarts_not_the_consultatiebureau():
    messages, _ = run("ouder_slapen_zonder_leeftijd", leeftijd="9")
    answer = text(messages)
    assert "jeugdverpleegkundige helpen je gratis" in answer
    assert "consultatiebureau helpt je gratis" not in answer


def test_everyday_question_asks_whether_the_worry_is_bigger():
    messages, _ = run("ouder_slapen_peuter_hengelo")
    payloads = [b["payload"] for b in buttons(messages)]
    assert "/bevestigen" in payloads
    assert "/ontkennen" in payloads
    assert "meer zorgen" in messages[-1]["text"]


def test_without_an_age_it_gives_the_tip_then_asks_the_age_with_buttons_and_nothing_else():
    messages, slots = run("ouder_slapen_zonder_leeftijd")
    assert len(messages) == 2
    assert "ritueel" in messages[0]["text"]
    assert "Hoe oud" in messages[1]["text"]
    assert "Opvoeden.nl" not in text(messages)  # where to go follows the answer
    assert [b["payload"] for b in messages[1]["buttons"]] == [
        '/informeren{"leeftijd": "2"}',
        '/informeren{"leeftijd": "8"}',
        '/informeren{"leeftijd": "14"}',
    ]
    assert slots["gevraagd"] == "leeftijd"
    assert slots["al_gevraagd"] == ["leeftijd"]
    assert slots["onderwerp"] == "opvoeden_slapen"


def test_it_does_not_ask_the_age_twice():
    messages, slots = run("ouder_slapen_zonder_leeftijd", al_gevraagd=["leeftijd"])
    assert "Hoe oud" not in text(messages)
    assert "consultatiebureau" in text(messages)  # both routes, since the age is unknown
    assert slots["gevraagd"] != "leeftijd"


def test_a_young_person_is_not_asked_for_an_age():
    messages, _ = run("ouder_slapen_zonder_leeftijd", rol="jongere")
    assert "Hoe oud" not in text(messages)
    assert "jeugdverpleegkundige" in text(messages)


def test_the_answer_to_the_age_question_continues_the_topic_without_repeating_the_tip():
    messages, slots = run("antwoord_op_leeftijdsvraag")
    answer = text(messages)
    assert "jeugdverpleegkundige helpen je gratis" in answer
    assert "ritueel" not in answer  # given before the question
    assert slots["onderwerp"] == "opvoeden_slapen"
    assert slots["gevraagd"] == verwijzing.ZORG_GROTER  # the sleep topic's follow-up
    assert slots["leeftijd"] == "8"


def test_saying_the_same_topic_again_with_the_age_does_not_repeat_the_tip():
    messages, _ = run(
        "ouder_slapen_peuter_hengelo",
        onderwerp="opvoeden_slapen",
        gevraagd="leeftijd",
        al_gevraagd=["leeftijd"],
    )
    assert "ritueel" not in text(messages)
    assert "consultatiebureau helpt je gratis" in text(messages)


def test_asking_for_jeugdhulp_without_gemeente_asks_the_gemeente_once():
    messages, slots = run("jeugdhulp_zonder_gemeente")
    assert len(messages) == 2
    assert "wijkteam of jeugdteam" in messages[0]["text"]  # how it works, first
    assert "In welke gemeente" in messages[1]["text"]
    assert slots["gevraagd"] == "gemeente"
    again, _ = run("jeugdhulp_zonder_gemeente", al_gevraagd=["gemeente"])
    assert "In welke gemeente" not in text(again)
    assert "website van je gemeente" in text(again) or "waar je ook woont" in text(again)


def test_hengelo_gets_its_own_team():
    from bot import kaart

    team = kaart.lokaal_team("GM0164")
    assert team is not None
    messages, slots = run("antwoord_op_gemeentevraag")
    answer = text(messages)
    assert team.naam in answer
    assert answer.index(team.naam) < answer.index("Kan ik je nog")
    assert slots["gemeente"] == "GM0164"


def test_voorbeeld_gets_its_team_from_the_widget_gemeente():
    from bot import kaart

    team = kaart.lokaal_team("GM9999")
    messages, _ = run("jeugdhulp_zonder_gemeente", {"metadata": {"gemeente": "GM9999"}})
    answer = text(messages)
    assert "In welke gemeente" not in answer
    assert team.naam in answer


def test_a_person_is_offered_only_where_a_connected_team_can_take_over():
    from bot import kaart

    def medewerker(messages: list[dict]) -> bool:
        return "Praat met een medewerker" in [b["title"] for b in buttons(messages)]

    verbonden, _ = run("jeugdhulp_zonder_gemeente", gemeente="GM9999")  # the demo team
    assert medewerker(verbonden)
    borne, _ = run("jeugdhulp_zonder_gemeente", gemeente="GM0147")  # a team, not connected
    assert not medewerker(borne)
    assert kaart.lokaal_team("GM0147").naam in text(borne)  # its own phone instead
    assert "074-2658590" in text(borne)
    utrecht, _ = run("jeugdhulp_zonder_gemeente", gemeente="GM0344")  # no team of ours at all
    assert not medewerker(utrecht)


def test_unknown_gemeente_gets_the_national_routes_and_advice_to_look_on_its_website():
    messages, _ = run("jeugdhulp_zonder_gemeente", gemeente="GM0344")  # Utrecht: not in the kaart
    answer = text(messages)
    assert "ken ik nog niet" in answer
    assert "website van je gemeente" in answer


def test_a_place_we_cannot_find_is_not_asked_again_and_gets_the_national_routes():
    messages, slots = run("antwoord_op_gemeentevraag", {"text": "Zwolle"})
    answer = text(messages)
    assert "In welke gemeente" not in answer
    assert "website van je gemeente" in answer


def test_english_message_gets_an_english_answer_with_the_dutch_service_names():
    messages, _ = run("english_sleep")
    answer = text(messages)
    assert "routine" in answer
    assert "consultatiebureau" in answer
    assert "Maak je" not in answer
    assert all(b["title"] for b in buttons(messages))
    assert "Yes, more worried" in [b["title"] for b in buttons(messages)]


def test_a_bigger_worry_after_everyday_tips_goes_to_the_lokale_team():
    from bot import kaart

    messages, slots = run("meer_zorgen_na_tip")
    answer = text(messages)
    assert kaart.lokaal_team("GM9999").naam in answer
    assert "Praat met een medewerker" in [b["title"] for b in buttons(messages)]
    assert slots["onderwerp"] == "hulp_algemeen"


def test_no_bigger_worry_gets_a_short_kind_close():
    messages, slots = run("meer_zorgen_na_tip", {"intent": {"name": "ontkennen"}})
    assert len(messages) == 1
    assert messages[0]["text"].startswith("Fijn")
    assert slots["gevraagd"] is None


def test_at_most_three_services_per_answer():
    for fixture in ("ouder_slapen_peuter_hengelo", "antwoord_op_gemeentevraag", "english_sleep"):
        messages, _ = run(fixture)
        blocks = [b for m in messages for b in m["text"].split("\n\n")]
        diensten = [b for b in blocks if "](tel:" in b or "](https://" in b]
        assert len(diensten) <= 4, fixture  # three services, plus at most one tip link


def test_each_referral_is_counted_without_any_text(data_dir):
    run("antwoord_op_gemeentevraag")
    from bot.config import load_settings

    with sqlite3.connect(load_settings().app_db) as conn:
        conn.row_factory = sqlite3.Row
        rows = [dict(r) for r in conn.execute("select * from gebeurtenissen")]
    rij = rows[-1]
    assert rij["event"] == "verwijzing"
    assert rij["intent"] == "jeugdhulp_aanvragen"
    assert rij["verwijzing"] == "lokaal_team"
    assert rij["gemeente"] == "GM0164"
    assert "Hengelo" not in json.dumps(rows)


def test_a_referral_without_a_known_team_is_counted_as_national():
    run("jeugdhulp_zonder_gemeente", gemeente="GM0344")
    from bot.config import load_settings

    with sqlite3.connect(load_settings().app_db) as conn:
        verwijzing_soort = conn.execute(
            "select verwijzing from gebeurtenissen order by rowid desc limit 1"
        ).fetchone()[0]
    assert verwijzing_soort == "landelijk"


def test_every_topic_is_an_intent_of_the_domain_and_every_button_payload_too():
    intents = set(DOMAIN["intents"])
    for intent, onderwerp in verwijzing.onderwerpen().items():
        assert intent in intents, intent
        assert onderwerp.soort in verwijzing.SOORTEN, intent
        for volgende in onderwerp.knoppen:
            assert volgende in intents, (intent, volgende)


def test_a_broken_kaart_still_gives_the_tip_and_the_advice_to_look_on_the_gemeente_website():
    class KapotteKaart:
        def __getattr__(self, naam):
            def kapot(*args, **kwargs):
                raise RuntimeError("database weg")

            return kapot

    dispatcher = CollectingDispatcher()
    action = ActionVerwijzing(kaart=verwijzing.Kaart(KapotteKaart()))
    asyncio.run(action.run(dispatcher, tracker("ouder_slapen_peuter_hengelo"), DOMAIN))
    answer = text(dispatcher.messages)
    assert "ritueel" in answer
    assert "website van je gemeente" in answer


def test_topic_texts_take_emergency_numbers_from_bot_emergency():
    uitleg = verwijzing.onderwerp("info_veilig_thuis").tekst("nl")
    assert "[112](tel:112)" in uitleg
    assert "{" not in uitleg
    for onderwerp in verwijzing.onderwerpen().values():
        for taal in onderwerp.uitleg:
            assert "{" not in onderwerp.tekst(taal), onderwerp.intent


def test_no_to_anything_else_closes_kindly_instead_of_asking_the_topic_again():
    messages, _ = run("meer_zorgen_na_tip", {"intent": {"name": "ontkennen"}}, gevraagd=None)
    assert len(messages) == 1
    assert messages[0]["text"].startswith("Oké")
    assert not messages[0].get("buttons")


def test_a_bullied_child_gets_help_that_works_anywhere_while_asked_for_the_gemeente():
    messages, slots = run(
        "jeugdhulp_zonder_gemeente",
        {"text": "ik word gepest op school", "intent": {"name": "zorg_pesten"}, "entities": []},
    )
    assert "nooit jouw schuld" in messages[0]["text"]
    assert "Kindertelefoon" in text(messages)
    assert "In welke gemeente" in messages[-1]["text"]
    assert slots["gevraagd"] == "gemeente"


def test_a_bigger_worry_without_gemeente_says_who_helps_then_asks_where():
    messages, slots = run("meer_zorgen_na_tip", {"metadata": {}})
    assert "team van je gemeente" in messages[0]["text"]
    assert "In welke gemeente" in messages[-1]["text"]
    assert "Opvoeden.nl" not in text(messages)
    assert slots["gevraagd"] == "gemeente"


def test_a_young_person_with_arguments_at_home_is_spoken_to_not_about():
    messages, _ = run(
        "ouder_slapen_zonder_leeftijd",
        {"text": "ik heb altijd ruzie thuis", "intent": {"name": "opvoeden_puberteit"}},
        rol="jongere",
    )
    assert "Ruzie thuis komt veel voor" in messages[0]["text"]
    assert "je kind" not in messages[0]["text"]
    parent, _ = run(
        "ouder_slapen_zonder_leeftijd", {"intent": {"name": "opvoeden_puberteit"}}, leeftijd="14"
    )
    assert "Pubers zoeken hun eigen weg" in parent[0]["text"]


def test_a_place_the_nlu_did_not_understand_still_answers_the_gemeente_question():
    from actions.fallback import ActionNietBegrepen

    t = tracker("antwoord_op_gemeentevraag", {"text": "Zwolle", "intent": {"name": "nlu_fallback"}})
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionNietBegrepen().run(dispatcher, t, DOMAIN))
    answer = text(dispatcher.messages)
    assert "begreep ik niet" not in answer
    assert "website van je gemeente" in answer
    assert {"event": "slot", "timestamp": None, "name": "gevraagd", "value": None} in events


@pytest.mark.parametrize(
    ("fixture", "tekst_", "verwacht"),
    [
        ("antwoord_op_gemeentevraag", "de school staat in Oldenzaal", "Oldenzaal"),
        ("antwoord_op_leeftijdsvraag", "hoezo?", "jeugdarts"),
    ],
)
def test_a_reply_to_our_own_question_is_not_sent_away_as_something_we_do_not_do(
    fixture, tekst_, verwacht
):
    from actions.fallback import ActionBuitenBereik

    t = tracker(fixture, {"text": tekst_, "intent": {"name": "buiten_bereik"}})
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionBuitenBereik().run(dispatcher, t, DOMAIN))
    assert dispatcher.messages[0].get("response") != "utter_buiten_bereik"
    assert verwacht in text(dispatcher.messages)


def test_a_request_we_do_not_handle_still_gets_not_for_me_after_our_question():
    from actions.fallback import ActionBuitenBereik

    vraag = {"text": "hoe vraag ik een nieuw paspoort aan voor mijn zoon", "intent": {}}
    t = tracker("antwoord_op_leeftijdsvraag", vraag)
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionBuitenBereik().run(dispatcher, t, DOMAIN))
    assert [m.get("response") for m in dispatcher.messages] == ["utter_buiten_bereik"]


def test_the_same_answer_is_never_sent_twice_in_a_row():
    first, _ = run("ouder_slapen_peuter_hengelo")
    data = json.loads((FIXTURES / "ouder_slapen_peuter_hengelo.json").read_text(encoding="utf-8"))
    latest = data["latest_message"]
    events = [
        {"event": "user", "text": latest["text"], "parse_data": latest},
        *({"event": "bot", "text": m.get("text")} for m in first),
        {"event": "user", "text": "ja maar hoe dan", "parse_data": latest},
    ]
    slots = {**{n: None for n in DOMAIN["slots"]}, **data["slots"]}
    again = Tracker("s", slots, latest, events, False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionVerwijzing().run(dispatcher, again, DOMAIN))
    second = dispatcher.messages
    assert text(second) != text(first)
    assert first[0]["text"] not in text(second)
    assert "Praat met een medewerker" in [b["title"] for b in buttons(second)]


# ---- service cards as data (issue 15): the widget draws them with buttons ----


def test_the_services_named_in_an_answer_also_come_as_cards_with_buttons():
    from bot import kaart

    team = kaart.lokaal_team("GM0164")
    messages, _ = run("antwoord_op_gemeentevraag")
    [met_kaarten] = [m for m in messages if (m.get("custom") or {}).get("kaarten")]
    [k] = met_kaarten["custom"]["kaarten"]
    assert k["name"] == team.naam
    # The text form stays in the message, exactly, for clients that ignore the data.
    assert k["text"] in met_kaarten["text"]
    assert k["line"] and k["line"] in k["text"]
    assert k["actions"] == [{"kind": "website", "label": "Website", "href": team.website}]


def test_a_card_calls_the_number_of_the_sociale_kaart():
    from bot import kaart

    messages, _ = run(
        "jeugdhulp_zonder_gemeente",
        {"text": "ik word gepest op school", "intent": {"name": "zorg_pesten"}, "entities": []},
    )
    [kaartje] = [k for m in messages for k in (m.get("custom") or {}).get("kaarten", [])]
    [dienst] = [d for d in kaart.kaart_laden().diensten.values() if d.naam == kaartje["name"]]
    nummer = dienst.telefoonnummers[0]
    cijfers = "".join(c for c in nummer if c.isdigit())
    assert kaartje["actions"][0] == {
        "kind": "bellen",
        "label": f"Bel {nummer}",
        "href": f"tel:{cijfers}",
    }
    assert f"[{nummer}](tel:{cijfers})" in text(messages)


def test_a_question_without_services_carries_no_cards():
    messages, _ = run("jeugdhulp_zonder_gemeente")  # asks the gemeente first
    assert [m for m in messages if m.get("custom")] == []


# Words that speak to the young person themselves: never the answer to a parent about a child.
TOT_DE_JONGERE = ("jouw schuld", "Je bent goed zoals je bent", "Veel jongeren kennen", "niet raar")


@pytest.mark.parametrize("intent", sorted(verwijzing.onderwerpen()))
def test_a_parent_asking_about_a_child_is_answered_as_the_parent(intent):
    tekst = verwijzing.onderwerp(intent).tekst("nl", rol="ouder", leeftijd=13)
    assert not any(z.lower() in tekst.lower() for z in TOT_DE_JONGERE), f"{intent}: {tekst}"
