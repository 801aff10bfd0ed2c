"""The gemeente's steering information (sturingsinformatie): filters and the suppressed overview.

Every figure that leaves this module is suppressed: a count from 1 to 4 is shown as "<5", so no
single family can be recognised. Raw counts stay inside.

Example:
    overzicht = maak_overzicht(db, Filter(van=date(2026, 9, 1), tot=date(2026, 11, 30)))
    print(tekst_rapport(overzicht)); csv_text = als_csv(overzicht)
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlite_utils

from bot import verwijzing
from bot.statistiek.registratie import TZ
from bot.veiligheid.privacy import mask

DREMPEL = 5  # counts below this (and above 0) are shown as "<5"
KLEIN = "<5"
MAX_DAGEN = 366
STANDAARD_WEKEN = 12
TOP_ONDERWERPEN = 10

VERWIJZINGEN = {
    "voorliggend": "Voorliggend veld",
    "lokaal_team": "Lokale team",
    "landelijk": "Landelijke hulplijn",
    "crisis": "Crisislijn",
}
HANDOFF_STATUSSEN = {
    "gevraagd": "Gevraagd",
    "geaccepteerd": "Opgepakt door het team",
    "geholpen": "Uitkomst: geholpen",
    "doorverwezen": "Uitkomst: doorverwezen",
    "geen_contact": "Uitkomst: geen contact",
}
ROLLEN = {"ouder": "Ouder", "jongere": "Jongere", "professional": "Professional"}
# The crisis categories of bot/veiligheid/crisis.py, in words; other categories show their own name.
CRISIS = {
    "acuut": "Acuut gevaar",
    "suicide_gedaan": "Poging tot zelfdoding",
    "suicide": "Gedachten aan zelfdoding",
    "seksueel": "Seksueel geweld of misbruik",
    "geweld": "Geweld of mishandeling",
    "praten": "Wil met iemand praten",
    "onbekend": "Onbekend",
}
ONBEKEND = "Onbekend"
OVERIGE_ONDERWERPEN = "Overige onderwerpen samen"
OVERIGE_SOORTEN = "Andere soorten samen"


class FouteFilter(ValueError):
    """A filter the dashboard or CLI should reject with this (Dutch) message."""


# ---------------------------------------------------------------- filters


@dataclass(frozen=True)
class Filter:
    van: date
    tot: date
    gemeenten: tuple[str, ...] | None = None  # None: every gemeente (CLI); () matches nothing

    def sql(self) -> tuple[str, list[object]]:
        where = "datum BETWEEN ? AND ?"
        params: list[object] = [self.van.isoformat(), self.tot.isoformat()]
        if self.gemeenten is not None:
            where += f" AND gemeente IN ({','.join('?' * len(self.gemeenten)) or 'NULL'})"
            params.extend(self.gemeenten)
        return where, params


def _datum(value: str | None, naam: str) -> date | None:
    if not value or not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise FouteFilter(
            f"De datum bij '{naam}' klopt niet. Gebruik jaar-maand-dag, zoals 2026-09-01."
        ) from None


def maak_filter(
    van: str | None = None,
    tot: str | None = None,
    gemeente: str | None = None,
    toegestaan: tuple[str, ...] | None = None,
    vandaag: date | None = None,
) -> Filter:
    """A checked filter from form or CLI input. Without dates: the last 12 weeks.

    `toegestaan` limits the gemeenten (a team sees only its own); None means all.
    """
    vandaag = vandaag or datetime.now(TZ).date()
    eind = _datum(tot, "tot") or vandaag
    maandag = eind - timedelta(days=eind.weekday())
    begin = _datum(van, "van") or maandag - timedelta(weeks=STANDAARD_WEKEN - 1)
    if begin > eind:
        raise FouteFilter("De begindatum ligt na de einddatum. Kies een andere periode.")
    if (eind - begin).days >= MAX_DAGEN:
        raise FouteFilter("Kies een periode van hoogstens een jaar.")
    gemeente = (gemeente or "").strip().upper()
    if not gemeente:
        return Filter(begin, eind, toegestaan)
    if toegestaan is not None and gemeente not in toegestaan:
        raise FouteFilter("Deze gemeente hoort niet bij uw team. Kies een gemeente uit de lijst.")
    if not (len(gemeente) == 6 and gemeente.startswith("GM") and gemeente[2:].isdigit()):
        raise FouteFilter("De gemeentecode klopt niet. Gebruik een code als GM0164.")
    return Filter(begin, eind, (gemeente,))


# ---------------------------------------------------------------- suppressed figures


def toon(aantal: int) -> str:
    """A count as people may see it: 0, "<5", or the number."""
    return KLEIN if 0 < aantal < DREMPEL else str(aantal)


@dataclass(frozen=True)
class Waarde:
    label: str
    tekst: str  # what people see: "12", "0" or "<5"
    getal: int | None  # for drawing; None when suppressed

    @property
    def klein(self) -> bool:
        return self.tekst == KLEIN


def waarde(label: str, aantal: int) -> Waarde:
    return Waarde(label, toon(aantal), aantal if aantal == 0 or aantal >= DREMPEL else None)


@dataclass(frozen=True)
class Grafiek:
    sleutel: str  # stable id, also the first CSV column
    titel: str
    uitleg: str  # one sentence: what is counted
    kolom: str  # header of the label column in the table
    vorm: str  # "kolommen" (over time) or "staven" (categories)
    waarden: tuple[Waarde, ...]


@dataclass(frozen=True)
class Overzicht:
    filter: Filter
    kerncijfers: tuple[Waarde, ...]
    grafieken: tuple[Grafiek, ...]

    def grafiek(self, sleutel: str) -> Grafiek:
        return next(g for g in self.grafieken if g.sleutel == sleutel)


# ---------------------------------------------------------------- aggregates


def _tel(db: sqlite_utils.Database, f: Filter, kolommen: str, extra: str = "") -> Counter:
    where, params = f.sql()
    sql = (
        f"SELECT {kolommen}, COUNT(*) FROM gebeurtenissen WHERE {where} {extra} GROUP BY {kolommen}"  # noqa: S608 - column names are constants
    )
    return Counter({tuple(row[:-1]): row[-1] for row in db.conn.execute(sql, params)})


def _weken(f: Filter) -> list[tuple[int, int]]:
    weken, dag = [], f.van - timedelta(days=f.van.weekday())
    while dag <= f.tot:
        jaar, week, _ = dag.isocalendar()
        weken.append((jaar, week))
        dag += timedelta(weeks=1)
    return weken


def onderwerp_labels() -> dict[str, str]:
    """Readable topic names from bot/data/onderwerpen.yml (the chat's buttons), else {}."""
    try:
        return {i: o.knop.get("nl") or i for i, o in verwijzing.onderwerpen().items()}
    except Exception:  # noqa: BLE001 - fall back to the intent names
        return {}


def _label(intent: str, labels: dict[str, str]) -> str:
    return labels.get(intent) or intent.replace("_", " ").capitalize()


def _hergroepeer(telling: Counter, sleutel) -> Counter:
    """Map every (value,) through `sleutel`; None and unknown values count as ONBEKEND."""
    uit: Counter = Counter()
    for (code,), aantal in telling.items():
        uit[(sleutel(code) or ONBEKEND,)] += aantal
    return uit


def _categorieen(telling: Counter, namen: dict[str, str]) -> tuple[Waarde, ...]:
    """One value per known category, in the order of `namen`, zero when absent."""
    return tuple(waarde(label, telling.get((code,), 0)) for code, label in namen.items())


def _grootste(telling: Counter, top: int, overige: str) -> tuple[Waarde, ...]:
    """The biggest categories, each at least DREMPEL, biggest first; the rest together.

    A category under 5 is never named here: the chart's total can be read from another chart,
    and one small named category could then be worked out exactly by subtraction.
    """
    groot = sorted(
        ((k, c) for k, c in telling.items() if c >= DREMPEL), key=lambda kc: (-kc[1], kc[0])
    )
    groot = groot[:top]
    rest = sum(telling.values()) - sum(c for _, c in groot)
    return tuple(waarde(k, c) for k, c in groot) + ((waarde(overige, rest),) if rest else ())


def _percentage(deel: int, geheel: int) -> Waarde:
    label = "Deel van de berichten niet begrepen"
    if geheel == 0:
        return Waarde(label, "geen berichten", None)
    if 0 < deel < DREMPEL or geheel < DREMPEL:
        return Waarde(label, "niet te tonen (minder dan 5)", None)
    return Waarde(label, f"{round(100 * deel / geheel)}%", round(100 * deel / geheel))


def maak_overzicht(db: sqlite_utils.Database, f: Filter) -> Overzicht:
    """Every figure of the dashboard for one filter, already suppressed.

    No total of a split is published (such as all referrals), so a suppressed cell cannot be
    worked out by subtraction within one chart.
    """
    events = _tel(db, f, "event")
    n = {e[0]: c for e, c in events.items()}

    per_week = Counter()
    for (datum,), aantal in _tel(db, f, "datum", "AND event = 'gesprek'").items():
        jaar, week, _ = date.fromisoformat(datum).isocalendar()
        per_week[(jaar, week)] += aantal
    weken = tuple(waarde(f"week {w} ({j})", per_week.get((j, w), 0)) for j, w in _weken(f))

    per_uur = _tel(db, f, "uur", "AND event = 'gesprek'")
    uren = tuple(waarde(f"{u:02d}:00", per_uur.get((u,), 0)) for u in range(24))

    labels = onderwerp_labels()
    per_onderwerp: Counter = Counter()
    for (intent,), aantal in _tel(db, f, "intent", "AND event = 'verwijzing'").items():
        per_onderwerp[_label(intent, labels) if intent else ONBEKEND] += aantal
    onderwerpen = _grootste(per_onderwerp, TOP_ONDERWERPEN, OVERIGE_ONDERWERPEN)

    verwijzingen = _tel(db, f, "verwijzing", "AND event = 'verwijzing'")
    verwijzingen[("crisis",)] += n.get("crisis", 0)  # the crisis answer gives the crisis lines
    crisis: Counter = Counter()
    for (categorie,), aantal in _tel(db, f, "crisis_categorie", "AND event = 'crisis'").items():
        categorie = categorie or "onbekend"
        crisis[CRISIS.get(categorie) or categorie.replace("_", " ").capitalize()] += aantal
    rollen = _hergroepeer(
        _tel(db, f, "rol", "AND event = 'verwijzing'"), lambda r: r if r in ROLLEN else None
    )
    handoffs = _tel(db, f, "handoff_status", "AND event = 'handoff'")

    grafieken = (
        Grafiek(
            "gesprekken_per_week",
            "Gesprekken per week",
            "Hoeveel nieuwe gesprekken er per week begonnen.",
            "Week",
            "kolommen",
            weken,
        ),
        Grafiek(
            "onderwerpen",
            "Meest gevraagde onderwerpen",
            f"De {TOP_ONDERWERPEN} onderwerpen met de meeste antwoorden met een verwijzing."
            f" Onderwerpen met minder dan {DREMPEL} staan samen bij '{OVERIGE_ONDERWERPEN}'.",
            "Onderwerp",
            "staven",
            onderwerpen,
        ),
        Grafiek(
            "verwijzingen",
            "Verwijzingen",
            "Naar wie de assistent mensen verwees: het voorliggend veld (consultatiebureau,"
            " jeugdarts, school), het lokale team, een landelijke hulplijn of een crisislijn"
            " (112, 113, Veilig Thuis).",
            "Verwijzing naar",
            "staven",
            _categorieen(verwijzingen, VERWIJZINGEN),
        ),
        Grafiek(
            "handoffs",
            "Gesprekken met een medewerker",
            "Hoe vaak iemand vroeg om een medewerker van het lokale team, en hoe het afliep.",
            "Stap",
            "staven",
            _categorieen(handoffs, HANDOFF_STATUSSEN),
        ),
        Grafiek(
            "drukste_uren",
            "Drukste uren",
            "Hoeveel gesprekken er per uur van de dag begonnen.",
            "Uur",
            "kolommen",
            uren,
        ),
        Grafiek(
            "wie_vraagt",
            "Wie vraagt er",
            "Wie de vraag stelde, bij antwoorden met een verwijzing (als de assistent het wist).",
            "Vraagsteller",
            "staven",
            _categorieen(rollen, {**ROLLEN, ONBEKEND: ONBEKEND}),
        ),
        Grafiek(
            "crisis",
            "Berichten over gevaar",
            "Hoe vaak de assistent meteen de noodnummers gaf, per soort gevaar. Alleen aantallen."
            f" Soorten met minder dan {DREMPEL} staan samen bij '{OVERIGE_SOORTEN}'.",
            "Soort",
            "staven",
            _grootste(crisis, len(crisis), OVERIGE_SOORTEN),
        ),
    )
    kerncijfers = (
        waarde("Gesprekken", n.get("gesprek", 0)),
        waarde("Berichten", n.get("bericht", 0)),
        waarde("Niet begrepen berichten", n.get("niet_begrepen", 0)),
        _percentage(n.get("niet_begrepen", 0), n.get("bericht", 0)),
    )
    return Overzicht(f, kerncijfers, grafieken)


def niet_begrepen_lijst(
    db: sqlite_utils.Database, f: Filter, limiet: int = 200
) -> list[dict[str, str]]:
    """The kept misunderstood messages in the filter, newest first, masked again on the way out."""
    where, params = f.sql()
    rows = db.conn.execute(
        f"SELECT datum, gemeente, tekst FROM niet_begrepen WHERE {where}"  # noqa: S608
        " ORDER BY datum DESC, id DESC LIMIT ?",
        [*params, limiet],
    )
    return [{"datum": d, "gemeente": g or "", "tekst": mask(t)} for d, g, t in rows]
