"""What the assistant says after a crisis answer, for the rest of that conversation.

Every later message is read in the light of the danger: the question people ask in a crisis
gets a short, direct answer ("moet ik 112 bellen?" -> "Ja. Bel nu 112."), always with a number
that fits the crisis; never an everyday parenting text. The questions and answers are data in
bot/data/crisisvragen.yml.

    >>> "Bel nu" in vervolg("moet ik 112 bellen???", "suicide", "ander")
    True
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from bot.taal.normaliseren import normalise
from bot.taal.yamlbestand import lees_yaml
from bot.veiligheid.crisis import ROUTES
from bot.veiligheid.emergency import LIJNEN, links

VRAGEN_FILE = Path(__file__).parent.parent / "data" / "crisisvragen.yml"


@lru_cache(maxsize=1)
def _data() -> dict:
    data = lees_yaml(VRAGEN_FILE)
    for vraag in data["vragen"]:
        vraag["regex"] = [re.compile(p) for p in vraag["patronen"]]
    return data


def vraag_soort(text: str) -> str | None:
    """Which crisis question this message asks (an id in crisisvragen.yml), if any."""
    norm = normalise(text)
    for vraag in _data()["vragen"]:
        if any(p.search(norm) for p in vraag["regex"]):
            return vraag["id"]
    return None


def _taal(entry: dict, taal: str) -> str:
    return entry.get(taal) or entry["nl"]


def vervolg(
    text: str, categorie: str | None, over: str | None, taal: str = "nl", vorige: str = ""
) -> str:
    """The answer to a message after a crisis. `vorige` is the assistant's last answer."""
    data = _data()
    categorie = categorie if categorie in ROUTES else "praten"
    over = "ander" if over == "ander" else "zelf"
    waarden = dict(links())
    eerste = ROUTES[categorie][over][0]
    waarden["link_eerste"] = f"{LIJNEN[eerste].naam}: {LIJNEN[eerste].link()}."
    chat = data["chat"].get(categorie) or data["chat"]["standaard"]
    waarden["chat_regel"] = _taal(chat, taal).format(**waarden)
    waarden["eerste_stap"] = _taal(data["eerste_stap"][categorie][over], taal).format(**waarden)
    soort = vraag_soort(text)
    if soort is not None:
        vraag = next(v for v in data["vragen"] if v["id"] == soort)
        antwoord = _taal(vraag, taal).format(**waarden)
        if antwoord != vorige:
            return antwoord
    for entry in data["anders"]:
        antwoord = _taal(entry, taal).format(**waarden)
        if antwoord != vorige:
            return antwoord
    return waarden["eerste_stap"]


def veiligheidsvraag(taal: str = "nl") -> str:
    """One short, kind safety check for a message whose danger signal is unsure."""
    return _taal(_data()["veiligheidsvraag"], taal).format(**links())
