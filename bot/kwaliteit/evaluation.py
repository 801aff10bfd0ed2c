"""How well the model understands messages it never saw: the held-out set in tests/nlu_testset/.

The test set is Rasa NLU YAML, written apart from the training data (data/nlu/) and never trained
on. `jeugdwijzer eval` loads the trained model in-process, parses every test message and reports
intent accuracy, macro-F1 (over the intents in the test set), the worst intents and the main
confusions.

Example:
    report = evaluate(training.MODEL_FILE)
    print(format_report(report))
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from bot.config import PROJECT_ROOT
from bot.taal.normaliseren import normalise

TESTSET_DIR = PROJECT_ROOT / "tests" / "nlu_testset"
TRAINING_DIR = PROJECT_ROOT / "data" / "nlu"
# Parsed examples by content hash; safe to delete (`make clean` does).
CACHE_DIR = PROJECT_ROOT / ".cache" / "nlu-voorbeelden"
# What Rasa's FallbackClassifier predicts when it is not sure enough.
FALLBACK_INTENT = "nlu_fallback"


@dataclass(frozen=True)
class Example:
    text: str
    intent: str
    source: str = ""


@dataclass(frozen=True)
class IntentScore:
    intent: str
    precision: float
    recall: float
    f1: float
    support: int


@dataclass
class Report:
    total: int
    accuracy: float
    macro_f1: float
    per_intent: list[IntentScore]
    confusions: list[tuple[str, str, int]]
    mistakes: list[tuple[Example, str]] = field(default_factory=list)

    def worst(self, count: int = 5) -> list[IntentScore]:
        return sorted(self.per_intent, key=lambda s: (s.f1, s.intent))[:count]


def _yaml_files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    return sorted(p for p in path.rglob("*") if p.suffix in {".yml", ".yaml"})


def load_examples(path: Path = TESTSET_DIR) -> list[Example]:
    """Every intent example (text without entity markup) in a Rasa NLU YAML file or directory."""
    examples: list[Example] = []
    for file in _yaml_files(path):
        examples.extend(_load_file(str(file), file.stat().st_mtime))
    return examples


@lru_cache(maxsize=256)
def _load_file(file: str, mtime: float) -> tuple[Example, ...]:
    """One file's examples; cached per version of the file, in memory and on disk in .cache/
    (Rasa's loader takes 6 s for data/nlu/, the fast tests read it on every run)."""
    inhoud = Path(file).read_bytes()
    sleutel = hashlib.sha256(inhoud + metadata.version("rasa").encode()).hexdigest()[:32]
    bewaard = CACHE_DIR / f"{sleutel}.json"
    if bewaard.exists():
        paren = json.loads(bewaard.read_text(encoding="utf-8"))
    else:
        from rasa.shared.nlu.training_data.loading import load_data  # why: Rasa is slow to import

        paren = [(m.get("text"), m.get("intent")) for m in load_data(file).intent_examples]
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        tijdelijk = bewaard.with_suffix(f".{os.getpid()}.tmp")
        tijdelijk.write_text(json.dumps(paren, ensure_ascii=False), encoding="utf-8")
        tijdelijk.replace(bewaard)  # atomic: a parallel test worker never reads half a file
    return tuple(Example(text=t, intent=i, source=Path(file).name) for t, i in paren)


def overlap(test: Iterable[Example], training: Iterable[Example]) -> list[Example]:
    """Test messages that also occur in the training data, exactly or after normalising."""
    seen = {normalise(example.text) for example in training}
    return [example for example in test if normalise(example.text) in seen]


def score(examples: list[Example], predicted: list[str]) -> Report:
    """Compare predicted with expected intents; macro-F1 averages over the test set's intents."""
    from sklearn.metrics import accuracy_score, f1_score, precision_recall_fscore_support

    if len(examples) != len(predicted):
        raise ValueError("Er moet voor elk testbericht precies één voorspelling zijn.")
    if not examples:
        raise ValueError("De testset is leeg.")
    truth = [example.intent for example in examples]
    labels = sorted(set(truth))
    precision, recall, f1, support = precision_recall_fscore_support(
        truth, predicted, labels=labels, zero_division=0
    )
    per_intent = [
        IntentScore(label, float(p), float(r), float(f), int(s))
        for label, p, r, f, s in zip(labels, precision, recall, f1, support, strict=True)
    ]
    pairs = Counter((t, p) for t, p in zip(truth, predicted, strict=True) if t != p)
    confusions = [(t, p, n) for (t, p), n in sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0]))]
    mistakes = [(ex, p) for ex, p in zip(examples, predicted, strict=True) if ex.intent != p]
    return Report(
        total=len(examples),
        accuracy=float(accuracy_score(truth, predicted)),
        macro_f1=float(f1_score(truth, predicted, labels=labels, average="macro", zero_division=0)),
        per_intent=per_intent,
        confusions=confusions,
        mistakes=mistakes,
    )


def parse(model_path: Path, texts: list[str]) -> list[dict]:
    """Rasa's parse result for each text, from the trained model loaded in this process."""
    from rasa.core.agent import Agent
    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.log_utils import configure_structlog

    # Rasa logs every parsed message at debug level; only warnings matter here.
    configure_logging_and_warnings(logging.WARNING)
    configure_structlog(logging.WARNING)
    agent = Agent.load(str(model_path))

    async def parse_all() -> list[dict]:
        return [await agent.parse_message(text) for text in texts]

    return asyncio.run(parse_all())


def predict(model_path: Path, texts: list[str]) -> list[str]:
    """The intent the trained model gives each text (nlu_fallback when it is not sure)."""
    return [
        (parsed.get("intent") or {}).get("name") or FALLBACK_INTENT
        for parsed in parse(model_path, texts)
    ]


def evaluate(model_path: Path, testset: Path = TESTSET_DIR) -> Report:
    examples = load_examples(testset)
    if not examples:
        raise ValueError(f"Geen testberichten gevonden in {testset}.")
    return score(examples, predict(model_path, [example.text for example in examples]))


def format_report(report: Report, worst: int = 8, confusions: int = 10, mistakes: int = 0) -> str:
    lines = [
        f"Testberichten:  {report.total}",
        f"Intent-accuracy: {report.accuracy:.3f}",
        f"Macro-F1:        {report.macro_f1:.3f}",
        "",
        "Slechtste intents (F1, precision, recall, aantal):",
    ]
    for s in report.worst(worst):
        lines.append(
            f"  {s.intent:<30} F1 {s.f1:.2f}  P {s.precision:.2f}  R {s.recall:.2f}  n={s.support}"
        )
    lines += ["", "Meest verward (verwacht -> voorspeld):"]
    if not report.confusions:
        lines.append("  geen")
    for true, pred, count in report.confusions[:confusions]:
        lines.append(f"  {count:>3}x  {true} -> {pred}")
    if mistakes:
        lines += ["", "Fout begrepen berichten:"]
        for example, pred in report.mistakes[:mistakes]:
            lines.append(f"  [{example.intent} -> {pred}] {example.text}")
    return "\n".join(lines)
