"""The knowledge base: a direct answer to the question people actually ask, then the place of help.

The questions and answers are data (data/kennis/*.yml, one file per area): per entry the question,
a few other ways people ask it, a direct B1 answer of at most 50 words, the topic whose place of
help follows (an intent of bot/data/onderwerpen.yml) and the sources of every fact. A message is
compared with every question by TF-IDF on the project's normalised text (words and letter
n-grams); only above a calibrated similarity does the assistant answer from here, otherwise the
topic answer stays as it was. Calibration: tests/test_kennis.py and `python -m bot.kennis`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import yaml
from sklearn.feature_extraction.text import TfidfVectorizer

from bot.taal.normaliseren import normalise

KENNIS_DIR = Path(__file__).resolve().parent.parent / "data" / "kennis"
# Similarity (0-1) from which an answer is given; below it the topic answer stands.
# Chosen on tests/data/kennis_vragen.yml (questions written apart from the knowledge base) and
# everyday messages of the NLU corpus: see tests/test_kennis.py for the figures it must keep.
DREMPEL = 0.55
# The best entry must lead the next one on another topic by this much, or it is not sure.
MARGE = 0.03
# Words every question shares: left out, so what a question is about decides the match.
STOPWOORDEN = (
    "de het een en of ik je jij u mijn mn me mij we wij ons onze hij zij ze haar hem zijn is "
    "ben bent was heb hebt heeft had kan kun kunt mag moet wil wat hoe wie waar wanneer waarom "
    "dat die dit deze er in op aan van voor met bij naar om te tot als dan maar nog wel niet "
    "ook al zo nu dan eigenlijk precies echt gewoon"
).split()


@dataclass(frozen=True)
class Kennis:
    id: str
    vraag: str
    antwoord: dict[str, str]
    onderwerp: str
    bronnen: tuple[str, ...]
    ook: tuple[str, ...] = ()
    bestand: str = ""


@dataclass(frozen=True)
class Treffer:
    kennis: Kennis
    score: float


def _lees(pad: Path) -> list[Kennis]:
    data = yaml.safe_load(pad.read_text(encoding="utf-8")) or []
    return [
        Kennis(
            id=item["id"],
            vraag=item["vraag"],
            antwoord=item["antwoord"]
            if isinstance(item["antwoord"], dict)
            else {"nl": item["antwoord"]},
            onderwerp=item["onderwerp"],
            bronnen=tuple(item.get("bron") or ()),
            ook=tuple(item.get("ook") or ()),
            bestand=pad.name,
        )
        for item in data
    ]


@lru_cache(maxsize=1)
def alles() -> tuple[Kennis, ...]:
    return tuple(k for pad in sorted(KENNIS_DIR.glob("*.yml")) for k in _lees(pad))


def _zonder_stopwoorden(tekst: str) -> str:
    return " ".join(w for w in tekst.split() if w not in STOPWOORDEN)


class Index:
    """Every question and its other wordings as TF-IDF vectors, words and letter n-grams."""

    def __init__(self, kennis: tuple[Kennis, ...]):
        self.kennis = kennis
        self.docs = [(i, normalise(t)) for i, k in enumerate(kennis) for t in (k.vraag, *k.ook)]
        teksten = [t for _, t in self.docs]
        self.eigen = np.array([i for i, _ in self.docs])
        self.woorden = TfidfVectorizer(sublinear_tf=True, stop_words=STOPWOORDEN).fit(teksten)
        self.letters = TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=(4, 5),
            sublinear_tf=True,
            preprocessor=_zonder_stopwoorden,
        ).fit(teksten)
        self.w = self.woorden.transform(teksten)
        self.c = self.letters.transform(teksten)

    def scores(self, tekst: str) -> np.ndarray:
        """Per entry: the best similarity of the message with one of its wordings."""
        norm = normalise(tekst)
        per_doc = (
            0.5 * (self.w @ self.woorden.transform([norm]).T).toarray().ravel()
            + 0.5 * (self.c @ self.letters.transform([norm]).T).toarray().ravel()
        )
        result = np.zeros(len(self.kennis))
        np.maximum.at(result, self.eigen, per_doc)
        return result

    def beste(self, tekst: str) -> list[Treffer]:
        scores = self.scores(tekst)
        volgorde = np.argsort(-scores)[:5]
        return [Treffer(self.kennis[i], float(scores[i])) for i in volgorde]


@lru_cache(maxsize=1)
def index() -> Index:
    return Index(alles())


def zoek(tekst: str, taal: str = "nl", drempel: float = DREMPEL) -> Treffer | None:
    """The entry that answers this message, or None when none is close enough or sure enough."""
    if not tekst or not tekst.strip() or len(tekst.split()) < 3:
        return None
    treffers = index().beste(tekst)
    if not treffers or treffers[0].score < drempel:
        return None
    eerste = treffers[0]
    if taal not in eerste.kennis.antwoord:
        return None
    ander = next((t for t in treffers[1:] if t.kennis.onderwerp != eerste.kennis.onderwerp), None)
    if ander is not None and eerste.score - ander.score < MARGE:
        return None
    return eerste


if __name__ == "__main__":  # python -m bot.kennis "vraag": the best entries and their scores
    import sys

    for t in index().beste(" ".join(sys.argv[1:])):
        print(f"{t.score:.3f}  {t.kennis.id}  ({t.kennis.onderwerp})  {t.kennis.vraag}")
