"""The training corpus in many voices: persona files in, Rasa NLU files out, near-copies removed.

Each writer (a helper session with one persona brief, see README "Stemmen") delivers one YAML file
with three lists: `crisis` (soort, over, tekst), `rustig` (alarming words but no danger: intent,
tekst) and `gewoon` (everyday questions: intent, tekst). `importeer` turns every file into
data/nlu/stemmen/<persona>.yml, with the writer and the crisis kind as intent metadata, so
`rasa train` learns from it and the evaluation can leave one writer out.

    jeugdwijzer corpus importeer ../corpus
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from bot.config import PROJECT_ROOT
from bot.taal.yamlbestand import lees_yaml
from bot.veiligheid.crisismodel import SOORTEN, basistekst

STEMMEN_DIR = PROJECT_ROOT / "data" / "nlu" / "stemmen"
NLU_DIR = PROJECT_ROOT / "data" / "nlu"
TESTSET_DIR = PROJECT_ROOT / "tests" / "nlu_testset"
DOMAIN = PROJECT_ROOT / "domain.yml"
GELIJK = 0.7  # word-trigram Jaccard from which two examples count as near-copies


@dataclass(frozen=True)
class Regel:
    intent: str
    tekst: str
    soort: str | None = None
    over: str | None = None
    sectie: str = "gewoon"  # crisis, rustig (alarming words, no danger) or gewoon


def _schoon(text: str) -> str:
    """One line, without the characters Rasa reads as entity annotations."""
    text = re.sub(r"\s+", " ", str(text)).strip()
    return text.replace("[", "(").replace("]", ")").replace("{", "(").replace("}", ")")


def lees(path: Path, intents: set[str]) -> tuple[str, list[Regel], list[str]]:
    """A persona file's examples, and why any were left out."""
    data = lees_yaml(path) or {}
    persona = str(data.get("persona") or path.stem)
    regels, fouten = [], []
    for item in data.get("crisis") or []:
        soort, over = item.get("soort"), item.get("over", "zelf")
        if soort not in SOORTEN or over not in ("zelf", "ander"):
            fouten.append(f"{path.name}: onbekende soort of over: {soort}/{over}")
            continue
        regels.append(Regel("crisis", _schoon(item.get("tekst", "")), soort, over, "crisis"))
    for sectie in ("rustig", "gewoon"):
        for item in data.get(sectie) or []:
            intent = item.get("intent")
            if intent not in intents or intent == "crisis":
                fouten.append(f"{path.name}: onbekend intent in {sectie}: {intent}")
                continue
            regels.append(Regel(intent, _schoon(item.get("tekst", "")), sectie=sectie))
    return persona, [r for r in regels if r.tekst], fouten


def _trigrammen(text: str) -> frozenset[str]:
    woorden = re.findall(r"[a-z0-9_']+", basistekst(text))  # punctuation never counts
    if len(woorden) < 3:
        return frozenset({" ".join(woorden)})
    return frozenset(" ".join(woorden[i : i + 3]) for i in range(len(woorden) - 2))


class Ontdubbelaar:
    """Remembers what it has seen; `nieuw` says whether a text is not a near-copy of any of it."""

    def __init__(self) -> None:
        self.gezien: list[frozenset[str]] = []
        self.index: dict[str, list[int]] = defaultdict(list)

    def nieuw(self, text: str) -> bool:
        grammen = _trigrammen(text)
        if not grammen:
            return False
        # A near-copy shares most trigrams, so it shares one of the rarest: look only there.
        zeldzaam = sorted(grammen, key=lambda g: len(self.index.get(g, ())))[:4]
        kandidaten = {i for gram in zeldzaam for i in self.index.get(gram, ())}
        for i in kandidaten:
            if len(grammen & self.gezien[i]) / len(grammen | self.gezien[i]) >= GELIJK:
                return False
        for gram in grammen:
            self.index[gram].append(len(self.gezien))
        self.gezien.append(grammen)
        return True


def _voorbeelden(path: Path) -> Iterable[str]:
    for block in (lees_yaml(path) or {}).get("nlu") or []:
        for line in str(block.get("examples") or "").splitlines():
            if line.strip().startswith("- "):
                yield line.strip()[2:]


