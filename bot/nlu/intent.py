"""The topic classifier (bot/intentmodel.py) as a Rasa component: trains with `rasa train`.

It replaces Rasa's LogisticRegressionClassifier so that the figure the writer-grouped
cross-validation prints (`jeugdwijzer eval --kruis`) is the figure of the model in the product:
the same features, the same classifier, the same calibrated confidences. The FallbackClassifier
after it turns a low or ambiguous confidence into `nlu_fallback`, which asks when unsure.
"""

from __future__ import annotations

import logging
from typing import Any

import joblib
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.intentmodel import STANDAARD_C, STANDAARD_TEMPERATUUR, IntentModel
from bot.veiligheid.crisismodel import kenmerk_versie

log = logging.getLogger(__name__)

MODEL_FILE = "intentmodel.joblib"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class TopicClassifier(GraphComponent, IntentClassifier):
    """Intent and ranking from a linear SVM with calibrated confidences."""

    @classmethod
    def required_components(cls) -> list[type]:
        return []  # reads the text itself; no Rasa featurizer needed

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            "C": STANDAARD_C,
            "temperatuur": STANDAARD_TEMPERATUUR,
            "ranking_length": 10,
            "zonder": ["crisis"],  # intents another component decides
            # Rasa's training cache keys on the config: a changed normaliser retrains.
            "kenmerken": kenmerk_versie(),
        }

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage | None = None,
        resource: Resource | None = None,
        model: IntentModel | None = None,
    ) -> None:
        self.component_config = config
        self._storage = model_storage
        self._resource = resource
        self.model = model

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> TopicClassifier:
        return cls({**cls.get_default_config(), **config}, model_storage, resource)

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> TopicClassifier:
        model = None
        try:
            with model_storage.read_from(resource) as directory:
                model = joblib.load(directory / MODEL_FILE)
        except (ValueError, FileNotFoundError):
            log.warning("Geen getraind onderwerpmodel gevonden; elk bericht wordt nlu_fallback.")
        return cls({**cls.get_default_config(), **config}, model_storage, resource, model)

    def train(self, training_data: TrainingData) -> Resource:
        # The crisis detector decides about danger; this model learns only the topics, so a
        # message the detector lets pass goes to its nearest topic, never to "crisis".
        zonder = set(self.component_config["zonder"])
        voorbeelden = [
            (m.get(TEXT), m.get(INTENT))
            for m in training_data.intent_examples
            if m.get(TEXT) and m.get(INTENT) not in zonder
        ]
        if len({i for _, i in voorbeelden}) > 1:
            teksten, intents = zip(*voorbeelden, strict=True)
            config = self.component_config
            self.model = IntentModel(config["C"], config["temperatuur"]).fit(
                list(teksten), list(intents)
            )
            assert self._storage is not None and self._resource is not None
            with self._storage.write_to(self._resource) as directory:
                joblib.dump(self.model, directory / MODEL_FILE)
        return self._resource

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        te_doen = [m for m in messages if m.get(TEXT)]
        if self.model is None or not te_doen:
            return messages
        lengte = self.component_config["ranking_length"]
        rangen = self.model.rangschik([m.get(TEXT) for m in te_doen], top=lengte)
        for message, rang in zip(te_doen, rangen, strict=True):
            ranking = [{"name": naam, "confidence": kans} for naam, kans in rang]
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages
