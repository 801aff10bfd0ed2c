"""Rule-based recognition in a chat message: the child's age, who is asking, and the language.

Pure functions on text, fast and without Rasa, so the NLU component (bot/nlu/entities.py), the
tests and the CLI share them. Word lists live in bot/data/herkenning.yml and bot/data/talen.yml.

Every finder returns a `Vondst` whose start and end point into the original text, as Rasa wants
for an entity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bot.taal.normaliseren import plat
from bot.taal.normaliseren import taal as slang_data
from bot.taal.yamlbestand import lees_yaml

DATA_DIR = Path(__file__).parent.parent / "data"
ROLLEN = ("ouder", "jongere", "professional")
TALEN = ("nl", "en", "anders")

_TOKEN_RE = re.compile(r"[a-z]+(?:'[a-z]+)*|\d+(?:[.,]\d+)?|[^\sa-z\d]")
_LATIN_RE = re.compile(r"[a-zA-Z\u00c0-\u024f]")
# Arabic, Cyrillic, Greek, Hebrew, Ethiopic (Tigrinya), Devanagari, Thai, CJK, Hangul and more.
_OTHER_SCRIPT_RE = re.compile(
    r"[\u0370-\u03ff\u0400-\u052f\u0530-\u058f\u0590-\u05ff\u0600-\u06ff\u0750-\u077f"
    r"\u0900-\u0dff\u0e00-\u0e7f\u10a0-\u10ff\u1200-\u137f\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]"
)
_TURKISH_RE = re.compile(r"[şğıİŞĞ]")
_POLISH_RE = re.compile(r"[łąęśżźćńŁŻŚ]")


@dataclass(frozen=True)
class Vondst:
    """What was found: the value, and where in the original text it is."""

    value: str
    start: int
    end: int


@lru_cache(maxsize=1)
def woorden() -> dict:
    return lees_yaml(DATA_DIR / "herkenning.yml")


@lru_cache(maxsize=1)
def antwoordwoorden() -> frozenset:
    return frozenset(plat(str(w)) for w in woorden()["antwoordwoorden"])


@lru_cache(maxsize=1)
def talen() -> dict:
    return lees_yaml(DATA_DIR / "talen.yml")


@dataclass
class _Tekst:
    """The message as normal words joined by spaces, with each character's place in the original."""

    norm: str
    bron: list[tuple[int, int]]  # for each character of norm: the original token's span
    origineel: str

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.bron[start][0], self.bron[end - 1][1]


@lru_cache(maxsize=2048)
def _tekst(text: str) -> _Tekst:
    slang = slang_data()["slang"]
    parts: list[str] = []
    bron: list[tuple[int, int]] = []
    for match in _TOKEN_RE.finditer(plat(text)):
        word = match.group()
        word = re.sub(r"(.)\1{2,}", r"\1\1", word)  # 'heeeel' -> 'heel'
        word = slang.get(word, word)
        if parts:
            parts.append(" ")
            bron.append(bron[-1])
        parts.append(word)
        bron.extend([match.span()] * len(word))
    return _Tekst("".join(parts), bron, text)


def _alternatives(words) -> str:
    """A regex alternation of word phrases, longest first, tokenised like a message."""
    phrases = {" ".join(_TOKEN_RE.findall(plat(str(w)))) for w in words}
    return "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True) if p)


# Word boundaries in the normal text: tokens are separated by single spaces.
B = r"(?<![^ ])"
E = r"(?![^ ])"