def bestaande_voorbeelden(zonder: Path = STEMMEN_DIR) -> Iterable[str]:
    """The examples already in data/nlu outside the voices folder, and the project's test set
    (so no test message, nor a near-copy of one, is ever trained on)."""
    for path in sorted([*NLU_DIR.rglob("*.yml"), *TESTSET_DIR.rglob("*.yml")]):
        if zonder not in path.parents:
            yield from _voorbeelden(path)


def domein_intents() -> set[str]:
    return set(lees_yaml(DOMAIN)["intents"])


def als_nlu(persona: str, regels: list[Regel]) -> str:
    """The Rasa NLU file of one writer: a block per intent (and per crisis kind and person)."""
    blokken: dict[tuple[str, str | None, str | None, str], list[str]] = defaultdict(list)
    for r in regels:
        blokken[(r.intent, r.soort, r.over, r.sectie)].append(r.tekst)
    regels_uit = [
        f"# Written by one persona ({persona}); made by `jeugdwijzer corpus importeer`.",
        'version: "3.1"',
        "nlu:",
    ]
    for (intent, soort, over, sectie), teksten in sorted(
        blokken.items(), key=lambda kv: str(kv[0])
    ):
        regels_uit += [f"- intent: {intent}", "  metadata:", f"    schrijver: {persona}"]
        if soort:
            regels_uit += [f"    soort: {soort}", f"    over: {over}"]
        if sectie == "rustig":
            regels_uit.append("    sectie: rustig")
        regels_uit.append("  examples: |")
        regels_uit += [f"    - {t}" for t in teksten]
    return "\n".join(regels_uit) + "\n"


def importeer(
    bron: Path, doel: Path = STEMMEN_DIR, bestaand: Iterable[str] | None = None
) -> tuple[dict[str, int], list[str]]:
    """Every persona file in `bron` into `doel`; returns examples kept per writer and problems.

    `bestaand`: the texts a new writer may not copy (default: the project's data and test set)."""
    intents = domein_intents()
    ontdubbel = Ontdubbelaar()
    for text in bestaande_voorbeelden(zonder=doel) if bestaand is None else bestaand:
        ontdubbel.nieuw(text)
    bestanden = [p for p in sorted(bron.glob("*.yml")) if "persona" in (lees_yaml(p) or {})]
    nieuw = {str(lees_yaml(p)["persona"]) for p in bestanden}
    # Writers imported before (an earlier round) stay, and a new one may not copy them.
    for path in sorted(doel.glob("*.yml")) if doel.exists() else ():
        if path.stem not in nieuw:
            for text in _voorbeelden(path):
                ontdubbel.nieuw(text)
    doel.mkdir(parents=True, exist_ok=True)
    telling, problemen = {}, []
    for path in bestanden:
        persona, regels, fouten = lees(path, intents)
        problemen += fouten
        houden = [r for r in regels if ontdubbel.nieuw(r.tekst)]
        problemen.append(f"{persona}: {len(regels) - len(houden)} bijna-kopieen weggelaten")
        (doel / f"{persona}.yml").write_text(als_nlu(persona, houden), encoding="utf-8")
        telling[persona] = len(houden)
    return telling, problemen


def telling(map: Path = STEMMEN_DIR) -> str:
    """How many examples per writer, and crisis examples per kind: the README's table."""
    per_schrijver: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    per_soort: dict[str, int] = defaultdict(int)
    for path in sorted(map.glob("*.yml")):
        for blok in (lees_yaml(path) or {}).get("nlu") or []:
            aantal = sum(1 for r in str(blok["examples"]).splitlines() if r.startswith("- "))
            meta = blok.get("metadata") or {}
            soort = "crisis" if blok["intent"] == "crisis" else "overig"
            per_schrijver[meta.get("schrijver", path.stem)][soort] += aantal
            if soort == "crisis":
                per_soort[meta.get("soort", "?")] += aantal
    regels = ["| schrijver | crisis | overig |", "|---|---:|---:|"]
    for schrijver, t in sorted(per_schrijver.items()):
        regels.append(f"| {schrijver} | {t['crisis']} | {t['overig']} |")
    totaal_c = sum(t["crisis"] for t in per_schrijver.values())
    totaal_o = sum(t["overig"] for t in per_schrijver.values())
    regels += [f"| **samen** | {totaal_c} | {totaal_o} |", "", "| soort crisis | voorbeelden |"]
    regels.append("|---|---:|")
    regels += [f"| {soort} | {n} |" for soort, n in sorted(per_soort.items())]
    return "\n".join(regels)
