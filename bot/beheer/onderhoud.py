"""Daily maintenance, run by `jeugdwijzer run` at start and once a day.

The web process does the same delivery and purge every minute (web/achtergrond.py); this daily
round also makes sure the demo team exists and says what to do next. Never raises.
"""

from __future__ import annotations

import logging

from bot import users
from bot.overdracht.ronde import bezorg_en_purge
from bot.store import open_app_db

log = logging.getLogger(__name__)


def dagelijks(settings, echo=print) -> None:
    """The demo team exists, teams hear of handoffs a failed notification left out, and old data
    goes from every store."""
    try:
        db = open_app_db(settings.app_db)
        team = users.ensure_demo_team(db)
        zonder_accounts = not users.has_users(db, team.id)
        db.conn.close()
    except Exception:  # noqa: BLE001 - keep the product running
        log.exception("Dagelijks onderhoud mislukt")
        return
    uitslag = bezorg_en_purge(settings)
    if uitslag and uitslag.aanvragen:
        echo(
            f"Opgeschoond: {uitslag.aanvragen} gesloten aanvragen"
            f" (ouder dan {settings.retention_days} dagen)."
        )
    if zonder_accounts:
        echo(
            f"Inbox: maak een account voor {team.naam} met: jeugdwijzer users add"
            f' --team "{team.naam}" --email <adres>'
        )
