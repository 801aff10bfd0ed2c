"""Is the lokale team open now, and when does it open next (from the sociale kaart)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from bot import kaart, users
from bot.overdracht import tijd
from bot.overdracht.tijd import TZ
from bot.taal.teksten import tekst

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Openingstijd:
    open: bool | None  # None: the kaart does not know the hours
    volgende: datetime | None  # when the team opens next (None: unknown)

    def wanneer(self) -> str:
        """'op maandag om 9.00 uur', for the chat."""
        if self.open:
            return tekst("handoff.nu_open")
        if self.volgende is None:
            return "(onbekend)"
        dagen = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
        moment = self.volgende.astimezone(TZ)
        return tekst(
            "handoff.wanneer", dag=dagen[moment.weekday()], tijd=f"{moment:%H}.{moment:%M}"
        )


def _demo_open(when: datetime) -> Openingstijd:
    """Workdays 9-17: the example schedule of Gemeente Voorbeeld, used until the kaart knows it."""
    moment = when.astimezone(TZ)
    for extra in range(8):
        dag = moment.date() + timedelta(days=extra)
        begin = datetime.combine(dag, time(9), tzinfo=TZ)
        einde = datetime.combine(dag, time(17), tzinfo=TZ)
        if dag.weekday() < 5 and moment < einde:
            if begin <= moment:
                return Openingstijd(True, moment)
            return Openingstijd(False, begin)
    return Openingstijd(False, None)


def openingstijd(gemeente: str, when: datetime | None = None) -> Openingstijd:
    """Is the lokale team of `gemeente` open at `when`, and when does it open next (kaart)."""
    when = when or tijd.utcnow()
    try:
        dienst = kaart.lokaal_team(gemeente)
    except kaart.KaartNietBeschikbaar:  # the kaart is optional here; fall back below
        log.debug("Sociale kaart niet beschikbaar", exc_info=True)
        dienst = None
    if dienst is None:
        if gemeente == users.DEMO_GEMEENTE:
            return _demo_open(when)
        return Openingstijd(None, None)
    return Openingstijd(kaart.is_open(dienst, when), kaart.volgende_opening(dienst, when))
