"""The one place that talks to Rasa's REST channel."""

from __future__ import annotations

import hashlib
import logging
from typing import Any

import requests

log = logging.getLogger(__name__)


class RasaUnavailable(Exception):
    """Rasa did not answer in time or answered with an error."""


def url_voor(rasa_urls: list[str], session: str) -> str:
    """The Rasa process of a conversation: always the same one, so no conversation is handled
    by two processes at once (each keeps its own lock per conversation)."""
    nummer = int.from_bytes(hashlib.sha256(session.encode()).digest()[:8], "big")
    return rasa_urls[nummer % len(rasa_urls)]


def send(rasa_url: str, session: str, text: str, metadata: dict[str, Any], timeout: float) -> list:
    """Send one user message to Rasa and return its replies in the public API's shape."""
    try:
        response = requests.post(
            f"{rasa_url}/webhooks/rest/webhook",
            json={"sender": session, "message": text, "metadata": metadata},
            timeout=timeout,
        )
        response.raise_for_status()
        replies = response.json()
    except (requests.RequestException, ValueError) as exc:
        log.warning("Rasa gaf geen antwoord: %s", exc.__class__.__name__)
        raise RasaUnavailable from exc
    if not isinstance(replies, list):
        raise RasaUnavailable("unexpected reply")
    return [to_public_message(reply) for reply in replies if isinstance(reply, dict)]


def to_public_message(reply: dict[str, Any]) -> dict[str, Any]:
    message: dict[str, Any] = {"text": reply.get("text") or "", "buttons": []}
    for button in reply.get("buttons") or []:
        if isinstance(button, dict) and button.get("title"):
            message["buttons"].append(
                {
                    "title": str(button["title"]),
                    "payload": str(button.get("payload") or button["title"]),
                }
            )
    if isinstance(reply.get("custom"), dict):
        message["custom"] = reply["custom"]
    return message


def answers(url: str, timeout: float = 2.0) -> bool:
    try:
        return requests.get(url, timeout=timeout).status_code < 500
    except requests.RequestException:
        return False
