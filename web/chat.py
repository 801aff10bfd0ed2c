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
from bot.overdracht.bevestiging import MARKERING
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
    plekken = current_app.config["CHAT_PLEKKEN"]
    if not plekken.acquire(blocking=False):
        # Rasa is too slow for everyone at once: answer now, and keep threads for staff.
        log.warning("Alle chatplekken wachten op Rasa; dit bericht krijgt het storingsantwoord")
        return storing(session, met_bevestiging(session, met_vangnet(text, []), nieuw))
    try:
        messages = rasa_client.stuur(
            settings.rasa_urls,
            session,
            text,
            metadata,
            timeout=settings.rasa_timeout,
        )
    except rasa_client.RasaUnavailable:
        # A crisis gets its own help first; the fixed emergency lines always follow.
        return storing(session, met_bevestiging(session, met_vangnet(text, []), nieuw))
    finally:
        plekken.release()
    messages = met_bevestiging(session, met_vangnet(text, messages), nieuw)
    if not any(m.get("text") or m.get("buttons") for m in messages):
        # Rasa answers [] when the action server is down: that is a failure, not an answer.
        log.warning("Rasa gaf een leeg antwoord")
        return storing(session, messages)
    return jsonify({"session": session, "messages": messages})


@bp.delete("/chat/<session>")
def erase(session: str):
    try:
        invoer.sessie_id(session)  # also an id from before sessions were signed: erase it
    except invoer.FouteInvoer as exc:
        return fout(exc.code, exc.message)
    overdracht.erase_conversation(current_app.config["SETTINGS"], session)
    return "", 204
