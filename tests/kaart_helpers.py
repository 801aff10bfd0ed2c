"""The shipped sociale kaart for answer tests: one database per worker, lookups remembered."""

from __future__ import annotations

import functools
from pathlib import Path

from bot import kaart
from bot.hulpaanbod import Kaart
from tests.conftest import ROOT

KAART_DIR = ROOT / "data" / "kaart"


class VasteKaart:
    """bot.kaart on one database, with every lookup cached: thousands of answers in seconds."""

    def __init__(self, db: Path):
        self.db = db
        self.search = functools.cache(self._search)
        self.gemeente = functools.cache(lambda code: kaart.gemeente(code, db=db))
        self.lokaal_team = functools.cache(lambda code: kaart.lokaal_team(code, db=db))
        self.vind_gemeente = functools.cache(lambda text: kaart.vind_gemeente(text, db=db))
        self.resultaat = kaart.resultaat
        self.kaartje = kaart.kaartje
        self.render = kaart.render

    def _search(self, categorie, age=None, gemeente=None, who=None, limit=3):
        return tuple(
            kaart.search(categorie, age=age, gemeente=gemeente, who=who, limit=limit, db=self.db)
        )


def vaste_kaart(tmp_path_factory) -> Kaart:
    path = tmp_path_factory.mktemp("kaart-antwoorden") / "kaart.db"
    kaart.importeer(path, KAART_DIR)
    return Kaart(VasteKaart(path))
