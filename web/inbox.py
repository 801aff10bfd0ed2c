"""The team inbox under /inbox: the lokale team's list of handoffs, the detail page and its actions.

Every route needs a login with role medewerker, and finds only handoffs of the worker's own team:
another team's handoff answers 404, as if it did not exist. Every view, claim, reply, note and
close goes into the audit log. Every form carries the CSRF token.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone

from flask import (
    Blueprint,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from markupsafe import Markup, escape

from bot import kaart, overdracht
from web import invoer
from web.auth import current_user, login_required, protect_forms
from web.db import app_db

bp = Blueprint(
    "inbox",
    __name__,
    url_prefix="/inbox",
    static_folder="static/inbox",
    static_url_path="/static",
)
protect_forms(bp)
MAX_TEKST = 2000

LIJST_TITELS = {
    "nieuw": "Nieuw",
    "mijn": "Mijn aanvragen",
    "terugbellen": "Wacht op terugbellen",
    "gesloten": "Gesloten",
}
KANAAL_NAMEN = {
    "chat": "Chat",
    "anoniem": "Anonieme chat",
    "terugbellen": "Terugbellen",
    "email": "E-mail",
}
STATUS_NAMEN = {
    "nieuw": "Nieuw",
    "opgepakt": "Opgepakt",
    "wacht_op_terugbellen": "Wacht op terugbellen",
    "live": "Chat loopt",
    "gesloten": "Gesloten",
}
UITKOMST_NAMEN = {
    "geholpen": "Geholpen",
    "doorverwezen": "Doorverwezen",
    "geen_contact": "Geen contact",
}


@bp.app_template_filter("hoe_lang")
def hoe_lang(iso: str | None) -> str:
    """How long ago: '5 min', '3 uur', '2 dagen'."""
    if not iso:
        return ""
    seconds = (datetime.now(timezone.utc) - datetime.fromisoformat(iso)).total_seconds()
    minutes = max(0, int(seconds // 60))
    if minutes < 60:
        return f"{minutes} min"
    if minutes < 48 * 60:
        return f"{minutes // 60} uur"
    return f"{minutes // (24 * 60)} dagen"


@bp.app_template_filter("tijdstip")
def tijdstip(iso: str | None) -> str:
    if not iso:
        return ""
    return datetime.fromisoformat(iso).astimezone(overdracht.TZ).strftime("%d-%m-%Y %H:%M")


LINK_RE = re.compile(r"\[([^\]\n]+)\]\(((?:tel:|https://|mailto:)[^)\s]+)\)")
AFGEKAPT_RE = re.compile(r"\[([^\]\n]*)(?:\]\([^)\s]*)?$")  # "[opvoeden.nl](http" at the end
NADRUK_RE = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")


def _zonder_opmaak(text: str) -> Markup:
    return escape(NADRUK_RE.sub(lambda m: m.group(1) or m.group(2), text))


@bp.app_template_filter("platte_tekst")
def platte_tekst(text: str | None) -> Markup:
    """The bot's Markdown as a worker reads it: plain text with working links, nothing raw.

    Only [label](tel:|https://|mailto:) becomes a link, as in the widget; a link cut off at the
    end of a shortened text keeps its label. Everything else is escaped.
    """
    text = AFGEKAPT_RE.sub(lambda m: m.group(1), str(text or ""))
    delen, laatst = [], 0
    for m in LINK_RE.finditer(text):
        delen.append(_zonder_opmaak(text[laatst : m.start()]))
        delen.append(Markup('<a href="{}">{}</a>').format(m.group(2), _zonder_opmaak(m.group(1))))
        laatst = m.end()
    delen.append(_zonder_opmaak(text[laatst:]))
    return Markup("").join(delen)


@bp.context_processor
def namen():
    return {
        "KANAAL_NAMEN": KANAAL_NAMEN,
        "STATUS_NAMEN": STATUS_NAMEN,
        "UITKOMST_NAMEN": UITKOMST_NAMEN,
        "LIJST_TITELS": LIJST_TITELS,
    }


def gemeente_naam(code: str) -> str:
    """'Gemeente Voorbeeld (GM9999)', or the code alone when the sociale kaart does not know it."""
    try:
        gevonden = kaart.gemeente(code)
    except kaart.KaartNietBeschikbaar:  # the code alone is enough to work with
        gevonden = None
    return f"{gevonden.naam} ({code})" if gevonden else code


def _eigen_handoff(handoff_id: int) -> dict:
    row = overdracht.get(app_db(), current_user().team_id, handoff_id)
    if row is None:
        abort(404)
    return row


def _tekst_uit_formulier() -> str:
    text = (request.form.get("tekst") or "").strip()
    if not text:
        flash("Typ eerst een bericht.", "fout")
    elif len(text) > MAX_TEKST:
        flash(f"Je tekst is te lang. Gebruik hoogstens {MAX_TEKST} tekens.", "fout")
        return ""
    return text


def _lijst_inhoud() -> dict:
    user = current_user()
    welke = request.args.get("lijst", "nieuw")
    if welke not in overdracht.LIJSTEN:
        abort(404)
    db = app_db()
    return {
        "welke": welke,
        "rows": overdracht.lijst(db, user.team_id, welke, user.id),
        "aantallen": overdracht.aantallen(db, user.team_id, user.id),
    }


@bp.get("/")
@login_required(role="medewerker")
def lijst():
    return render_template(
        "inbox/lijst.html",
        drukte=overdracht.drukte.lees(app_db(), current_user().team_id),
        MAX_DRUKTE=overdracht.drukte.MAX_DRUKTE,
        **_lijst_inhoud(),
    )


@bp.post("/drukte")
@login_required(role="medewerker")
def drukte():
    """The team's busy message: whoever waits for the team's chat sees it (empty: removed)."""
    wil_json = request.accept_mimetypes.best == "application/json"
    try:
        tekst = overdracht.drukte.zet(app_db(), current_user(), request.form.get("tekst", ""))
    except overdracht.drukte.FouteDrukte as exc:
        if wil_json:
            return jsonify({"error": "invalid_drukte", "message": str(exc)}), 400
        flash(str(exc), "fout")
        return redirect(url_for("inbox.lijst"))
    melding = "Het bericht staat nu in de chat." if tekst else "Het bericht is weggehaald."
    if wil_json:
        return jsonify({"drukte": tekst, "message": melding})
    flash(melding, "ok")
    return redirect(url_for("inbox.lijst"))


@bp.get("/lijst-deel")
@login_required(role="medewerker")
def lijst_deel():
    """The list without the page around it: the open list page fetches it every few seconds."""
    return render_template("inbox/_lijst.html", **_lijst_inhoud())


@bp.get("/<int:handoff_id>")
@login_required(role="medewerker")
def detail(handoff_id: int):
    row = _eigen_handoff(handoff_id)
    db = app_db()
    overdracht.audit(db, current_user(), "bekijken", handoff_id)
    berichten = overdracht.berichten(db, handoff_id)
    return render_template(
        "inbox/detail.html",
        h=row,
        gemeente=gemeente_naam(row["gemeente"]),
        berichten=berichten,
        notities=overdracht.notities(db, handoff_id),
        cursor=berichten[-1]["id"] if berichten else 0,
    )


@bp.get("/<int:handoff_id>/berichten")
@login_required(role="medewerker")
def nieuwe_berichten(handoff_id: int):
    """New messages for the open detail page (polled while the chat is live)."""
    row = _eigen_handoff(handoff_id)
    try:
        after_id = invoer.cursor(request.args.get("after"))
    except invoer.FouteInvoer as exc:
        return jsonify({"error": exc.code, "message": exc.message}), 400
    berichten = overdracht.berichten(app_db(), handoff_id, after=after_id)
    return jsonify(
        {
            "status": row["status"],
            "messages": berichten,
            "cursor": berichten[-1]["id"] if berichten else after_id,
        }
    )


def _doe(handoff_id: int, actie, *args, melding: str | None = None):
    _eigen_handoff(handoff_id)
    try:
        actie(app_db(), current_user(), handoff_id, *args)
    except overdracht.NietToegestaan as exc:
        flash(str(exc), "fout")
    else:
        if melding:
            flash(melding, "ok")
    return redirect(url_for("inbox.detail", handoff_id=handoff_id))


@bp.post("/<int:handoff_id>/oppakken")
@login_required(role="medewerker")
def oppakken(handoff_id: int):
    return _doe(handoff_id, overdracht.oppakken, melding="Je hebt deze aanvraag opgepakt.")


def _doe_met_tekst(handoff_id: int, actie, melding: str | None = None):
    _eigen_handoff(handoff_id)
    text = _tekst_uit_formulier()
    if not text:
        return redirect(url_for("inbox.detail", handoff_id=handoff_id))
    return _doe(handoff_id, actie, text, melding=melding)


@bp.post("/<int:handoff_id>/antwoord")
@login_required(role="medewerker")
def antwoord(handoff_id: int):
    return _doe_met_tekst(handoff_id, overdracht.antwoord)


@bp.post("/<int:handoff_id>/notitie")
@login_required(role="medewerker")
def notitie(handoff_id: int):
    return _doe_met_tekst(handoff_id, overdracht.notitie, melding="Notitie opgeslagen.")


@bp.post("/<int:handoff_id>/teruggebeld")
@login_required(role="medewerker")
def teruggebeld(handoff_id: int):
    return _doe(handoff_id, overdracht.teruggebeld, melding="Gemarkeerd als teruggebeld.")


@bp.post("/<int:handoff_id>/chat-beeindigen")
@login_required(role="medewerker")
def chat_beeindigen(handoff_id: int):
    return _doe(handoff_id, overdracht.chat_beeindigen, melding="De chat is beëindigd.")


@bp.post("/<int:handoff_id>/sluiten")
@login_required(role="medewerker")
def sluiten(handoff_id: int):
    uitkomst = request.form.get("uitkomst", "")
    return _doe(handoff_id, overdracht.sluiten, uitkomst, melding="De aanvraag is gesloten.")


@bp.errorhandler(403)
def verboden(err):
    return render_template("inbox/fout.html", melding="Je mag deze pagina niet zien."), 403


@bp.errorhandler(404)
def niet_gevonden(err):
    return render_template("inbox/fout.html", melding="Deze aanvraag bestaat niet."), 404


@bp.errorhandler(400)
def fout_verzoek(err):
    melding = getattr(err, "description", "") or "Dit verzoek klopt niet."
    return render_template("inbox/fout.html", melding=melding), 400
