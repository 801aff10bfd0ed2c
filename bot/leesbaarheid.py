"""Plain-language scores for the texts the assistant sends (B1 Dutch, short English).

Flesch-Douma, the Dutch version of Flesch reading ease:
    206.835 - 0.93 * words per sentence - 77 * syllables per word
Syllables come from pyphen's Dutch hyphenation (nl_NL), the same source textstat uses for Dutch.
Links, URLs, numbers and {placeholders} are removed before scoring: a reader does not read a
phone number as words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pyphen

# The B1 gates (issue 4).
MAX_GEMIDDELDE_ZINSLENGTE = 15
MAX_ZINSLENGTE = 25
MIN_LEESGEMAK = 60
# Reading ease says nothing about a fragment such as "Bekijk de openingstijden op {site}.":
# one long word decides it. Fragments are held to the sentence gates only.
MIN_WOORDEN_VOOR_LEESGEMAK = 10

LINK_RE = re.compile(r"\[([^\]]*)\]\([^)]*\)")
URL_RE = re.compile(r"(https?://|www\.)\S+|\S+@\S+\.\w+|\b[\w-]+\.(nl|com|org)\b", re.IGNORECASE)
PLACEHOLDER_RE = re.compile(r"\{[^}]*\}")
NUMBER_RE = re.compile(r"\b\d[\d\s.:,/-]*\d\b|\b\d\b")
SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+|\n+")
WORD_RE = re.compile(r"[A-Za-zÀ-ÿ]+(?:['’-][A-Za-zÀ-ÿ]+)*")
VOWEL_GROUP_RE = re.compile(r"[aeiouyàáâäèéêëìíîïòóôöùúûü]+", re.IGNORECASE)


@dataclass(frozen=True)
class Score:
    zinnen: int
    woorden: int
    lettergrepen: int
    langste_zin: int
    leesgemak: float

    @property
    def gemiddelde_zinslengte(self) -> float:
        return self.woorden / self.zinnen if self.zinnen else 0.0

    def problemen(self, taal: str = "nl") -> list[str]:
        """What falls short of the gates; empty when the text passes.
        English texts are held to the sentence-length gates only (Flesch-Douma is Dutch)."""
        fouten = []
        if self.gemiddelde_zinslengte > MAX_GEMIDDELDE_ZINSLENGTE:
            fouten.append(
                f"gemiddeld {self.gemiddelde_zinslengte:.1f} woorden per zin "
                f"(max {MAX_GEMIDDELDE_ZINSLENGTE})"
            )
        if self.langste_zin > MAX_ZINSLENGTE:
            fouten.append(f"een zin van {self.langste_zin} woorden (max {MAX_ZINSLENGTE})")
        lopende_tekst = self.woorden >= MIN_WOORDEN_VOOR_LEESGEMAK
        if taal == "nl" and lopende_tekst and self.leesgemak < MIN_LEESGEMAK:
            fouten.append(f"leesgemak {self.leesgemak:.0f} (min {MIN_LEESGEMAK})")
        return fouten


@lru_cache(maxsize=1)
def _woordenboek() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="nl_NL", left=1, right=1)


@lru_cache(maxsize=4096)
def lettergrepen(woord: str) -> int:
    """Syllables in a Dutch word. Pyphen misses a vowel that stands alone ("o-pa", "i-dee"),
    so take the larger of its count and the number of vowel groups."""
    woord = woord.lower()
    volgens_pyphen = len(_woordenboek().positions(woord)) + 1
    klinkergroepen = len(VOWEL_GROUP_RE.findall(woord))
    return max(1, volgens_pyphen, klinkergroepen)


def opschonen(tekst: str) -> str:
    """The text as a reader reads it: link labels kept, URLs, numbers and placeholders gone."""
    tekst = LINK_RE.sub(r"\1", tekst)
    tekst = URL_RE.sub(" ", tekst)
    tekst = PLACEHOLDER_RE.sub(" ", tekst)
    return NUMBER_RE.sub(" ", tekst)


def zinnen(tekst: str) -> list[list[str]]:
    """The sentences of a text, each as its list of words; sentences without words are dropped."""
    result = []
    for zin in SENTENCE_END_RE.split(opschonen(tekst)):
        woorden = WORD_RE.findall(zin)
        if woorden:
            result.append(woorden)
    return result


def score(tekst: str) -> Score:
    delen = zinnen(tekst)
    woorden = [w for zin in delen for w in zin]
    grepen = sum(lettergrepen(w) for w in woorden)
    if not woorden:
        return Score(0, 0, 0, 0, 100.0)
    leesgemak = 206.835 - 0.93 * (len(woorden) / len(delen)) - 77 * (grepen / len(woorden))
    return Score(len(delen), len(woorden), grepen, max(len(z) for z in delen), leesgemak)
