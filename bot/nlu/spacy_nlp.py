"""Rasa's SpacyNLP, with a Dutch fallback the project builds itself.

With `nl_core_news_sm` installed, Rasa uses it (its lemmatizer included). Without it, it uses a
blank Dutch spaCy pipeline. In both cases the project's own `jeugdwijzer_normen` component sets
each token's lemma to its normal form (accents stripped, chat slang mapped, see bot/data/taal.yml;
any number becomes `_getal_`), which the CountVectorsFeaturizer then uses.

The class is named SpacyNLP on purpose: Rasa's SpacyTokenizer finds its model provider by that name.
"""

from __future__ import annotations

import logging
from typing import Any

import spacy
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.utils import spacy_utils
from spacy.language import Language

from bot.taal.normaliseren import normalise_word, taal_fingerprint

log = logging.getLogger(__name__)

DEFAULT_MODEL = "nl_core_news_sm"


@Language.component("jeugdwijzer_normen")
def jeugdwijzer_normen(doc):
    for token in doc:
        if any(ch.isdigit() for ch in token.text):
            # A number is a number: "200 euro", "7 en 11" or "112" must not choose the intent.
            token.lemma_ = "_getal_"
            continue
        norm = normalise_word(token.text)
        if norm != token.text.lower() or not token.lemma_:
            token.lemma_ = norm
    return doc


def build_dutch_pipeline(model_name: str = DEFAULT_MODEL) -> tuple[Language, str]:
    """The installed model when there is one, else blank Dutch; plus the project's normaliser."""
    if model_name and spacy.util.is_package(model_name):
        nlp = spacy.load(model_name, disable=["parser", "ner"])
        name = model_name
    else:
        nlp = spacy.blank("nl")
        name = "blank:nl"
    nlp.add_pipe("jeugdwijzer_normen", last=True)
    return nlp, f"{name}+normen-{taal_fingerprint()}"


@DefaultV1Recipe.register(
    [
        DefaultV1Recipe.ComponentType.MODEL_LOADER,
        DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER,
    ],
    is_trainable=False,
    model_from="SpacyNLP",
)
class SpacyNLP(spacy_utils.SpacyNLP):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"model": DEFAULT_MODEL, "case_sensitive": False}

    @staticmethod
    def load_model(spacy_model_name: str) -> spacy_utils.SpacyModel:
        nlp, name = build_dutch_pipeline(spacy_model_name)
        log.info("spaCy-pipeline voor Rasa: %s", name)
        return spacy_utils.SpacyModel(model=nlp, model_name=name)

    @classmethod
    def create(cls, config, model_storage, resource, execution_context) -> SpacyNLP:
        config = {**cls.get_default_config(), **config}
        return cls(cls.load_model(config["model"]), config)
