"""The assistant picks up the child's age, who is asking, the gemeente and the language from messy
messages, so it does not ask for what the user already said."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

import pytest

from bot.taal import herkenning


def waarde(vondst):
    return vondst.value if vondst else None


@pytest.mark.parametrize(
    "text, age",
    [
        ("mijn dochter van zes", "6"),
        ("Mijn DOCHTER van zes wil niet slapen", "6"),
        ("ze is 14", "14"),
        ("15 jaar", "15"),
        ("zes", "6"),
        ("12", "12"),
        ("een baby van 8 maanden die veel huilt", "0"),
        ("ik ben vijftien", "15"),
        ("kben 16 en mn moeder snapt me niet", "16"),
        ("my son is 7 and won't go to school", "7"),
        ("my 9 year old daughter", "9"),
        ("mn zoon (14) blowt", "14"),
        ("dochter, 9, wil niet naar school", "9"),
        ("onze zoon van achtien", "18"),
        ("ons meisje van anderhalf slaapt slecht", "1"),
        ("een 16-jarige jongen uit mijn klas", "16"),
        ("Sanne is 7 en huilt veel", "7"),
        ("mijn peuter bijt op de opvang", "2"),
        ("ik ben 35 en mijn zoon is 12", "12"),
        ("I'm 16 years old", "16"),
    ],
)
def test_age_is_found_in_digits_and_words(text, age):
    assert waarde(herkenning.leeftijd(text)) == age


@pytest.mark.parametrize(
    "text, age",
    [
        ("hij wordt 18 in maart", "17"),
        ("ik ben bijna achttien", "17"),
        ("mijn dochter is bijna 4", "3"),
    ],
)
def test_an_age_someone_is_about_to_reach_counts_as_the_whole_years_now(text, age):
    assert waarde(herkenning.leeftijd(text)) == age


@pytest.mark.parametrize(
    "text",
    [
        "we wachten al 2 jaar op hulp",
        "de wachttijd is 12 weken",
        "ik heb 3 kinderen",
        "mijn zoon zit in groep 7",
        "7552",
        "ik ben 12 weken zwanger",
        "hij is 10 kilo afgevallen",
        "Het is 3 uur en ze slaapt nog niet",
        "toen hij een baby was sliep hij goed",
        "ik ben 42",
        "ik ben 5 minuten te laat",
    ],
)
def test_numbers_that_are_not_the_age_of_a_child_are_left_alone(text):
    assert herkenning.leeftijd(text) is None


def test_the_age_points_at_the_words_it_came_from():
    text = "Hoi, mijn dochter van zes huilt"
    found = herkenning.leeftijd(text)
    assert text[found.start : found.end] == "dochter van zes"


@pytest.mark.parametrize(
    "text, role",
    [
        ("mijn zoon wil niet naar school", "ouder"),
        ("mn dochter van 6", "ouder"),
        ("ik ben de moeder", "ouder"),
        ("ik ben een bezorgde vader", "ouder"),
        ("my daughter cries a lot", "ouder"),
        ("mijn moeder past op mijn zoon", "ouder"),
        ("ik ben 15", "jongere"),
        ("kben 14 en mn ouders maken ruzie", "jongere"),
        ("ik zit in de 3e klas", "jongere"),
        ("me moeder drinkt", "jongere"),
        ("my mom doesn't listen", "jongere"),
        ("ik ben leerkracht", "professional"),
        ("ik ben leerkracht en een leerling van 11 wordt gepest", "professional"),
        ("ik werk als jeugdverpleegkundige", "professional"),
        ("ik ben ib'er op een basisschool", "professional"),
        ("I'm a teacher", "professional"),
        ("ik ben 23 en werk als leerkracht", "professional"),
        ("een leerling van mij zit al weken thuis", "professional"),
    ],
)
def test_who_is_asking_is_found(text, role):
    assert waarde(herkenning.rol(text)) == role


@pytest.mark.parametrize(
    "text",
    ["ik ben bij de huisarts geweest", "hoe vraag ik jeugdhulp aan", "ik ben 42", "ok"],
)
def test_no_role_is_guessed_when_the_message_does_not_say(text):
    assert herkenning.rol(text) is None


@pytest.mark.parametrize(
    "text, language",
    [
        ("ik heb een vraag", "nl"),
        ("k weet ni wat ik moet doen", "nl"),
        ("mijn zoon is super into gaming", "nl"),
        ("thank you", "en"),
        ("I need help", "en"),
        ("my daughter is 6", "en"),
        ("can I talk to a person", "en"),
        ("Merhaba, oğlum için yardım istiyorum", "anders"),
        ("merhaba", "anders"),
        ("Potrzebuję pomocy, mój syn ma 14 lat", "anders"),
        ("مرحبا احتاج مساعدة", "anders"),
        ("Привіт, мені потрібна допомога", "anders"),
        ("je suis une mère et j'ai besoin d'aide", "anders"),
        ("Ich brauche Hilfe für meinen Sohn", "anders"),
        ("hola necesito ayuda con mi hijo", "anders"),
    ],
)
def test_language_is_recognised(text, language):
    assert waarde(herkenning.taal(text)) == language


@pytest.mark.parametrize("text", ["hi", "help", "ok", "hallo", "ja", "7552", "Den Haag", "sorry"])
def test_short_messages_that_fit_both_languages_do_not_switch_language(text):
    assert herkenning.taal(text) is None


GEMEENTEN = {"hengelo": "GM0164", "7552": "GM0164", "goor": "GM1735"}


def fake_zoeker(text):
    for word, code in GEMEENTEN.items():
        if word in text.lower():
            return SimpleNamespace(code=code)
    return None


def test_one_message_fills_age_role_gemeente_and_language():
    from bot.nlu import entities  # Rasa/TensorFlow: loaded only by the tests that use it

    found = entities.vondsten("mijn dochter van zes, we wonen in Goor", fake_zoeker)
    assert {name: v.value for name, v in found.items()} == {
        "leeftijd": "6",
        "rol": "ouder",
        "gemeente": "GM1735",
        "taal": "nl",
    }


def test_a_postcode_alone_gives_the_gemeente():
    from bot.nlu import entities  # Rasa/TensorFlow: loaded only by the tests that use it

    assert {n: v.value for n, v in entities.vondsten("7552", fake_zoeker).items()} == {
        "gemeente": "GM0164"
    }


def test_a_broken_kaart_does_not_break_understanding():
    from bot.nlu import entities  # Rasa/TensorFlow: loaded only by the tests that use it

    def kapot(text):
        raise RuntimeError("database weg")

    found = entities.vondsten("ik ben 15 en woon in Hengelo", kapot)
    assert "gemeente" not in found
    assert found["leeftijd"].value == "15"


def message(text, intent="bedankt"):
    from rasa.shared.nlu.training_data.message import Message

    msg = Message(data={"text": text})
    msg.set("intent", {"name": intent, "confidence": 0.6})
    msg.set("intent_ranking", [{"name": intent, "confidence": 0.6}])
    return msg


def test_component_adds_entities_and_keeps_the_intent():
    from bot.nlu import entities  # Rasa/TensorFlow: loaded only by the tests that use it

    component = entities.JeugdwijzerEntities(fake_zoeker)
    [msg] = component.process([message("ik woon in Hengelo en mijn zoon is 7", "informeren")])
    found = {e["entity"]: e["value"] for e in msg.get("entities")}
    assert found == {"leeftijd": "7", "rol": "ouder", "gemeente": "GM0164", "taal": "nl"}
    assert msg.get("intent")["name"] == "informeren"


def test_a_message_in_another_language_gets_the_other_language_intent():
    from bot.nlu import entities  # Rasa/TensorFlow: loaded only by the tests that use it

    component = entities.JeugdwijzerEntities(fake_zoeker)
    [msg] = component.process([message("Dzień dobry, potrzebuję pomocy dla mojej córki")])
    assert msg.get("intent") == {"name": "andere_taal", "confidence": 1.0}
    assert msg.get("intent_ranking")[0]["name"] == "andere_taal"


@pytest.mark.parametrize("text", ["ik woon in Hengelo", "7552", "ik ben docent", "ze is zes"])
def test_an_answer_the_classifier_was_unsure_about_counts_as_giving_information(text):
    from bot.nlu import entities  # Rasa/TensorFlow: loaded only by the tests that use it

    component = entities.JeugdwijzerEntities(fake_zoeker)
    [msg] = component.process([message(text, "nlu_fallback")])
    assert msg.get("intent")["name"] == "informeren"


@pytest.mark.parametrize(
    "text, intent",
    [
        ("mijn kind is gearresteerd", "nlu_fallback"),
        ("ik ben docent en een leerling van mij gebruikt drugs", "nlu_fallback"),
        ("paspoort aanvragen in Hengelo", "buiten_bereik"),
    ],
)
def test_a_question_is_not_mistaken_for_an_answer(text, intent):
    from bot.nlu import entities  # Rasa/TensorFlow: loaded only by the tests that use it

    component = entities.JeugdwijzerEntities(fake_zoeker)
    [msg] = component.process([message(text, intent)])
    assert msg.get("intent")["name"] == intent


@pytest.mark.parametrize("text", ["Hengelo", "ik woon in Hengelo", "ze is zes", "ik ben de vader"])
def test_only_an_answer_counts_as_giving_information_whatever_the_classifier_thought(text):
    from bot.nlu import entities  # Rasa/TensorFlow: loaded only by the tests that use it

    component = entities.JeugdwijzerEntities(fake_zoeker)
    [msg] = component.process([message(text, "buiten_bereik")])
    assert msg.get("intent")["name"] == "informeren"


def test_button_payloads_are_left_alone():
    from bot.nlu import entities  # Rasa/TensorFlow: loaded only by the tests that use it

    component = entities.JeugdwijzerEntities(fake_zoeker)
    [msg] = component.process([message("/informeren", "informeren")])
    assert msg.get("entities", []) == []


def test_the_real_kaart_knows_the_demo_region_by_name():
    from bot.nlu import entities  # Rasa/TensorFlow: loaded only by the tests that use it

    found = entities.vondsten("we wonen in Hengelo", entities._kaart_zoeker())
    assert found["gemeente"].value == "GM0164"


@pytest.mark.slow
def test_trained_model_fills_slots_from_one_messy_message(trained_model):
    from rasa.core.agent import Agent

    agent = Agent.load(str(trained_model))

    async def parse(text):
        return await agent.parse_message(text)

    parsed = asyncio.run(parse("hoi, mn dochtr van zes huilt elke nacht. we wonen in Enschede"))
    found = {e["entity"]: e["value"] for e in parsed["entities"]}
    assert found["leeftijd"] == "6"
    assert found["rol"] == "ouder"
    assert found["gemeente"] == "GM0153"

    other = asyncio.run(parse("Merhaba, kızım için yardım istiyorum"))
    assert other["intent"]["name"] == "andere_taal"

    async def reply(text):
        return await agent.handle_text(text, sender_id="nlu-b-andere-taal")

    answer = " ".join(
        m.get("text", "") for m in asyncio.run(reply("Dzień dobry, potrzebuję pomocy"))
    )
    assert "Nederlands en Engels" in answer
    assert "Dutch and English" in answer
    assert "gemeente" in answer


@pytest.mark.parametrize(
    "antwoord, plaats",
    [
        ("Zwolle", True),
        ("ik woon in Zwolle", True),
        ("Hof van Twente", True),
        ("niet ik. mn zoon", False),
        ("10", False),
        ("weet ik niet precies, hoezo?", False),
        ("liever niet", False),
    ],
)
def test_only_a_place_name_counts_as_an_unknown_gemeente(antwoord, plaats):
    assert herkenning.lijkt_plaatsnaam(antwoord) is plaats
