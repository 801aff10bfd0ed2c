"""The Flask app: chat API, widget assets, demo page (and later the inbox and dashboard)."""

from __future__ import annotations

import logging
import threading
from typing import Any

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from bot.config import Settings, ensure_secret_key, load_settings
from bot.veiligheid.emergency import storingsbericht
from bot.veiligheid.privacy import MaskingFilter
from bot.veiligheid.privacy import install as mask_all_log_records
from web import (
    auth,
    chat,
    cors,
    dashboard,
    db,
    handoff_api,
    headers,
    inbox,
    invoer,
    ratelimit,
    site,
)

FOUTEN = {
    400: "Dit verzoek klopt niet.",
    404: "Deze pagina bestaat niet.",
    405: "Deze methode kan hier niet.",
    413: "Je bericht is te lang.",
    429: "Je stuurt te veel berichten. Wacht even en probeer het dan opnieuw.",
    500: "Er ging iets mis bij ons. Probeer het later opnieuw.",
}


def create_app(settings: Settings | None = None, **overrides: Any) -> Flask:
    if settings is None:
        settings = load_settings()
        ensure_secret_key(settings)  # staff stay logged in across restarts
    settings.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)  # conversations live here

    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=settings.secret_key,
        SETTINGS=settings,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        MAX_CONTENT_LENGTH=64 * 1024,
        JSON_AS_ASCII=False,
        # Chat messages waiting for Rasa, at most settings.chat_plekken at once (web/chat.py).
        CHAT_PLEKKEN=threading.BoundedSemaphore(settings.chat_plekken),
    )
    app.config.update(overrides)
    mask_all_log_records()  # every record of the process, whatever handler writes it
    for handler in logging.getLogger().handlers:
        handler.addFilter(MaskingFilter())

    invoer.init_app(app)  # <int:...> in routes: at most 18 ASCII digits
    ratelimit.init_app(app, settings.rate_limit_per_minute, settings.trusted_proxies)

    app.register_blueprint(chat.bp)
    app.register_blueprint(site.bp)

    db.init_app(app)  # one app database per request, closed at its end
    auth.init_app(app)  # staff login: /inbox/login, the login_required decorator
    app.register_blueprint(inbox.bp)
    app.register_blueprint(handoff_api.bp)

    app.register_blueprint(dashboard.bp)  # /dashboard: anonymous figures, role "beleid"

    cors.init_app(app)  # only gemeente sites in JEUGDWIJZER_ALLOWED_ORIGINS may embed
    headers.init_app(app)  # CSP, nosniff, Referrer-Policy; no-store on staff pages and the API

    @app.errorhandler(HTTPException)
    def json_for_api(err: HTTPException):
        # The API always answers JSON with a Dutch message; other pages a Dutch page.
        code = err.code or 500
        if not request.path.startswith("/api/"):
            response = err.get_response()  # keeps headers such as Allow
            # abort(400, description="...") carries our own Dutch text; werkzeug's is English
            eigen = err.description if err.description != type(err).description else None
            melding = eigen or FOUTEN.get(code, FOUTEN[500])
            response.set_data(render_template("fout.html", melding=melding))
            response.mimetype = "text/html"
            return response
        body = {
            "error": err.name.lower().replace(" ", "_"),
            "message": FOUTEN.get(code, FOUTEN[500]),
        }
        if code >= 500 and request.path == "/api/v1/chat":
            # Whatever broke (a database, a bug), the chat still shows the emergency numbers;
            # 503 is the status the widget shows messages for.
            body.update(error="assistant_unavailable", message="De chat werkt nu even niet.")
            body["messages"] = [{"text": storingsbericht(), "buttons": []}]
            return jsonify(body), 503
        return jsonify(body), code

    return app
