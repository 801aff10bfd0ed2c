"""CLI commands for the team inbox: teams, staff accounts and the retention purge.

Examples:
    jeugdwijzer teams add --naam "Wijkteam Voorbeeld" --gemeente GM9999 --email team@example.nl
    jeugdwijzer teams list
    jeugdwijzer users add --team "Wijkteam Voorbeeld" --email an@example.nl --rol medewerker
    JEUGDWIJZER_NEW_PASSWORD=... jeugdwijzer users add --team 1 --email an@example.nl
    jeugdwijzer users list
    jeugdwijzer users wachtwoord --email an@example.nl    # new password, lifts a lock
    jeugdwijzer users disable --email an@example.nl       # switch off, logged out at once
    jeugdwijzer users enable --email an@example.nl        # switch on again
    jeugdwijzer users remove --email an@example.nl        # delete the account
    jeugdwijzer purge            # erase old conversations and handoff data in every store
    jeugdwijzer audit --aanvraag 12   # who viewed, claimed and closed handoff 12
"""

from __future__ import annotations

import click

from bot import overdracht, users
from bot.config import load_settings, new_password
from bot.store import open_app_db


def _db():
    return open_app_db(load_settings().app_db)


@click.group()
def teams() -> None:
    """Lokale teams that receive handoffs. Example: jeugdwijzer teams list"""


@teams.command(name="add")
@click.option("--naam", required=True, help='Naam van het team, bijv. "Wijkteam Voorbeeld".')
@click.option(
    "--gemeente", "gemeenten", multiple=True, required=True, help="CBS-code, bijv. GM9999."
)
@click.option("--email", default=None, help="Adres voor meldingen van nieuwe aanvragen.")
@click.option("--webhook", default=None, help="Adres voor een POST met HMAC-handtekening.")
def teams_add(naam: str, gemeenten: tuple[str, ...], email: str | None, webhook: str | None):
    """Add a team. Example: jeugdwijzer teams add --naam "Wijkteam Voorbeeld" --gemeente GM9999"""
    db = _db()
    try:
        team = users.add_team(db, naam, list(gemeenten), email=email, webhook_url=webhook)
    except users.FouteInvoer as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Team {team.id} gemaakt: {team.naam} ({', '.join(team.gemeenten)}).")
    if team.webhook_secret:
        click.echo(f"Geheim voor de webhook-handtekening: {team.webhook_secret}")


@teams.command(name="list")
def teams_list() -> None:
    """Show all teams. Example: jeugdwijzer teams list"""
    for team in users.list_teams(_db()):
        click.echo(f"{team.id}\t{team.naam}\t{','.join(team.gemeenten)}\t{team.email or '-'}")


@click.group(name="users")
def users_group() -> None:
    """Staff accounts for the inbox. Example: jeugdwijzer users add --team 1 --email a@b.nl"""


@users_group.command(name="add")
@click.option("--team", "team_naam", required=True, help="Naam of nummer van het team.")
@click.option("--email", required=True, help="E-mailadres, ook de inlognaam.")
@click.option("--rol", type=click.Choice(users.ROLLEN), default="medewerker", show_default=True)
@click.option("--naam", default=None, help="Voornaam; de jongere of ouder ziet die in de chat.")
def users_add(team_naam: str, email: str, rol: str, naam: str | None) -> None:
    """Add a staff account; the password comes from a prompt or JEUGDWIJZER_NEW_PASSWORD.

    Example: jeugdwijzer users add --team "Wijkteam Voorbeeld" --email an@example.nl
    """
    db = _db()
    team = users.find_team(db, team_naam)
    if team is None:
        raise click.ClickException(
            f"Team {team_naam!r} bestaat niet. Bekijk de teams met: jeugdwijzer teams list"
        )
    password = _nieuw_wachtwoord()
    try:
        user = users.add_user(db, team.id, email, password, rol=rol, naam=naam)
    except users.FouteInvoer as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Account gemaakt: {user.email} ({user.rol}) in {team.naam}.")


def _nieuw_wachtwoord() -> str:
    return new_password() or click.prompt("Wachtwoord", hide_input=True, confirmation_prompt=True)


@users_group.command(name="list")
def users_list() -> None:
    """Show all staff accounts. Example: jeugdwijzer users list"""
    for user in users.list_users(_db()):
        slot = f"\tgeblokkeerd tot {user['geblokkeerd_tot']}" if user["geblokkeerd_tot"] else ""
        if user["uitgeschakeld_op"]:
            slot += f"\tuitgeschakeld sinds {user['uitgeschakeld_op'][:10]}"
        click.echo(f"{user['email']}\t{user['rol']}\t{user['team']}{slot}")


