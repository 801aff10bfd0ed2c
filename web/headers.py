"""Security headers on every answer of the web app.

- Content-Security-Policy: our pages load scripts, styles and data from this server only; no
  inline script or style anywhere. Staff pages and the API may not be framed at all; the public
  pages only by this site and the gemeente sites in JEUGDWIJZER_ALLOWED_ORIGINS (the same list the
  API's CORS uses). The widget itself runs in the gemeente's page under the gemeente's own policy.
- X-Content-Type-Options: nosniff, and Referrer-Policy: no-referrer (inbox addresses name handoffs).
- Cache-Control: no-store on staff pages (contact details, the CSV) and on the chat API (what a
  citizen wrote), so no browser or proxy keeps a copy.
"""

from __future__ import annotations

import re

from flask import Flask, Response, current_app, request

from web.cors import normalise

STAFF = ("/inbox", "/dashboard")
API = "/api/"
PAGINA = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors {ouders}"
)
NIETS = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
# Only a plain origin may go into the header; anything else in the configuration is left out.
ORIGIN_RE = re.compile(r"https?://[a-z0-9.-]+(?::[0-9]{1,5})?")


def toegestane_ouders() -> str:
    """Who may frame the public pages: this site and the listed gemeente sites."""
    origins = {normalise(o) for o in current_app.config["SETTINGS"].allowed_origins}
    return " ".join(["'self'", *sorted(o for o in origins if ORIGIN_RE.fullmatch(o))])


def is_staff(path: str) -> bool:
    return any(path == p or path.startswith(p + "/") for p in STAFF)


def add_headers(response: Response) -> Response:
    path = request.path
    headers = response.headers
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "no-referrer"
    if is_staff(path):
        headers["Content-Security-Policy"] = PAGINA.format(ouders="'none'")
        headers["X-Frame-Options"] = "DENY"
        headers["Cache-Control"] = "no-store"
    elif path.startswith(API):
        headers["Content-Security-Policy"] = NIETS
        headers["Cache-Control"] = "no-store"
    else:
        headers["Content-Security-Policy"] = PAGINA.format(ouders=toegestane_ouders())
    return response


def init_app(app: Flask) -> None:
    app.after_request(add_headers)
