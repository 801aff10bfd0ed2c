"""How well the crisis detector does on its own test sets: recall, false alarms, per category.

    jeugdwijzer eval --crisis

The sets are tests/data/crisis_positief.yml (messages that must get help, each with the category
whose number must come first) and tests/data/crisis_negatief.yml (hard negatives). The test suite
fails unless recall is 100% and false alarms are at most 3%.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from joblib import Parallel, delayed

from bot.config import PROJECT_ROOT
from bot.taal.yamlbestand import lees_yaml
from bot.veiligheid.crisis import CATEGORIEEN, ROUTES, detect

POSITIEF = PROJECT_ROOT / "tests" / "data" / "crisis_positief.yml"
NEGATIEF = PROJECT_ROOT / "tests" / "data" / "crisis_negatief.yml"

NLU_DATA = PROJECT_ROOT / "data" / "nlu"
NLU_TESTSET = PROJECT_ROOT / "tests" / "nlu_testset"
ANNOTATIE = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})")

MIN_RECALL = 1.0
MAX_VALSE_ALARMEN = 0.03


@dataclass
class Uitslag:
    positief: int = 0
    negatief: int = 0
    gemist: list[str] = field(default_factory=list)
    valse_alarmen: list[tuple[str, str]] = field(default_factory=list)  # (text, category)
    verkeerde_hulp: list[tuple[str, str, str]] = field(default_factory=list)  # text, wanted, got
    verkeerde_categorie: list[tuple[str, str, str]] = field(default_factory=list)
    verkeerd_over: list[tuple[str, str, str]] = field(default_factory=list)
    per_categorie: dict[str, Counter] = field(default_factory=dict)
    alledaags: int = 0  # everyday examples of the other intents in the NLU data
    alledaags_alarmen: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return 1 - len(self.gemist) / self.positief if self.positief else 0.0

    @property
    def valse_alarm_ratio(self) -> float:
        return len(self.valse_alarmen) / self.negatief if self.negatief else 0.0

    @property
    def categorie_juist(self) -> float:
        gevonden = self.positief - len(self.gemist)
        return 1 - len(self.verkeerde_categorie) / gevonden if gevonden else 0.0

    @property
    def gehaald(self) -> bool:
        return (
            self.recall >= MIN_RECALL
            and self.valse_alarm_ratio <= MAX_VALSE_ALARMEN
            and not self.verkeerde_hulp
        )


def lees_sets(positief: Path = POSITIEF, negatief: Path = NEGATIEF) -> tuple[list, list]:
    pos = lees_yaml(positief)
    neg = lees_yaml(negatief)
    return pos, neg


def evalueer(positief: Path = POSITIEF, negatief: Path = NEGATIEF) -> Uitslag:
    pos, neg = lees_sets(positief, negatief)
    uitslag = Uitslag(positief=len(pos), negatief=len(neg))
    uitslag.per_categorie = {c: Counter() for c in CATEGORIEEN}
    for voorbeeld in pos:
        tekst, wanted, over = voorbeeld["tekst"], voorbeeld["categorie"], voorbeeld["over"]
        telling = uitslag.per_categorie[wanted]
        telling["totaal"] += 1
        signaal = detect(tekst)
        if signaal is None:
            uitslag.gemist.append(tekst)
            continue
        telling["gevonden"] += 1
        # What a user notices: the first line the category needs is among the lines shown.
        nodig = ROUTES[wanted][over][0]
        if nodig not in signaal.lijnen():
            uitslag.verkeerde_hulp.append((tekst, wanted, signaal.categorie))
        if signaal.categorie == wanted:
            telling["categorie_juist"] += 1
        else:
            uitslag.verkeerde_categorie.append((tekst, wanted, signaal.categorie))
        if wanted != "acuut" and signaal.over != over:
            uitslag.verkeerd_over.append((tekst, over, signaal.over))
    for tekst in neg:
        signaal = detect(tekst)
        if signaal is not None:
            uitslag.valse_alarmen.append((tekst, signaal.categorie))
    uitslag.alledaags, uitslag.alledaags_alarmen = alarmen_op_alledaagse_vragen()
    return uitslag


def alledaagse_vragen() -> list[tuple[str, str]]:
    """(intent, text) of every everyday example in the NLU data and test set (not veiligheid)."""
    voorbeelden = []
    for path in sorted([*NLU_DATA.glob("*.yml"), *NLU_TESTSET.glob("*.yml")]):
        data = lees_yaml(path) or {}
        for blok in data.get("nlu") or []:
            if blok.get("intent") in (None, "crisis"):
                continue
            for regel in (blok.get("examples") or "").splitlines():
                tekst = ANNOTATIE.sub(r"\1", regel.strip().removeprefix("- ").strip())
                if tekst:
                    voorbeelden.append((blok["intent"], tekst))
    return voorbeelden


def alarmen_op_alledaagse_vragen() -> tuple[int, list[tuple[str, str, str]]]:
    """How many everyday examples (written by the topic work) the detector fires on."""
    voorbeelden = alledaagse_vragen()
    alarmen = []
    for intent, tekst in voorbeelden:
        signaal = detect(tekst)
        if signaal is not None:
            alarmen.append((intent, tekst, signaal.categorie))
    return len(voorbeelden), alarmen


def door_model(model: Path) -> str:
    """The same sets through a trained Rasa model: how often the intent is `crisis`.

    This includes what the classifier adds or takes away; slow (it loads the model).
    """
    import asyncio
    import logging

    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)  # else Rasa's debug lines would drown the figures

    agent = Agent.load(str(model))
    pos, neg = lees_sets()

    async def intents(teksten: list[str]) -> list[str]:
        return [(await agent.parse_message(t))["intent"]["name"] for t in teksten]

    op_pos = asyncio.run(intents([v["tekst"] for v in pos]))
    op_neg = asyncio.run(intents(neg))
    gemist = [v["tekst"] for v, i in zip(pos, op_pos, strict=True) if i != "crisis"]
    alarm = [t for t, i in zip(neg, op_neg, strict=True) if i == "crisis"]
    regels = [
        f"Door het model {model.name}: intent crisis op {len(pos) - len(gemist)} van {len(pos)} "
        f"crisisberichten en op {len(alarm)} van {len(neg)} harde negatieven "
        f"({len(alarm) / len(neg):.1%}).",
        *(f"  - gemist: {t}" for t in gemist),
        *(f"  - vals alarm: {t}" for t in alarm),
    ]
    return "\n".join(regels)


def rapport(uitslag: Uitslag) -> str:
    goed = uitslag.positief - len(uitslag.gemist) - len(uitslag.verkeerde_hulp)
    regels = [
        "Crisisdetector (bot/veiligheid/crisis.py) op tests/data/crisis_*.yml",
        f"  crisisberichten:   {uitslag.positief}",
        f"  recall:            {uitslag.recall:.1%}  (gemist: {len(uitslag.gemist)}; eis 100%)",
        f"  valse alarmen:     {uitslag.valse_alarm_ratio:.1%}  "
        f"({len(uitslag.valse_alarmen)} van {uitslag.negatief}; eis hoogstens 3%)",
        f"  juiste hulp:       {goed} van {uitslag.positief}",
        f"  categorie exact:   {uitslag.categorie_juist:.1%}",
        f"  zelf/ander fout:   {len(uitslag.verkeerd_over)}",
        f"  alarm op de {uitslag.alledaags} alledaagse voorbeeldzinnen in data/nlu en "
        f"tests/nlu_testset: {len(uitslag.alledaags_alarmen)}",
        "",
        f"  {'categorie':<16}{'berichten':>10}{'gevonden':>10}{'categorie juist':>17}",
    ]
    for categorie, telling in uitslag.per_categorie.items():
        regels.append(
            f"  {categorie:<16}{telling['totaal']:>10}{telling['gevonden']:>10}"
            f"{telling['categorie_juist']:>17}"
        )
    for kop, items in (
        ("Gemist", [(t,) for t in uitslag.gemist]),
        ("Vals alarm", uitslag.valse_alarmen),
        ("Verkeerde hulp eerst (tekst, verwacht, gekregen)", uitslag.verkeerde_hulp),
        ("Andere categorie (tekst, verwacht, gekregen)", uitslag.verkeerde_categorie),
        ("Zelf/ander fout (tekst, verwacht, gekregen)", uitslag.verkeerd_over),
        (
            "Alarm op een alledaagse voorbeeldzin (intent, tekst, categorie)",
            uitslag.alledaags_alarmen,
        ),
    ):
        if items:
            regels.append("")
            regels.append(f"{kop}:")
            regels.extend("  - " + " | ".join(item) for item in items)
    regels.append("")
    regels.append("Gehaald." if uitslag.gehaald else "NIET gehaald.")
    return "\n".join(regels)


def nlu_voorbeelden(nlu_dir: Path = NLU_DATA) -> list:
    """Every example of the NLU data as the crisis model sees it in training (Rasa's loader)."""
    from rasa.shared.nlu.training_data.loading import load_data

    from bot.nlu.crisis import CRISIS_INTENT, voorbeelden_uit  # why: Rasa is slow to import

    return voorbeelden_uit(load_data(str(nlu_dir)), CRISIS_INTENT)


@dataclass
class Kruisuitslag:
    """Writer-grouped cross-validation: each writer's examples scored by a model without them."""

    drempel: float
    grijs: float
    per_soort: dict[str, Counter] = field(default_factory=dict)
    per_schrijver: dict[str, Counter] = field(default_factory=dict)
    gemist: list[tuple[str, str, str]] = field(default_factory=list)  # writer, kind, text
    alarmen: list[tuple[str, str]] = field(default_factory=list)  # writer, text
    totaal: Counter = field(default_factory=Counter)


def drempels() -> tuple[float, float]:
    """The CrisisDetector's `drempel` and `grijs` as config.yml sets them."""
    from bot.nlu.crisis import CrisisDetector  # why: Rasa is slow to import

    config = lees_yaml(PROJECT_ROOT / "config.yml")
    eigen = next(c for c in config["pipeline"] if c["name"].endswith("CrisisDetector"))
    standaard = CrisisDetector.get_default_config()
    return eigen.get("drempel", standaard["drempel"]), eigen.get("grijs", standaard["grijs"])


GROEPEN = 8  # groups of writers left out together: 8 models instead of one per writer


def _groep_kansen(voorbeelden: list, groep: set[str]) -> tuple[list, list]:
    """A crisis model without the writers of `groep`, and its score for each of their messages."""
    from bot.veiligheid.crisismodel import CrisisModel  # why: sklearn only for this comparison

    train = [v for v in voorbeelden if v.schrijver not in groep]
    test = [v for v in voorbeelden if v.schrijver in groep]
    if not any(v.crisis for v in train):
        return [], []
    return test, CrisisModel().fit(train, alleen_crisis=True).kansen([v.tekst for v in test])


def kruisvalidatie(
    voorbeelden: list | None = None, drempel: float | None = None, grijs=None, groepen=GROEPEN
):
    """Leave a group of writers out at a time (every writer is scored by a model that never saw
    any of their messages), deciding as the product does (the model, rules inside)."""
    if drempel is None or grijs is None:
        drempel, grijs = drempels()
    voorbeelden = voorbeelden if voorbeelden is not None else nlu_voorbeelden()
    uitslag = Kruisuitslag(drempel, grijs)
    schrijvers = sorted({v.schrijver for v in voorbeelden})
    delen = [set(schrijvers[i::groepen]) for i in range(min(groepen, len(schrijvers)))]
    # One group per core: the groups are independent, and the result is the same in any order.
    for test, kansen in Parallel(n_jobs=min(len(delen), os.cpu_count() or 1))(
        delayed(_groep_kansen)(voorbeelden, groep) for groep in delen
    ):
        for v, kans in zip(test, kansen, strict=True):
            telling = uitslag.per_schrijver.setdefault(v.schrijver, Counter())
            alarm = kans >= drempel
            if v.crisis:
                soort = uitslag.per_soort.setdefault(v.soort or "overig", Counter())
                for t in (telling, soort, uitslag.totaal):
                    t["crisis"] += 1
                    t["gevonden"] += alarm
                    t["grijs"] += not alarm and kans >= grijs
                if not alarm:
                    uitslag.gemist.append((v.schrijver, v.soort or "overig", v.tekst))
            else:
                soort = uitslag.per_soort.setdefault(
                    "(geen: rustig)" if v.rustig else "(geen: alledaags)", Counter()
                )
                for t in (telling, uitslag.totaal, soort):
                    t["rustig"] += 1
                    t["alarm"] += alarm
                    t["vraag"] += not alarm and kans >= grijs
                if alarm:
                    uitslag.alarmen.append((v.schrijver, v.tekst))
    return uitslag


def nummer_regel(t: Counter) -> str:
    """The issue's measure: a number in the first reply (crisis answer or safety question)."""
    raak = (t["gevonden"] + t["grijs"]) / t["crisis"] if t["crisis"] else float("nan")
    vals = (t["alarm"] + t["vraag"]) / t["rustig"] if t["rustig"] else float("nan")
    return (
        f"Een nummer in het eerste antwoord: {raak:.1%} van de crisisberichten, "
        f"{vals:.1%} van de berichten zonder gevaar."
    )


def kruisrapport(uitslag: Kruisuitslag, voorbeelden_tonen: int = 15) -> str:
    def rij(naam: str, t: Counter) -> str:
        recall = t["gevonden"] / t["crisis"] if t["crisis"] else float("nan")
        alarm = t["alarm"] / t["rustig"] if t["rustig"] else float("nan")
        return (
            f"  {naam:<22}{t['crisis']:>7}{recall:>9.1%}{t['grijs']:>7}"
            f"{t['rustig']:>8}{alarm:>9.1%}{t['vraag']:>7}"
        )

    kop = f"  {'':<22}{'crisis':>7}{'recall':>9}{'grijs':>7}{'geen':>8}{'alarm':>9}{'vraag':>7}"
    regels = [
        "Crisis: kruisvalidatie per schrijver (elke schrijver getoetst door een model zonder",
        f"zijn eigen voorbeelden, {GROEPEN} groepen schrijvers; crisis vanaf "
        f"{uitslag.drempel}, veiligheidsvraag vanaf {uitslag.grijs})",
        kop,
        rij("ALLES", uitslag.totaal),
        "",
        nummer_regel(uitslag.totaal),
        "",
        "Per schrijver:",
        kop,
        *(rij(s, t) for s, t in sorted(uitslag.per_schrijver.items())),
        "",
        "Per soort crisis (en de berichten zonder gevaar: rustig = alarmerende woorden):",
        kop,
        *(rij(s, t) for s, t in sorted(uitslag.per_soort.items())),
    ]
    if uitslag.gemist:
        regels += ["", f"Gemist (eerste {voorbeelden_tonen}):"]
        regels += [f"  - [{s}/{k}] {t}" for s, k, t in uitslag.gemist[:voorbeelden_tonen]]
    if uitslag.alarmen:
        regels += ["", f"Vals alarm (eerste {voorbeelden_tonen}):"]
        regels += [f"  - [{s}] {t}" for s, t in uitslag.alarmen[:voorbeelden_tonen]]
    return "\n".join(regels)


DEV_SCORER = PROJECT_ROOT.parent / "shared" / "eval" / "score.py"
DEV_SET = PROJECT_ROOT.parent / "shared" / "eval" / "dev.yml"


def dev_set(base_url: str) -> str:
    """The shared dev set through the running product (measure only: never trained on)."""
    import subprocess
    import sys

    if not DEV_SCORER.exists():
        return f"De gedeelde dev-set staat niet op {DEV_SCORER}; overgeslagen."
    result = subprocess.run(
        [sys.executable, str(DEV_SCORER), str(DEV_SET), "--base", base_url],
        capture_output=True,
        text=True,
        timeout=1800,
    )
    return result.stdout + result.stderr[-2000:]
