"""1,000 generated requests against every public and staff endpoint (Rasa stubbed): never a 5xx,
every API error JSON with a Dutch message, no redirect to another site, and a refused chat
message never reaches Rasa. A seeded generator, so a failure is reproduced by its seed."""

from __future__ import annotations

import json
import random
import re
from urllib.parse import quote, urlencode, urlsplit

import pytest

from tests.handoff_helpers import WACHTWOORD, login, make_handoff, make_team, make_user
from web import invoer

SEED = 17
AANTAL = 1000
NEDERLANDS = re.compile(
    r"\b(je|jouw|de|het|een|niet|dit|deze|is|kan|kun|gebruik|typ|stuur|probeer|bestaat|klopt|"
    r"mag|wacht|bericht|gesprek|werkt)\b",
    re.IGNORECASE,
)
ENGELS = re.compile(
    r"The requested URL|Bad Request|Not Found|Method Not Allowed|Internal Server Error|"
    r"Forbidden|Request Entity Too Large|Too Many Requests"
)
RAAR = [
    "",
    " ",
    "\n",
    "\x00",
    "²",
    "٣",
    "𝟗",
    "-1",
    "0",
    "1.5",
    "1e9",
    "9223372036854775808",
    "9" * 5000,
    "%00",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "\u202e",
    "😀",
    "\ud800",
    "GM0164\n",
    "GM9999",
    "null",
    "[]",
    "{}",
]
ORIGINS = [None, "https://www.voorbeeld.nl", "https://evil.example", "null"]


def q(text: str, safe: str = "") -> str:
    """URL-encode anything, also half an emoji (as the invalid UTF-8 a broken client sends)."""
    return quote(text, safe=safe, errors="surrogatepass")


def formulier(data: dict) -> dict:
    return {
        "data": urlencode(data, errors="surrogatepass"),
        "content_type": "application/x-www-form-urlencoded",
    }


def zoek(data: dict) -> str:
    return urlencode(data, errors="surrogatepass")


class Generator:
    def __init__(self, seed: int, sessies: list[str]):
        self.r = random.Random(seed)
        self.sessies = sessies

    def tekst(self) -> str:
        r = self.r
        soort = r.randrange(9)
        if soort == 0:
            return r.choice(RAAR)
        if soort == 1:
            return "".join(chr(r.randrange(1, 0x2FFFF)) for _ in range(r.randrange(1, 40)))
        if soort == 2:
            return (
                "/"
                + r.choice(["crisis", "informeren", "bevestigen", "x", ""])
                + json.dumps(
                    {
                        r.choice(
                            ["rol", "leeftijd", "handoff_kanaal", "crisis_categorie"]
                        ): self.waarde(1)
                    }
                )
            )
        if soort == 3:
            return r.choice(["a", "hoi ", "[", "{"]) * r.randrange(900, 1200)
        if soort == 4:
            return r.choice(
                ["/praten_met_mens", "/crisis", '/informeren{"rol": "jongere"}', "/stop"]
            )
        return " ".join(
            r.choice(["hoi", "mijn", "zoon", "Kerkstraat", "12", "dood", "?"]) for _ in range(5)
        )

    def waarde(self, diepte: int = 0):
        r = self.r
        soort = r.randrange(8 if diepte < 8 else 5)
        if soort == 0:
            return self.tekst()
        if soort == 1:
            return r.choice([0, -1, 2**63, 2**70, 1.5, float("1e308")])
        if soort == 2:
            return r.choice([None, True, False])
        if soort == 3:
            return self.sessie()
        if soort == 4:
            return r.choice(RAAR)
        if soort == 5:
            return [self.waarde(diepte + 1) for _ in range(r.randrange(3))]
        return {self.tekst()[:10]: self.waarde(diepte + 1) for _ in range(r.randrange(3))}

    def sessie(self) -> str:
        r = self.r
        return r.choice(
            [
                r.choice(self.sessies),
                invoer.nieuwe_sessie("ander geheim"),
                "a" * r.randrange(20, 70),
                r.choice(self.sessies) + r.choice(["\n", "x", "%0a", "²"]),
                r.choice(RAAR),
            ]
        )

    def cursor(self) -> str:
        return str(self.r.choice([*RAAR, 0, 7, 2**63 - 1, 2**64, -5]))

    def chat_body(self) -> dict:
        r = self.r
        soort = r.randrange(6)
        if soort == 0:  # not JSON, or JSON of the wrong shape
            return {
                "data": r.choice([b"", b"hoi", b"{", b"\xff\xfe", b"[1,2]", b'"text"', b"null"])
            }
        if soort == 1:  # deep
            n = r.choice([6, 100, 1000, 20000])
            return {"data": ('{"text": "hoi", "x": ' + "[" * n + "]" * n + "}").encode()}
        if soort == 2:  # half an emoji, as JSON escape
            return {"data": b'{"text": "hoi \\ud800 daar"}'}
        body = {}
        for sleutel in ("text", "session", "gemeente", "extra"):
            if r.random() < 0.7:
                body[sleutel] = (
                    self.waarde()
                    if r.random() < 0.4
                    else {
                        "text": self.tekst(),
                        "session": self.sessie(),
                        "gemeente": r.choice(["GM9999", "GM0164", *RAAR]),
                        "extra": self.waarde(),
                    }[sleutel]
                )
        return {"json": body}


