"""The app database for one request: opened at first use, closed when the request ends."""

from __future__ import annotations

import sqlite_utils
from flask import Flask, current_app, g

from bot.store import open_app_db


def app_db() -> sqlite_utils.Database:
    """The app database for this request, opened once and closed at the end of the request."""
    if "app_db" not in g:
        g.app_db = open_app_db(current_app.config["SETTINGS"].app_db)
    return g.app_db


def init_app(app: Flask) -> None:
    @app.teardown_appcontext
    def close_db(exc):
        db = g.pop("app_db", None)
        if db is not None:
            db.conn.close()
