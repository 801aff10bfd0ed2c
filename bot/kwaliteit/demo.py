"""Scripted demo conversations, played through the public chat API so the dashboard has figures.

Every turn names the intent the assistant should recognise; a test can stub Rasa with it, and a
reader sees what each message is for. Example:
    jeugdwijzer demo --url http://localhost:8000
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

VOORBEELD = "GM9999"  # the fictitious Gemeente Voorbeeld of the demo page
HENGELO = "GM0164"


@dataclass(frozen=True)
class Beurt:
    tekst: str
    intent: str  # what the NLU should make of it: "nlu_fallback" when not understood


@dataclass(frozen=True)
class Demogesprek:
    gemeente: str
    beurten: tuple[Beurt, ...]


def _gesprek(gemeente: str, *beurten: tuple[str, str]) -> Demogesprek:
    return Demogesprek(gemeente, tuple(Beurt(t, i) for t, i in beurten))


HALLO = ("Hallo", "begroeting")
BEDANKT = ("Dank je wel", "bedankt")

GESPREKKEN: tuple[Demogesprek, ...] = (
    # Parents of young children who sleep badly: the consultatiebureau (voorliggend veld).
    *(
        _gesprek(
            VOORBEELD, HALLO, (f"Mijn dochter van {leeftijd} slaapt heel slecht", "opvoeden_slapen")
        )
        for leeftijd in (1, 2, 2, 3, 3, 1)
    ),
    # Young people who feel down: the lokale team.
    *(
        _gesprek(
            VOORBEELD, (f"Ik ben {leeftijd} en ik voel me al weken somber", "zorg_somber"), BEDANKT
        )
        for leeftijd in (14, 15, 16, 15, 17)
    ),
    _gesprek(
        VOORBEELD, ("Hoe vraag ik jeugdhulp aan voor mijn zoon van 9?", "jeugdhulp_aanvragen")
    ),
    _gesprek(VOORBEELD, ("Mijn zoon van 8 wordt gepest op school", "zorg_pesten")),
    # Not understood, once with personal data the store must mask.
    _gesprek(
        VOORBEELD,
        ("fjdksl qwop", "nlu_fallback"),
        ("Mijn zoon van 4 heeft driftbuien", "opvoeden_driftbuien"),
    ),
    _gesprek(VOORBEELD, ("Bel mij terug op 06-12345678 over de brief", "nlu_fallback")),
    _gesprek(VOORBEELD, ("zxcv zxcv", "nlu_fallback"), ("bnm bnm", "nlu_fallback")),
    _gesprek(HENGELO, ("Mijn zoon van 2 slaapt slecht", "opvoeden_slapen")),
    _gesprek(HENGELO, ("Ik ben 16 en somber", "zorg_somber")),
)


def speel(stuur: Callable[[dict], dict], gesprekken=GESPREKKEN) -> int:
    """Play every conversation through `stuur` (one POST /api/v1/chat body in, its JSON out).

    Returns the number of messages sent.
    """
    berichten = 0
    for gesprek in gesprekken:
        session = None
        for beurt in gesprek.beurten:
            body = {"text": beurt.tekst, "gemeente": gesprek.gemeente}
            if session:
                body["session"] = session
            session = stuur(body).get("session") or session
            berichten += 1
    return berichten


def via_http(url: str, timeout: float = 30) -> Callable[[dict], dict]:
    """A `stuur` for a running product at `url` (e.g. http://localhost:8000)."""
    import requests

    def stuur(body: dict) -> dict:
        for _ in range(10):
            response = requests.post(f"{url.rstrip('/')}/api/v1/chat", json=body, timeout=timeout)
            if response.status_code != 429:  # the API's rate limit: wait and try again
                break
            time.sleep(float(response.headers.get("Retry-After") or 10))
        if response.status_code >= 400:
            raise RuntimeError(f"{response.status_code}: {response.text[:200]}")
        return response.json()

    return stuur
