"""The web process's own maintenance thread: every minute (JEUGDWIJZER_ONDERHOUD_SECONDEN) it
delivers the team notifications waiting in the outbox and applies the retention rules to every
store. So a notification the action server could not send goes out within a minute, and an idle
conversation is erased on time, also where no `jeugdwijzer run` watches (systemd units).
"""

from __future__ import annotations

import logging
import threading

from bot.config import Settings
from bot.overdracht import bewaren, outbox
from bot.store import open_app_db

log = logging.getLogger(__name__)


def een_ronde(settings: Settings) -> None:
    """Deliver, then purge. Never raises: the next round tries again."""
    try:
        db = open_app_db(settings.app_db)
        try:
            outbox.bezorg(settings, db)
        finally:
            db.conn.close()
        bewaren.purge_alles(settings)
    except Exception:  # noqa: BLE001 - the web app keeps serving whatever fails here
        log.exception("Onderhoud in de webapp mislukt")


def start(settings: Settings) -> threading.Event:
    """Start the thread; set the returned event to stop it."""
    stop = threading.Event()

    def lus() -> None:
        while not stop.is_set():
            een_ronde(settings)
            stop.wait(settings.onderhoud_seconden)

    threading.Thread(target=lus, name="onderhoud", daemon=True).start()
    return stop
