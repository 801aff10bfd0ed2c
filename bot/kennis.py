"""The knowledge base: a direct answer to the question people actually ask, then the place of help.

The questions and answers are data (data/kennis/*.yml, one file per area): per entry the question,
a few other ways people ask it, a direct B1 answer of at most 50 words, the topic whose place of
help follows (an intent of bot/data/onderwerpen.yml) and the sources of every fact. A message is
compared with every question by TF-IDF on the project's normalised text (words and letter
n-grams); only above a calibrated similarity does the assistant answer from here, otherwise the
topic answer stays as it was. Calibration: tests/test_kennis.py and `python -m bot.kennis`.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from bot.taal import herkenning
from bot.taal.normaliseren import normalise
from bot.taal.yamlbestand import lees_yaml

KENNIS_DIR = Path(__file__).resolve().parent.parent / "data" / "kennis"
WOORDEN = Path(__file__).resolve().parent / "data" / "kennis_woorden.yml"  # words read as one
# Similarity (0-1) from which an answer is given; below it the topic answer stands.
# Chosen on tests/data/kennis_vragen.yml (questions written apart from the knowledge base) and
# everyday messages of the NLU corpus: see tests/test_kennis.py for the figures it must keep.
DREMPEL = 0.40
# The best entry must lead the next one on another topic by this much, or it is not sure.
MARGE = 0.03
# Just below the threshold (by at most ONDER), an entry still answers when it leads every other
# entry by VOORSPRONG: a question in other words than any wording, but about one thing only.
# Chosen with the held-out questions as the check: held-out 30 -> 32 of 50, realistic 142 -> 143
# of 154, answers on another topic 2.75% of the corpus (limit 3%; 2.92% with a lead of 0.12).
ONDER = 0.03
VOORSPRONG = 0.15
# An answer for children from this age on may be given without knowing the age (puberty).
JAREN_ZONDER_LEEFTIJD = 11
# How a wording's similarity is made: word stems and letter n-grams; then blended with the whole
# entry (wordings and answer as one text, word stems only).
GEWICHT_WOORD = 0.5
GEWICHT_LETTERS = 0.5
GEWICHT_GEHEEL = 0.35
# Words every question shares: left out, so what a question is about decides the match.
STOPWOORDEN = (
    "de het een en of ik je jij u mijn mn me mij we wij ons onze hij zij ze haar hem zijn is "
    "ben bent was heb hebt heeft had kan kun kunt mag moet wil wat hoe wie waar wanneer waarom "
    "dat die dit deze er in op aan van voor met bij naar om te tot als dan maar nog wel niet "
    "ook al zo nu dan eigenlijk precies echt gewoon word wordt worden werd "
    # chat filler that says nothing about the question ("oke ja", "wat kun je allemaal")
    "allemaal even toch graag oke ok ja nee jawel bedoel bedoelen bedoelt zeg zeggen iets doei"
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
    leeftijd: tuple[int, int] | None = None  # for children of these ages only
    voor: tuple[str, ...] = ()  # for these roles only (ouder, jongere, professional)

    def past_bij(self, leeftijd: int | None, rol: str | None) -> bool:
        """Baby and toddler answers need the age known (or "baby", "peuter" in the message); a
        teenager's answer only stays away from a known younger child; a role's answer needs it."""
        if self.voor and rol not in self.voor:
            return False
        if self.leeftijd is None:
            return True
        if leeftijd is None:
            return self.leeftijd[0] >= JAREN_ZONDER_LEEFTIJD
        return self.leeftijd[0] <= leeftijd <= self.leeftijd[1]


@dataclass(frozen=True)
class Treffer:
    kennis: Kennis
    score: float


def _lees(pad: Path) -> list[Kennis]:
    data = lees_yaml(pad) or []
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
            leeftijd=tuple(item["leeftijd"]) if item.get("leeftijd") else None,
            voor=tuple(item["voor"]) if isinstance(item.get("voor"), list) else _rol(item),
        )
        for item in data
    ]


def _rol(item: dict) -> tuple[str, ...]:
    return (item["voor"],) if item.get("voor") else ()


@lru_cache(maxsize=1)
def alles() -> tuple[Kennis, ...]:
    return tuple(k for pad in sorted(KENNIS_DIR.glob("*.yml")) for k in _lees(pad))


WOORD = r"\S+"  # the text is normalised and stemmed already: every word counts, also "18"


def _zonder_stopwoorden(tekst: str) -> str:
    return " ".join(w for w in tekst.split() if w not in STOPWOORDEN)


@lru_cache(maxsize=1)
def _stemmer():
    from nltk.stem.snowball import DutchStemmer

    return DutchStemmer()


@lru_cache(maxsize=50_000)
def _stam(woord: str) -> str:
    return _stemmer().stem(woord)


@lru_cache(maxsize=1)
def _synoniemen() -> dict[str, str]:
    data = lees_yaml(WOORDEN) or {}
    return {str(w): str(hoofd) for hoofd, woorden in data.items() for w in woorden}


def _stammen(tekst: str) -> str:
    """Content words as Dutch stems ("vapes", "vapen" and "vapet" meet), without stop words."""
    gelijk = _synoniemen()
    return " ".join(_stam(gelijk.get(w, w)) for w in tekst.split() if w not in STOPWOORDEN)


def _dekking(vectorizer: TfidfVectorizer, teksten: list[str]) -> np.ndarray:
    """Per text, the share of its TF-IDF length on features the knowledge base knows (a column).

    TF-IDF drops unknown words from a message, so "ik woon in Hengelo" would look like "woon"
    alone; counting them at the highest idf keeps the message's own words in its length.
    """
    analyse, kent, idf = vectorizer.build_analyzer(), vectorizer.vocabulary_, vectorizer.idf_
    onbekend_idf = float(idf.max())
    uit = np.zeros((len(teksten), 1))
    for rij, tekst in enumerate(teksten):
        bekend = onbekend = 0.0
        for kenmerk, n in Counter(analyse(tekst)).items():
            plek = kent.get(kenmerk)
            gewicht = ((1 + math.log(n)) * (onbekend_idf if plek is None else idf[plek])) ** 2
            if plek is None:
                onbekend += gewicht
            else:
                bekend += gewicht
        uit[rij, 0] = math.sqrt(bekend / (bekend + onbekend)) if bekend else 0.0
    return uit


class Index:
    """Every entry as vectors: each wording of its question, and the entry as a whole.

    A wording is compared by word stems and by letter 3-5-grams (typos, compounds, no spaces); the
    whole entry (its wordings and its answer) by word stems, so a question in other words still
    meets the entry through the answer's vocabulary ("contributie" in the answer about sport).
    """

    def __init__(self, kennis: tuple[Kennis, ...]):
        self.kennis = kennis
        self.docs = [(i, normalise(t)) for i, k in enumerate(kennis) for t in (k.vraag, *k.ook)]
        self.eigen = np.array([i for i, _ in self.docs])
        geheel = [normalise(" ".join((k.vraag, *k.ook, *k.antwoord.values()))) for k in self.kennis]
        teksten = [t for _, t in self.docs]
        self.woorden = TfidfVectorizer(
            sublinear_tf=True, preprocessor=_stammen, token_pattern=WOORD
        ).fit(teksten + geheel)
        self.letters = TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=(3, 5),
            sublinear_tf=True,
            preprocessor=_zonder_stopwoorden,
        ).fit(teksten)
        self.w = self.woorden.transform(teksten)
        self.c = self.letters.transform(teksten)
        self.g = self.woorden.transform(geheel)

    def scores_alle(self, teksten: list[str]) -> np.ndarray:
        """Per message and entry: the best wording's similarity, blended with the whole entry's."""
        norm = [normalise(t) for t in teksten]
        w, c = self.woorden.transform(norm), self.letters.transform(norm)
        dek_w, dek_c = _dekking(self.woorden, norm), _dekking(self.letters, norm)
        per_doc = (
            GEWICHT_WOORD * (w @ self.w.T).toarray() * dek_w
            + GEWICHT_LETTERS * (c @ self.c.T).toarray() * dek_c
        )
        beste = np.zeros((len(teksten), len(self.kennis)))
        for i in range(len(self.kennis)):
            beste[:, i] = per_doc[:, self.eigen == i].max(axis=1)
        geheel = (w @ self.g.T).toarray() * dek_w
        return (1 - GEWICHT_GEHEEL) * beste + GEWICHT_GEHEEL * geheel

    def scores(self, tekst: str) -> np.ndarray:
        return self.scores_alle([tekst])[0]

    def beste(self, tekst: str) -> list[Treffer]:
        scores = self.scores(tekst)
        volgorde = np.argsort(-scores)[:5]
        return [Treffer(self.kennis[i], float(scores[i])) for i in volgorde]


@lru_cache(maxsize=1)
def index() -> Index:
    return Index(alles())


def _kies(
    scores: np.ndarray,
    taal: str,
    drempel: float,
    persoon: Callable[[], tuple[int | None, str | None]],
) -> Treffer | None:
    """The best entry above the threshold (or just below it and far ahead of every other
    entry), sure against other topics, fit for age and role."""
    volgorde = np.argsort(-scores)[:8]
    if any(index().kennis[i].leeftijd or index().kennis[i].voor for i in volgorde):
        jaren, rol = persoon()  # recognised only when it matters
        volgorde = [i for i in volgorde if index().kennis[i].past_bij(jaren, rol)]
    treffers = [Treffer(index().kennis[i], float(scores[i])) for i in volgorde]
    if not treffers:
        return None
    eerste = treffers[0]
    if taal not in eerste.kennis.antwoord or eerste.score < drempel - ONDER:
        return None
    if eerste.score < drempel:
        hoogste, tweede = np.sort(scores)[::-1][:2]
        if eerste.score < hoogste or hoogste - tweede < VOORSPRONG:
            return None
    ander = next((t for t in treffers[1:] if t.kennis.onderwerp != eerste.kennis.onderwerp), None)
    if ander is not None and eerste.score - ander.score < MARGE:
        return None
    return eerste


# A question what one thing is ("wat is een cjg?", "wat betekent beschikking", "what is a pgb").
WAT_IS = re.compile(
    r"^(?:wat|what) (?:is|zijn|betekent|betekenen|doet|doen|means?|does|do|are) (?:een |de |het |"
    r"a |an |the )?\w+\s*\??$"
)


def _te_kort(tekst: str) -> bool:
    """Fewer than 2 content words ("ik word gepest") names a topic; it asks no question. A
    question what one thing is ("wat is een cjg?") does: the entry that explains it answers."""
    if not tekst or len(tekst.split()) < 3:
        return True
    if WAT_IS.match(normalise(tekst)) is not None:
        return False
    return len(_stammen(normalise(tekst)).split()) < 2


def _persoon(
    tekst: str, leeftijd: int | None = None, rol: str | None = None
) -> tuple[int | None, str | None]:
    """The child's age and the asker's role: the conversation's, else what the message shows."""
    if leeftijd is None:
        vondst = herkenning.leeftijd(tekst)
        leeftijd = int(vondst.value) if vondst is not None else None
    if rol is None:
        vondst = herkenning.rol(tekst)
        rol = vondst.value if vondst is not None else None
    return leeftijd, rol


