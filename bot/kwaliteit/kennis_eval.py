"""How well the knowledge base answers, and how seldom it answers the wrong question.

    python -m bot.kwaliteit.kennis_eval

Two figures (issue 14): how many realistic questions (tests/data/kennis_vragen.yml, one per entry,
written in other words than the entry) reach their own answer, and how often a message of the NLU
corpus (data/nlu/**, every writer) gets a knowledge answer about another topic than its label.
The second is the price of the first: an answer to a question nobody asked. Messages labelled
with a topic of bot/data/onderwerpen.yml count as cross-topic when the entry's topic differs;
messages of other intents (thanks, greetings, crisis, ...) count when they get any answer.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bot import kennis, verwijzing
from bot.config import PROJECT_ROOT
from bot.taal import herkenning
from bot.taal.yamlbestand import lees_yaml

NLU_DATA = PROJECT_ROOT / "data" / "nlu"
VRAGEN = PROJECT_ROOT / "tests" / "data" / "kennis_vragen.yml"
# Written before the retrieval was tuned and never used to tune it: the honest figure.
VRAGEN_APART = PROJECT_ROOT / "tests" / "data" / "kennis_vragen_apart.yml"
# Above this share the knowledge base answers too many questions nobody asked (tests keep it).
MAX_KRUIS = 0.03


@dataclass(frozen=True)
class Bericht:
    tekst: str
    intent: str


@dataclass
class Kruisuitslag:
    berichten: int = 0
    beantwoord: int = 0
    zelfde: int = 0
    ander: list[tuple[str, str, str]] = field(default_factory=list)  # text, label, entry

    @property
    def kruis(self) -> float:
        return len(self.ander) / self.berichten if self.berichten else 0.0


def nlu_berichten(nlu_dir: Path = NLU_DATA) -> list[Bericht]:
    """Every example of the Rasa NLU files, read as plain YAML (no Rasa import)."""
    uit = []
    for pad in sorted(nlu_dir.rglob("*.yml")):
        for item in (lees_yaml(pad) or {}).get("nlu") or []:
            voorbeelden = item.get("examples") if "intent" in item else None
            if isinstance(voorbeelden, str):
                regels = [r.strip()[2:] for r in voorbeelden.splitlines() if r.strip()[:2] == "- "]
            else:
                regels = [v.get("text", "") for v in voorbeelden or []]
            uit.extend(Bericht(r.strip(), item["intent"]) for r in regels if r.strip())
    return uit


def kruisonderwerp(berichten: list[Bericht], drempel: float = kennis.DREMPEL) -> Kruisuitslag:
    """Which corpus messages get a knowledge answer, and how many of another topic."""
    uitslag = Kruisuitslag()
    for bericht, treffer in zip(
        berichten, kennis.zoek_alle([b.tekst for b in berichten], drempel=drempel), strict=True
    ):
        uitslag.berichten += 1
        if treffer is None:
            continue
        uitslag.beantwoord += 1
        if treffer.kennis.onderwerp == bericht.intent:
            uitslag.zelfde += 1
        else:
            uitslag.ander.append((bericht.tekst, bericht.intent, treffer.kennis.id))
    return uitslag


def taal_van(tekst: str) -> str:
    vondst = herkenning.taal(tekst)
    return "en" if vondst is not None and vondst.value == "en" else "nl"


def vragen_treffers(
    drempel: float = kennis.DREMPEL, pad: Path = VRAGEN
) -> tuple[int, list[tuple[str, str | None]]]:
    """How many realistic questions reach their own entry; the misses with what they got."""
    vragen = lees_yaml(pad)
    missers = []
    for kid, vraag in vragen.items():
        treffer = kennis.zoek(vraag, taal_van(vraag), drempel=drempel)
        if treffer is None or treffer.kennis.id != kid:
            missers.append((kid, treffer.kennis.id if treffer else None))
    return len(vragen) - len(missers), missers


def rapport(drempel: float = kennis.DREMPEL, voorbeelden: int = 15) -> str:
    goed, missers = vragen_treffers(drempel)
    apart, apart_mis = vragen_treffers(drempel, VRAGEN_APART)
    berichten = nlu_berichten()
    uitslag = kruisonderwerp(berichten, drempel)
    onderwerpen = sum(1 for b in berichten if verwijzing.onderwerp(b.intent) is not None)
    per_label = Counter(label for _, label, _ in uitslag.ander)
    regels = [
        f"Kennisbank: {len(kennis.alles())} vragen, drempel {drempel}",
        f"  realistische vragen die hun eigen antwoord bereiken: {goed} van {goed + len(missers)}",
        f"  apart gehouden vragen (nooit om af te stemmen): {apart} van {apart + len(apart_mis)}",
        f"  NLU-berichten: {uitslag.berichten} ({onderwerpen} met een onderwerp als label)",
        f"  met een kennisantwoord: {uitslag.beantwoord} "
        f"({uitslag.beantwoord / uitslag.berichten:.1%}), van hetzelfde onderwerp {uitslag.zelfde}",
        f"  kennisantwoord over een ander onderwerp: {len(uitslag.ander)} "
        f"({uitslag.kruis:.2%}; grens {MAX_KRUIS:.0%})",
        "",
        "Missers (vraag -> gekregen antwoord):",
        *(f"  {kid} -> {kreeg}" for kid, kreeg in missers),
        "",
        "Ander onderwerp, meest per label: "
        + ", ".join(f"{label} {n}" for label, n in per_label.most_common(8)),
        *(f"  [{label}] {tekst!r} -> {kid}" for tekst, label, kid in uitslag.ander[:voorbeelden]),
    ]
    return "\n".join(regels)


if __name__ == "__main__":
    import sys

    print(rapport(float(sys.argv[1]) if len(sys.argv) > 1 else kennis.DREMPEL))
