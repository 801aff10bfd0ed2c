"""CORS for the public API: only gemeente sites in JEUGDWIJZER_ALLOWED_ORIGINS may embed the chat.

Same-origin requests (the demo page, the inbox) always work. A listed origin gets CORS headers,
also on the preflight. Any other origin gets no CORS headers, and a Dutch 403 when it tries to
change something (POST, DELETE), so a foreign page cannot chat or erase in a visitor's name.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, Response, current_app, jsonify, request

API_PREFIX = "/api/v1/"
ALLOWED_METHODS = "GET, POST, DELETE, OPTIONS"
SAFE_METHODS = {"GET", "HEAD"}
PREFLIGHT_MAX_AGE = "600"


def normalise(origin: str) -> str:
    """'https://www.voorbeeld.nl/' -> 'https://www.voorbeeld.nl' so configuration may be loose."""
    parts = urlsplit(origin.strip().lower())
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def is_same_origin(origin: str) -> bool:
    # Compare host and port only: behind a TLS proxy Flask may see http where the browser saw https.
    return urlsplit(origin).netloc.lower() == request.host.lower()


def is_allowed(origin: str) -> bool:
    allowed = {normalise(o) for o in current_app.config["SETTINGS"].allowed_origins}
    return normalise(origin) in allowed


def refuse() -> tuple[Response, int]:
    body = {
        "error": "origin_not_allowed",
        "message": "Deze website mag de chat van Jeugdwijzer niet gebruiken. "
        "Vraag de gemeente om deze website toe te voegen.",
    }
    return jsonify(body), 403


def check_origin():
    """Runs before every request: answer preflights and refuse unknown sites that change data."""
    origin = request.headers.get("Origin")
    if not origin or not request.path.startswith(API_PREFIX) or is_same_origin(origin):
        return None
    if not is_allowed(origin):
        if request.method in SAFE_METHODS:
            return None  # answered, but without CORS headers the browser hides the answer
        return refuse()
    if request.method == "OPTIONS" and request.headers.get("Access-Control-Request-Method"):
        response = current_app.make_default_options_response()
        response.status_code = 204
        response.headers["Access-Control-Allow-Methods"] = ALLOWED_METHODS
        response.headers["Access-Control-Allow-Headers"] = "Content-Type"
        response.headers["Access-Control-Max-Age"] = PREFLIGHT_MAX_AGE
        return response
    return None


def add_headers(response: Response) -> Response:
    """Runs after every request: CORS headers for a listed origin; Vary keeps caches apart."""
    if not request.path.startswith(API_PREFIX):
        return response
    response.vary.add("Origin")
    origin = request.headers.get("Origin")
    if origin and not is_same_origin(origin) and is_allowed(origin):
        response.headers["Access-Control-Allow-Origin"] = origin
    return response


def init_app(app: Flask) -> None:
    app.before_request(check_origin)
    app.after_request(add_headers)
