"""Strict checks of what the public and staff send, before anything reaches Rasa or a database.

- Ids and codes match in full and in ASCII: no trailing newline, no other scripts' digits.
- Cursors are ASCII numbers of at most 18 digits, so they always fit SQLite's 64-bit integer.
- Chat sessions are issued by this server: 192 random bits and an HMAC of them with the secret
  key (`nieuwe_sessie`), so a made-up session id never starts a conversation.
- A text that starts with "/" reaches Rasa as a command only when it is a button payload the
  product itself sends (`voor_rasa`); Rasa would otherwise read `/intent{"slot": ...}` as an
  intent with slot values.
- JSON bodies are at most `MAX_DIEPTE` deep; text with half an emoji (a lone surrogate) is refused.

Each check raises `FouteInvoer` with an error code and a Dutch message for the answer.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import json
import re
import secrets

from flask import Flask
from werkzeug.routing import IntegerConverter

from bot import overdracht, verwijzing

SESSION_RE = re.compile(r"[A-Za-z0-9_-]{22,64}")
GEMEENTE_RE = re.compile(r"GM[0-9]{4}")
CURSOR_RE = re.compile(r"[0-9]{1,18}")
MAX_DIEPTE = 5
ZONDER_CURSOR = "De waarde van 'after' moet een getal zijn, zoals 0."
WILLEKEURIG = 32  # characters of token_urlsafe(24): 192 random bits
SESSIE_LENGTE = WILLEKEURIG + 22  # and 128 bits of HMAC-SHA256, base64url

# Payloads of the buttons the assistant sends: bare intents, and `/informeren{...}` with one slot.
KNOPPEN = {
    "bevestigen",
    "crisis",
    "hulp_algemeen",
    "info_veilig_thuis",
    "informeren",
    "jeugdhulp_aanvragen",
    "ontkennen",
    "opvoeden_algemeen",
    "praten_met_mens",
    "wat_kun_je",
}
SLOT_KNOPPEN = {
    "rol": {"jongere"},
    "leeftijd": {jaren for _, jaren in verwijzing.LEEFTIJD_KNOPPEN},
    "handoff_kanaal": set(overdracht.KANALEN),
}
COMMANDO_RE = re.compile(r"/([a-z_]{1,60})(\{.{0,200}\})?", re.DOTALL)
STRING_RE = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
HAAK_RE = re.compile(rb"[\[\]{}]")


class FouteInvoer(ValueError):
    """Input that is answered with 400 and `{"error": code, "message": Dutch}`; nothing changes."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def sessie_id(value: object) -> str:
    """A well-formed session id in a URL (any the server may ever have issued)."""
    if not isinstance(value, str) or not SESSION_RE.fullmatch(value):
        raise FouteInvoer("invalid_session", "Dit gesprek bestaat niet. Begin een nieuw gesprek.")
    return value


def _handtekening(geheim: str, willekeurig: str) -> str:
    mac = hmac.new(geheim.encode(), b"chat-sessie:" + willekeurig.encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(mac.digest()[:16]).rstrip(b"=").decode()


def nieuwe_sessie(geheim: str, willekeurig: str | None = None) -> str:
    """A new chat session id, signed with the app's secret key."""
    willekeurig = willekeurig or secrets.token_urlsafe(24)
    return willekeurig + _handtekening(geheim, willekeurig)


def uitgegeven_sessie(geheim: str, value: object) -> str:
    """The session id when this server issued it; else FouteInvoer (the widget starts anew)."""
    session = sessie_id(value)
    willekeurig, teken = session[:WILLEKEURIG], session[WILLEKEURIG:]
    if len(session) != SESSIE_LENGTE or not hmac.compare_digest(
        teken, _handtekening(geheim, willekeurig)
    ):
        raise FouteInvoer("invalid_session", "Dit gesprek bestaat niet. Begin een nieuw gesprek.")
    return session


def gemeente(value: object) -> str:
    if not isinstance(value, str) or not GEMEENTE_RE.fullmatch(value):
        raise FouteInvoer(
            "invalid_gemeente", "De gemeentecode klopt niet. Gebruik een code als GM0164."
        )
    return value


def cursor(value: str | None, default: int = 0) -> int:
    """A cursor such as `after=7`: ASCII digits only, at most 18 of them."""
    if value is None:
        return default
    if not CURSOR_RE.fullmatch(value):
        raise FouteInvoer("invalid_cursor", ZONDER_CURSOR)
    return int(value)


def json_diepte(raw: bytes) -> int:
    """How deeply arrays and objects nest in a JSON text (strings do not count)."""
    diepte = hoogste = 0
    for haak in HAAK_RE.findall(STRING_RE.sub(b"", raw)):
        diepte += 1 if haak in (b"[", b"{") else -1
        hoogste = max(hoogste, diepte)
    return hoogste


def tekst(value: object) -> str:
    """The citizen's text, stripped; half an emoji or other broken characters are refused."""
    if not isinstance(value, str):
        raise FouteInvoer("invalid_text", "Je bericht moet tekst zijn.")
    if any("\ud800" <= teken <= "\udfff" for teken in value):
        raise FouteInvoer(
            "invalid_text", "Je bericht bevat een teken dat ik niet kan lezen. Typ het opnieuw."
        )
    return value.strip()


@functools.lru_cache(maxsize=1)
def kale_knoppen() -> frozenset[str]:
    """Every bare `/intent` a button may send: the fixed ones and every topic's follow-up."""
    return frozenset(KNOPPEN | set(verwijzing.onderwerpen()))


def voor_rasa(text: str) -> str:
    """The text as Rasa may get it. A button payload passes (a slot payload in one fixed form); a
    slot payload the product never sends is refused; any other text starting with "/" loses its
    slashes, so Rasa reads it as words ("/stop" -> "stop")."""
    if not text.startswith("/"):
        return text
    match = COMMANDO_RE.fullmatch(text)
    if match and match.group(2) is None and match.group(1) in kale_knoppen():
        return text
    if match and match.group(2) is not None and match.group(1) == "informeren":
        try:
            slots = json.loads(match.group(2))
        except ValueError:
            slots = None
        if isinstance(slots, dict) and len(slots) == 1:
            ((naam, waarde),) = slots.items()
            if waarde in SLOT_KNOPPEN.get(naam, ()):
                return "/informeren" + json.dumps({naam: waarde})
    if "{" in text or "@" in text.split()[0]:
        raise FouteInvoer(
            "invalid_command",
            "Dit bericht kan ik niet lezen. Typ je vraag in gewone woorden.",
        )
    woorden = text.lstrip("/").strip()
    if not woorden:
        raise FouteInvoer("empty_text", "Je bericht is leeg. Typ eerst iets.")
    return woorden


class KortGetal(IntegerConverter):
    """`<int:...>` in every route: ASCII digits, at most 18, so SQLite never overflows."""

    regex = r"[0-9]{1,18}"


def init_app(app: Flask) -> None:
    app.url_map.converters["int"] = KortGetal  # before the blueprints add their routes
