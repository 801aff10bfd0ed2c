"""A small in-process rate limit for the public chat API, per client address.

Flask-Limiter's `limits` wants a newer `packaging` than Rasa 3.6 allows, so this stays in-house:
a sliding window per address, enough for one web process (run one per host, or put a proxy limit in
front when scaling out).

Only chat messages count. Erasing a conversation (DELETE) and ending a live chat are never
limited: a citizen who wants out must always get out. Behind a reverse proxy set
JEUGDWIJZER_TRUSTED_PROXIES to the number of proxies, so the client address comes from their
X-Forwarded-For (werkzeug's ProxyFix); without it that header is ignored, as anyone can send it.
"""

from __future__ import annotations

import threading
import time
from collections import deque

from flask import Flask, current_app, jsonify, request
from werkzeug.middleware.proxy_fix import ProxyFix

from bot.veiligheid.emergency import noodtekst


class SlidingWindow:
    def __init__(self, limit: int, seconds: float = 60.0) -> None:
        self.limit = limit
        self.seconds = seconds
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        with self._lock:
            hits = self._hits.setdefault(key, deque())
            while hits and hits[0] <= now - self.seconds:
                hits.popleft()
            if len(hits) >= self.limit:
                return False
            hits.append(now)
            if len(self._hits) > 10_000:  # forget idle addresses so memory stays bounded
                for stale in [
                    k for k, v in self._hits.items() if not v or v[-1] <= now - self.seconds
                ]:
                    del self._hits[stale]
            return True


LIMITED = {"chat.chat"}  # the endpoints that count: a chat message to the assistant


def init_app(app: Flask, per_minute: int, trusted_proxies: int = 0) -> None:
    window = SlidingWindow(per_minute)
    app.extensions["jeugdwijzer_ratelimit"] = window
    if trusted_proxies > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=trusted_proxies, x_proto=trusted_proxies)

    @app.before_request
    def limit_api():
        if request.endpoint not in LIMITED or request.method != "POST":
            return None
        if current_app.config.get("RATELIMIT_ENABLED", True) and not window.allow(
            request.remote_addr or "?"
        ):
            return jsonify(
                {
                    "error": "too_many_requests",
                    "message": "Je stuurt veel berichten kort na elkaar. Wacht een minuut en "
                    "probeer het dan opnieuw.",
                    "messages": [{"text": noodtekst(), "buttons": []}],
                }
            ), 429
        return None
