"""The sociale kaart: who offers what, for whom, where and how to reach them.

Every referral the assistant makes comes from here. The source of truth is the human-editable
files in data/kaart/; `jeugdwijzer kaart import` (or the first call of any function below when
the files changed) builds the SQLite database from them, so a gemeente can correct a phone
number without touching code or retraining.

    from bot import kaart
    for r in kaart.search("opvoeden", age=6, gemeente="GM0164"):
        print(kaart.render(r))
"""

from __future__ import annotations

from bot.kaart.database import KaartFouten, KaartNietBeschikbaar, importeer, importeer_als_veranderd
from bot.kaart.model import CATEGORIEEN, TOEGANG, VOOR, Dienst, Gemeente, Resultaat
from bot.kaart.tijden import is_open, opening_tekst, volgende_opening, week_tekst
from bot.kaart.weergave import render, tel_link
from bot.kaart.zoeken import (
    dienst,
    gemeente,
    kaart_laden,
    lokaal_team,
    resultaat,
    search,
    vind_gemeente,
)

__all__ = [
    "CATEGORIEEN",
    "TOEGANG",
    "VOOR",
    "Dienst",
    "Gemeente",
    "KaartFouten",
    "KaartNietBeschikbaar",
    "Resultaat",
    "dienst",
    "gemeente",
    "importeer",
    "importeer_als_veranderd",
    "is_open",
    "kaart_laden",
    "lokaal_team",
    "opening_tekst",
    "render",
    "resultaat",
    "search",
    "tel_link",
    "vind_gemeente",
    "volgende_opening",
    "week_tekst",
]
