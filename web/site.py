"""The demo page of the fictitious Gemeente Voorbeeld, the widget assets and the health check."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, render_template, send_from_directory

from web import rasa_client

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
