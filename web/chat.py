"""The public chat API: the contract for the widget and every embedder. Keep it stable.

POST   /api/v1/chat            {"session"?, "text", "gemeente"?} -> {"session", "messages": [...]}
DELETE /api/v1/chat/<session>  erase the conversation on the server -> 204

While a person of the lokale team has the conversation (a handoff waits or is live), POST stores
the text for the team instead of asking Rasa; the live-chat endpoints are in web/handoff_api.py.
"""

from __future__ import annotations

import logging

from flask import Blueprint, current_app, jsonify, request

from bot import overdracht, statistiek
from bot.taal import herkenning
from bot.veiligheid import crisis
from bot.veiligheid.emergency import crisisbericht, heeft_nummer, storingsbericht
from web import invoer, rasa_client
from web.db import app_db

bp = Blueprint("chat", __name__, url_prefix="/api/v1")
log = logging.getLogger(__name__)

MAX_TEXT = 1000


def fout(code: str, message: str, status: int = 400):
    return jsonify({"error": code, "message": message}), status


def new_session() -> str:
    return invoer.nieuwe_sessie(current_app.config["SECRET_KEY"])  # 192 random bits, signed


def lees_bericht() -> tuple[str | None, str, str | None]:
    """The checked session, text (as Rasa may get it) and gemeente of a chat message."""
    if invoer.json_diepte(request.get_data(cache=True)) > invoer.MAX_DIEPTE:
        body = None  # nothing we send is that deep; a parser could choke on it
    else:
        body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise invoer.FouteInvoer(
            "invalid_json", 'Stuur je bericht als JSON, bijvoorbeeld {"text": "hallo"}.'
        )
    if body.get("text") is None:
        raise invoer.FouteInvoer("missing_text", "Je bericht is leeg. Typ eerst iets.")
    text = invoer.tekst(body["text"])
    if not text:
        raise invoer.FouteInvoer("empty_text", "Je bericht is leeg. Typ eerst iets.")
    if len(text) > MAX_TEXT:
        raise invoer.FouteInvoer(
            "text_too_long", f"Je bericht is te lang. Gebruik hoogstens {MAX_TEXT} tekens."
        )
    session, gemeente = body.get("session"), body.get("gemeente")
    if session is not None:
        session = invoer.uitgegeven_sessie(current_app.config["SECRET_KEY"], session)
    if gemeente is not None:
        gemeente = invoer.gemeente(gemeente)
    return session, invoer.voor_rasa(text), gemeente


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


@bp.post("/chat")
def chat():
    try:
        session, text, gemeente = lees_bericht()
    except invoer.FouteInvoer as exc:  # bad input changes nothing and reaches nobody
        return fout(exc.code, exc.message, 413 if exc.code == "text_too_long" else 400)

    if session:  # the bot is quiet while the team has the conversation
        try:
            state = overdracht.bericht_van_burger(app_db(), session, text)
        except Exception:  # noqa: BLE001 - a broken database must not silence the assistant
            log.exception("App-database niet bereikbaar; het bericht gaat naar Rasa")
            state = None
        if state:
            messages = met_vangnet(text, [])
            return jsonify({"session": session, "messages": messages, "handoff": state})
    settings = current_app.config["SETTINGS"]
    # Anonymous counts for the dashboard: no text, no session id (bot/statistiek/).
    statistiek.record_events(
        ["bericht"] if session else ["gesprek", "bericht"],
        gemeente=gemeente,
        db_path=settings.app_db,
    )
    session = session or new_session()
    metadata = {"gemeente": gemeente} if gemeente else {}
    try:
        messages = rasa_client.send(
            rasa_client.url_voor(settings.rasa_urls, session),
            session,
            text,
            metadata,
            timeout=settings.rasa_timeout,
        )
    except rasa_client.RasaUnavailable:
        return jsonify(
            {
                "session": session,
                "error": "assistant_unavailable",
                "message": "De chat werkt nu even niet.",
                # A crisis gets its own help first; the fixed emergency lines always follow.
                "messages": [*met_vangnet(text, []), {"text": storingsbericht(), "buttons": []}],
            }
        ), 503
    return jsonify({"session": session, "messages": met_vangnet(text, messages)})


@bp.delete("/chat/<session>")
def erase(session: str):
    try:
        invoer.sessie_id(session)  # also an id from before sessions were signed: erase it
    except invoer.FouteInvoer as exc:
        return fout(exc.code, exc.message)
    overdracht.erase_conversation(current_app.config["SETTINGS"], session)
    statistiek.wis_gesprek(app_db(), session)  # kept niet-begrepen texts (opt-in)
    return "", 204