@lru_cache(maxsize=1)
def _leeftijd_patronen() -> list[tuple[int, re.Pattern]]:
    w = woorden()
    getallen = [g for g in w["getallen"] if plat(g) != "een"]
    num = rf"(?P<num>\d{{1,2}}(?:[.,]5)?|{_alternatives(getallen)}|anderhalf|een(?= jaar))(?![\d])"
    mod = r"(?P<mod>(?:bijna|net|pas|al|nu|ongeveer|rond|about|almost|nearly|just|now) )?"
    kind = _alternatives(w["kindwoorden"])
    pron = _alternatives(w["voornaamwoorden"])
    verbind = r"(?P<conn>(?:(?:is|van|die|wordt|word|who|aged|age|of|turns|turning)(?: |$)){0,2})"
    eenheid = (
        r"(?: (?P<unit>jaar oud|jaar|jaartjes|jr|j|years old|year old|years|year|yrs|yo"
        r"|maanden|maand|mnd|months|month|weken|week|weeks|wk))?"
    )
    return [
        # "mijn dochter van zes", "zoon (14)", "my son is 7", "een baby van 8 maanden"
        (1, re.compile(rf"{B}(?:{kind}){E}(?: [,:(-])? {verbind}{mod}{num}{eenheid}{E}")),
        # "ze is 14", "hij wordt 18", "she's 12", "Sanne is 7"
        (
            2,
            re.compile(
                rf"{B}(?P<subj>{pron}|[a-z]+) (?P<conn>(?:is|wordt|turns|is turning)? ?)"
                rf"{mod}{num}{eenheid}{E}"
            ),
        ),
        # "ik ben vijftien", "kben 15", "i'm 16", "ik word 18"
        (
            3,
            re.compile(
                rf"{B}(?P<conn>ik ben|ik word|i am|i'm|im|i turn|ben|word) {mod}{num}{eenheid}{E}"
            ),
        ),
        # "een 7-jarige", "15 years old", "a 7 year old"
        (
            4,
            re.compile(
                rf"{B}{num}(?: -)? (?P<unit>jarige|jarig|jaar oud|jr oud|years old|year old"
                rf"|year - old|yo|y / o|yrs old){E}"
            ),
        ),
        # "kind, 5 jaar," ; "(12 jaar)"
        (5, re.compile(rf"[,(] {mod}{num} (?P<unit>jaar|jr){E}")),
    ]


_MAANDEN = ("maanden", "maand", "mnd", "months", "month")
_WEKEN = ("weken", "week", "weeks", "wk")


@lru_cache(maxsize=1)
def _getallen() -> dict[str, int]:
    return {plat(k): v for k, v in woorden()["getallen"].items()}


def _geheel(num: str) -> int | None:
    getallen = _getallen()
    if num == "anderhalf":
        return 1
    if num in getallen:
        return getallen[num]
    try:
        return int(float(num.replace(",", ".")))
    except ValueError:
        return None


def _waarde(match: re.Match) -> int | None:
    groups = match.groupdict()
    value = _geheel(match.group("num"))
    if value is None:
        return None
    unit = groups.get("unit") or ""
    if unit in _MAANDEN:
        value = value // 12
    elif unit in _WEKEN:
        value = 0
    conn = (groups.get("conn") or "") + " " + (groups.get("mod") or "")
    if re.search(r"\b(bijna|almost|nearly|wordt|word|turns|turning|turn)\b", conn) and value > 0:
        value -= 1  # whole years: "hij wordt 18" means 17 now
    return value


def _geen_leeftijd_erna(tekst: _Tekst, end: int) -> bool:
    rest = tekst.norm[end:].split()
    if not rest:
        return False
    na = {plat(str(x)) for x in woorden()["geen_leeftijd_na"]}
    return rest[0] in na or " ".join(rest[:2]) in na or rest[0] == "zwanger"


def _naam_of_voornaamwoord(tekst: _Tekst, match: re.Match) -> bool:
    subj = match.group("subj")
    if subj in {plat(str(x)) for x in woorden()["voornaamwoorden"]}:
        return bool(match.group("conn").strip()) or subj.endswith("'s")
    start, _ = tekst.span(match.start("subj"), match.end("subj"))
    niet = {"het", "dat", "dit", "er", "wat", "hier", "daar", "alles", "dan", "nu"}
    return (
        tekst.origineel[start : start + 1].isupper()
        and subj not in niet
        and bool(match.group("conn").strip())
    )


