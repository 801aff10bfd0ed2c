"""Tell a team that a new handoff waits: an e-mail over SMTP and/or a signed webhook POST.

Neither holds personal data: only the number, channel, crisis sign and a link to the inbox, so a
mailbox or a team's own system never becomes a second copy of the conversation.

The webhook body is JSON; the header `X-Jeugdwijzer-Signature: sha256=<hex>` is the HMAC-SHA256 of
`<X-Jeugdwijzer-Timestamp>.<body>` with the team's webhook secret. Check it like this:

    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, "sha256").hexdigest()
    hmac.compare_digest(f"sha256={expected}", header)
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import smtplib
import time
from email.message import EmailMessage

import requests
import sqlite_utils

from bot import users
from bot.config import Settings

log = logging.getLogger(__name__)


def handtekening(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"sha256={digest.hexdigest()}"


def _inbox_link(settings: Settings, handoff_id: int) -> str:
    base = settings.public_url or f"http://localhost:{settings.web_port}"
    return f"{base}/inbox/{handoff_id}"


def send_email(settings: Settings, to: str, subject: str, body: str) -> None:
    message = EmailMessage()
    message["From"] = settings.smtp_from
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=10) as smtp:
        if settings.smtp_starttls:
            smtp.starttls()
        if settings.smtp_user:
            smtp.login(settings.smtp_user, settings.smtp_password)
        smtp.send_message(message)


def send_webhook(team: users.Team, payload: dict) -> None:
    body = json.dumps(payload).encode()
    timestamp = str(int(time.time()))
    response = requests.post(
        team.webhook_url,
        data=body,
        headers={
            "Content-Type": "application/json",
            "X-Jeugdwijzer-Timestamp": timestamp,
            "X-Jeugdwijzer-Signature": handtekening(team.webhook_secret or "", timestamp, body),
        },
        timeout=5,
    )
    response.raise_for_status()


def heeft_kanaal(settings: Settings, db: sqlite_utils.Database, team_id: int) -> bool:
    """Has the team a way to be told (e-mail with a mail server, or a webhook)?"""
    team = users.get_team(db, team_id)
    return bool(team and ((team.email and settings.smtp_host) or team.webhook_url))


def notify_new_handoff(settings: Settings, db: sqlite_utils.Database, handoff_id: int) -> bool:
    """Notify the handoff's team by every way it set up. True when at least one way worked.

    Never raises: a failed notification must not undo a handoff; the inbox shows it anyway.
    """
    row = next(iter(db.query("SELECT * FROM handoffs WHERE id = ?", [handoff_id])), None)
    team = users.get_team(db, row["team_id"]) if row else None
    if team is None:
        return False
    link = _inbox_link(settings, handoff_id)
    crisis = " (crisissignalen)" if row["crisis"] else ""
    gelukt = False
    if team.email and settings.smtp_host:
        try:
            send_email(
                settings,
                team.email,
                f"Nieuwe aanvraag {handoff_id} via Jeugdwijzer{crisis}",
                f"Er is een nieuwe aanvraag voor {team.naam}.\n"
                f"Manier van contact: {row['kanaal']}{crisis}.\n\n"
                f"Bekijk de aanvraag in de inbox (inloggen nodig):\n{link}\n",
            )
            gelukt = True
        except (OSError, smtplib.SMTPException) as exc:
            log.warning("E-mail voor overdracht %s mislukt: %s", handoff_id, exc.__class__.__name__)
    if team.webhook_url:
        payload = {
            "event": "handoff.nieuw",
            "id": handoff_id,
            "team": team.naam,
            "gemeente": row["gemeente"],
            "kanaal": row["kanaal"],
            "crisis": bool(row["crisis"]),
            "aangemaakt_op": row["aangemaakt_op"],
            "url": link,
        }
        try:
            send_webhook(team, payload)
            gelukt = True
        except requests.RequestException as exc:
            log.warning(
                "Webhook voor overdracht %s mislukt: %s", handoff_id, exc.__class__.__name__
            )
    if gelukt:
        with db.conn:
            db.conn.execute(
                "UPDATE handoffs SET gemeld_op = datetime('now') WHERE id = ?", [handoff_id]
            )
    return gelukt
