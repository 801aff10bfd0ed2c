"""End to end: the scripted demo conversations through the real product (trained model, action
server, web app), then the dashboard and `jeugdwijzer stats` show them."""

from __future__ import annotations

import csv
import io

import pytest
from click.testing import CliRunner

from bot import statistiek as stats
from bot import users
from bot.cli import cli
from bot.config import load_settings
from bot.kwaliteit import demo
from bot.store import open_app_db as open_db
from tests.handoff_helpers import login
from tests.product_helpers import start_product
from tests.test_dashboard import rijen

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def gespeeld(trained_model, tmp_path_factory):
    """The product after the demo: its data directory."""
    data_dir = tmp_path_factory.mktemp("stats-var")
    # The demo plays more messages than one visitor may send a minute; that limit is tested elsewhere.
    env = {stats.BEWAAR_ENV: "1", "JEUGDWIJZER_RATE_LIMIT": "10000"}
    with start_product(data_dir, **env) as (_, url):
        demo.speel(demo.via_http(url))
    return data_dir


@pytest.fixture
def settings(gespeeld, monkeypatch):
    monkeypatch.setenv("JEUGDWIJZER_DATA_DIR", str(gespeeld))
    monkeypatch.setenv(stats.BEWAAR_ENV, "1")
    return load_settings()


def test_demo_conversations_show_on_the_dashboard_and_in_the_cli(settings):
    from web import create_app

    ons = [g for g in demo.GESPREKKEN if g.gemeente == demo.VOORBEELD]
    beurten = [b for g in ons for b in g.beurten]
    db = open_db(settings.app_db)
    team = users.team_for_gemeente(db, demo.VOORBEELD)
    users.add_user(db, team.id, "beleid@example.org", "een lang wachtwoord", rol="beleid")
    client = create_app(settings, TESTING=True).test_client()
    login(client, email="beleid@example.org")
    page = client.get(f"/dashboard/?gemeente={demo.VOORBEELD}").get_data(as_text=True)

    kern = rijen(page, "tabel-kerncijfers")
    assert kern["Gesprekken"] == stats.toon(len(ons))
    assert kern["Berichten"] == stats.toon(len(beurten))
    labels = stats.onderwerp_labels()
    onderwerpen = rijen(page, "tabel-onderwerpen")
    # The real model may misread a message or two; the actions' events must arrive.
    assert onderwerpen and set(onderwerpen) <= {*labels.values(), stats.OVERIGE_ONDERWERPEN}
    verwijzingen = rijen(page, "tabel-verwijzingen")
    assert verwijzingen["Voorliggend veld"] != "0"
    assert verwijzingen["Lokale team"] != "0"

    # Whatever the model did not understand is kept masked: the demo's phone number never shows.
    assert "12345678" not in page

    result = CliRunner().invoke(cli, ["stats", "--csv", "--gemeente", demo.VOORBEELD])
    assert result.exit_code == 0, result.output
    export = list(csv.reader(io.StringIO(result.output), delimiter=";"))
    assert [r[1:] for r in export if r[0] == "onderwerpen"] == [
        [k, v] for k, v in onderwerpen.items()
    ]
