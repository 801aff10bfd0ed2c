"""Load benchmark through the public chat API: how many messages a running product answers, and
how fast. It starts nothing itself; point it at a running product (with a high
JEUGDWIJZER_RATE_LIMIT, because all conversations come from one address). Example:
    jeugdwijzer bench --url http://127.0.0.1:8000 --gesprekken 20 --open 30

- closed loop: N conversations send without pause, each the next message as soon as the reply is
  in (capacity: messages per second);
- open loop: messages arrive at random (Poisson) at a given rate, each from a conversation that
  is not waiting for a reply (latency under load, measured from the planned arrival, so a queue
  in the client counts too);
- position: one conversation of many messages alone, the median cost of the ten messages around
  message 10 (6-15) and of its last ten (does a message cost more as the conversation grows?).
"""

from __future__ import annotations

import math
import random
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import requests

# One realistic conversation: a question, the age, the place, a follow-up; then it starts over
# with another question (a long conversation keeps asking, as a worried parent does).
RONDES: tuple[tuple[str, ...], ...] = (
    (
        "Mijn dochter slaapt heel slecht, wat kan ik doen?",
        "ze is 6",
        "ik woon in Hengelo",
        "en als het over een paar weken niet beter is?",
    ),
    (
        "Mijn zoon wordt gepest op school",
        "hij is 11",
        "wij wonen in Enschede",
        "ik maak me er wel zorgen over",
    ),
    (
        "hoe vraag ik jeugdhulp aan?",
        "voor mijn zoon van 9",
        "Almelo",
        "wat kost dat?",
    ),
    (
        "mn puber van 15 blowt elke dag",
        "ik woon in Oldenzaal",
        "moet ik dat melden?",
        "dank je wel",
    ),
)
TIMEOUT = 30.0


def bericht(positie: int) -> str:
    """The text of message `positie` (1-based) of a benchmark conversation."""
    beurten = [tekst for ronde in RONDES for tekst in ronde]
    return beurten[(positie - 1) % len(beurten)]


@dataclass
class Meting:
    positie: int  # 1-based place of the message in its conversation
    seconden: float
    fout: str | None = None  # None when answered with 200 and at least one message


@dataclass
class Uitslag:
    soort: str
    duur: float
    metingen: list[Meting] = field(default_factory=list)

    @property
    def goed(self) -> list[float]:
        return [m.seconden for m in self.metingen if m.fout is None]

    @property
    def fouten(self) -> int:
        return sum(1 for m in self.metingen if m.fout is not None)

    @property
    def per_seconde(self) -> float:
        return len(self.goed) / self.duur if self.duur else 0.0

    def percentiel(self, p: float) -> float:
        return percentiel(self.goed, p)

    def mediaan_posities(self, van: int, tot: int) -> float:
        return percentiel([m.seconden for m in self.metingen if van <= m.positie <= tot], 50)


def percentiel(waarden: list[float], p: float) -> float:
    """The p-th percentile (nearest rank); NaN without values."""
    if not waarden:
        return float("nan")
    rij = sorted(waarden)
    rang = max(1, min(len(rij), math.ceil(p / 100 * len(rij))))
    return rij[rang - 1]


class Gesprek:
    """One conversation through the public API: keeps the session the server issued."""

    def __init__(self, url: str, gemeente: str | None = None) -> None:
        self.url = url.rstrip("/") + "/api/v1/chat"
        self.gemeente = gemeente
        self.sessie: str | None = None
        self.positie = 0
        self.http = requests.Session()

    def stuur(self, tekst: str | None = None) -> Meting:
        self.positie += 1
        body: dict[str, str] = {"text": tekst or bericht(self.positie)}
        if self.sessie:
            body["session"] = self.sessie
        if self.gemeente:
            body["gemeente"] = self.gemeente
        begin = time.perf_counter()
        fout = None
        try:
            antwoord = self.http.post(self.url, json=body, timeout=TIMEOUT)
            if antwoord.status_code != 200:
                fout = f"HTTP {antwoord.status_code}"
            else:
                data = antwoord.json()
                self.sessie = data.get("session") or self.sessie
                if not data.get("messages"):
                    fout = "geen antwoord"
        except (requests.RequestException, ValueError) as exc:
            fout = exc.__class__.__name__
        return Meting(self.positie, time.perf_counter() - begin, fout)


def gesloten(
    url: str, gesprekken: int, duur: float, beurten: int = 12, klok=time.monotonic
) -> Uitslag:
    """Closed loop: `gesprekken` conversations without pause for `duur` seconds; each starts a new
    conversation after `beurten` messages."""
    uitslag = Uitslag(f"gesloten, {gesprekken} gesprekken", duur)
    slot = threading.Lock()
    einde = klok() + duur

    def loop() -> None:
        gesprek = Gesprek(url)
        while klok() < einde:
            if gesprek.positie >= beurten:
                gesprek = Gesprek(url)
            meting = gesprek.stuur()
            with slot:
                uitslag.metingen.append(meting)

    begin = klok()
    draden = [threading.Thread(target=loop, daemon=True) for _ in range(gesprekken)]
    for draad in draden:
        draad.start()
    for draad in draden:
        draad.join()
    uitslag.duur = klok() - begin
    return uitslag


