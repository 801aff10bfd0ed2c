"""The public live-chat API: the widget polls here while a person of the lokale team takes over.

GET  /api/v1/chat/<session>/updates?after=<cursor>
     -> {"handoff": {"state": "geen"|"wachten"|"live"|"beeindigd", "team", "medewerker",
                     "plek"?: place in the team's queue while waiting, 1 is next,
                     "drukte"?: the busy team's own message, while waiting},
         "messages": [{"id", "text", "van": "medewerker"|"systeem"}], "cursor": int}
POST /api/v1/chat/<session>/handoff/stop  -> the citizen ends the live chat; the bot takes over

While the state is wachten or live, POST /api/v1/chat stores the text for the team instead of
sending it to Rasa (web/chat.py, via bot.overdracht.bericht_van_burger).
"""

from __future__ import annotations

from flask import Blueprint, jsonify, request

from bot import overdracht
from web import invoer
from web.chat import fout
from web.db import app_db

bp = Blueprint("handoff_api", __name__, url_prefix="/api/v1")


@bp.get("/chat/<session>/updates")
def updates(session: str):
    try:
        invoer.sessie_id(session)
        cursor = invoer.cursor(request.args.get("after"))
    except invoer.FouteInvoer as exc:
        return fout(exc.code, exc.message)
    db = app_db()
    row = overdracht.chat_van_sessie(db, session)
    messages = []
    if row is not None:
        for bericht in overdracht.berichten(db, row["id"], after=cursor, voor_burger=True):
            messages.append({"id": bericht["id"], "text": bericht["tekst"], "van": bericht["van"]})
            cursor = bericht["id"]
    status = overdracht.publieke_status(row)
    plek = overdracht.plek_in_de_rij(db, row)
    if plek:
        status["plek"] = plek
    return jsonify({"handoff": status, "messages": messages, "cursor": cursor})


@bp.post("/chat/<session>/handoff/stop")
def stop(session: str):
    try:
        invoer.sessie_id(session)
    except invoer.FouteInvoer as exc:
        return fout(exc.code, exc.message)
    db = app_db()
    row = overdracht.chat_van_sessie(db, session)
    if row is not None:
        overdracht.stop_chat(db, row["id"], door="burger")
        row = overdracht.chat_van_sessie(db, session)
    return jsonify({"handoff": overdracht.publieke_status(row)})
