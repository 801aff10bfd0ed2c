"""End to end with the real Rasa, action server and web app: a parent in Gemeente Voorbeeld asks
for a person, answers the form through the public API, says yes, and a logged-in worker sees it."""

from __future__ import annotations

import os
import re

import pytest
import requests

from bot import users
from bot.beheer import onderhoud
from bot.config import load_settings
from bot.store import open_app_db as open_db
from tests.handoff_helpers import WACHTWOORD
from tests.product_helpers import start_product

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def product(trained_model, tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("var")
    # What a new environment does: the demo team exists, a worker account is added.
    os.environ["JEUGDWIJZER_DATA_DIR"] = str(data_dir)
    try:
        settings = load_settings()
        onderhoud.dagelijks(settings, echo=lambda _: None)
        db = open_db(settings.app_db)
        team = users.team_for_gemeente(db, "GM9999")
        users.add_user(db, team.id, "an@example.org", WACHTWOORD, naam="An")
    finally:
        del os.environ["JEUGDWIJZER_DATA_DIR"]
    with start_product(data_dir) as (_, url):
        yield url, team


def test_parent_hands_over_by_email_and_the_worker_sees_it_in_the_inbox(product):
    url, team = product
    session = None

    def say(text: str) -> str:
        nonlocal session
        body = {"text": text, "gemeente": "GM9999", **({"session": session} if session else {})}
        response = requests.post(f"{url}/api/v1/chat", json=body, timeout=30)
        assert response.status_code == 200, response.text
        session = response.json()["session"]
        return "\n".join(m["text"] for m in response.json()["messages"])

    assert "Waar gaat het over?" in say("/praten_met_mens")
    assert f"Hoe wil je contact met {team.naam}?" in say("Mijn zoon van 7 slaapt slecht")
    assert "Op welk e-mailadres" in say("E-mail")
    assert "Hoe mag het team je noemen?" in say("ouder@example.org")
    consent = say("Overslaan")
    assert f"Mag ik dit doorgeven aan {team.naam}?" in consent
    assert "ouder@example.org" in consent
    assert "Ik heb je vraag aan" in say("Ja, dat is goed")

    worker = requests.Session()
    page = worker.get(f"{url}/inbox/login", timeout=10).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    worker.post(
        f"{url}/inbox/login",
        data={"email": "an@example.org", "password": WACHTWOORD, "csrf_token": token},
        timeout=30,
    )
    lijst = worker.get(f"{url}/inbox/", timeout=10).text
    assert "Mijn zoon van 7 slaapt slecht" in lijst
    handoff_id = re.search(r'href="/inbox/(\d+)"', lijst).group(1)
    detail = worker.get(f"{url}/inbox/{handoff_id}", timeout=10).text
    assert "ouder@example.org" in detail
    assert "E-mail" in detail

    # After the handoff the bot answers again (the e-mail channel has no live chat).
    assert say("hallo")
