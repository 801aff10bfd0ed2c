"""What the widget gets besides the chat: the gemeente's name, the retention, the privacy page."""

from __future__ import annotations

import dataclasses

import pytest


def test_widget_config_names_the_gemeente_from_the_kaart(client):
    body = client.get("/api/v1/widget-config?gemeente=GM0164").get_json()
    assert body["gemeente"] == {"code": "GM0164", "naam": "Gemeente Hengelo"}
    assert body["idle_hours"] == 3.0 and body["retention_days"] == 30
    # A name that already says "Gemeente" is not doubled.
    naam = client.get("/api/v1/widget-config?gemeente=GM9999").get_json()["gemeente"]["naam"]
    assert naam == "Gemeente Voorbeeld"


@pytest.mark.parametrize("code, status", [("GM0001", 200), ("Hengelo", 400), ("GM0164\n", 400)])
def test_widget_config_without_a_known_gemeente_has_no_name(client, code, status):
    response = client.get("/api/v1/widget-config", query_string={"gemeente": code})
    assert response.status_code == status
    if status == 200:
        assert response.get_json()["gemeente"] is None
    else:
        assert "GM0164" in response.get_json()["message"]
    assert client.get("/api/v1/widget-config").get_json()["gemeente"] is None


def test_privacy_page_says_what_the_server_does(settings):
    from web import create_app

    anders = dataclasses.replace(settings, idle_hours=2.0, retention_days=14)
    html = create_app(anders, TESTING=True).test_client().get("/privacy").get_data(as_text=True)
    assert "<strong>2 uur</strong>" in html
    assert "<strong>14 dagen</strong>" in html
    for kop in ["Wat bewaren we?", "Hoe lang?", "Wie ziet het?", "Hoe wis je het?"]:
        assert f"<h2>{kop}</h2>" in html
    assert "Wis gesprek" in html and "Snel weg" in html
    assert "Begrijpt de computer een bericht niet?" not in html  # only when that is switched on
    opt_in = dataclasses.replace(settings, niet_begrepen_bewaren=True)
    html = create_app(opt_in, TESTING=True).test_client().get("/privacy").get_data(as_text=True)
    assert "Begrijpt de computer een bericht niet?" in html
