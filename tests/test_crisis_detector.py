"""The crisis detector: every crisis gets the right help first; ordinary questions stay ordinary.

The gates of issue 5 run on tests/data/crisis_positief.yml and crisis_negatief.yml: recall 100%,
false alarms at most 3%, and the number a category needs is always among the lines shown.
"""

from __future__ import annotations

import pytest
import yaml

from bot.kwaliteit import crisis_eval
from bot.veiligheid.crisis import CRISIS_FILE, ROUTES, detect, normaliseer

POSITIEF, NEGATIEF = crisis_eval.lees_sets()


@pytest.fixture(scope="session")  # computed once per worker, however xdist orders the tests
def uitslag() -> crisis_eval.Uitslag:
    return crisis_eval.evalueer()


def test_test_sets_are_big_and_cover_every_category():
    assert len(POSITIEF) >= 120
    assert len(NEGATIEF) >= 120
    assert {p["categorie"] for p in POSITIEF} == set(ROUTES)
    assert {p["over"] for p in POSITIEF} == {"zelf", "ander"}
    teksten = [p["tekst"] for p in POSITIEF] + NEGATIEF
    assert len(teksten) == len(set(teksten)), "a message is in the sets twice"


def test_every_crisis_message_is_caught(uitslag):
    assert uitslag.gemist == [], crisis_eval.rapport(uitslag)
    assert uitslag.recall == 1.0


def test_false_alarms_on_hard_negatives_are_at_most_three_percent(uitslag):
    assert uitslag.valse_alarm_ratio <= 0.03, crisis_eval.rapport(uitslag)


def test_everyday_questions_written_for_the_other_topics_rarely_raise_an_alarm(uitslag):
    # An independent set: the topic work's training and test sentences (not written for this).
    assert uitslag.alledaags >= 500
    assert len(uitslag.alledaags_alarmen) <= 0.01 * uitslag.alledaags, crisis_eval.rapport(uitslag)


def test_the_number_each_crisis_needs_comes_with_the_answer(uitslag):
    assert uitslag.verkeerde_hulp == [], crisis_eval.rapport(uitslag)


def test_category_is_right_for_nearly_every_crisis(uitslag):
    assert uitslag.categorie_juist >= 0.95, crisis_eval.rapport(uitslag)


def test_worried_adults_get_the_adult_route(uitslag):
    assert len(uitslag.verkeerd_over) <= 2, crisis_eval.rapport(uitslag)


def test_child_reporting_abuse_gets_veilig_thuis_first():
    signaal = detect("mijn vader slaat me")
    assert signaal.categorie == "geweld"
    assert signaal.over == "zelf"
    assert signaal.lijnen()[0] == "veilig_thuis"
    assert "kindertelefoon" in signaal.lijnen()


def test_neighbour_worried_about_a_boy_gets_veilig_thuis_advice_not_the_kindertelefoon():
    signaal = detect("ik denk dat mijn buurjongen geslagen wordt")
    assert signaal.categorie == "geweld"
    assert signaal.over == "ander"
    assert signaal.lijnen() == ("veilig_thuis",)


def test_wish_to_die_gets_113_and_pills_taken_gets_112_first():
    assert detect("ik wil niet meer leven").lijnen()[0] == "113"
    genomen = detect("ik heb net een hele strip pillen genomen")
    assert genomen.categorie == "suicide_gedaan"
    assert genomen.lijnen()[:2] == ("112", "113")


def test_violence_happening_now_is_an_emergency_with_veilig_thuis_after_112():
    signaal = detect("hij slaat mama nu heel hard wat moet ik doen")
    assert signaal.categorie == "acuut"
    assert signaal.lijnen()[0] == "112"
    assert "veilig_thuis" in signaal.lijnen()


def test_sextortion_gets_veilig_thuis_and_the_centrum_seksueel_geweld():
    signaal = detect("iemand dwingt me foto's te sturen")
    assert signaal.categorie == "seksueel"
    assert signaal.lijnen()[:2] == ("veilig_thuis", "csg")


@pytest.mark.parametrize(
    "tekst",
    [
        "mijn vader slaat me",
        "MIJN VADER SLAAT ME!!!",
        "mn pa slaad me",
        "m'n vadr slaat mij",  # a typo in the father still leaves "slaat mij"
        "Mijn váder slaat me",
        "my dad hits me",
    ],
)
def test_any_spelling_of_my_father_hits_me_is_caught(tekst):
    signaal = detect(tekst)
    assert signaal is not None and signaal.categorie == "geweld"