def open_loop(
    url: str,
    per_seconde: float,
    duur: float,
    beurten: int = 12,
    seed: int = 16,
    slaap: Callable[[float], None] = time.sleep,
) -> Uitslag:
    """Open loop: messages arrive at random (Poisson, `per_seconde` on average) for `duur`
    seconds; each from a conversation that is not waiting for a reply, else a new one."""
    uitslag = Uitslag(f"open, {per_seconde:g} berichten/s", duur)
    rng = random.Random(seed)
    vrij: list[Gesprek] = []
    slot = threading.Lock()

    def verstuur(gepland: float) -> None:
        with slot:
            gesprek = vrij.pop() if vrij else Gesprek(url)
        meting = gesprek.stuur()
        meting.seconden = time.perf_counter() - gepland  # waiting in the client counts too
        with slot:
            uitslag.metingen.append(meting)
            if gesprek.positie < beurten:
                vrij.append(gesprek)

    begin = time.perf_counter()
    moment = begin
    with ThreadPoolExecutor(max_workers=64) as pool:
        while True:
            moment += rng.expovariate(per_seconde)
            if moment - begin > duur:
                break
            slaap(max(0.0, moment - time.perf_counter()))
            pool.submit(verstuur, moment)
    uitslag.duur = max(duur, time.perf_counter() - begin)  # until the last reply is in
    return uitslag


def posities(url: str, lengte: int = 150) -> Uitslag:
    """One conversation of `lengte` messages alone: the cost of each message by its position."""
    gesprek = Gesprek(url)
    begin = time.perf_counter()
    uitslag = Uitslag(f"posities, 1 gesprek van {lengte}", 0.0)
    for _ in range(lengte):
        uitslag.metingen.append(gesprek.stuur())
    uitslag.duur = time.perf_counter() - begin
    return uitslag


def geheugen(pid: int) -> tuple[float, int]:
    """Memory of a process and all its descendants (Linux): the sum of their PSS in MB (shared
    pages counted once, in parts) and how many processes that is."""
    pids, te_doen = [], [pid]
    while te_doen:
        huidig = te_doen.pop()
        pids.append(huidig)
        for taak in Path(f"/proc/{huidig}/task").glob("*/children"):
            te_doen.extend(int(p) for p in taak.read_text().split())
    kb = 0
    for huidig in pids:
        try:
            for regel in Path(f"/proc/{huidig}/smaps_rollup").read_text().splitlines():
                if regel.startswith("Pss:"):
                    kb += int(regel.split()[1])
        except OSError:
            continue  # gone, or not ours to read
    return kb / 1024, len(pids)


def regel(uitslag: Uitslag) -> str:
    ms = 1000
    return (
        f"{uitslag.soort}: {uitslag.per_seconde:.1f} berichten/s, "
        f"p50 {uitslag.percentiel(50) * ms:.0f} ms, p95 {uitslag.percentiel(95) * ms:.0f} ms, "
        f"p99 {uitslag.percentiel(99) * ms:.0f} ms, {uitslag.fouten} fouten "
        f"(van {len(uitslag.metingen)} berichten in {uitslag.duur:.1f} s)"
    )


def positieregel(uitslag: Uitslag) -> str:
    """The median cost of the ten messages around message 10 (6-15) and of the last ten."""
    lengte = max((m.positie for m in uitslag.metingen), default=0)
    vroeg = uitslag.mediaan_posities(6, 15)
    laat = uitslag.mediaan_posities(lengte - 9, lengte)
    return (
        f"{uitslag.soort}: bericht 6-15 mediaan {vroeg * 1000:.0f} ms, "
        f"bericht {lengte - 9}-{lengte} mediaan {laat * 1000:.0f} ms "
        f"(verhouding {laat / vroeg:.2f}), {uitslag.fouten} fouten"
    )


def rapport(
    url: str,
    gesprekken: int = 20,
    duur: float = 30.0,
    open_per_seconde: float = 30.0,
    lengte: int = 150,
    pid: int | None = None,
    echo: Callable[[str], None] = print,
) -> list[Uitslag]:
    """Every measurement in turn, each line printed as soon as it is in."""
    uitslagen = []
    een = gesloten(url, 1, duur)
    echo(regel(een))
    uitslagen.append(een)
    if gesprekken > 1:
        veel = gesloten(url, gesprekken, duur)
        echo(regel(veel))
        factor = veel.per_seconde / een.per_seconde if een.per_seconde else float("nan")
        echo(f"  {factor:.2f} keer de doorvoer van 1 gesprek")
        uitslagen.append(veel)
    if open_per_seconde > 0:
        uitslagen.append(open_loop(url, open_per_seconde, duur))
        echo(regel(uitslagen[-1]))
    if lengte >= 20:
        uitslagen.append(posities(url, lengte))
        echo(positieregel(uitslagen[-1]))
    if pid is not None:
        mb, aantal = geheugen(pid)
        echo(f"geheugen: {mb:.0f} MB (PSS) in {aantal} processen onder pid {pid}")
    return uitslagen
