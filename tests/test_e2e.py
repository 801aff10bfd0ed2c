"""End to end: train (or reuse) the model, start the three real processes, chat, stop."""

from __future__ import annotations

import signal

import pytest
import requests

from tests.product_helpers import start_product

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def running_product(trained_model, tmp_path_factory):
    with start_product(tmp_path_factory.mktemp("var")) as started:
        yield started


def test_hallo_through_the_public_api_gets_a_dutch_greeting(running_product):
    _, url = running_product
    response = requests.post(f"{url}/api/v1/chat", json={"text": "hallo"}, timeout=30)
    assert response.status_code == 200
    body = response.json()
    text = " ".join(m["text"] for m in body["messages"])
    assert "Hoi" in text and "computer" in text
    follow_up = requests.post(
        f"{url}/api/v1/chat", json={"text": "wat kun je", "session": body["session"]}, timeout=30
    )
    assert "computer" in " ".join(m["text"] for m in follow_up.json()["messages"])


def test_child_reporting_abuse_gets_veilig_thuis_first_through_the_real_processes(running_product):
    _, url = running_product
    body = requests.post(f"{url}/api/v1/chat", json={"text": "mn pa slaat me"}, timeout=30).json()
    eerste = body["messages"][0]["text"]
    assert "(tel:08002000)" in eerste.split("\n")[1]  # Veilig Thuis right after one calm sentence
    payloads = [b["payload"] for m in body["messages"] for b in m.get("buttons", [])]
    assert "/praten_met_mens" in payloads
    erased = requests.delete(f"{url}/api/v1/chat/{body['session']}", timeout=30)
    assert erased.status_code == 204


def test_healthz_reports_all_three_up(running_product):
    _, url = running_product
    assert requests.get(f"{url}/healthz", timeout=10).json()["status"] == "ok"


def _chat(url: str, text: str, session: str | None = None, gemeente: str | None = None):
    body = {"text": text, **({"session": session} if session else {})}
    if gemeente:
        body["gemeente"] = gemeente
    response = requests.post(f"{url}/api/v1/chat", json=body, timeout=30)
    assert response.status_code == 200, response.text
    data = response.json()
    return data["session"], " ".join(m["text"] for m in data["messages"]), data["messages"]


def test_parent_clicks_through_to_the_consultatiebureau_and_then_the_lokale_team(running_product):
    _, url = running_product
    session, text, messages = _chat(url, "/opvoeden_slapen", gemeente="GM9999")
    assert "Hoe oud" in text
    age_buttons = [b["payload"] for m in messages for b in m.get("buttons") or []]
    _, text, _ = _chat(url, age_buttons[0], session, gemeente="GM9999")
    assert "consultatiebureau" in text
    _, text, _ = _chat(url, "/bevestigen", session, gemeente="GM9999")
    assert "Jeugd- en gezinsteam Voorbeeld" in text


def test_a_real_question_about_tantrums_in_hengelo_names_the_jeugdarts(running_product):
    _, url = running_product
    _, text, _ = _chat(url, "mijn zoon van 9 heeft steeds woedeaanvallen", gemeente="GM0164")
    assert "jeugdarts" in text
    # The help that serves Hengelo: its own team, or the regional youth health care (GGD Twente).
    assert "Hengelo" in text or "GGD Twente" in text


def test_ctrl_c_stops_all_three_cleanly(running_product):
    proc, url = running_product
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=60) == 0
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{url}/healthz", timeout=2)