def zoek(
    tekst: str,
    taal: str = "nl",
    drempel: float = DREMPEL,
    leeftijd: int | None = None,
    rol: str | None = None,
) -> Treffer | None:
    """The entry that answers this message, or None when none is close enough or sure enough.

    `leeftijd` and `rol` are what the conversation knows (the slots); otherwise what the message
    shows counts, so "mijn kind van 4 slaapt slecht" gets no baby answer.
    """
    if _te_kort(tekst):
        return None
    return _kies(index().scores(tekst), taal, drempel, lambda: _persoon(tekst, leeftijd, rol))


def zoek_alle(
    teksten: list[str], taal: str = "nl", drempel: float = DREMPEL, blok: int = 2000
) -> list[Treffer | None]:
    """`zoek` for many messages at once (evaluation); the same answers, much faster."""
    uit: list[Treffer | None] = []
    for start in range(0, len(teksten), blok):
        deel = teksten[start : start + blok]
        scores = index().scores_alle([t or "" for t in deel])
        uit.extend(
            None if _te_kort(t) else _kies(s, taal, drempel, lambda t=t: _persoon(t))
            for t, s in zip(deel, scores, strict=True)
        )
    return uit


if __name__ == "__main__":  # python -m bot.kennis "vraag": the best entries and their scores
    import sys

    for t in index().beste(" ".join(sys.argv[1:])):
        print(f"{t.score:.3f}  {t.kennis.id}  ({t.kennis.onderwerp})  {t.kennis.vraag}")
