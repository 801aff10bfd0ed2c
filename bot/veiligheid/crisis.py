"""Crisis detection: does a message show danger, abuse or suicide, and which help comes first?

Pure Python and fast, so it runs on every message: inside Rasa (bot/nlu/crisis.py, whatever the
intent classifier thinks) and again in the web layer as a safety net. The signals are language
data in bot/data/crisis.yml. Example:

    >>> detect("mn pa slaat me").categorie
    'geweld'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bot.taal.normaliseren import normalise
from bot.taal.yamlbestand import lees_yaml

CRISIS_FILE = Path(__file__).parent.parent / "data" / "crisis.yml"

# Which help lines (keys of bot.veiligheid.emergency.NOODLIJNEN) each category needs, most
# important first.
# "ander": the route for a worried adult or friend writing about someone else.
ROUTES: dict[str, dict[str, tuple[str, ...]]] = {
    "suicide_gedaan": {"zelf": ("112", "113"), "ander": ("112", "113")},
    "acuut": {"zelf": ("112",), "ander": ("112",)},
    "suicide": {"zelf": ("113", "kindertelefoon"), "ander": ("113",)},
    "seksueel": {
        "zelf": ("veilig_thuis", "csg", "kindertelefoon"),
        "ander": ("veilig_thuis", "csg"),
    },
    "geweld": {"zelf": ("veilig_thuis", "kindertelefoon"), "ander": ("veilig_thuis",)},
    "praten": {"zelf": ("kindertelefoon",), "ander": ("kindertelefoon",)},
}
CATEGORIEEN = tuple(ROUTES)


@dataclass(frozen=True)
class Regel:
    id: str
    categorie: str
    patronen: tuple[tuple[re.Pattern[str], ...], ...]  # any of these; inside one: all of them
    tenzij: tuple[re.Pattern[str], ...]
    zeker: bool


@dataclass(frozen=True)
class Signaal:
    """What the detector found. `categorie` is the most urgent of `categorieen`."""

    categorie: str
    categorieen: tuple[str, ...]
    over: str  # "zelf": it happens to the writer; "ander": someone writes about another person
    zeker: bool  # False when the words are often meant otherwise ("ik ga dood")
    redenen: tuple[str, ...]  # ids of the rules that fired

    def lijnen(self) -> tuple[str, ...]:
        """The help lines to show, most urgent first, without repeats."""
        keys: list[str] = []
        for categorie in self.categorieen:
            for key in ROUTES[categorie][self.over]:
                if key not in keys:
                    keys.append(key)
        return tuple(keys)


@dataclass(frozen=True)
class Lexicon:
    volgorde: tuple[str, ...]
    woorden: dict[str, str]
    regels: tuple[Regel, ...]
    nu: re.Pattern[str]
    zelf: tuple[re.Pattern[str], ...]
    niet_zelf: tuple[re.Pattern[str], ...]
    ander: tuple[re.Pattern[str], ...]


def _compile(pattern: str, groepen: dict[str, str]) -> re.Pattern[str]:
    for naam, waarde in groepen.items():
        pattern = pattern.replace("{" + naam + "}", waarde)
    return re.compile(pattern)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    data = lees_yaml(CRISIS_FILE)
    groepen = data["groepen"]

    def many(patterns) -> tuple[re.Pattern[str], ...]:
        return tuple(_compile(p, groepen) for p in patterns or [])

    regels = []
    for regel in data["regels"]:
        if regel["categorie"] not in ROUTES:
            raise ValueError(f"Onbekende categorie in {CRISIS_FILE.name}: {regel['categorie']}")
        patronen = tuple(
            many(p) if isinstance(p, list) else (_compile(p, groepen),) for p in regel["patronen"]
        )
        regels.append(
            Regel(
                id=regel["id"],
                categorie=regel["categorie"],
                patronen=patronen,
                tenzij=many(regel.get("tenzij")),
                zeker=regel.get("zeker", True),
            )
        )
    return Lexicon(
        volgorde=tuple(data["volgorde"]),
        woorden={str(k): str(v) for k, v in data["woorden"].items()},
        regels=tuple(regels),
        nu=_compile(data["nu"], groepen),
        zelf=many(data["over"]["zelf"]),
        niet_zelf=many(data["over"]["niet_zelf"]),
        ander=many(data["over"]["ander"]),
    )


def normaliseer(text: str) -> str:
    """The one normaliser (bot/taal/normaliseren.py), the crisis spellings winning over slang."""
    return normalise(text, voorrang=lexicon().woorden)


def _over(text: str, lex: Lexicon) -> str:
    for pattern in lex.niet_zelf:
        text = pattern.sub(" ", text)
    if any(p.search(text) for p in lex.zelf) and "zichzelf" not in text:
        return "zelf"
    if any(p.search(text) for p in lex.ander):
        return "ander"
    return "zelf"


def detect(text: str) -> Signaal | None:
    """The crisis signal in a message, or None when there is none."""
    if not text or not text.strip():
        return None
    lex = lexicon()
    norm = normaliseer(text)
    fired: list[Regel] = []
    for regel in lex.regels:
        if any(t.search(norm) for t in regel.tenzij):
            continue
        if any(all(p.search(norm) for p in groep) for groep in regel.patronen):
            fired.append(regel)
    if not fired:
        return None
    gevonden = {r.categorie for r in fired}
    if "geweld" in gevonden and lex.nu.search(norm):
        gevonden.add("acuut")  # violence happening now is an emergency: 112 first
    categorieen = tuple(c for c in lex.volgorde if c in gevonden)
    return Signaal(
        categorie=categorieen[0],
        categorieen=categorieen,
        over=_over(norm, lex),
        zeker=any(r.zeker for r in fired),
        redenen=tuple(r.id for r in fired),
    )
