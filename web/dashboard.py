"""The dashboard for the gemeente's policy staff (role "beleid"): anonymous figures only.

GET /dashboard/             charts with a table under each, filtered by gemeente and period
GET /dashboard/export.csv   the same figures as CSV (semicolons), the same filter

A team sees only its own gemeenten. Every count from 1 to 4 is shown as "<5" (bot/statistiek/).
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, render_template, request

from bot import kaart, statistiek, users
from web import grafiek
from web.auth import current_user, login_required
from web.db import app_db

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard")


def gemeente_naam(code: str) -> str:
    """ "Voorbeeld (GM9999)" when the sociale kaart knows the gemeente, else the code."""
    try:
        gevonden = kaart.gemeente(code, current_app.config["SETTINGS"].kaart_db)
    except kaart.KaartNietBeschikbaar:  # a missing kaart must not break the dashboard
        gevonden = None
    return f"{gevonden.naam} ({code})" if gevonden else code


def _team_gemeenten() -> tuple[str, ...]:
    team = users.get_team(app_db(), current_user().team_id)
    return tuple(team.gemeenten) if team else ()


def _filter(gemeenten: tuple[str, ...]) -> statistiek.Filter:
    return statistiek.maak_filter(
        van=request.args.get("van"),
        tot=request.args.get("tot"),
        gemeente=request.args.get("gemeente"),
        toegestaan=gemeenten,
    )


@bp.get("/")
@login_required(role="beleid")
def index():
    gemeenten = _team_gemeenten()
    settings = current_app.config["SETTINGS"]
    db = app_db()
    statistiek.purge(db, settings.retention_days)  # kept texts never outlive the retention period
    pagina = {
        "keuzes": [(code, gemeente_naam(code)) for code in gemeenten],
        "args": request.args,
        "gekozen": request.args.get("gemeente", "").strip().upper(),
        "drempel": statistiek.DREMPEL,
    }
    try:
        f = _filter(gemeenten)
    except statistiek.FouteFilter as fout:
        return render_template("dashboard/index.html", fout=str(fout), **pagina), 400
    bewaren = statistiek.niet_begrepen_bewaren()
    return render_template(
        "dashboard/index.html",
        overzicht=statistiek.maak_overzicht(db, f),
        svg=grafiek.svg,
        filter=f,
        bewaren=bewaren,
        niet_begrepen=statistiek.niet_begrepen_lijst(db, f) if bewaren else [],
        retention_days=settings.retention_days,
        **pagina,
    )


@bp.get("/export.csv")
@login_required(role="beleid")
def export():
    try:
        f = _filter(_team_gemeenten())
    except statistiek.FouteFilter as fout:
        return Response(str(fout) + "\n", status=400, mimetype="text/plain")
    csv_text = statistiek.als_csv(statistiek.maak_overzicht(app_db(), f))
    naam = f"jeugdwijzer-{f.van.isoformat()}-{f.tot.isoformat()}.csv"
    return Response(
        "\ufeff" + csv_text,  # the BOM makes Excel read UTF-8
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{naam}"'},
    )
