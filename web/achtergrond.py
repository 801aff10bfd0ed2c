"""The web process's own maintenance thread: every minute (JEUGDWIJZER_ONDERHOUD_SECONDEN) it
delivers the team notifications waiting in the outbox and applies the retention rules to every
store. So a notification the action server could not send goes out within a minute, and an idle
conversation is erased on time, also where no `jeugdwijzer run` watches (systemd units).
"""

from __future__ import annotations

import threading

from bot.config import Settings
from bot.overdracht.ronde import bezorg_en_purge


def een_ronde(settings: Settings) -> None:
    """Deliver, then purge (bot/overdracht/ronde.py). Never raises: the next round tries again."""
    bezorg_en_purge(settings)


def start(settings: Settings) -> threading.Event:
    """Start the thread; set the returned event to stop it."""
    stop = threading.Event()

    def lus() -> None:
        while not stop.is_set():
            een_ronde(settings)
            stop.wait(settings.onderhoud_seconden)

    threading.Thread(target=lus, name="onderhoud", daemon=True).start()
    return stop
