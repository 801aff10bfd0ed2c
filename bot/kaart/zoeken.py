"""Searching the kaart: the one query every referral goes through, and the gemeente lookup."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from bot.config import data_dir
from bot.kaart import tijden
from bot.kaart.database import laad
from bot.kaart.model import CATEGORIEEN, VOOR, Dienst, Gemeente, Kaart, Resultaat
from bot.taal.normaliseren import normalise

MAX_RESULTATEN = 3
CODE_RE = re.compile(r"^GM\d{4}$")
TEKST_CODE_RE = re.compile(r"(?<![a-z0-9])gm(\d{4})(?![0-9])")
POSTCODE_RE = re.compile(r"(?<![0-9])([1-9]\d{3})(?:[a-z]{2})?(?![a-z0-9])")
# "Hengelo (Gld.)" is a village in Bronckhorst, not the Twente city Hengelo (O.).
NIET_BEDOELD = {"hengelo": re.compile(r"hengelo\s*\(?\s*(?:gld|gelderland)")}
# Place names that are also everyday words ("dat is goor", "wat losser", "druk op enter") count
# only with a capital letter or after a word like "in" or "gemeente".
OOK_GEWOON_WOORD = {"goor", "losser", "enter", "delden"}
PLAATS_WOORD_RE = re.compile(r"(?:^|\s)(?:in|uit|naar|bij|te|rond|gemeente|woon|wonen|woont)\s+$")


def _db(db: Path | str | None) -> Path:
    if db is not None:
        return Path(db)
    return data_dir() / "kaart.db"  # Settings.kaart_db, without reading every setting


def kaart_laden(db: Path | str | None = None) -> Kaart:
    """The whole kaart (imports first when the database is missing or its files changed)."""
    return laad(_db(db))


class _Index:
    """Names, woonplaatsen and postcode areas of the gemeenten, built once per kaart."""

    def __init__(self, kaart: Kaart):
        self.kaart = kaart
        namen: dict[str, str] = {}
        for g in kaart.gemeenten.values():
            for naam in (g.naam, g.cbs_naam, f"gemeente {g.naam}", *g.woonplaatsen):
                if naam:
                    namen.setdefault(normalise(naam), g.code)
        self.namen = namen
        # Longest first, so "hof van twente" wins over a shorter name inside it.
        alternatief = "|".join(re.escape(n) for n in sorted(namen, key=len, reverse=True))
        self.naam_re = re.compile(rf"(?<![a-z0-9])(?:{alternatief})(?![a-z0-9])")
        self.postcodes = [
            (laag, hoog, g.code) for g in kaart.gemeenten.values() for laag, hoog in g.postcodes
        ]

    def zoek(self, tekst: str) -> Gemeente | None:
        schoon = normalise(tekst)
        gemeenten = self.kaart.gemeenten
        for match in TEKST_CODE_RE.finditer(schoon):
            code = f"GM{match.group(1)}"
            if code in gemeenten:
                return gemeenten[code]
        for match in self.naam_re.finditer(schoon):
            naam = match.group(0)
            if naam in NIET_BEDOELD and NIET_BEDOELD[naam].match(schoon, match.start()):
                continue
            if naam in OOK_GEWOON_WOORD and not (
                re.search(rf"\b{naam.capitalize()}\b", tekst)
                or PLAATS_WOORD_RE.search(schoon, 0, match.start())
            ):
                continue
            return gemeenten[self.namen[naam]]
        for match in POSTCODE_RE.finditer(schoon):
            nummer = int(match.group(1))
            for laag, hoog, code in self.postcodes:
                if laag <= nummer <= hoog:
                    return gemeenten[code]
        return None


_INDEX: dict[int, _Index] = {}


def _index(kaart: Kaart) -> _Index:
    index = _INDEX.get(id(kaart))
    if index is None or index.kaart is not kaart:
        _INDEX.clear()
        index = _INDEX[id(kaart)] = _Index(kaart)
    return index


def vind_gemeente(text: str, db: Path | str | None = None) -> Gemeente | None:
    """The gemeente meant in free text: a name, a main woonplaats, a postcode or a CBS code.

    "ik woon in hengelo", "7550", "enschede-zuid" and "GM0153" all work; None when nothing in
    the text is a gemeente of the kaart.
    """
    if not text or not text.strip():
        return None
    return _index(kaart_laden(db)).zoek(text[:1000])


def gemeente(code: str, db: Path | str | None = None) -> Gemeente | None:
    """The gemeente with this CBS code (GM0164), or None when it is not in the kaart."""
    return kaart_laden(db).gemeenten.get((code or "").strip().upper())


def lokaal_team(code: str, db: Path | str | None = None) -> Dienst | None:
    """The gemeente's entrance to jeugdhulp (category toegang-jeugdhulp)."""
    kaart = kaart_laden(db)
    gevonden = kaart.gemeenten.get((code or "").strip().upper())
    return kaart.diensten.get(gevonden.lokaal_team_id) if gevonden else None


