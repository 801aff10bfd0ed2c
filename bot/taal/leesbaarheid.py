"""Plain-language scores for the texts the assistant sends (B1 Dutch, short English).

Flesch-Douma, the Dutch version of Flesch reading ease:
    206.835 - 0.93 * words per sentence - 77 * syllables per word
Syllables come from pyphen's Dutch hyphenation (nl_NL), the same source textstat uses for Dutch.
Links, URLs, numbers and {placeholders} are removed before scoring: a reader does not read a
phone number as words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pyphen

from bot.taal.teksten import alle_teksten as actieteksten
from bot.taal.yamlbestand import lees_yaml

ROOT = Path(__file__).resolve().parents[2]

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


# --- every text the assistant can send, for the test and for editors
# (python -m bot.taal.leesbaarheid)


@dataclass(frozen=True)
class Tekst:
    naam: (
        str  # where it lives: "domain.yml utter_begroeting[0]", "teksten/verwijzing.vraag_gemeente"
    )
    taal: str
    tekst: str
    knop: bool = False  # a button title: a few words, no reading ease


def _varianten(waarde) -> list[tuple[str, str]]:
    if isinstance(waarde, str):
        return [("nl", waarde)]
    return [(taal, tekst) for taal, tekst in waarde.items() if isinstance(tekst, str)]


def _domain_teksten(root: Path) -> Iterator[Tekst]:
    domain = lees_yaml(root / "domain.yml")
    for naam, varianten in (domain.get("responses") or {}).items():
        for i, variant in enumerate(varianten):
            taal = "nl"
            for conditie in variant.get("condition") or []:
                if conditie.get("name") == "taal" and conditie.get("value") in ("en", "anders"):
                    taal = "en"
            if variant.get("text"):
                yield Tekst(f"domain.yml {naam}[{i}]", taal, variant["text"])
            for knop in variant.get("buttons") or []:
                yield Tekst(f"domain.yml {naam}[{i}] knop", taal, knop["title"], knop=True)


def _onderwerp_teksten(root: Path) -> Iterator[Tekst]:
    data = lees_yaml(root / "bot/data/onderwerpen.yml")
    for intent, onderwerp in data.items():
        for veld in ("uitleg", "uitleg_jongere", "uitleg_professional", "uitleg_omstander", "knop"):
            for taal, tekst in _varianten(onderwerp.get(veld) or {}):
                naam = f"onderwerpen.yml {intent}.{veld}"
                yield Tekst(naam, taal, tekst, knop=veld == "knop")
        for band in onderwerp.get("uitleg_leeftijd") or ():
            for taal in ("nl", "en"):
                if band.get(taal):
                    naam = f"onderwerpen.yml {intent}.uitleg_leeftijd {band['van']}-{band['tot']}"
                    yield Tekst(naam, taal, band[taal])


def alle_teksten(root: Path = ROOT) -> list[Tekst]:
    """Responses in domain.yml, topic texts, and every text in bot/data/teksten/*.yml."""
    result = [*_domain_teksten(root), *_onderwerp_teksten(root)]
    for key, taal, tekst in actieteksten():
        result.append(Tekst(f"teksten/{key}", taal, tekst, knop=".knop_" in key))
    return result


def main() -> int:
    """Print the hardest texts first, and every text that misses a gate; exit 1 if any does."""
    teksten = [t for t in alle_teksten() if not t.knop]
    fouten = [(t, score(t.tekst).problemen(t.taal)) for t in teksten]
    fouten = [(t, p) for t, p in fouten if p]
    lopend = [
        (score(t.tekst).leesgemak, t.naam)
        for t in teksten
        if t.taal == "nl" and score(t.tekst).woorden >= MIN_WOORDEN_VOOR_LEESGEMAK
    ]
    print(f"{len(teksten)} teksten, waarvan {len(lopend)} Nederlandse lopende teksten.")
    for leesgemak, naam in sorted(lopend)[:5]:
        print(f"  leesgemak {leesgemak:5.1f}  {naam}")
    for tekst, problemen in fouten:
        print(f"TE MOEILIJK {tekst.naam} ({tekst.taal}): {'; '.join(problemen)}")
    return 1 if fouten else 0


if __name__ == "__main__":
    raise SystemExit(main())
