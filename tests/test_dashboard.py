"""The dashboard as policy staff use it: only for the role beleid, their own gemeenten, "<5" for
small counts, tables and CSV that say the same, and figures that match real conversations.

Conversations go through the public chat API. Rasa is stubbed at web.rasa_client.send: the
intent comes from the demo script (bot/kwaliteit/demo.py), and the real actions run on a real tracker.
"""

from __future__ import annotations

import asyncio
import csv
import io
from collections import Counter
from html.parser import HTMLParser

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.fallback import ActionNietBegrepen
from actions.referral import ActionVerwijzing
from bot import statistiek as stats
from bot import verwijzing
from bot.kwaliteit import demo
from bot.taal import herkenning
from bot.taal.yamlbestand import lees_yaml
from tests.conftest import ROOT
from tests.handoff_helpers import login, make_team, make_user

DOMAIN = lees_yaml(ROOT / "domain.yml")


class Tabellen(HTMLParser):
    """Every <table id=...> of a page as {id: [[cell, ...], ...]}, header rows included."""

    def __init__(self, html: str):
        super().__init__()
        self.tabellen: dict[str, list[list[str]]] = {}
        self._tabel = self._rij = self._cel = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._tabel = self.tabellen.setdefault(dict(attrs).get("id", ""), [])
        elif tag == "tr" and self._tabel is not None:
            self._rij = []
            self._tabel.append(self._rij)
        elif tag in ("td", "th") and self._rij is not None:
            self._cel = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cel is not None:
            self._rij.append("".join(self._cel).strip())
            self._cel = None
        elif tag == "table":
            self._tabel = self._rij = None

    def handle_data(self, data):
        if self._cel is not None:
            self._cel.append(data)


def rijen(html: str, tabel: str) -> dict[str, str]:
    """A two-column table of the page as {label: shown value}, without its header."""
    return {r[0]: r[1] for r in Tabellen(html).tabellen[tabel][1:] if len(r) == 2}


@pytest.fixture
def team(settings):
    return make_team(settings)


@pytest.fixture
def beleid(settings, team, client):
    make_user(settings, team, email="beleid@voorbeeld.nl", rol="beleid")
    login(client, email="beleid@voorbeeld.nl")
    return client


def schrijf(settings, event: str, aantal: int, **fields):
    for _ in range(aantal):
        stats.record_event(event, db_path=settings.app_db, **fields)


# ---------------------------------------------------------------- access


