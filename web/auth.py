"""Staff login for the inbox and the dashboard: /inbox/login, /inbox/logout.

Protect a staff page with the decorator; it sends visitors without a session to the login page
and answers 403 when the role does not fit:

    from web.auth import current_user, login_required

    @bp.get("/dashboard")
    @login_required(role="beleid")
    def dashboard():
        team_id = current_user().team_id   # show only this team's gemeenten
        ...

`login_required()` without a role lets every logged-in user in. Every POST to a blueprint that
calls `protect_forms(bp)` (and to the login form itself) must carry the CSRF token: put
`{{ csrf_field() }}` inside every <form>. Accounts come from `jeugdwijzer users add`
(bot/users.py); five wrong passwords in a row lock an account for 15 minutes.

The signed cookie holds only a session token; the session itself lives in the app database
(bot/inlogsessies.py), so logout, a new password and a disabled or removed account end it at once.
"""

from __future__ import annotations

import functools
import hmac
import logging
import re
import secrets
from collections.abc import Callable

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from markupsafe import Markup, escape

from bot import inlogsessies, overdracht, users
from web.db import app_db
from web.ratelimit import SlidingWindow

log = logging.getLogger(__name__)
bp = Blueprint("auth", __name__, url_prefix="/inbox")
LOGIN_POGINGEN_PER_MINUUT = 20
# One message for a wrong e-mail address, a wrong password and a locked or disabled account, so
# the login page never tells whether an account exists.
MISLUKT = (
    "Het e-mailadres of het wachtwoord klopt niet. Na vijf fouten op rij kun je 15 minuten niet "
    "inloggen."
)
# A local path with an optional query: RFC 3986 characters only, so no tab, newline, space or
# backslash that a browser would drop or turn into "//other.site".
LOKAAL_PAD = re.compile(r"/(?![/\\])[A-Za-z0-9\-._~!$&'()*+,;=:@%/?]{0,500}")


def current_user() -> users.User | None:
    if "user" not in g:
        user_id = inlogsessies.gebruiker_id(app_db(), session.get("token"))
        g.user = users.get_user(app_db(), user_id) if user_id else None
    return g.user


def csrf_token() -> str:
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def csrf_field() -> Markup:
    return Markup('<input type="hidden" name="csrf_token" value="{}">').format(escape(csrf_token()))


def check_csrf() -> None:
    """Reject a form POST without the session's token (400, nothing changes)."""
    if request.method != "POST":
        return
    sent = request.form.get("csrf_token", "")
    expected = session.get("csrf", "")
    if not expected or not hmac.compare_digest(sent, expected):
        abort(400, description="Het formulier is verlopen. Laad de pagina opnieuw.")


def protect_forms(blueprint: Blueprint) -> None:
    blueprint.before_request(check_csrf)


def login_required(role: str | None = None) -> Callable:
    """Decorator: the page needs a logged-in user, and with `role` that role (else 403)."""

    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            user = current_user()
            if user is None:
                return redirect(url_for("auth.login", next=request.path))
            if role and user.rol != role:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def _safe_next(target: str | None, user: users.User) -> str:
    # Only paths on this site, so the login page cannot send staff to another site.
    if target and LOKAAL_PAD.fullmatch(target) and "//" not in target.split("?", 1)[0]:
        return target
    if user.rol == "beleid" and "/dashboard" in {
        r.rule.rstrip("/") for r in current_app.url_map.iter_rules()
    }:
        return "/dashboard"
    return url_for("inbox.lijst")


@bp.route("/login", methods=["GET", "POST"])
def login():
    fout = None
    if request.method == "POST":
        check_csrf()
        # Besides the lock per account: one address may not try many accounts.
        if not current_app.extensions["jeugdwijzer_login_limit"].allow(request.remote_addr or ""):
            fout = "Te veel pogingen vanaf dit adres. Probeer het over een minuut opnieuw."
            return render_template("inbox/login.html", fout=fout), 429
        email = request.form.get("email", "")
        password = request.form.get("password", "")
        try:
            user = users.authenticate(app_db(), email, password)
        except users.Geblokkeerd:
            user = None
        if user is None:
            fout = MISLUKT
        else:
            session.clear()  # a fresh session on login: no fixation
            session["token"] = inlogsessies.begin(app_db(), user.id)
            session.permanent = True
            log.info("Ingelogd: gebruiker %s", user.id)
            overdracht.audit(app_db(), user, "inloggen")
            return redirect(_safe_next(request.args.get("next"), user))
    status = 401 if fout else 200
    return render_template("inbox/login.html", fout=fout), status


@bp.post("/logout")
def logout():
    check_csrf()
    inlogsessies.beeindig(app_db(), session.get("token"))  # a copy of the cookie is refused too
    session.clear()
    return redirect(url_for("auth.login"))


def init_app(app: Flask) -> None:
    settings = app.config["SETTINGS"]
    if settings.secure_cookies:
        app.config["SESSION_COOKIE_SECURE"] = True
    app.config["PERMANENT_SESSION_LIFETIME"] = inlogsessies.LOOPTIJD
    app.extensions["jeugdwijzer_login_limit"] = SlidingWindow(LOGIN_POGINGEN_PER_MINUUT)
    app.jinja_env.globals.update(csrf_field=csrf_field, current_user=current_user)

    app.register_blueprint(bp)
