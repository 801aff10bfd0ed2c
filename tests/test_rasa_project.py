"""The Rasa project files are consistent, and the Dutch pipeline works with or without a model."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

RASA = str(Path(sys.executable).with_name("rasa"))


@pytest.mark.slow  # rasa data validate loads Rasa in a subprocess: about 10 s
def test_rasa_data_validate_is_clean():
    result = subprocess.run(
        [RASA, "data", "validate", "--fail-on-warnings"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_blank_dutch_pipeline_maps_chat_slang_to_normal_words():
    from bot.nlu.spacy_nlp import build_dutch_pipeline

    nlp, name = build_dutch_pipeline("a_model_that_is_not_installed")
    assert name.startswith("blank:nl")
    doc = nlp("k wil ff praten over mn dochtér")
    assert [t.lemma_ for t in doc] == ["ik", "wil", "even", "praten", "over", "mijn", "dochter"]


def test_numbers_reach_the_classifier_as_one_kind_so_digits_choose_no_topic():
    from bot.nlu.spacy_nlp import build_dutch_pipeline

    nlp, _ = build_dutch_pipeline("a_model_that_is_not_installed")
    een = [t.lemma_ for t in nlp("hij wil 200 euro")]
    ander = [t.lemma_ for t in nlp("hij wil 18 euro")]
    assert een == ander == ["hij", "wil", "_getal_", "euro"]
