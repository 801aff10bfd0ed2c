"""Serve the web app with waitress (a production WSGI server) on the configured host and port."""

from __future__ import annotations

import logging

from waitress import serve

from bot.config import ensure_secret_key, load_settings
from web import achtergrond, create_app


def main() -> None:
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    settings = load_settings()
    ensure_secret_key(settings)  # staff stay logged in across restarts
    achtergrond.start(settings)  # notifications from the outbox and retention, every minute
    serve(
        create_app(settings),
        host=settings.web_host,
        port=settings.web_port,
        threads=settings.web_threads,
    )


if __name__ == "__main__":
    main()