@users_group.command(name="wachtwoord")
@click.option("--email", required=True, help="E-mailadres van het account.")
def users_wachtwoord(email: str) -> None:
    """New password, lifts a lock. Example: jeugdwijzer users wachtwoord --email a@b.nl"""
    try:
        users.set_password(_db(), email, _nieuw_wachtwoord())
    except users.FouteInvoer as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Nieuw wachtwoord ingesteld voor {email}.")


def _open_aanvragen_terug(db, email: str) -> None:
    user = users.get_user_by_email(db, email)
    if user is None:
        return
    terug = overdracht.terug_naar_team(db, user)
    if terug:
        click.echo(f"{terug} open aanvragen staan weer bij Nieuw voor het team.")


@users_group.command(name="disable")
@click.option("--email", required=True, help="E-mailadres van het account.")
def users_disable(email: str) -> None:
    """Switch an account off: it cannot log in, and is logged out everywhere at once.

    Example: jeugdwijzer users disable --email an@example.nl
    """
    db = _db()
    try:
        users.disable_user(db, email)
    except users.FouteInvoer as exc:
        raise click.ClickException(str(exc)) from exc
    _open_aanvragen_terug(db, email)
    click.echo(f"Account {email} uitgeschakeld en overal uitgelogd.")


@users_group.command(name="enable")
@click.option("--email", required=True, help="E-mailadres van het account.")
def users_enable(email: str) -> None:
    """Switch a disabled account on again. Example: jeugdwijzer users enable --email a@b.nl"""
    try:
        users.disable_user(_db(), email, uit=False)
    except users.FouteInvoer as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Account {email} kan weer inloggen.")


@users_group.command(name="remove")
@click.option("--email", required=True, help="E-mailadres van het account.")
@click.option("--ja", is_flag=True, help="Niet om bevestiging vragen (voor scripts).")
def users_remove(email: str, ja: bool) -> None:
    """Delete an account: logged out at once, its open handoffs back to the team.

    The audit log keeps what the account did, under its number.
    Example: jeugdwijzer users remove --email an@example.nl
    """
    db = _db()
    if users.get_user_by_email(db, email) is None:
        raise click.ClickException(
            f"Er is geen account voor {email}. Bekijk de accounts met: jeugdwijzer users list"
        )
    if not ja:
        click.confirm(f"Account {email} verwijderen?", abort=True)
    _open_aanvragen_terug(db, email)
    user = users.remove_user(db, email)
    overdracht.audit(db, None, "account_verwijderd", detail=f"account {user.id}")
    click.echo(f"Account {email} verwijderd.")


@click.command()
def purge() -> None:
    """Erase by the retention rules in every store, Rasa's tracker included: conversations
    without a handoff after JEUGDWIJZER_IDLE_HOURS idle hours, handoff data
    JEUGDWIJZER_RETENTION_DAYS days after closing. Example: jeugdwijzer purge"""
    settings = load_settings()
    uitslag = overdracht.purge_alles(settings)
    click.echo(f"{uitslag.aanvragen} gesloten aanvragen opgeschoond.")
    click.echo(f"{uitslag.gesprekken} gesprekken gewist.")
    click.echo(f"{uitslag.niet_begrepen} niet begrepen berichten gewist.")


@click.command()
@click.option("--team", "team_naam", default=None, help="Alleen dit team (naam of nummer).")
@click.option("--aanvraag", type=int, default=None, help="Alleen deze aanvraag (nummer).")
@click.option("--laatste", default=50, show_default=True, help="Hoeveel regels.")
def audit(team_naam: str | None, aanvraag: int | None, laatste: int) -> None:
    """Who did what in the inbox, newest first. Example: jeugdwijzer audit --aanvraag 12"""
    db = _db()
    team = users.find_team(db, team_naam) if team_naam else None
    if team_naam and team is None:
        raise click.ClickException(f"Team {team_naam!r} bestaat niet.")
    for regel in overdracht.audit_regels(db, team.id if team else None, aanvraag, laatste):
        nummer = f"#{regel['handoff_id']}" if regel["handoff_id"] else "-"
        detail = f" ({regel['detail']})" if regel["detail"] else ""
        click.echo(f"{regel['tijd']}\t{regel['email'] or '-'}\t{regel['actie']}{detail}\t{nummer}")


COMMANDS = (teams, users_group, purge, audit)