def _leeftijden(text: str) -> list[tuple[int, int, int, int]]:
    """All ages found: (priority, start, end, value) in the normal text; priority 3 is "ik ben"."""
    tekst = _tekst(text)
    hoogste = woorden()["hoogste_leeftijd"]
    found = []
    for prio, pattern in _leeftijd_patronen():
        for match in pattern.finditer(tekst.norm):
            if prio == 2 and not _naam_of_voornaamwoord(tekst, match):
                continue
            if not match.groupdict().get("unit") and _geen_leeftijd_erna(tekst, match.end()):
                continue
            if prio == 3 and (match.group("unit") or "") in _MAANDEN + _WEKEN:
                continue
            value = _waarde(match)
            if value and tekst.norm[match.end() :].split()[:1] in (["wordt"], ["word"]):
                value -= 1  # "als mijn zoon 18 wordt"
            if value is not None and 0 <= value <= hoogste:
                found.append((prio, match.start(), match.end(), value))
    return found


def _alleen_getal(text: str) -> tuple[int, int, int] | None:
    """A message that is only an age: "6", "zes jaar", "15 jr", "8 maanden"."""
    tekst = _tekst(text)
    words = [t for t in tekst.norm.split() if re.search(r"[a-z\d]", t)]
    skip = {"hij", "ze", "zij", "is", "die", "leeftijd", "age", "he", "she", "nu", "now"}
    while words and words[0] in skip:
        words.pop(0)
    if words and words[-1] in {"oud", "old"}:
        words.pop()
    if not words or len(words) > 2 or re.fullmatch(r"\d{3,}", words[0]) or words[0] == "een":
        return None
    value = _geheel(words[0])
    unit = words[1] if len(words) == 2 else "jaar"
    if value is None or unit not in {
        "jaar",
        "jr",
        "j",
        "years",
        "year",
        "yrs",
        "jaartjes",
        *_MAANDEN,
        *_WEKEN,
    }:
        return None
    value = value // 12 if unit in _MAANDEN else 0 if unit in _WEKEN else value
    if value > woorden()["hoogste_leeftijd"]:
        return None
    first = tekst.norm.index(words[0])
    return value, first, first + len(words[0])


def leeftijd(text: str) -> Vondst | None:
    """The age of the child or young person, in whole years: 'mijn dochter van zes' -> '6'."""
    tekst = _tekst(text)
    if not tekst.norm:
        return None
    found = _leeftijden(text)
    if found:
        _, start, end, value = min(found)
        return Vondst(str(value), *tekst.span(start, end))
    alleen = _alleen_getal(text)
    if alleen:
        value, start, end = alleen
        return Vondst(str(value), *tekst.span(start, end))
    return _levensfase(tekst)


def _levensfase(tekst: _Tekst) -> Vondst | None:
    fasen = {plat(k): v for k, v in woorden()["levensfase"].items()}
    if re.search(rf"{B}(was|toen|vroeger|zwanger|krijgen|verwacht|used to|when){E}", tekst.norm):
        return None  # "toen hij een baby was": not the age now
    match = re.search(rf"{B}({_alternatives(fasen)}){E}", tekst.norm)
    if not match:
        return None
    return Vondst(str(fasen[match.group(1)]), *tekst.span(match.start(), match.end()))


@lru_cache(maxsize=1)
def _rol_patronen() -> dict[str, list[tuple[str, re.Pattern]]]:
    r = woorden()["rollen"]
    vul = (
        r"(?:(?:een|de|het|a|an|the|zelf|ook|nu|net|pas|hier|zijn|haar|alleenstaande|bezorgde"
        r"|gescheiden|jonge|single|worried) )*"
    )
    wie = r"(?:ik ben|ben|i am|i'm|im|ik werk als|werk als|i work as)"
    zelf = [
        (
            rol,
            re.compile(rf"{B}{wie} {vul}(?:{_alternatives(ws)}){E}"),
        )
        for rol, ws in r["zelf"].items()
    ]
    zinnen = [
        (rol, re.compile(rf"{B}(?:{_alternatives(ws)}){E}")) for rol, ws in r["zinnen"].items()
    ]
    tussen = rf"(?: (?:\d+|-|{_alternatives(r['bijvoeglijk'])}))*"
    mijn = [
        (rol, re.compile(rf"{B}(?:mijn|onze|ons|my|our){tussen} (?:{_alternatives(ws)}){E}"))
        for rol, ws in r["mijn"].items()
    ]
    return {"zelf": zelf, "zinnen": zinnen, "mijn": mijn}