@pytest.mark.parametrize(
    "tekst",
    ["ik wil niet meer leven", "k wil nie meer leve", "ik wil doooood", "I want to die", "kms"],
)
def test_any_spelling_of_not_wanting_to_live_is_caught(tekst):
    signaal = detect(tekst)
    assert signaal is not None and signaal.categorie == "suicide"


def test_stress_figure_of_speech_alone_is_not_a_suicide_signal():
    # Decided: "doodgaan van de stress" is how Dutch teenagers talk about homework.
    assert detect("ik ga dood van de stress van het huiswerk") is None
    # ...but said together with a real wish to die, it is.
    assert detect("ik ga dood van de stress en ik wil eigenlijk niet meer leven") is not None


def test_bare_ik_ga_dood_errs_on_the_safe_side_and_says_it_may_be_wrong():
    signaal = detect("ik ga dood")
    assert signaal.categorie == "suicide"
    assert signaal.zeker is False
    assert detect("ik wil dood").zeker is True


@pytest.mark.parametrize(
    "tekst",
    [
        "hij schiet iedereen dood in Fortnite",
        "wat doet Veilig Thuis?",
        "ik moet een spreekbeurt houden over zelfmoord",
        "mijn peuter slaat mij als hij boos is",
        "mijn moeder vermoordt me als ze mijn rapport ziet",
    ],
)
def test_games_lessons_toddlers_and_jokes_do_not_raise_an_alarm(tekst):
    assert detect(tekst) is None


def test_a_real_signal_inside_a_story_about_a_game_still_counts():
    assert detect("als ik fortnite speel en verlies, slaat mijn vader me").categorie == "geweld"


def test_a_school_assignment_does_not_hide_a_real_wish_to_die():
    tekst = "ik moet een werkstuk over zelfmoord maken maar eigenlijk wil ik zelf ook dood"
    assert detect(tekst).categorie == "suicide"


def test_empty_and_blank_messages_have_no_signal():
    assert detect("") is None
    assert detect("   ") is None


def test_normalising_maps_slang_but_keeps_me_as_me():
    assert normaliseer("K wil ff mn pa spreken, hij slaat me") == (
        "ik wil even mijn vader spreken , hij slaat me"
    )


def test_detector_is_fast_enough_for_every_message():
    import time

    teksten = [p["tekst"] for p in POSITIEF] + NEGATIEF
    lange_tekst = " ".join(teksten)[:1000]
    start = time.perf_counter()
    for tekst in [*teksten, lange_tekst]:
        detect(tekst)
    # Generous for a busy CI machine: a few milliseconds per message is what it normally takes.
    assert time.perf_counter() - start < 10


def test_signal_file_has_no_duplicate_keys_that_would_hide_a_rule():
    class Strict(yaml.SafeLoader):
        pass

    def mapping(loader, node, deep=False):
        keys = [loader.construct_object(k) for k, _ in node.value]
        dubbel = {k for k in keys if keys.count(k) > 1}
        assert not dubbel, f"{CRISIS_FILE.name}: dubbele sleutel {dubbel} bij {node.start_mark}"
        return yaml.SafeLoader.construct_mapping(loader, node, deep)

    Strict.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    data = yaml.load(CRISIS_FILE.read_text(encoding="utf-8"), Strict)  # noqa: S506
    ids = [r["id"] for r in data["regels"]]
    assert len(ids) == len(set(ids))


# --- the Rasa component, without training a model ---


def _parsed(text: str, ranking: list[tuple[str, float]]):
    from rasa.shared.nlu.training_data.message import Message

    from bot.nlu.crisis import CrisisDetector

    message = Message(data={"text": text})
    message.set("intent", {"name": ranking[0][0], "confidence": ranking[0][1]})
    message.set("intent_ranking", [{"name": n, "confidence": c} for n, c in ranking])
    CrisisDetector(CrisisDetector.get_default_config()).process([message])
    return message


def test_component_sets_crisis_whatever_the_classifier_said():
    message = _parsed("mijn vader slaat me", [("opvoeden_slapen", 0.97), ("crisis", 0.01)])
    assert message.get("intent") == {"name": "crisis", "confidence": 1.0}
    entities = {e["entity"]: e["value"] for e in message.get("entities")}
    assert entities == {"crisis_categorie": "geweld", "crisis_over": "zelf"}


def test_classifier_crisis_without_a_signal_gives_way_to_the_next_intent():
    message = _parsed("ik lach me dood om dat filmpje", [("crisis", 0.74), ("zorg_rouw", 0.5)])
    assert message.get("intent")["name"] == "zorg_rouw"


def test_classifier_crisis_without_a_signal_and_no_good_second_is_not_understood():
    message = _parsed("ik lach me dood", [("crisis", 0.6), ("zorg_rouw", 0.1)])
    assert message.get("intent")["name"] == "nlu_fallback"


class _VasteKans:
    """A stand-in for the trained crisis model with one fixed judgement."""

    def __init__(self, kans: float, soort: str = "suicide_plan", over: str = "zelf"):
        from bot.veiligheid.crisismodel import SOORTEN, Beoordeling

        self.beoordeling = Beoordeling(kans, soort, SOORTEN[soort], over)

    def beoordeel(self, text, details_vanaf=0.0):
        return self.beoordeling


def _met_model(text: str, ranking, model):
    from rasa.shared.nlu.training_data.message import Message

    from bot.nlu.crisis import CrisisDetector

    message = Message(data={"text": text})
    message.set("intent", {"name": ranking[0][0], "confidence": ranking[0][1]})
    message.set("intent_ranking", [{"name": n, "confidence": c} for n, c in ranking])
    CrisisDetector(CrisisDetector.get_default_config(), model=model).process([message])
    return message


def test_a_confident_model_catches_what_the_rules_miss_with_its_kind():
    message = _met_model(
        "zaterdag is iedereen weg, dan ga ik naar het spoor",
        [("opvoeden_vriendschap", 0.6), ("crisis", 0.2)],
        _VasteKans(0.9),
    )
    assert message.get("intent") == {"name": "crisis", "confidence": 1.0}
    entities = {e["entity"]: e["value"] for e in message.get("entities")}
    assert entities == {"crisis_categorie": "suicide", "crisis_over": "zelf"}


def test_an_unsure_model_keeps_the_topic_and_asks_the_safety_question():
    from bot.nlu.crisis import CrisisDetector

    standaard = CrisisDetector.get_default_config()
    message = _met_model(
        "ik weet niet meer hoe het verder moet met school",
        [("school_hulp", 0.7), ("crisis", 0.1)],
        _VasteKans((standaard["grijs"] + standaard["drempel"]) / 2),
    )
    assert message.get("intent")["name"] == "school_hulp"
    entities = {e["entity"]: e["value"] for e in message.get("entities")}
    assert entities == {"crisis_twijfel": "suicide"}


def test_danger_right_now_gets_the_whole_answer_already_in_the_grey_zone():
    from bot.nlu.crisis import CrisisDetector

    standaard = CrisisDetector.get_default_config()
    message = _met_model(
        "bij de overburen gaat nu iets kapot en er huilt een kind, al tien minuten",
        [("zorg_gedrag", 0.5), ("crisis", 0.1)],
        _VasteKans((standaard["grijs"] + standaard["drempel"]) / 2, "huiselijk_geweld_nu", "ander"),
    )
    assert message.get("intent") == {"name": "crisis", "confidence": 1.0}
    entities = {e["entity"]: e["value"] for e in message.get("entities")}
    assert entities == {"crisis_categorie": "acuut", "crisis_over": "ander"}


def test_the_classifier_crisis_does_not_stand_when_the_model_says_no_danger():
    message = _met_model(
        "niemand zou het merken", [("crisis", 0.95), ("zorg_eenzaam", 0.4)], _VasteKans(0.05)
    )
    assert message.get("intent")["name"] == "zorg_eenzaam"
    assert not message.get("entities")


def test_a_crisis_button_stands_as_it_is():
    message = _met_model("/crisis", [("crisis", 1.0)], _VasteKans(0.0))
    assert message.get("intent")["name"] == "crisis"


def test_the_crisis_model_judges_the_same_when_kind_and_person_are_skipped_below_the_threshold():
    from bot.veiligheid.crisismodel import CrisisModel, Voorbeeld

    voorbeelden = [
        Voorbeeld("ik wil dood ik heb pillen gespaard", True, "suicide_plan"),
        Voorbeeld("ik wil er niet meer zijn", True, "suicide_direct"),
        Voorbeeld("mijn vader slaat me elke avond", True, "mishandeling", "zelf"),
        Voorbeeld("de buurman slaat zijn zoon", True, "mishandeling", "ander"),
        Voorbeeld("mijn zoon slaapt slecht", False),
        Voorbeeld("hoe vraag ik jeugdhulp aan", False),
        Voorbeeld("mijn dochter wordt gepest op school", False),
        Voorbeeld("wat kost de kinderopvang", False),
    ]
    model = CrisisModel().fit(voorbeelden * 2)
    for tekst in ("ik wil niet meer leven", "mijn zoon slaapt niet", "hij slaat mij"):
        volledig = model.beoordeel(tekst)
        for drempel in (0.0, 0.45, 0.99):
            beoordeling = model.beoordeel(tekst, details_vanaf=drempel)
            assert beoordeling.kans == volledig.kans
            if volledig.kans >= drempel:
                assert beoordeling == volledig
