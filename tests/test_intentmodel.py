"""The topic classifier: numbers never choose a topic, confidences are honest, and it trains,
persists and loads inside Rasa the way `rasa train` runs it."""

from __future__ import annotations

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.intentmodel import IntentModel
from bot.kwaliteit import intent_eval
from bot.nlu.intent import TopicClassifier

VOORBEELDEN = [
    ("mijn zoon wordt 18, wat verandert er dan", "achttien_worden"),
    ("ik word 18 in maart, stopt mijn jeugdhulp dan", "achttien_worden"),
    ("wat moet ik regelen als ik 18 word", "achttien_worden"),
    ("over 2 maanden ben ik 18 en dan", "achttien_worden"),
    ("mijn dochter slaapt heel slecht", "opvoeden_slapen"),
    ("hij wil nooit naar bed", "opvoeden_slapen"),
    ("ze wordt elke nacht wakker en huilt", "opvoeden_slapen"),
    ("hoe krijg ik mijn peuter in slaap", "opvoeden_slapen"),
    ("onze kinderen slapen slecht sinds de verhuizing", "opvoeden_slapen"),
    ("wij hebben schulden en kunnen de huur niet betalen", "geldzorgen"),
    ("geen geld voor de sportclub van de kinderen", "geldzorgen"),
    ("na de huur blijft er bijna niks over voor boodschappen", "geldzorgen"),
    ("de rekeningen stapelen zich op", "geldzorgen"),
]


@pytest.fixture(scope="module")
def model():
    teksten, intents = zip(*VOORBEELDEN, strict=True)
    return IntentModel().fit(list(teksten), list(intents))


def test_a_number_in_a_message_does_not_pull_it_to_turning_18(model):
    [[(intent, _), *_]] = model.rangschik(["mijn kinderen van 7 en 11 slapen slecht"])
    assert intent == "opvoeden_slapen"
    [[(intent, _), *_]] = model.rangschik(["we hebben 8000 euro schuld, kan iemand helpen"])
    assert intent == "geldzorgen"


def test_confidences_rank_the_topics_and_add_up_to_one(model):
    [ranking] = model.rangschik(["kind slaapt niet"], top=3)
    kansen = [k for _, k in ranking]
    assert kansen == sorted(kansen, reverse=True)
    assert abs(sum(model.kansen(["kind slaapt niet"])[0]) - 1) < 1e-6
    assert ranking[0][0] == "opvoeden_slapen"


def test_a_message_about_nothing_it_knows_is_not_confident(model):
    [[(_, zeker), *_]] = model.rangschik(["mijn kind slaapt slecht"])
    [[(_, onzeker), *_]] = model.rangschik(["wat is de hoofdstad van peru"])
    assert onzeker < zeker


def test_the_rasa_component_trains_persists_and_loads(tmp_path):
    storage = LocalModelStorage(tmp_path)
    resource = Resource("topics")
    context = ExecutionContext(GraphSchema({}), "test")
    data = TrainingData([Message(data={"text": t, "intent": i}) for t, i in VOORBEELDEN])
    component = TopicClassifier.create({}, storage, resource, context)
    component.train(data)
    loaded = TopicClassifier.load({}, storage, resource, context)
    [message] = loaded.process([Message(data={"text": "mijn baby slaapt niet door"})])
    assert message.get("intent")["name"] == "opvoeden_slapen"
    ranking = message.get("intent_ranking")
    assert [r["name"] for r in ranking][:1] == ["opvoeden_slapen"]
    assert len(ranking) == 3  # every intent it knows, best first


def test_cross_validation_leaves_each_writer_out_and_never_scores_crisis():
    data = [
        intent_eval.Voorbeeld(tekst, intent, f"schrijver{i % 3}")
        for i, (tekst, intent) in enumerate(VOORBEELDEN * 2)
    ]
    data.append(intent_eval.Voorbeeld("ik wil niet meer leven", "crisis", "schrijver0"))
    data.append(intent_eval.Voorbeeld("mijn kind slaapt niet", "opvoeden_slapen", "project"))
    uitslag = intent_eval.kruisvalidatie(data, folds=3)
    assert "crisis" not in uitslag.echt
    assert "project" not in uitslag.schrijvers
    assert len(uitslag.echt) == len(VOORBEELDEN) * 2
    assert "macro-F1" in intent_eval.kruisrapport(uitslag)
