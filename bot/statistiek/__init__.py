"""Anonymous events and the gemeente's steering information. Callers use this facade:
`from bot import statistiek`.

    registratie.py  the write path: record_event, record_niet_begrepen, purge (never raises)
    overzicht.py    filters and the overview, every count from 1 to 4 shown as "<5"
    uitvoer.py      CSV and plain-text output of an overview
"""

from __future__ import annotations

from bot.config import BEWAAR_ENV
from bot.statistiek.overzicht import (
    CRISIS,
    DREMPEL,
    HANDOFF_STATUSSEN,
    KLEIN,
    OVERIGE_ONDERWERPEN,
    OVERIGE_SOORTEN,
    ROLLEN,
    VERWIJZINGEN,
    Filter,
    FouteFilter,
    Grafiek,
    Overzicht,
    Waarde,
    maak_filter,
    maak_overzicht,
    niet_begrepen_lijst,
    onderwerp_labels,
    toon,
    waarde,
)
from bot.statistiek.registratie import (
    TZ,
    _open,
    niet_begrepen_bewaren,
    purge,
    record_event,
    record_events,
    record_niet_begrepen,
    wis_gesprek,
)
from bot.statistiek.uitvoer import als_csv, tekst_rapport

__all__ = [
    "BEWAAR_ENV",
    "CRISIS",
    "DREMPEL",
    "HANDOFF_STATUSSEN",
    "KLEIN",
    "OVERIGE_ONDERWERPEN",
    "OVERIGE_SOORTEN",
    "ROLLEN",
    "TZ",
    "VERWIJZINGEN",
    "Filter",
    "FouteFilter",
    "Grafiek",
    "Overzicht",
    "Waarde",
    "_open",
    "als_csv",
    "maak_filter",
    "maak_overzicht",
    "niet_begrepen_bewaren",
    "niet_begrepen_lijst",
    "onderwerp_labels",
    "purge",
    "record_event",
    "record_events",
    "record_niet_begrepen",
    "tekst_rapport",
    "toon",
    "waarde",
    "wis_gesprek",
]
