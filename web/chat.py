"""The public chat API: the contract for the widget and every embedder. Keep it stable.

POST   /api/v1/chat            {"session"?, "text", "gemeente"?} -> {"session", "messages": [...]}
DELETE /api/v1/chat/<session>  erase the conversation on the server -> 204

While a person of the lokale team has the conversation (a handoff waits or is live), POST stores
the text for the team instead of asking Rasa; the live-chat endpoints are in web/handoff_api.py.
"""

from __future__ import annotations

import logging
import re
import secrets

from flask import Blueprint, current_app, jsonify, request

from bot import overdracht, statistiek
from bot.overdracht.bevestiging import MARKERING
from bot.taal import herkenning
from bot.veiligheid import crisis
from bot.veiligheid.emergency import crisisbericht, heeft_nummer, storingsbericht
from web import rasa_client
from web.db import app_db

bp = Blueprint("chat", __name__, url_prefix="/api/v1")
log = logging.getLogger(__name__)

MAX_TEXT = 1000
SESSION_RE = re.compile(r"^[A-Za-z0-9_-]{22,64}$")
GEMEENTE_RE = re.compile(r"^GM\d{4}$")


def fout(code: str, message: str, status: int = 400):
    return jsonify({"error": code, "message": message}), status


def new_session() -> str:
    return secrets.token_urlsafe(24)  # 192 random bits


def met_vangnet(text: str, messages: list[dict]) -> list[dict]:
    """Safety net: a crisis signal that the replies do not answer gets the emergency help first.

    Rasa's own pipeline answers crises (its trained detector weighs the rules with the rest of
    the message); this catches what comes without Rasa's judgement: Rasa or the action server
    down, an empty reply, the bot quiet during a handoff.
    """
    if messages:
        return messages
    try:
        signaal = crisis.detect(text)
        if signaal is None:
            return messages
        eerste = signaal.lijnen()[0]
        if any(heeft_nummer(m.get("text") or "", eerste) for m in messages):
            return messages
        gevonden = herkenning.taal(text)
        taal = "en" if gevonden and gevonden.value == "en" else "nl"
        return [{"text": crisisbericht(signaal, taal=taal), "buttons": []}, *messages]
    except Exception:  # noqa: BLE001 - the safety net must never break the chat
        log.exception("Vangnet voor crisis faalde")
        return messages


def met_bevestiging(session: str, messages: list[dict], nieuw: bool = False) -> list[dict]:
    """No handoff stored without the citizen learning it: a stored handoff whose confirmation did
    not come with this reply (the action server or Rasa died after the commit, or Rasa answered
    too late) is confirmed here. The action's marker never reaches the widget.
    """
    gezien = set()
    for message in messages:
        custom = message.get("custom")
        if isinstance(custom, dict) and MARKERING in custom:
            gezien.add(str(custom.pop(MARKERING)))
            if not custom:
                del message["custom"]
    if nieuw:  # a conversation that starts now has no handoff yet
        return messages
    try:
        db = app_db()
        open_ = overdracht.onbevestigd(db, session)
        for row in open_:
            if str(row["id"]) not in gezien:
                log.warning("Overdracht %s bevestigd door de webapp", row["id"])
                bericht = overdracht.bevestigingsbericht(
                    row["id"], row["kanaal"], row["team"], row["gemeente"]
                )
                bericht["custom"].pop(MARKERING)
                messages.append({"buttons": [], **bericht})
        overdracht.bevestigd(db, [row["id"] for row in open_])
    except Exception:  # noqa: BLE001 - a broken database must not silence the assistant
        log.exception("Bevestiging van een overdracht niet te controleren")
    return messages


def storing(session: str, messages: list[dict]):
    """Rasa failed or said nothing: say so, with the emergency numbers (never an empty reply)."""
    body = {
        "session": session,
        "error": "assistant_unavailable",
        "message": "De chat werkt nu even niet.",
        "messages": [*messages, {"text": storingsbericht(), "buttons": []}],
    }
    return jsonify(body), 503


@bp.post("/chat")
def chat():
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return fout("invalid_json", 'Stuur je bericht als JSON, bijvoorbeeld {"text": "hallo"}.')
    text = body.get("text")
    session = body.get("session")
    gemeente = body.get("gemeente")
    if text is None:
        return fout("missing_text", "Je bericht is leeg. Typ eerst iets.")
    if not isinstance(text, str):
        return fout("invalid_text", "Je bericht moet tekst zijn.")
    text = text.strip()
    if not text:
        return fout("empty_text", "Je bericht is leeg. Typ eerst iets.")
    if len(text) > MAX_TEXT:
        return fout(
            "text_too_long", f"Je bericht is te lang. Gebruik hoogstens {MAX_TEXT} tekens.", 413
        )
    if session is not None and (not isinstance(session, str) or not SESSION_RE.match(session)):
        return fout("invalid_session", "Dit gesprek bestaat niet. Begin een nieuw gesprek.")
    if gemeente is not None and (not isinstance(gemeente, str) or not GEMEENTE_RE.match(gemeente)):
        return fout("invalid_gemeente", "De gemeentecode klopt niet. Gebruik een code als GM0164.")

    if session:  # the bot is quiet while the team has the conversation
        try:
            state = overdracht.bericht_van_burger(app_db(), session, text)
        except Exception:  # noqa: BLE001 - a broken database must not silence the assistant
            log.exception("App-database niet bereikbaar; het bericht gaat naar Rasa")
            state = None
        if state:
            messages = met_bevestiging(session, met_vangnet(text, []))
            return jsonify({"session": session, "messages": messages, "handoff": state})
    settings = current_app.config["SETTINGS"]
    # Anonymous counts for the dashboard: no text, no session id (bot/statistiek/).
    statistiek.record_events(
        ["bericht"] if session else ["gesprek", "bericht"],
        gemeente=gemeente,
        db_path=settings.app_db,
    )
    nieuw = not session
    session = session or new_session()
    metadata = {"gemeente": gemeente} if gemeente else {}
    try:
        messages = rasa_client.send(
            settings.rasa_url, session, text, metadata, timeout=settings.rasa_timeout
        )
    except rasa_client.RasaUnavailable:
        # A crisis gets its own help first; the fixed emergency lines always follow.
        return storing(session, met_bevestiging(session, met_vangnet(text, []), nieuw))
    messages = met_bevestiging(session, met_vangnet(text, messages), nieuw)
    if not any(m.get("text") or m.get("buttons") for m in messages):
        # Rasa answers [] when the action server is down: that is a failure, not an answer.
        log.warning("Rasa gaf een leeg antwoord")
        return storing(session, messages)
    return jsonify({"session": session, "messages": messages})


@bp.delete("/chat/<session>")
def erase(session: str):
    if not SESSION_RE.match(session):
        return fout("invalid_session", "Dit gesprek bestaat niet.")
    overdracht.erase_conversation(current_app.config["SETTINGS"], session)
    return "", 204
