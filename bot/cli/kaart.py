"""`jeugdwijzer kaart ...`: check, import, export and search the sociale kaart.

Examples:
    jeugdwijzer kaart check
    jeugdwijzer kaart import
    jeugdwijzer kaart export --uit /tmp/kaart
    jeugdwijzer kaart search --gemeente Hengelo --categorie opvoeden --leeftijd 6
    jeugdwijzer kaart gemeente "ik woon in Goor"
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from bot.kaart import bestanden, database, export, zoeken
from bot.kaart.model import CATEGORIEEN, VOOR
from bot.kaart.weergave import render

_MAP = click.option(
    "--map",
    "kaart_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Map met de kaartbestanden (standaard data/kaart/).",
)
_DB = click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Het kaartbestand (standaard <JEUGDWIJZER_DATA_DIR>/kaart.db).",
)


def _db(db: Path | None) -> Path:
    return db or zoeken._db(None)


def _toon_problemen(inhoud: bestanden.Inhoud, waarschuwingen: bool = True) -> None:
    for probleem in inhoud.problemen:
        if probleem.ernst == "fout":
            click.secho(str(probleem), fg="red", err=True)
        elif waarschuwingen:
            click.secho(str(probleem), fg="yellow", err=True)


def _samenvatting(inhoud: bestanden.Inhoud) -> str:
    return (
        f"{len(inhoud.diensten)} diensten, {len(inhoud.gemeenten)} gemeenten, "
        f"{len(inhoud.fouten)} fouten, {len(inhoud.waarschuwingen)} waarschuwingen"
    )


@click.group(name="kaart")
def kaart_cli() -> None:
    """The sociale kaart: who offers what, for whom, where and how to reach them."""


@kaart_cli.command()
@_MAP
@click.option("--fouten-alleen", is_flag=True, help="Laat waarschuwingen weg.")
def check(kaart_dir: Path | None, fouten_alleen: bool) -> None:
    """Check the kaart files and list every problem. Example: jeugdwijzer kaart check"""
    inhoud = bestanden.lees_kaart(kaart_dir or bestanden.KAART_DIR)
    _toon_problemen(inhoud, waarschuwingen=not fouten_alleen)
    click.echo(_samenvatting(inhoud))
    if inhoud.fouten:
        raise click.ClickException(
            "De kaart heeft fouten. Verbeter ze in het bestand en de regel die erbij staan, "
            "en draai dan opnieuw: jeugdwijzer kaart check"
        )
    if inhoud.waarschuwingen:
        click.echo(
            "Waarschuwingen houden de import niet tegen. Controleer die gegevens bij de bron "
            "en zet de datum van vandaag bij verified_on."
        )
    click.echo("De kaart is in orde.")


@kaart_cli.command(name="import")
@_MAP
@_DB
@click.option("--als-veranderd", is_flag=True, help="Alleen als de bestanden veranderd zijn.")
def import_command(kaart_dir: Path | None, db: Path | None, als_veranderd: bool) -> None:
    """Build the kaart database from the files, all or nothing. Example: jeugdwijzer kaart import"""
    path = _db(db)
    kaart_dir = kaart_dir or bestanden.KAART_DIR
    try:
        if als_veranderd and not database.is_verouderd(path, kaart_dir):
            click.echo(f"De kaart is al actueel: {path}")
            return
        inhoud = database.importeer(path, kaart_dir)
    except database.KaartFouten as exc:
        _toon_problemen(exc.inhoud, waarschuwingen=False)
        raise click.ClickException(
            f"{len(exc.inhoud.fouten)} fouten: er is niets geïmporteerd en de vorige kaart blijft "
            "in gebruik. Verbeter de fouten en draai opnieuw: jeugdwijzer kaart import"
        ) from exc
    click.echo(f"Geïmporteerd in {path}: {_samenvatting(inhoud)}")


@kaart_cli.command(name="export")
@_DB
@click.option(
    "--uit",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("kaart-export"),
    show_default=True,
    help="Map waarin de bestanden komen.",
)
def export_command(db: Path | None, uit: Path) -> None:
    """Write the kaart as CSV and HSDS-style JSON. Example: jeugdwijzer kaart export --uit /tmp/k"""
    try:
        kaart = zoeken.kaart_laden(_db(db))
    except database.KaartNietBeschikbaar as exc:
        raise click.ClickException(f"{exc} Draai eerst: jeugdwijzer kaart check") from exc
    for path in export.exporteer(kaart, uit):
        click.echo(f"Geschreven: {path}")


@kaart_cli.command(name="search")
@click.option("--categorie", required=True, type=click.Choice(CATEGORIEEN), help="Onderwerp.")
@click.option("--gemeente", default=None, help="Naam, woonplaats, postcode of CBS-code.")
@click.option("--leeftijd", type=click.IntRange(0, 120), default=None, help="Leeftijd in jaren.")
@click.option("--voor", "who", type=click.Choice(VOOR), default=None, help="Voor wie.")
@click.option("--nu-open", is_flag=True, help="Alleen wat nu open is.")
@click.option("--taal", type=click.Choice(["nl", "en"]), default="nl", show_default=True)
@click.option(
    "--op", "moment", type=click.DateTime(), default=None, help="Zoek alsof het dan is (NL-tijd)."
)
@_DB
def search_command(
    categorie: str,
    gemeente: str | None,
    leeftijd: int | None,
    who: str | None,
    nu_open: bool,
    taal: str,
    moment: datetime | None,
    db: Path | None,
) -> None:
    """Find at most three services, as the assistant refers to them.

    Example: jeugdwijzer kaart search --gemeente Hengelo --categorie opvoeden --leeftijd 6
    """
    path = _db(db)
    try:
        code = None
        if gemeente:
            gevonden = zoeken.vind_gemeente(gemeente, db=path)
            if gevonden is None:
                click.echo(
                    f"{gemeente!r} staat niet in de kaart. Je ziet alleen landelijke hulp. "
                    "Kijk ook op de website van je gemeente.",
                    err=True,
                )
            else:
                code = gevonden.code
                click.echo(f"Gemeente: {gevonden.naam} ({gevonden.code})", err=True)
        resultaten = zoeken.search(categorie, leeftijd, code, who, nu_open, moment, db=path)
    except database.KaartNietBeschikbaar as exc:
        raise click.ClickException(f"{exc} Draai eerst: jeugdwijzer kaart check") from exc
    if not resultaten:
        click.echo("Niets gevonden. Probeer een andere categorie, of laat --nu-open weg.")
    for i, resultaat in enumerate(resultaten):
        if i:
            click.echo("")
        click.echo(render(resultaat, taal=taal, now=moment))


@kaart_cli.command(name="gemeente")
@click.argument("tekst")
@_DB
def gemeente_command(tekst: str, db: Path | None) -> None:
    """Which gemeente a message names, and its lokale team.

    Example: jeugdwijzer kaart gemeente "ik woon in Goor"
    """
    try:
        gevonden = zoeken.vind_gemeente(tekst, db=_db(db))
        team = zoeken.lokaal_team(gevonden.code, db=_db(db)) if gevonden else None
    except database.KaartNietBeschikbaar as exc:
        raise click.ClickException(f"{exc} Draai eerst: jeugdwijzer kaart check") from exc
    if gevonden is None:
        raise click.ClickException(
            "Geen gemeente uit de kaart gevonden. Probeer de naam van de gemeente of een "
            "woonplaats, of voeg de gemeente toe in data/kaart/."
        )
    voorbeeld = " (voorbeeld, verzonnen)" if gevonden.voorbeeld else ""
    click.echo(f"{gevonden.naam} ({gevonden.code}){voorbeeld}")
    if team is not None:
        click.echo(f"Lokaal team: {team.naam}")


def bijwerken(echo=click.echo) -> None:
    """Import when the kaart files changed; called by `jeugdwijzer run` before starting."""
    path = _db(None)
    try:
        inhoud = database.importeer_als_veranderd(path, bestanden.KAART_DIR)
    except database.KaartFouten as exc:
        _toon_problemen(exc.inhoud, waarschuwingen=False)
        if not path.exists():
            raise click.ClickException(
                "De kaart heeft fouten en er is nog geen oude kaart. "
                "Verbeter de fouten; zie: jeugdwijzer kaart check"
            ) from exc
        echo("De kaartbestanden hebben fouten; de vorige kaart blijft in gebruik.")
        return
    if inhoud is not None:
        echo(f"Sociale kaart bijgewerkt: {_samenvatting(inhoud)}")