def dienst(dienst_id: str, db: Path | str | None = None) -> Dienst | None:
    return kaart_laden(db).diensten.get(dienst_id)


# Only these searches show crisis lines as cards; for everyday worries (a 113 card under a
# question about ADHD) the crisis path and the safety question bring the numbers when needed.
CRISISZOEKEN = ("crisis", "veiligheid")


def _past(d: Dienst, categorie: str, age: int | None, code: str | None, who: str | None) -> bool:
    if categorie not in d.categorieen:
        return False
    if d.crisis and categorie not in CRISISZOEKEN:
        return False
    if not (d.landelijk or (code and code in d.gemeenten)):
        return False
    if who and who not in d.voor:
        return False
    if age is not None:
        if d.leeftijd_van is not None and age < d.leeftijd_van:
            return False
        if d.leeftijd_tot is not None and age > d.leeftijd_tot:
            return False
    return True


def _rang(r: Resultaat) -> tuple:
    d = r.dienst
    vrij_en_gratis = d.toegang == "vrij toegankelijk" and d.gratis
    # Within a tier, what is open right now comes first (unknown hours count as not open).
    return (
        not d.crisis,
        d.landelijk,
        r.open_nu is not True,
        not vrij_en_gratis,
        d.prioriteit,
        d.naam,
    )


def resultaat(d: Dienst, now: datetime | None = None) -> Resultaat:
    return Resultaat(d, tijden.is_open(d, now), tijden.opening_tekst(d, now))


def search(
    category: str,
    age: int | None = None,
    gemeente: str | None = None,
    who: str | None = None,
    open_now: bool = False,
    now: datetime | None = None,
    *,
    db: Path | str | None = None,
    limit: int = MAX_RESULTATEN,
) -> list[Resultaat]:
    """At most three services: crisis lines first, then local and free, then national.

    `gemeente` is a CBS code (GM0164); a name or postcode also works. Unknown gemeente: national
    services only. `who` is ouder, jongere or professional. `open_now` keeps only services that
    are open at `now` (Europe/Amsterdam; default: this moment).
    """
    if category not in CATEGORIEEN:
        raise ValueError(f"Onbekende categorie {category!r}. Kies uit: {', '.join(CATEGORIEEN)}")
    if who is not None and who not in VOOR:
        raise ValueError(f"Onbekend voor wie {who!r}. Kies uit: {', '.join(VOOR)}")
    kaart = kaart_laden(db)
    code = None
    if gemeente:
        code = gemeente.strip().upper()
        if not CODE_RE.match(code):
            gevonden = _index(kaart).zoek(gemeente)
            code = gevonden.code if gevonden else None
    gevonden_diensten = [d for d in kaart.diensten.values() if _past(d, category, age, code, who)]
    resultaten = sorted((resultaat(d, now) for d in gevonden_diensten), key=_rang)
    if open_now:
        resultaten = [r for r in resultaten if r.open_nu]
    # A regional office on a national number (Veilig Thuis Twente) replaces the national entry.
    gekozen: list[Resultaat] = []
    nummers: set[str] = set()
    for r in resultaten:
        eigen = {re.sub(r"\D", "", n) for n in r.dienst.telefoonnummers}
        if eigen and eigen <= nummers:
            continue
        nummers |= eigen
        gekozen.append(r)
    return gekozen[:limit]
