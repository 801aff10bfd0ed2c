"""The crisis detector as the last step of Rasa's NLU pipeline, so every channel gets it.

Two signals decide, whatever the intent classifier thought:
- the rules of bot/veiligheid/crisis.py (danger said plainly), and
- a trained classifier (bot/veiligheid/crisismodel.py) that learns from every `crisis`
  example in the NLU data, with the crisis kind in its intent metadata, against all other
  examples as negatives;
  it trains with `rasa train` and is stored in the model.

A message with a rule signal, or a model probability of at least `drempel`, leaves the pipeline
with intent `crisis` at confidence 1.0 and the entities `crisis_categorie` (acuut, suicide,
suicide_gedaan, seksueel, geweld, praten) and `crisis_over` (zelf or ander), which fill the slots
of the same names. Between `grijs` and `drempel` the message keeps its own intent and gets the
entity `crisis_twijfel`: the answer then adds one short, kind safety question with the numbers;
for danger right now (the categories in `nu`: acuut, suicide_gedaan) the full crisis answer
comes from `grijs` already, since there is no time for a question.
The intent classifier's own `crisis` never stands alone; below the threshold the next intent of
its ranking takes over.
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

from bot.veiligheid.crisis import Signaal, detect
from bot.veiligheid.crisismodel import CrisisModel, Voorbeeld, kenmerk_versie

log = logging.getLogger(__name__)

CRISIS_INTENT = "crisis"
EXTRACTOR = "CrisisDetector"
MODEL_FILE = "crisismodel.joblib"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class CrisisDetector(GraphComponent, IntentClassifier):
    """Overrides the predicted intent with `crisis` on a rule signal or a confident model."""

    @classmethod
    def required_components(cls) -> list[type]:
        # Not required by type (the train graph has no classifier upstream of a trainable
        # component); config.yml puts it last, after the classifiers.
        return []

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # fallback_threshold: keep it equal to the FallbackClassifier's threshold in config.yml.
        return {
            "intent": CRISIS_INTENT,
            "drempel": 0.50,
            "grijs": 0.44,
            "C": 1.0,
            # Categories of danger right now: the full crisis answer from `grijs` already.
            "nu": ["acuut", "suicide_gedaan"],
            "fallback_threshold": 0.3,
            # Rasa's training cache keys on the config: a changed rule or normaliser retrains.
            "kenmerken": kenmerk_versie(),
        }

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage | None = None,
        resource: Resource | None = None,
        model: CrisisModel | None = None,
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
    ) -> CrisisDetector:
        return cls({**cls.get_default_config(), **config}, model_storage, resource)

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> CrisisDetector:
        model = None
        try:
            with model_storage.read_from(resource) as directory:
                model = joblib.load(directory / MODEL_FILE)
        except (ValueError, FileNotFoundError):
            log.warning("Geen getraind crisismodel gevonden; alleen de regels tellen.")
        return cls({**cls.get_default_config(), **config}, model_storage, resource, model)

    def train(self, training_data: TrainingData) -> Resource:
        voorbeelden = voorbeelden_uit(training_data, self.component_config["intent"])
        if any(v.crisis for v in voorbeelden) and not all(v.crisis for v in voorbeelden):
            self.model = CrisisModel(c=self.component_config["C"]).fit(voorbeelden)
            assert self._storage is not None and self._resource is not None
            with self._storage.write_to(self._resource) as directory:
                joblib.dump(self.model, directory / MODEL_FILE)
        return self._resource

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            self._mark(message)
        return messages

    def _mark(self, message: Message) -> None:
        text = message.get(TEXT) or ""
        intent = self.component_config["intent"]
        signaal = detect(text)
        if self.model is not None and text and not text.startswith("/"):
            signaal = self._weeg(message, text, signaal)
        if signaal is None:
            if not text.startswith("/"):  # a button's /crisis payload stands as it is
                self._demote_classifier_crisis(message, intent)
            return
        crisis = {INTENT_NAME_KEY: intent, PREDICTED_CONFIDENCE_KEY: 1.0}
        ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != intent]
        message.set(INTENT, crisis, add_to_output=True)
        message.set(INTENT_RANKING_KEY, [crisis, *ranking], add_to_output=True)
        self._add_entities(
            message,
            text,
            (("crisis_categorie", signaal.categorie), ("crisis_over", signaal.over)),
        )

    def _weeg(self, message: Message, text: str, regel: Signaal | None) -> Signaal | None:
        """The model decides; the rules are among its features (cross-validation showed that
        a rule overriding the model adds false alarms and no recall). The category comes from
        the rule when one fired, else from the model's kind."""
        drempels = (self.component_config["drempel"], self.component_config["grijs"])
        beoordeling = self.model.beoordeel(text, details_vanaf=min(drempels))
        categorie = beoordeling.categorie or "praten"
        drempel = self.component_config["drempel"]
        if (regel.categorie if regel is not None else categorie) in self.component_config["nu"]:
            # Danger right now (violence heard, something swallowed, pills taken): no time
            # for a question, so the full answer already from the grey zone's threshold.
            drempel = self.component_config["grijs"]
        if beoordeling.kans >= drempel:
            if regel is not None:
                return regel
            return Signaal(categorie, (categorie,), beoordeling.over, True, ("model",))
        if beoordeling.kans >= self.component_config["grijs"]:
            twijfel = regel.categorie if regel is not None else categorie
            self._add_entities(message, text, (("crisis_twijfel", twijfel),))
        return None

    @staticmethod
    def _add_entities(message: Message, text: str, values: tuple[tuple[str, str], ...]) -> None:
        names = {name for name, _ in values}
        entities = [e for e in message.get(ENTITIES) or [] if e.get("entity") not in names]
        for name, value in values:
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
        ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != intent]
        if not ranking or ranking[0]["confidence"] < self.component_config["fallback_threshold"]:
            fallback = DEFAULT_NLU_FALLBACK_INTENT_NAME
            ranking.insert(0, {INTENT_NAME_KEY: fallback, PREDICTED_CONFIDENCE_KEY: 1.0})
        volgende = {k: ranking[0][k] for k in (INTENT_NAME_KEY, PREDICTED_CONFIDENCE_KEY)}
        message.set(INTENT, volgende, add_to_output=True)
        message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)


def voorbeelden_uit(training_data: TrainingData, crisis_intent: str) -> list[Voorbeeld]:
    """Every NLU example as a crisis example or a negative, with kind and writer from metadata."""
    voorbeelden = []
    for message in training_data.intent_examples:
        text = message.get(TEXT)
        if not text:
            continue
        meta = (message.get("metadata") or {}).get("intent") or {}
        voorbeelden.append(
            Voorbeeld(
                tekst=text,
                crisis=message.get(INTENT) == crisis_intent,
                soort=meta.get("soort"),
                over=meta.get("over", "zelf"),
                schrijver=meta.get("schrijver", "project"),
                rustig=meta.get("sectie") == "rustig",
            )
        )
    return voorbeelden
