"""One round of upkeep: deliver the team notifications waiting in the outbox, then erase what the
retention rules say must go. The web app runs it every minute (web/achtergrond.py), `jeugdwijzer
run` at start and once a day (bot/beheer/onderhoud.py)."""

from __future__ import annotations

import logging

from bot.config import Settings
from bot.overdracht import bewaren, outbox
from bot.store import open_app_db

log = logging.getLogger(__name__)


def bezorg_en_purge(settings: Settings) -> bewaren.Opgeschoond | None:
    """Deliver, then purge. Never raises (the next round tries again): None when it failed."""
    try:
        db = open_app_db(settings.app_db)
        try:
            outbox.bezorg(settings, db)
        finally:
            db.conn.close()
        return bewaren.purge_alles(settings)
    except Exception:  # noqa: BLE001 - the product keeps serving whatever fails here
        log.exception("Onderhoud mislukt")
        return None
