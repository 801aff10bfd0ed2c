"""The crisis detector as the last step of Rasa's NLU pipeline, so every channel gets it.

Whatever the intent classifier and the FallbackClassifier predicted, a message with a crisis
signal (bot/crisis.py) leaves the pipeline with intent `crisis` at confidence 1.0 and the entities
`crisis_categorie` (acuut, suicide, suicide_gedaan, seksueel, geweld, praten) and `crisis_over`
(zelf or ander), which fill the slots of the same names.

The other way round, the classifier alone says `crisis` too often on hard negatives ("ik lach me
dood", "mijn moeder vermoordt me als ze mijn rapport ziet"). Without a signal its `crisis` stands
only at high confidence (`classifier_threshold`, answered as unsure); below that the next intent
of its ranking takes over.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import (
    ENTITIES,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.crisis import detect

CRISIS_INTENT = "crisis"
EXTRACTOR = "CrisisDetector"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class CrisisDetector(GraphComponent, IntentClassifier):
    """Overrides the predicted intent with `crisis` when bot.crisis.detect finds a signal."""

    @classmethod
    def required_components(cls) -> list[type]:
        return [IntentClassifier]

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # fallback_threshold: keep it equal to the FallbackClassifier's threshold in config.yml.
        return {"intent": CRISIS_INTENT, "classifier_threshold": 0.9, "fallback_threshold": 0.3}

    def __init__(self, config: dict[str, Any]) -> None:
        self.component_config = config

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> CrisisDetector:
        return cls({**cls.get_default_config(), **config})

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            self._mark(message)
        return messages

    def _mark(self, message: Message) -> None:
        text = message.get(TEXT) or ""
        signaal = detect(text)
        intent = self.component_config["intent"]
        if signaal is None:
            self._demote_classifier_crisis(message, intent)
            return
        crisis = {INTENT_NAME_KEY: intent, PREDICTED_CONFIDENCE_KEY: 1.0}
        ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != intent]
        message.set(INTENT, crisis, add_to_output=True)
        message.set(INTENT_RANKING_KEY, [crisis, *ranking], add_to_output=True)
        entities = [
            e
            for e in message.get(ENTITIES) or []
            if e.get("entity") not in ("crisis_categorie", "crisis_over")
        ]
        for name, value in (("crisis_categorie", signaal.categorie), ("crisis_over", signaal.over)):
            entities.append(
                {
                    "entity": name,
                    "value": value,
                    "start": 0,
                    "end": len(text),
                    "confidence_entity": 1.0,
                    "extractor": EXTRACTOR,
                }
            )
        message.set(ENTITIES, entities, add_to_output=True)

    def _demote_classifier_crisis(self, message: Message, intent: str) -> None:
        predicted = message.get(INTENT) or {}
        if predicted.get(INTENT_NAME_KEY) != intent:
            return
        confidence = predicted.get(PREDICTED_CONFIDENCE_KEY) or 0.0
        if confidence >= self.component_config["classifier_threshold"]:
            return
        ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != intent]
        if not ranking or ranking[0]["confidence"] < self.component_config["fallback_threshold"]:
            fallback = DEFAULT_NLU_FALLBACK_INTENT_NAME
            ranking.insert(0, {INTENT_NAME_KEY: fallback, PREDICTED_CONFIDENCE_KEY: 1.0})
        volgende = {k: ranking[0][k] for k in (INTENT_NAME_KEY, PREDICTED_CONFIDENCE_KEY)}
        message.set(INTENT, volgende, add_to_output=True)
        message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
