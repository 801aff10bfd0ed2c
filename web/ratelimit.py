"""A small in-process rate limit for the public chat API, per client address.

Flask-Limiter's `limits` wants a newer `packaging` than Rasa 3.6 allows, so this stays in-house:
a sliding window per address, enough for one web process (run one per host, or put a proxy limit in
front when scaling out).
"""

from __future__ import annotations

import threading
import time
from collections import deque

from flask import Flask, current_app, jsonify, request

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


def init_app(app: Flask, per_minute: int) -> None:
    window = SlidingWindow(per_minute)
    app.extensions["jeugdwijzer_ratelimit"] = window

    @app.before_request
    def limit_api():
        if not request.path.startswith("/api/") or request.method in ("GET", "OPTIONS", "HEAD"):
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
