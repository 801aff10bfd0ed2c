"""The crisis detector in real trained Rasa models: intent `crisis`, whatever the classifier says.

Slow: one test trains a tiny NLU model in which DIET has learnt that "mijn vader slaat me" is
something else entirely; the other uses the project's own trained model (tests/conftest.py).
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow

RASA = str(Path(sys.executable).with_name("rasa"))

TINY_CONFIG = """\
recipe: default.v1
language: nl
assistant_id: crisis-test
pipeline:
  - name: WhitespaceTokenizer
  - name: CountVectorsFeaturizer
  - name: DIETClassifier
    epochs: 20
    random_seed: 1
  - name: FallbackClassifier
    threshold: 0.3
  - name: bot.nlu.crisis.CrisisDetector
policies: []
"""

# DIET learns the crisis sentence as a question about tantrums: the detector must win anyway.
TINY_NLU = """\
version: "3.1"
nlu:
- intent: opvoeden_driftbuien
  examples: |
    - mijn vader slaat me
    - mijn peuter heeft driftbuien
    - hij krijgt een woedeaanval
    - ze gooit zich op de grond
    - driftbui in de winkel
- intent: opvoeden_slapen
  examples: |
    - mijn baby slaapt slecht
    - hij wil niet naar bed
    - ze wordt steeds wakker
    - slapen gaat moeilijk
    - doorslapen lukt niet
"""


def parse(model: Path, text: str) -> dict:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    return asyncio.run(agent.parse_message(text))


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("crisis-nlu")
    (work / "config.yml").write_text(TINY_CONFIG)
    (work / "nlu.yml").write_text(TINY_NLU)
    out = work / "models"
    result = subprocess.run(
        [RASA, "train", "nlu", "--config", str(work / "config.yml"), "--nlu", str(work / "nlu.yml")]
        + ["--out", str(out), "--fixed-model-name", "tiny"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    return out / "tiny.tar.gz"


def test_detector_overrides_what_diet_learnt(tiny_model):
    result = parse(tiny_model, "mijn vader slaat me")
    assert result["intent"] == {"name": "crisis", "confidence": 1.0}
    # DIET's own opinion is still in the ranking, below the crisis.
    assert result["intent_ranking"][1]["name"] == "opvoeden_driftbuien"
    entities = {e["entity"]: e["value"] for e in result["entities"]}
    assert entities == {"crisis_categorie": "geweld", "crisis_over": "zelf"}


def test_ordinary_message_keeps_diets_intent(tiny_model):
    result = parse(tiny_model, "mijn baby slaapt slecht")
    assert result["intent"]["name"] == "opvoeden_slapen"
    assert not [e for e in result["entities"] if e["entity"].startswith("crisis")]


@pytest.mark.parametrize(
    ("text", "categorie"),
    [
        ("mijn vader slaat me", "geweld"),
        ("k wil nie meer leve", "suicide"),
        ("iemand dwingt me foto's te sturen", "seksueel"),
    ],
)
def test_project_model_answers_crisis_with_action_crisis(trained_model, text, categorie):
    from rasa.core.agent import Agent
    from rasa.core.channels import UserMessage

    agent = Agent.load(str(trained_model))

    async def chat() -> tuple[dict, str]:
        parsed = await agent.parse_message(text)
        await agent.log_message(UserMessage(text, sender_id="crisis-test"))
        prediction = await agent.predict_next_for_sender_id("crisis-test")
        best = max(prediction["scores"], key=lambda score: score["score"])
        return parsed, best["action"]

    parsed, next_action = asyncio.run(chat())
    assert parsed["intent"]["name"] == "crisis"
    assert {e["entity"]: e["value"] for e in parsed["entities"]}["crisis_categorie"] == categorie
    assert next_action == "action_crisis"
