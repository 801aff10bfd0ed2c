"""CLI commands for the steering information: the figures as text or CSV, and the demo.

Examples:
    jeugdwijzer stats                                   # last 12 weeks, every gemeente
    jeugdwijzer stats --gemeente GM9999 --van 2026-09-01 --tot 2026-11-30
    jeugdwijzer stats --csv > cijfers.csv               # the dashboard's CSV export
    jeugdwijzer demo --url http://localhost:8000        # play the demo conversations
"""

from __future__ import annotations

import click

from bot import statistiek
from bot.config import load_settings
from bot.store import open_app_db


@click.command(name="stats")
@click.option("--gemeente", default=None, help="CBS-code, bijv. GM9999 (standaard: alle).")
@click.option("--van", default=None, help="Begindatum, bijv. 2026-09-01 (standaard: 12 weken).")
@click.option(
    "--tot", default=None, help="Einddatum tot en met, bijv. 2026-11-30 (standaard: vandaag)."
)
@click.option("--csv", "als_csv", is_flag=True, help="Schrijf CSV in plaats van tekst.")
def stats_command(gemeente: str | None, van: str | None, tot: str | None, als_csv: bool) -> None:
    """Print the anonymous figures (counts under 5 as <5), e.g. for a cron mail.

    Example: jeugdwijzer stats --gemeente GM9999 --van 2026-09-01
    """
    settings = load_settings()
    try:
        f = statistiek.maak_filter(van=van, tot=tot, gemeente=gemeente)
    except statistiek.FouteFilter as exc:
        raise click.ClickException(str(exc)) from exc
    db = open_app_db(settings.app_db)
    statistiek.purge(db, settings.retention_days)
    overzicht = statistiek.maak_overzicht(db, f)
    click.echo(
        statistiek.als_csv(overzicht) if als_csv else statistiek.tekst_rapport(overzicht), nl=False
    )


@click.command()
@click.option("--url", default=None, help="Adres van de draaiende Jeugdwijzer (standaard: deze).")
def demo(url: str | None) -> None:
    """Play the scripted demo conversations through the public chat API.

    Start the product first (make run), then: jeugdwijzer demo --url http://localhost:8000
    """
    from bot.kwaliteit import demo as demo_gesprekken  # why: QA tooling only for `demo`

    settings = load_settings()
    url = url or f"http://127.0.0.1:{settings.web_port}"
    try:
        aantal = demo_gesprekken.speel(demo_gesprekken.via_http(url))
    except Exception as exc:  # noqa: BLE001 - tell the user what to do instead of a traceback
        raise click.ClickException(
            f"De demo kon niet praten met {url} ({exc}). Start eerst Jeugdwijzer met: make run"
        ) from exc
    click.echo(
        f"{len(demo_gesprekken.GESPREKKEN)} demogesprekken gevoerd ({aantal} berichten). "
        "Bekijk ze op /dashboard of met: jeugdwijzer stats"
    )


COMMANDS = (stats_command, demo)
