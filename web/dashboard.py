"""The dashboard for the gemeente's policy staff (role "beleid"): anonymous figures only.

GET /dashboard/             charts with a table under each, filtered by gemeente and period
GET /dashboard/export.csv   the same figures as CSV (semicolons), the same filter

A team sees only its own gemeenten. Every count from 1 to 4 is shown as "<5" (bot/stats.py).
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, render_template, request

from bot import grafiek, stats, users
from web.auth import app_db, current_user, login_required

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard")


def gemeente_naam(code: str) -> str:
    """ "Voorbeeld (GM9999)" when the sociale kaart knows the gemeente, else the code."""
    try:
        from bot.kaart import zoeken

        gevonden = zoeken.gemeente(code, current_app.config["SETTINGS"].kaart_db)
    except Exception:  # noqa: BLE001 - a missing kaart must not break the dashboard
        gevonden = None
    return f"{gevonden.naam} ({code})" if gevonden else code


def _team_gemeenten() -> tuple[str, ...]:
    team = users.get_team(app_db(), current_user().team_id)
    return tuple(team.gemeenten) if team else ()


def _filter(gemeenten: tuple[str, ...]) -> stats.Filter:
    return stats.maak_filter(
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
    stats.purge(db, settings.retention_days)  # kept texts never outlive the retention period
    pagina = {
        "keuzes": [(code, gemeente_naam(code)) for code in gemeenten],
        "args": request.args,
        "gekozen": request.args.get("gemeente", "").strip().upper(),
        "drempel": stats.DREMPEL,
    }
    try:
        f = _filter(gemeenten)
    except stats.FouteFilter as fout:
        return render_template("dashboard/index.html", fout=str(fout), **pagina), 400
    bewaren = stats.niet_begrepen_bewaren()
    return render_template(
        "dashboard/index.html",
        overzicht=stats.maak_overzicht(db, f),
        svg=grafiek.svg,
        filter=f,
        bewaren=bewaren,
        niet_begrepen=stats.niet_begrepen_lijst(db, f) if bewaren else [],
        retention_days=settings.retention_days,
        **pagina,
    )


@bp.get("/export.csv")
@login_required(role="beleid")
def export():
    try:
        f = _filter(_team_gemeenten())
    except stats.FouteFilter as fout:
        return Response(str(fout) + "\n", status=400, mimetype="text/plain")
    csv_text = stats.als_csv(stats.maak_overzicht(app_db(), f))
    naam = f"jeugdwijzer-{f.van.isoformat()}-{f.tot.isoformat()}.csv"
    return Response(
        "\ufeff" + csv_text,  # the BOM makes Excel read UTF-8
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{naam}"'},
    )
