"""The demo page of the fictitious Gemeente Voorbeeld, the widget assets and its configuration,
the privacy page and the health check."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, render_template, request, send_from_directory

from bot import kaart
from web import invoer, rasa_client

bp = Blueprint("site", __name__)


@bp.get("/")
def demo():
    return render_template("demo.html")


@bp.get("/widget.js")
def widget_js():
    response = send_from_directory(current_app.static_folder, "widget.js", max_age=300)
    response.headers["Content-Type"] = "text/javascript; charset=utf-8"
    return response


@bp.get("/widget.css")
def widget_css():
    # Loaded by widget.js into its shadow root; a plain stylesheet needs no CORS.
    response = send_from_directory(current_app.static_folder, "widget.css", max_age=300)
    response.headers["Content-Type"] = "text/css; charset=utf-8"
    return response


def gemeente_titel(code: str) -> str | None:
    """'Gemeente Hengelo' for GM0164; None when the sociale kaart does not know the code."""
    try:
        gevonden = kaart.gemeente(code, current_app.config["SETTINGS"].kaart_db)
    except kaart.KaartNietBeschikbaar:  # the widget works without the name
        return None
    if gevonden is None:
        return None
    return gevonden.naam if gevonden.naam.startswith("Gemeente ") else f"Gemeente {gevonden.naam}"


@bp.get("/api/v1/widget-config")
def widget_config():
    """What the widget shows besides the chat: the gemeente's name and the server's retention."""
    settings = current_app.config["SETTINGS"]
    code = request.args.get("gemeente")
    naam = None
    if code is not None:
        try:
            naam = gemeente_titel(invoer.gemeente(code))
        except invoer.FouteInvoer as exc:
            return jsonify({"error": exc.code, "message": exc.message}), 400
    return jsonify(
        {
            "gemeente": {"code": code, "naam": naam} if naam else None,
            "idle_hours": settings.idle_hours,
            "retention_days": settings.retention_days,
        }
    )


@bp.get("/privacy")
def privacy():
    """What is kept, how long, who sees it, how to erase it: as bot/overdracht/bewaren.py does."""
    settings = current_app.config["SETTINGS"]
    uren = settings.idle_hours
    return render_template(
        "privacy.html",
        uren=int(uren) if float(uren).is_integer() else uren,
        dagen=settings.retention_days,
        niet_begrepen=settings.niet_begrepen_bewaren,
    )


@bp.get("/healthz/web")
def healthz_web():
    """Only the web process itself: what the process runner checks (a slow Rasa must not count)."""
    return jsonify({"status": "ok", "web": "ok"})


@bp.get("/healthz")
def healthz():
    settings = current_app.config["SETTINGS"]
    status = {
        "web": "ok",
        "rasa": "ok"
        if all(rasa_client.answers(f"{url}/") for url in settings.rasa_urls)
        else "down",
        "actions": "ok" if rasa_client.answers(f"{settings.action_url}/health") else "down",
    }
    down = [name for name, state in status.items() if state != "ok"]
    return jsonify({"status": "down" if down else "ok", "down": down, **status}), (
        503 if down else 200
    )