@pytest.fixture
def omgeving(app, settings, fake_rasa):
    app.config["RATELIMIT_ENABLED"] = False
    fake_rasa.replies = [{"text": "Hoi", "buttons": [{"title": "Ja", "payload": "/bevestigen"}]}]
    team = make_team(settings)
    make_user(settings, team)
    make_user(settings, team, email="beleid@voorbeeld.nl", rol="beleid")
    publiek = app.test_client()
    sessies = [publiek.post("/api/v1/chat", json={"text": "hoi"}).get_json()["session"]]
    ids = [make_handoff(settings, team, session=sessies[0]), make_handoff(settings, team)]
    medewerker, beleid = app.test_client(), app.test_client()
    login(medewerker)
    login(beleid, email="beleid@voorbeeld.nl")
    return {"publiek": publiek, "medewerker": medewerker, "beleid": beleid}, sessies, ids


def csrf_van(client) -> str:
    with client.session_transaction() as session:
        return session.get("csrf", "")


def verzoek(g: Generator, clients: dict, ids: list[int]):
    """One generated request: (client, method, path, keyword arguments)."""
    r = g.r
    sessie = q(g.sessie())
    doel = r.randrange(14)
    headers = {}
    origin = r.choice(ORIGINS)
    if origin:
        headers["Origin"] = origin
    if r.random() < 0.2:
        headers["X-Forwarded-For"] = r.choice(["1.2.3.4", "x", "1.2.3.4, 5.6.7.8", "\u00e9"])
    pub = clients["publiek"]
    if doel <= 3:
        body = g.chat_body()
        kw = (
            # ASCII JSON, so half an emoji goes out as the escape a broken client sends
            {"data": json.dumps(body["json"]), "content_type": "application/json"}
            if "json" in body
            else {
                "data": body["data"],
                "content_type": r.choice(["application/json", "text/plain", ""]),
            }
        )
        return pub, r.choice(["POST"] * 9 + ["PUT"]), "/api/v1/chat", {**kw, "headers": headers}
    if doel == 4:
        return (
            pub,
            "GET",
            f"/api/v1/chat/{sessie}/updates",
            {"query_string": zoek({"after": g.cursor()}), "headers": headers},
        )
    if doel == 5:
        return (
            pub,
            r.choice(["POST", "GET"]),
            f"/api/v1/chat/{sessie}/handoff/stop",
            {"headers": headers},
        )
    if doel == 6:
        return (
            pub,
            r.choice(["DELETE", "OPTIONS"]),
            f"/api/v1/chat/{sessie}",
            {"headers": {**headers, "Access-Control-Request-Method": "DELETE"}},
        )
    if doel == 7:
        pad = r.choice(
            ["/", "/widget.js", "/widget.css", "/healthz", "/api/v1/x", "/static/../x", "/%00"]
        )
        return pub, r.choice(["GET", "HEAD", "POST"]), pad, {"headers": headers}
    handoff = r.choice([*ids, 0, 2**63, 10**30, "٣", "x"])
    if doel == 8:
        return (
            clients["medewerker"],
            "GET",
            f"/inbox/{handoff}/berichten",
            {"query_string": zoek({"after": g.cursor()})},
        )
    if doel == 9:
        pad = r.choice(["/inbox/", f"/inbox/{handoff}", "/inbox/?lijst=" + q(g.tekst()[:50])])
        return r.choice([clients["medewerker"], clients["beleid"], pub]), "GET", pad, {}
    if doel == 10:
        actie = r.choice(
            ["oppakken", "antwoord", "notitie", "teruggebeld", "chat-beeindigen", "sluiten"]
        )
        client = clients["medewerker"]
        data = {
            "csrf_token": r.choice([csrf_van(client), "", "fout"]),
            "tekst": g.tekst(),
            "uitkomst": r.choice(["geholpen", "x", *RAAR]),
        }
        return client, "POST", f"/inbox/{handoff}/{actie}", formulier(data)
    if doel == 11:
        pad = r.choice(["/dashboard/", "/dashboard/export.csv"])
        qs = {
            k: r.choice([*RAAR, "2026-01-01", "2026-13-45", g.tekst()[:30]])
            for k in ("van", "tot", "gemeente")
            if r.random() < 0.7
        }
        return (
            r.choice([clients["beleid"], clients["medewerker"]]),
            "GET",
            pad,
            {"query_string": zoek(qs)},
        )
    # the login form with a random next, sometimes with the right password
    client = r.choice([pub, clients["medewerker"]])
    client.get("/inbox/login")
    data = {
        "csrf_token": r.choice([csrf_van(client), "x"]),
        "email": r.choice(["an@voorbeeld.nl", g.tekst()[:40]]),
        "password": r.choice([WACHTWOORD, g.tekst()[:40]]),
    }
    nxt = q(
        r.choice(["/%09/evil.example", "/\n/x", "//evil.example", "/inbox/", g.tekst()[:60]]),
        "/%",
    )
    return client, r.choice(["POST", "GET"]), f"/inbox/login?next={nxt}", formulier(data)


