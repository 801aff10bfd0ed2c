"""How well the topic classifier understands writers it never saw: cross-validation by writer.

    jeugdwijzer eval --kruis

Every writer of data/nlu/stemmen/ is left out in turn (in groups, `folds` of them) and scored by
a model trained on everything else, including the project's own older examples. The classifier,
its settings and the fallback threshold come from config.yml, so the figures are the product's.
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import numpy as np
from joblib import Parallel, delayed
from sklearn.metrics import f1_score

from bot.config import PROJECT_ROOT
from bot.intentmodel import IntentModel
from bot.taal.yamlbestand import lees_yaml

NLU_DATA = PROJECT_ROOT / "data" / "nlu"
PROJECT = "project"  # examples without a writer: always trained on, never scored
CRISIS = "crisis"  # decided by the crisis detector, scored by `eval --crisis`
MIN_MACRO_F1 = 0.85


@dataclass(frozen=True)
class Voorbeeld:
    tekst: str
    intent: str
    schrijver: str


@dataclass
class Kruisuitslag:
    drempel: float
    echt: list[str] = field(default_factory=list)
    voorspeld: list[str] = field(default_factory=list)
    zekerheid: list[float] = field(default_factory=list)
    schrijvers: list[str] = field(default_factory=list)
    teksten: list[str] = field(default_factory=list)

    def labels(self) -> list[str]:
        return sorted(set(self.echt))

    @property
    def macro_f1(self) -> float:
        return float(f1_score(self.echt, self.voorspeld, labels=self.labels(), average="macro"))

    @property
    def accuracy(self) -> float:
        return float(np.mean([e == v for e, v in zip(self.echt, self.voorspeld, strict=True)]))


def instellingen() -> dict:
    """C, temperature and the fallback threshold as config.yml sets them."""
    config = lees_yaml(PROJECT_ROOT / "config.yml")
    pipeline = {c["name"].rsplit(".", 1)[-1]: c for c in config["pipeline"]}
    topic = pipeline.get("TopicClassifier", {})
    fallback = pipeline.get("FallbackClassifier", {})
    return {
        "c": topic.get("C", 1.0),
        "temperatuur": topic.get("temperatuur", 0.18),
        "drempel": fallback.get("threshold", 0.4),
    }


def voorbeelden(nlu_dir=NLU_DATA) -> list[Voorbeeld]:
    from rasa.shared.nlu.training_data.loading import load_data

    uit = []
    for message in load_data(str(nlu_dir)).intent_examples:
        meta = (message.get("metadata") or {}).get("intent") or {}
        if message.get("text"):
            uit.append(
                Voorbeeld(
                    message.get("text"), message.get("intent"), meta.get("schrijver", PROJECT)
                )
            )
    return uit


def _vouw(data: list[Voorbeeld], groep: set[str], inst: dict) -> tuple[list, list]:
    """One fold: a model without the writers of `groep`, and its top topic for each of theirs."""
    train = [v for v in data if v.schrijver not in groep and v.intent != CRISIS]
    test = [v for v in data if v.schrijver in groep and v.intent != CRISIS]
    if not test:
        return [], []
    model = IntentModel(inst["c"], inst["temperatuur"])
    model.fit([v.tekst for v in train], [v.intent for v in train])
    return test, model.rangschik([v.tekst for v in test], top=1)


def kruisvalidatie(data: list[Voorbeeld] | None = None, folds: int = 7) -> Kruisuitslag:
    """Leave groups of writers out; score every non-crisis example of the left-out writers."""
    data = data if data is not None else voorbeelden()
    inst = instellingen()
    uitslag = Kruisuitslag(inst["drempel"])
    schrijvers = sorted({v.schrijver for v in data if v.schrijver != PROJECT})
    groepen = [set(schrijvers[i::folds]) for i in range(min(folds, len(schrijvers)))]
    # One fold per core: the folds are independent, and the result is the same in any order.
    for test, rangen in Parallel(n_jobs=min(len(groepen), os.cpu_count() or 1))(
        delayed(_vouw)(data, groep, inst) for groep in groepen
    ):
        for v, rang in zip(test, rangen, strict=True):
            naam, kans = rang[0]
            uitslag.echt.append(v.intent)
            uitslag.voorspeld.append(naam)
            uitslag.zekerheid.append(kans)
            uitslag.schrijvers.append(v.schrijver)
            uitslag.teksten.append(v.tekst)
    return uitslag


def kruisrapport(uitslag: Kruisuitslag, verwarringen: int = 15) -> str:
    juist = np.array([e == v for e, v in zip(uitslag.echt, uitslag.voorspeld, strict=True)])
    zeker = np.array(uitslag.zekerheid) >= uitslag.drempel
    regels = [
        "Onderwerpen: kruisvalidatie per schrijver (elke schrijver getoetst door een model",
        "zonder zijn eigen voorbeelden; crisisvoorbeelden tellen bij `eval --crisis`)",
        f"  voorbeelden {len(juist)}   macro-F1 {uitslag.macro_f1:.3f}   "
        f"accuracy {uitslag.accuracy:.3f}   (doel macro-F1 >= {MIN_MACRO_F1})",
        f"  zeker (>= {uitslag.drempel}): {zeker.mean():.1%} van de berichten, "
        f"daarvan juist {juist[zeker].mean():.1%}",
        f"  twijfel (< {uitslag.drempel}, de assistent gokt of vraagt): {(~zeker).mean():.1%}, "
        f"daarvan gok juist {juist[~zeker].mean() if (~zeker).any() else 0:.1%}",
        "",
        "Per schrijver (accuracy):",
    ]
    per: dict[str, list[bool]] = defaultdict(list)
    for s, ok in zip(uitslag.schrijvers, juist, strict=True):
        per[s].append(bool(ok))
    regels += [f"  {s:<32}{len(v):>5}{np.mean(v):>8.1%}" for s, v in sorted(per.items())]
    f1 = f1_score(uitslag.echt, uitslag.voorspeld, labels=uitslag.labels(), average=None)
    regels += ["", "Zwakste onderwerpen (F1):"]
    regels += [
        f"  {naam:<32}{score:.2f}"
        for score, naam in sorted(zip(f1, uitslag.labels(), strict=True))[:10]
    ]
    fout = Counter((e, v) for e, v in zip(uitslag.echt, uitslag.voorspeld, strict=True) if e != v)
    regels += ["", "Meest verward (echt -> gekozen):"]
    regels += [f"  {n:>4}  {e} -> {v}" for (e, v), n in fout.most_common(verwarringen)]
    return "\n".join(regels)