@pytest.mark.parametrize("path", ["/dashboard/", "/dashboard/export.csv"])
def test_visitors_without_login_are_sent_to_the_login_page(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert "/inbox/login" in response.headers["Location"]


@pytest.mark.parametrize("path", ["/dashboard/", "/dashboard/export.csv"])
def test_inbox_workers_without_the_beleid_role_are_refused(client, settings, team, path):
    make_user(settings, team, email="an@voorbeeld.nl", rol="medewerker")
    login(client, email="an@voorbeeld.nl")
    assert client.get(path).status_code == 403


def test_policy_staff_land_on_the_dashboard_after_login(client, settings, team):
    make_user(settings, team, email="beleid@voorbeeld.nl", rol="beleid")
    response = login(client, email="beleid@voorbeeld.nl")
    assert "/dashboard" in response.headers["Location"]
    page = client.get(response.headers["Location"], follow_redirects=True).get_data(as_text=True)
    assert "<h1>Sturingsinformatie</h1>" in page
    assert page.count('role="img"') == 7


# ---------------------------------------------------------------- what they see


def test_staff_see_only_their_own_teams_gemeenten(beleid, settings):
    schrijf(settings, "gesprek", 6, gemeente="GM9999")
    schrijf(settings, "gesprek", 8, gemeente="GM0164")
    page = beleid.get("/dashboard/").get_data(as_text=True)
    assert rijen(page, "tabel-kerncijfers")["Gesprekken"] == "6"
    assert 'value="GM0164"' not in page
    refused = beleid.get("/dashboard/?gemeente=GM0164")
    assert refused.status_code == 400
    assert "hoort niet bij uw team" in refused.get_data(as_text=True)
    assert beleid.get("/dashboard/export.csv?gemeente=GM0164").status_code == 400


def test_a_wrong_date_gets_a_dutch_message_and_the_form_again(beleid):
    response = beleid.get("/dashboard/?van=31-12-2026")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "jaar-maand-dag" in page and 'role="alert"' in page
    assert 'id="gemeente"' in page


def test_small_counts_show_as_less_than_five_in_tables_charts_and_csv(beleid, settings):
    schrijf(settings, "gesprek", 7, gemeente="GM9999")
    schrijf(
        settings, "verwijzing", 3, intent="zorg_pesten", verwijzing="lokaal_team", gemeente="GM9999"
    )
    schrijf(settings, "handoff", 2, handoff_status="gevraagd", gemeente="GM9999")
    page = beleid.get("/dashboard/").get_data(as_text=True)
    assert rijen(page, "tabel-verwijzingen")["Lokale team"] == "<5"
    assert rijen(page, "tabel-handoffs")["Gevraagd"] == "<5"
    cellen = {c for rows in Tabellen(page).tabellen.values() for r in rows for c in r}
    assert not {"1", "2", "3", "4"} & cellen
    for grafiek_id in ("grafiek-verwijzingen", "grafiek-handoffs", "grafiek-onderwerpen"):
        svg = page.split(f'<svg id="{grafiek_id}"')[1].split("</svg>")[0]
        assert ">3<" not in svg and ">2<" not in svg and "&lt;5" in svg
    export = beleid.get("/dashboard/export.csv").get_data(as_text=True)
    assert "verwijzingen;Lokale team;<5" in export
    assert "handoffs;Gevraagd;<5" in export


def test_the_csv_export_matches_the_tables_under_the_charts(beleid, settings):
    schrijf(settings, "gesprek", 12, gemeente="GM9999")
    schrijf(settings, "bericht", 30, gemeente="GM9999")
    schrijf(settings, "niet_begrepen", 6, gemeente="GM9999")
    schrijf(
        settings,
        "verwijzing",
        9,
        intent="opvoeden_slapen",
        verwijzing="voorliggend",
        rol="ouder",
        gemeente="GM9999",
    )
    schrijf(
        settings, "verwijzing", 2, intent="zorg_somber", verwijzing="lokaal_team", gemeente="GM9999"
    )
    schrijf(settings, "handoff", 5, handoff_status="gevraagd", gemeente="GM9999")
    query = "?gemeente=GM9999"
    page = beleid.get("/dashboard/" + query).get_data(as_text=True)
    response = beleid.get("/dashboard/export.csv" + query)
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    export = list(
        csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")), delimiter=";")
    )
    tabellen = Tabellen(page).tabellen
    for tabel_id, rows in tabellen.items():
        sleutel = tabel_id.removeprefix("tabel-")
        getoond = [r for r in rows[1:] if len(r) == 2]  # not the "Geen gegevens" line
        assert [r[1:] for r in export if r[0] == sleutel] == getoond, sleutel
    assert len(tabellen) == 8  # the key figures and seven charts
    assert 'href="/dashboard/export.csv?gemeente=GM9999' in page.replace("&amp;", "&")


def test_misunderstood_messages_are_listed_masked_and_escaped_only_when_kept(
    beleid, settings, monkeypatch
):
    monkeypatch.delenv(stats.BEWAAR_ENV, raising=False)
    stats.record_niet_begrepen(
        "mijn nummer is 0612345678", gemeente="GM9999", db_path=settings.app_db
    )
    page = beleid.get("/dashboard/").get_data(as_text=True)
    assert "tabel-niet-begrepen" not in page and "0612345678" not in page
    assert "JEUGDWIJZER_NIET_BEGREPEN_BEWAREN" in page

    monkeypatch.setenv(stats.BEWAAR_ENV, "1")
    stats.record_niet_begrepen(
        "<b>hoi</b> bel 06-12345678 of an@example.nl", gemeente="GM9999", db_path=settings.app_db
    )
    page = beleid.get("/dashboard/").get_data(as_text=True)
    [rij] = Tabellen(page).tabellen["tabel-niet-begrepen"][1:]
    assert rij[1] == "GM9999"
    assert "[telefoon]" in rij[2] and "[e-mail]" in rij[2]
    assert "12345678" not in page and "an@example.nl" not in page
    assert "<b>hoi</b>" not in page and "&lt;b&gt;hoi&lt;/b&gt;" in page


# ---------------------------------------------------------------- real conversations


class GespeeldeRasa:
    """Rasa at the HTTP boundary, replaced: the NLU result comes from the demo script (and the
    rule-based age and role recognition), the actions are the real ones on a real tracker."""

    def __init__(self):
        self.intents = {b.tekst: b.intent for g in demo.GESPREKKEN for b in g.beurten}
        self.slots: dict[str, dict] = {}
        self.events: dict[str, list] = {}

    def entities(self, text: str) -> list[dict]:
        gevonden = (("leeftijd", herkenning.leeftijd(text)), ("rol", herkenning.rol(text)))
        return [
            {"entity": naam, "value": v.value, "start": v.start, "end": v.end}
            for naam, v in gevonden
            if v
        ]

    def send(self, rasa_url, session, text, metadata, timeout):
        from web import rasa_client

        intent = self.intents.get(text, "nlu_fallback")
        latest = {
            "text": text,
            "intent": {"name": intent, "confidence": 1.0},
            "entities": self.entities(text),
            "metadata": metadata,
        }
        events = self.events.setdefault(session, [])
        events.append({"event": "user", "text": text, "parse_data": latest})
        slots = self.slots.setdefault(session, {naam: None for naam in DOMAIN["slots"]})
        if intent == "nlu_fallback":
            action = ActionNietBegrepen()
        elif intent in verwijzing.onderwerpen():
            action = ActionVerwijzing()
        else:
            return [{"text": "Hoi! Ik ben Jeugdwijzer, een computer.", "buttons": []}]
        tracker = Tracker(
            session, dict(slots), latest, list(events), False, None, {}, "action_listen"
        )
        dispatcher = CollectingDispatcher()
        for event in asyncio.run(action.run(dispatcher, tracker, DOMAIN)):
            if event.get("event") == "slot":
                slots[event["name"]] = event["value"]
        events.append({"event": "bot"})
        return [rasa_client.to_public_message(m) for m in dispatcher.messages]


@pytest.fixture
def gespeeld(monkeypatch):
    rasa = GespeeldeRasa()
    monkeypatch.setattr("web.rasa_client.send", rasa.send)
    return rasa


def test_every_conversation_through_the_api_is_counted_without_text_or_session(
    client, settings, gespeeld
):
    first = client.post("/api/v1/chat", json={"text": "Hallo", "gemeente": "GM9999"}).get_json()
    session = first["session"]
    client.post(
        "/api/v1/chat", json={"text": "fjdksl qwop", "session": session, "gemeente": "GM9999"}
    )
    client.post("/api/v1/chat", json={"text": "", "session": session})  # refused: not counted
    db = stats._open(settings.app_db)
    telling = Counter(r["event"] for r in db.query("SELECT event FROM gebeurtenissen"))
    assert telling == {"gesprek": 1, "bericht": 2, "niet_begrepen": 1}
    db.conn.execute("PRAGMA wal_checkpoint(FULL)")
    stored = settings.app_db.read_bytes()
    assert session.encode() not in stored and b"fjdksl" not in stored


def test_after_the_demo_conversations_the_dashboard_shows_them(beleid, settings, gespeeld):
    aantal = demo.speel(lambda body: beleid.post("/api/v1/chat", json=body).get_json())
    ons = [g for g in demo.GESPREKKEN if g.gemeente == demo.VOORBEELD]
    beurten = [b for g in ons for b in g.beurten]
    assert aantal == sum(len(g.beurten) for g in demo.GESPREKKEN)

    page = beleid.get("/dashboard/").get_data(as_text=True)
    kern = rijen(page, "tabel-kerncijfers")
    assert kern["Gesprekken"] == stats.toon(len(ons))
    assert kern["Berichten"] == stats.toon(len(beurten))
    niet_begrepen = sum(b.intent == "nlu_fallback" for b in beurten)
    assert kern["Niet begrepen berichten"] == stats.toon(niet_begrepen)

    labels = stats.onderwerp_labels()
    onderwerpen = Counter(b.intent for b in beurten if b.intent in verwijzing.onderwerpen())
    getoond = rijen(page, "tabel-onderwerpen")
    klein = sum(n for n in onderwerpen.values() if n < stats.DREMPEL)
    assert getoond.pop(stats.OVERIGE_ONDERWERPEN, "0") == stats.toon(klein)
    assert getoond == {labels[i]: str(n) for i, n in onderwerpen.items() if n >= stats.DREMPEL}
    soorten = Counter(
        verwijzing.VERWIJZING_PER_SOORT[verwijzing.onderwerpen()[i].soort]
        for i in onderwerpen.elements()
    )
    assert rijen(page, "tabel-verwijzingen") == {
        label: stats.toon(soorten[code]) for code, label in stats.VERWIJZINGEN.items()
    }
    rollen = Counter(
        (herkenning.rol(b.tekst).value if herkenning.rol(b.tekst) else "onbekend")
        for b in beurten
        if b.intent in onderwerpen
    )
    wie = rijen(page, "tabel-wie_vraagt")
    assert wie["Ouder"] == stats.toon(rollen["ouder"])
    assert wie["Jongere"] == stats.toon(rollen["jongere"])
    weken = rijen(page, "tabel-gesprekken_per_week")
    assert list(weken.values())[-1] == stats.toon(len(ons))


def test_jeugdwijzer_demo_plays_the_conversations_through_the_public_api(settings, gespeeld):
    import dataclasses

    from click.testing import CliRunner

    from bot.cli import cli
    from tests.browser_helpers import live_server
    from web import create_app

    app = create_app(dataclasses.replace(settings, rate_limit_per_minute=1000), TESTING=True)
    with live_server(app) as url:
        result = CliRunner().invoke(cli, ["demo", "--url", url])
    assert result.exit_code == 0, result.output
    assert f"{len(demo.GESPREKKEN)} demogesprekken" in result.output
    db = stats._open(settings.app_db)
    [[gesprekken]] = db.execute("SELECT COUNT(*) FROM gebeurtenissen WHERE event = 'gesprek'")
    assert gesprekken == len(demo.GESPREKKEN)


def test_jeugdwijzer_demo_says_what_to_do_when_nothing_runs(settings):
    from click.testing import CliRunner

    from bot.cli import cli
    from tests.conftest import free_port

    result = CliRunner().invoke(cli, ["demo", "--url", f"http://127.0.0.1:{free_port()}"])
    assert result.exit_code != 0
    assert "make run" in result.output