def test_a_thousand_generated_requests_never_give_a_5xx_and_errors_are_dutch(omgeving, fake_rasa):
    clients, sessies, ids = omgeving
    g = Generator(SEED, sessies)
    gezien = set()
    for nummer in range(AANTAL):
        client, method, path, kwargs = verzoek(g, clients, ids)
        voor = len(fake_rasa.received)
        response = client.open(path, method=method, **kwargs)
        waar = f"verzoek {nummer} (seed {SEED}): {method} {path[:120]!r} -> {response.status_code}"
        gezien.add(urlsplit(path).path.split("/")[1:3][0] if path != "/" else "/")
        assert response.status_code < 500, waar
        assert response.headers["X-Content-Type-Options"] == "nosniff", waar
        locatie = response.headers.get("Location")
        if locatie:
            assert not urlsplit(locatie).netloc or urlsplit(locatie).netloc == "localhost", waar
            assert not any(teken in locatie for teken in "\t\r\n\\"), waar
        if response.status_code < 400 or method == "HEAD":  # HEAD: headers without a body
            continue
        if urlsplit(path).path.startswith("/api/"):
            assert response.is_json, waar
            body = response.get_json()
            assert body["error"] and NEDERLANDS.search(body["message"]), waar
            if path == "/api/v1/chat" and response.status_code != 503:
                assert len(fake_rasa.received) == voor, waar  # bad input reaches nobody
        elif response.mimetype != "text/csv":
            assert not ENGELS.search(response.get_data(as_text=True)), waar
    assert gezien >= {"api", "inbox", "dashboard", "/", "widget.js", "healthz"}
