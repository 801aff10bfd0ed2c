"""Rasa component: adds the rule-based entities leeftijd, rol, gemeente and taal to every message.

It runs after FallbackClassifier, whatever the intent, so the slots fill from any answer
("mijn dochter van zes", "ik woon in Hengelo", "7552"). A message in another language than Dutch
or English gets the intent `andere_taal`. The recognisers themselves live in bot/taal/herkenning.py.
"""

from __future__ import annotations

import logging
import re
from typing import Any, Callable

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import (
    ENTITIES,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from bot import kaart
from bot.taal import herkenning

log = logging.getLogger(__name__)

ANDERE_TAAL = "andere_taal"
INFORMEREN = "informeren"
FALLBACK = "nlu_fallback"


def _kaart_zoeker() -> Callable[[str], Any] | None:
    """The sociale kaart's place finder (it raises KaartNietBeschikbaar when the kaart fails)."""
    return kaart.vind_gemeente


def gemeente(text: str, zoeker: Callable[[str], Any] | None) -> herkenning.Vondst | None:
    """The CBS code of the gemeente named by a place name or postcode in the text."""
    if zoeker is None:
        return None
    try:
        found = zoeker(text)
    except Exception:  # a broken kaart must not break understanding the message
        log.exception("vind_gemeente faalde")
        return None
    if not found:
        return None
    return herkenning.Vondst(found.code, 0, len(text))


def is_antwoord(text: str, found: dict[str, herkenning.Vondst]) -> bool:
    """A short message that only gives an age, a role or a place: "ik woon in Losser"."""
    words = re.findall(r"[^\W_]+", text)
    if len(words) > 8 or not found.keys() & {"leeftijd", "rol", "gemeente"}:
        return False
    if "gemeente" in found and len(words) <= 5:
        return True
    return ("leeftijd" in found or "rol" in found) and not _overige_woorden(text, found)


def _overige_woorden(text: str, found: dict[str, herkenning.Vondst]) -> list[str]:
    """The words that are not the age, not the role and not a filler word."""
    rest = text
    for name in ("leeftijd", "rol"):
        if name in found:
            v = found[name]
            rest = rest[: v.start] + " " * (v.end - v.start) + rest[v.end :]
    filler = herkenning.antwoordwoorden()
    return [w for w in re.findall(r"[a-z]+", herkenning.plat(rest)) if w not in filler]


def is_alleen_antwoord(
    text: str, found: dict[str, herkenning.Vondst], zoeker: Callable[[str], Any] | None
) -> bool:
    """Nothing but an answer ("Twenterand", "ik ben de vader, we wonen in Almelo"): every word
    is an age, a role, a place name or a filler word. The topic classifier then has nothing to
    go on, so a place name it once saw in a question about parking must not make it one."""
    if not found.keys() & {"leeftijd", "rol", "gemeente"}:
        return False
    left = _overige_woorden(text, found)
    if left and "gemeente" in found and zoeker is not None:
        left = [w for w in left if gemeente(w, zoeker) is None]  # the words of the place
    return not left


def vondsten(text: str, zoeker: Callable[[str], Any] | None) -> dict[str, herkenning.Vondst]:
    """Everything recognised in one message, by entity name."""
    found = {
        "leeftijd": herkenning.leeftijd(text),
        "rol": herkenning.rol(text),
        "gemeente": gemeente(text, zoeker),
        "taal": herkenning.taal(text),
    }
    return {name: v for name, v in found.items() if v is not None}


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class JeugdwijzerEntities(GraphComponent, EntityExtractorMixin):
    """Age, role, gemeente and language from rules and word lists; sets `andere_taal`."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {}

    def __init__(self, zoeker: Callable[[str], Any] | None) -> None:
        self.zoeker = zoeker

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> JeugdwijzerEntities:
        component = cls(_kaart_zoeker())
        vondsten(
            "mijn dochter van zes, we wonen in Hengelo", component.zoeker
        )  # load lists and index now
        return component

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if not text.strip() or text.startswith("/"):
                continue  # button payloads carry their own intent
            self._add(message, vondsten(text, self.zoeker))
        return messages

    def _add(self, message: Message, found: dict[str, herkenning.Vondst]) -> None:
        others = [e for e in message.get(ENTITIES, []) if e.get("entity") not in found]
        ours = [
            {
                "entity": name,
                "value": v.value,
                "start": v.start,
                "end": v.end,
                "confidence_entity": 1.0,
            }
            for name, v in found.items()
        ]
        message.set(ENTITIES, others + self.add_extractor_name(ours), add_to_output=True)
        if "taal" in found and found["taal"].value == "anders":
            self._set_intent(message, ANDERE_TAAL, 1.0)
        elif (message.get(INTENT) or {}).get(INTENT_NAME_KEY) == FALLBACK and is_antwoord(
            message.get(TEXT), found
        ):
            # The classifier does not know every place name; the rules do.
            self._set_intent(message, INFORMEREN, 0.9)
        elif is_alleen_antwoord(message.get(TEXT), found, self.zoeker):
            self._set_intent(message, INFORMEREN, 0.9)

    @staticmethod
    def _set_intent(message: Message, name: str, confidence: float) -> None:
        intent = {INTENT_NAME_KEY: name, PREDICTED_CONFIDENCE_KEY: confidence}
        ranking = [r for r in message.get(INTENT_RANKING_KEY, []) if r.get(INTENT_NAME_KEY) != name]
        message.set(INTENT, intent, add_to_output=True)
        message.set(INTENT_RANKING_KEY, [intent, *ranking], add_to_output=True)
