"""The sociale kaart: who offers what, for whom, where and how to reach them.

Every referral the assistant makes comes from here. The source of truth is the human-editable
files in data/kaart/; `jeugdwijzer kaart import` (or the first call of any function below when
the files changed) builds the SQLite database from them, so a gemeente can correct a phone
number without touching code or retraining.

    from bot import kaart
    for r in kaart.search("opvoeden", age=6, gemeente="GM0164"):
        print(kaart.render(r))

This package is the kaart's one facade: other code imports `bot.kaart`, never its modules (only the
kaart CLI, bot/cli/kaart.py, manages the files and the database directly). The
lookups other parts lean on (`gemeente`, `lokaal_team`, `vind_gemeente`) raise one exception type,
`KaartNietBeschikbaar`, whatever went wrong (no database, broken files, a locked file), so a
caller that can do without the kaart catches exactly that.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

from bot.kaart import zoeken
from bot.kaart.database import KaartFouten, KaartNietBeschikbaar, importeer, importeer_als_veranderd
from bot.kaart.model import CATEGORIEEN, TOEGANG, VOOR, Dienst, Gemeente, Resultaat
from bot.kaart.tijden import is_open, opening_tekst, volgende_opening, week_tekst
from bot.kaart.weergave import kaartdata, kaartje, render, tel_link
from bot.kaart.zoeken import dienst, kaart_laden, resultaat, search

T = TypeVar("T", bound=Callable)


def _een_fout(functie: T) -> T:
    """Any failure of the kaart becomes KaartNietBeschikbaar, with the cause attached."""

    @functools.wraps(functie)
    def wrapper(*args, **kwargs):
        try:
            return functie(*args, **kwargs)
        except KaartNietBeschikbaar:
            raise
        except Exception as exc:  # noqa: BLE001 - one exception type for every caller
            raise KaartNietBeschikbaar(f"De sociale kaart gaf een fout: {exc}") from exc

    return wrapper  # type: ignore[return-value]


gemeente = _een_fout(zoeken.gemeente)
lokaal_team = _een_fout(zoeken.lokaal_team)
vind_gemeente = _een_fout(zoeken.vind_gemeente)

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
    "kaartdata",
    "kaartje",
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
