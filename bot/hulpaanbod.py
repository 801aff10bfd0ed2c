"""Which services fit a topic and a person: the sociale kaart through the topic-by-service table.

The kaart's categories find candidates (bot.kaart.search); the table in
bot/data/onderwerp_diensten.yml decides which of them may appear for a topic, and the person's role
and age narrow them further. A missing or broken kaart never breaks a chat: the adapter `Kaart`
is the only place that calls bot.kaart.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from bot import kaart
from bot.taal.yamlbestand import lees_yaml

TABEL_FILE = Path(__file__).parent / "data" / "onderwerp_diensten.yml"
LOKAAL_TEAM = "lokaal_team"
ROLLEN = ("ouder", "jongere", "professional")
# Candidates per category before the table filters them (bot.kaart.search returns 3 by default).
ZOEK_LIMIET = 25
VOLWASSEN = 18


@lru_cache(maxsize=1)
def tabel() -> dict[str, tuple[str, ...]]:
    """Topic -> the service ids and groups allowed for it, groups expanded (lokaal_team kept)."""
    data = lees_yaml(TABEL_FILE)
    groepen = data.get("groepen") or {}
    result = {}
    for intent, toegestaan in (data.get("onderwerpen") or {}).items():
        ids: list[str] = []
        for item in toegestaan:
            ids.extend(groepen.get(item, [item]))
        result[intent] = tuple(ids)
    return result


def _dienst(resultaat: Any) -> Any:
    return getattr(resultaat, "dienst", resultaat)


def sleutel(resultaat: Any) -> str:
    dienst = _dienst(resultaat)
    return str(getattr(dienst, "id", id(dienst)))


def mag(intent: str, resultaat: Any) -> bool:
    """May this service appear under this topic (bot/data/onderwerp_diensten.yml)?"""
    toegestaan = tabel().get(intent, ())
    dienst = _dienst(resultaat)
    if getattr(dienst, "lokaal_team", False):
        return LOKAAL_TEAM in toegestaan
    return sleutel(resultaat) in toegestaan


def past_bij_leeftijd(intent: str, resultaat: Any, leeftijd: int | None) -> bool:
    """A line for young adults (18+) only for someone known to be 18+, or about turning 18."""
    van = getattr(_dienst(resultaat), "leeftijd_van", None)
    if van is None or van < VOLWASSEN:
        return True
    if leeftijd is not None:
        return leeftijd >= VOLWASSEN
    return intent == "achttien_worden"


class Kaart:
    """The few calls the referral needs from bot.kaart."""

    def __init__(self, module: Any):
        self.module = module

    def gemeente(self, code: str) -> Any | None:
        return self.module.gemeente(code)

    def vind_gemeente(self, text: str) -> str | None:
        gevonden = self.module.vind_gemeente(text)
        return gevonden.code if gevonden else None

    def lokaal_team(self, code: str) -> Any | None:
        dienst = self.module.lokaal_team(code)
        if dienst is None:
            return None
        return self.module.resultaat(dienst) if hasattr(self.module, "resultaat") else dienst

    def search(
        self, categorie: str, rol: str | None, leeftijd: int | None, gemeente: str | None
    ) -> list[Any]:
        who = rol if rol in ROLLEN else None
        try:
            gevonden = self.module.search(
                categorie, age=leeftijd, gemeente=gemeente, who=who, limit=ZOEK_LIMIET
            )
        except TypeError:  # a kaart without `limit` (test doubles)
            gevonden = self.module.search(categorie, age=leeftijd, gemeente=gemeente, who=who)
        return list(gevonden)

    def render(self, resultaat: Any, taal: str, gemeente_website: str = "") -> str:
        if hasattr(self.module, "kaartje"):
            return self.module.kaartje(resultaat, taal=taal, gemeente_website=gemeente_website)
        return self.module.render(resultaat, taal=taal, gemeente_website=gemeente_website)

    def kaartdata(self, dienst_id: str, taal: str, gemeente_website: str = "") -> dict | None:
        """A shown service's card as data (bot.kaart.kaartdata); None when the kaart cannot."""
        if not hasattr(self.module, "kaartdata"):
            return None
        dienst = self.module.dienst(dienst_id)
        if dienst is None:
            return None
        return self.module.kaartdata(dienst, taal=taal, gemeente_website=gemeente_website)


def standaard_kaart() -> Kaart:
    return Kaart(kaart)


def opties(
    intent: str,
    categorieen: tuple[str, ...],
    *,
    rol: str | None,
    leeftijd: int | None,
    kaart: Kaart,
    gemeente: str | None,
    met_team: bool,
    alledaags: bool,
    reserve: bool,
    aantal: int,
) -> list[Any]:
    """At most `aantal` services, the most fitting first: the lokale team, then per category.

    `reserve`: nothing fits and the gemeente is unknown, so someone to talk to, anywhere."""
    gekozen: list[Any] = []
    if met_team and gemeente and LOKAAL_TEAM in tabel().get(intent, ()):
        team = kaart.lokaal_team(gemeente)
        if team is not None:
            gekozen.append(team)
    gezien = {sleutel(r) for r in gekozen}
    gevonden = [r for c in categorieen for r in kaart.search(c, rol, leeftijd, gemeente)]
    gevonden = [r for r in gevonden if mag(intent, r) and past_bij_leeftijd(intent, r, leeftijd)]
    if not gevonden and not gekozen and reserve:
        extra = "praten" if rol == "jongere" else "opvoeden"
        gevonden = [
            r
            for r in kaart.search(extra, rol, leeftijd, gemeente)
            if mag(intent, r) and past_bij_leeftijd(intent, r, leeftijd)
        ]
    if leeftijd is not None:
        # A line made for this age (Kindertelefoon at 13, Alles Oké? at 19) before one for all.
        gevonden.sort(key=lambda r: getattr(_dienst(r), "leeftijd_van", None) is None)
    if alledaags:
        # Voorliggend veld first: the lokale team is for when the worry is bigger.
        gevonden.sort(key=lambda r: bool(getattr(_dienst(r), "lokaal_team", False)))
    for resultaat in gevonden:
        if sleutel(resultaat) not in gezien and len(gekozen) < aantal:
            gekozen.append(resultaat)
            gezien.add(sleutel(resultaat))
    return gekozen
