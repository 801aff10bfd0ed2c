"""Handoffs to the lokale team: records, the worker's state machine, the live chat, the audit log,
retention and notifications. Callers use this facade: `from bot import overdracht`.

    aanvragen.py       the record and its transcript; the team's lists
    gesprek.py         the transcript and summary, read from Rasa's tracker events
    openingstijden.py  is the team open (sociale kaart)
    livechat.py        the citizen's side of a live chat
    behandelen.py      the worker's actions: oppakken, antwoord, notitie, teruggebeld, sluiten;
                       terug_naar_team when a worker's account is switched off
    audit.py           who did what, when
    drukte.py          a busy team's short message to whoever waits for its chat
    bevestiging.py     the citizen's confirmation: only once stored, never left out
    bewaren.py         one retention for every store (`purge_alles`), erasure by the citizen
    meldingen.py       e-mail and webhook to the team (no personal data)
    outbox.py          the durable outbox of notifications, delivered until they went out
    tijd.py            the one clock (`utcnow`), set by tests
"""

from __future__ import annotations

from bot.overdracht import drukte, tijd
from bot.overdracht.aanvragen import (
    CHAT_KANALEN,
    EMAIL_RE,
    KANALEN,
    LIJSTEN,
    TELEFOON_RE,
    UITKOMSTEN,
    NietToegestaan,
    aantallen,
    berichten,
    create,
    get,
    lijst,
    notities,
)
from bot.overdracht.audit import audit, audit_regels
from bot.overdracht.behandelen import (
    antwoord,
    chat_beeindigen,
    notitie,
    oppakken,
    sluiten,
    terug_naar_team,
    teruggebeld,
)
from bot.overdracht.bevestiging import bericht as bevestigingsbericht
from bot.overdracht.bevestiging import bevestigd, onbevestigd
from bot.overdracht.bewaren import erase_conversation, erase_session, purge, purge_alles
from bot.overdracht.gesprek import gesprek_uit_events, heel_gesprek, samenvatting_uit_events
from bot.overdracht.livechat import (
    bericht_van_burger,
    chat_van_sessie,
    plek_in_de_rij,
    publieke_status,
    stop_chat,
)
from bot.overdracht.openingstijden import Openingstijd, openingstijd
from bot.overdracht.tijd import TZ

__all__ = [
    "CHAT_KANALEN",
    "EMAIL_RE",
    "KANALEN",
    "LIJSTEN",
    "TELEFOON_RE",
    "TZ",
    "UITKOMSTEN",
    "NietToegestaan",
    "Openingstijd",
    "aantallen",
    "antwoord",
    "audit",
    "audit_regels",
    "bericht_van_burger",
    "berichten",
    "bevestigd",
    "bevestigingsbericht",
    "chat_beeindigen",
    "chat_van_sessie",
    "create",
    "drukte",
    "erase_conversation",
    "erase_session",
    "get",
    "gesprek_uit_events",
    "heel_gesprek",
    "lijst",
    "notitie",
    "notities",
    "onbevestigd",
    "openingstijd",
    "plek_in_de_rij",
    "oppakken",
    "publieke_status",
    "purge",
    "purge_alles",
    "samenvatting_uit_events",
    "sluiten",
    "stop_chat",
    "terug_naar_team",
    "teruggebeld",
    "tijd",
]
