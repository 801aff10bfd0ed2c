"""Daily maintenance, run by `jeugdwijzer run` at start and once a day."""

from __future__ import annotations

import logging

from bot import statistiek, users
from bot.overdracht import bewaren, meldingen
from bot.store import open_app_db

log = logging.getLogger(__name__)


def dagelijks(settings, echo=print) -> None:
    """The demo team exists, old data goes, and teams hear of new handoffs a failed
    notification left out.

    Never raises: a failed purge is logged and tried again the next day.
    """
    try:
        db = open_app_db(settings.app_db)
        team = users.ensure_demo_team(db)
        zonder_accounts = not users.has_users(db, team.id)
        count = bewaren.purge(db, settings.retention_days)
        statistiek.purge(db, settings.retention_days)  # kept niet-begrepen texts (opt-in)
        meldingen.notify_pending(settings, db)
        db.conn.close()
    except Exception:  # noqa: BLE001 - keep the product running
        log.exception("Dagelijks onderhoud mislukt")
        return
    if count:
        echo(
            f"Opgeschoond: {count} gesloten aanvragen (ouder dan {settings.retention_days} dagen)."
        )
    if zonder_accounts:
        echo(
            f"Inbox: maak een account voor {team.naam} met: jeugdwijzer users add"
            f' --team "{team.naam}" --email <adres>'
        )