def rol(text: str) -> Vondst | None:
    """Who is asking: 'ouder', 'jongere' or 'professional'; None when the message does not say."""
    tekst = _tekst(text)
    patronen = _rol_patronen()
    zelf = [
        (m.start(), m.end(), naam) for naam, p in patronen["zelf"] for m in p.finditer(tekst.norm)
    ]
    if not zelf:  # "ik ben leerkracht" says more than "ik ben 23"
        zelf = [(s, e, "jongere") for p, s, e, v in _leeftijden(text) if p == 3 and 10 <= v <= 23]
    if zelf:
        start, end, naam = min(zelf)
        return Vondst(naam, *tekst.span(start, end))
    for groep in ("zinnen", "mijn"):
        for naam in ("professional", "ouder", "jongere"):
            for wie, pattern in patronen[groep]:
                match = pattern.search(tekst.norm) if wie == naam else None
                if match:
                    return Vondst(naam, *tekst.span(match.start(), match.end()))
    return None


@lru_cache(maxsize=1)
def _lexicon() -> tuple[frozenset, dict[str, tuple[str, ...]]]:
    data = talen()
    gedeeld = frozenset(plat(str(w)) for w in data["gedeeld"])
    per_woord: dict[str, set[str]] = {}
    for lang, words in data.items():
        if lang in ("gedeeld", "groeten"):
            continue
        for word in words:
            per_woord.setdefault(plat(str(word)), set()).add(lang)
    return gedeeld, {w: tuple(sorted(ls)) for w, ls in per_woord.items()}


@lru_cache(maxsize=1)
def _groeten() -> frozenset:
    return frozenset(plat(str(w)) for w in talen()["groeten"])


def taal_scores(text: str) -> dict[str, float]:
    """Evidence per language: each known word counts 1, split over the languages that share it."""
    gedeeld, lexicon = _lexicon()
    scores: dict[str, float] = {}
    for word in re.findall(r"[a-z]+(?:'[a-z]+)?", plat(text)):
        langs = () if word in gedeeld else lexicon.get(word, ())
        for lang in langs:
            scores[lang] = scores.get(lang, 0.0) + 1 / len(langs)
    scores["tr"] = scores.get("tr", 0.0) + min(2, len(_TURKISH_RE.findall(text)))
    scores["pl"] = scores.get("pl", 0.0) + min(2, len(_POLISH_RE.findall(text)))
    return {lang: s for lang, s in scores.items() if s > 0}


def taal(text: str) -> Vondst | None:
    """'nl', 'en' or 'anders' when the message shows it; None when it could be both ('ok', 'hi')."""
    whole = (0, len(text))
    other_script = len(_OTHER_SCRIPT_RE.findall(text))
    if other_script >= 2 and other_script > len(_LATIN_RE.findall(text)):
        return Vondst("anders", *whole)
    scores = taal_scores(text)
    if not scores:
        return None
    nl, en = scores.get("nl", 0.0), scores.get("en", 0.0)
    ander = max((s for lang, s in scores.items() if lang not in ("nl", "en")), default=0.0)
    words = re.findall(r"[a-z]+", plat(text))
    groet = len(words) <= 3 and any(w in _groeten() for w in words)
    if ander > nl and ander > en and (ander >= 1.5 or (groet and nl == en == 0)):
        return Vondst("anders", *whole)
    if en > nl and (en >= 1.5 or (en >= 1 and nl == 0 and len(words) >= 2)):
        return Vondst("en", *whole)
    if nl >= 1 and nl >= en:
        return Vondst("nl", *whole)
    return None


def lijkt_plaatsnaam(text: str) -> bool:
    """Could this reply to "In welke gemeente woon je?" be a place name we do not know?

    One to three words of letters, no question, no digits, and none of the words that show it
    is something else ("weet ik niet", "niet ik, mn zoon", "hoezo?").
    """
    if "?" in text or any(ch.isdigit() for ch in text):
        return False
    text = re.sub(r"^\s*((ik|wij|we) (woon|wonen) )?in\s+", "", text.lower())
    woordenlijst = re.findall(r"[^\W\d_]+(?:[-'][^\W\d_]+)*", text)
    if not 1 <= len(woordenlijst) <= 3:
        return False
    return not set(woordenlijst) & set(woorden()["geen_plaatsnaam"])
