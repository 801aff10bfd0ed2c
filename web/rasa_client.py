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


class NietBereikt(RasaUnavailable):
    """The message never reached that Rasa process (nothing listens, or no connection in time)."""


def volgorde(rasa_urls: list[str], session: str) -> list[str]:
    """The conversation's own Rasa process first (`url_voor`), then the others."""
    eigen = url_voor(rasa_urls, session)
    return [eigen, *(url for url in rasa_urls if url != eigen)]


def stuur(rasa_urls: list[str], session: str, text: str, metadata: dict, timeout: float) -> list:
    """Send to the conversation's Rasa process; when the message could not even reach it (a
    process that crashed and is restarting), the next process answers: they share the tracker
    store, so the conversation goes on. A process that got the message and then failed (or is
    too slow) is not asked again elsewhere: that could handle one message twice. A restarted
    Rasa refuses connections until its model is loaded, so it is skipped at once meanwhile."""
    urls = volgorde(rasa_urls, session)
    for url in urls[:-1]:
        try:
            return send(url, session, text, metadata, timeout)
        except NietBereikt:
            log.warning("Rasa-proces niet bereikt; het volgende neemt het over")
    return send(urls[-1], session, text, metadata, timeout)


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
    except requests.ConnectionError as exc:
        # Refused or no connection in time: the message was not delivered. (A connection broken
        # while Rasa worked on the message ends the same way, rarely: then Rasa had crashed.)
        log.warning("Rasa niet bereikt: %s", exc.__class__.__name__)
        raise NietBereikt from exc
    except (requests.RequestException, ValueError) as exc:
        log.warning("Rasa gaf geen antwoord: %s", exc.__class__.__name__)
        raise RasaUnavailable from exc
    if not isinstance(replies, list):
        raise RasaUnavailable("unexpected reply")
    return met_kaarten([to_public_message(reply) for reply in replies if isinstance(reply, dict)])


def met_kaarten(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Service cards as data (`custom.kaarten`) travel on the message whose text holds them.

    Rasa's REST channel sends an action's text and its json_message as two replies; the second,
    without text or buttons, is folded into the first, so a client that ignores `custom` sees
    exactly the messages it saw before."""
    uit: list[dict[str, Any]] = []
    for message in messages:
        custom = message.get("custom")
        kaarten = custom.get("kaarten") if isinstance(custom, dict) else None
        alleen_data = not message["text"] and not message["buttons"]
        if isinstance(kaarten, list) and alleen_data and uit and uit[-1]["text"]:
            vorige = uit[-1].setdefault("custom", {})
            vorige["kaarten"] = [k for k in kaarten if isinstance(k, dict)]
            rest = {k: v for k, v in custom.items() if k != "kaarten"}
            if not rest:
                continue
            message = {**message, "custom": rest}
        uit.append(message)
    return uit


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
