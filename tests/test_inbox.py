"""The team inbox: a team sees and changes only its own handoffs, lists and actions work."""

from __future__ import annotations

import pytest

from tests.handoff_helpers import db, login, make_handoff, make_team, make_user, post_form

ACTIES = ["oppakken", "antwoord", "notitie", "teruggebeld", "chat-beeindigen", "sluiten"]


@pytest.fixture
def team_a(settings):
    return make_team(settings, "Wijkteam Voorbeeld", "GM9999")


@pytest.fixture
def team_b(settings):
    return make_team(settings, "Jeugdteam Hengelo", "GM0164")


@pytest.fixture
def worker_a(settings, team_a):
    return make_user(settings, team_a, "an@voorbeeld.nl")


@pytest.fixture
def worker_b(settings, team_b):
    return make_user(settings, team_b, "bo@hengelo.nl", naam="Bo")


def test_team_b_gets_404_on_team_a_handoff_on_every_route(client, settings, team_a, worker_b):
    handoff_id = make_handoff(settings, team_a, telefoon="0612345678", kanaal="terugbellen")
    login(client, "bo@hengelo.nl")
    for path in (f"/inbox/{handoff_id}", f"/inbox/{handoff_id}/berichten"):
        response = client.get(path)
        assert response.status_code == 404
        assert "0612345678" not in response.get_data(as_text=True)
    for actie in ACTIES:
        response = post_form(
            client, f"/inbox/{handoff_id}/{actie}", tekst="hoi", uitkomst="geholpen"
        )
        assert response.status_code == 404, actie
    row = db(settings)["handoffs"].get(handoff_id)
    assert row["status"] == "nieuw" and row["opgepakt_door"] is None
    for lijst in ("nieuw", "mijn", "terugbellen", "gesloten"):
        page = client.get(f"/inbox/?lijst={lijst}").get_data(as_text=True)
        assert "slaapt slecht" not in page and f"#{handoff_id}" not in page


def test_each_team_sees_its_own_new_requests(client, settings, team_a, team_b, worker_a):
    make_handoff(settings, team_a, onderwerp="Vraag voor Voorbeeld")
    make_handoff(settings, team_b, onderwerp="Vraag voor Hengelo", session="t" * 32)
    login(client)
    page = client.get("/inbox/").get_data(as_text=True)
    assert "Vraag voor Voorbeeld" in page
    assert "Vraag voor Hengelo" not in page


def test_crisis_signs_come_first_in_the_list(client, settings, team_a, worker_a):
    make_handoff(settings, team_a, onderwerp="Eerste vraag over school")
    make_handoff(settings, team_a, onderwerp="Later, maar crisis", crisis=True)
    login(client)
    page = client.get("/inbox/").get_data(as_text=True)
    assert page.index("Later, maar crisis") < page.index("Eerste vraag over school")
    assert "Crisissignalen" in page


def test_call_back_moves_through_the_lists(client, settings, team_a, worker_a):
    handoff_id = make_handoff(settings, team_a, kanaal="terugbellen", telefoon="0612345678")
    login(client)
    assert "0612345678" in client.get(f"/inbox/{handoff_id}").get_data(as_text=True)
    post_form(client, f"/inbox/{handoff_id}/oppakken")
    assert f"#{handoff_id}" in client.get("/inbox/?lijst=terugbellen").get_data(as_text=True)
    assert f"#{handoff_id}" in client.get("/inbox/?lijst=mijn").get_data(as_text=True)
    assert f"#{handoff_id}" not in client.get("/inbox/?lijst=nieuw").get_data(as_text=True)
    assert db(settings)["handoffs"].get(handoff_id)["waiting_since"]  # still waits for the call
    post_form(client, f"/inbox/{handoff_id}/teruggebeld")
    row = db(settings)["handoffs"].get(handoff_id)
    assert row["status"] == "opgepakt" and row["teruggebeld_op"]
    assert row["waiting_since"] is None
    assert f"#{handoff_id}" not in client.get("/inbox/?lijst=terugbellen").get_data(as_text=True)
    post_form(client, f"/inbox/{handoff_id}/sluiten", uitkomst="doorverwezen")
    page = client.get("/inbox/?lijst=gesloten").get_data(as_text=True)
    assert f"#{handoff_id}" in page and "Doorverwezen" in page


def test_a_request_cannot_be_claimed_twice(client, settings, team_a, worker_a):
    make_user(settings, team_a, "cas@voorbeeld.nl", naam="Cas")
    handoff_id = make_handoff(settings, team_a)
    login(client)
    post_form(client, f"/inbox/{handoff_id}/oppakken")
    post_form(client, "/inbox/logout")
    login(client, "cas@voorbeeld.nl")
    response = post_form(client, f"/inbox/{handoff_id}/oppakken")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Deze aanvraag is al opgepakt." in page
    assert db(settings)["handoffs"].get(handoff_id)["opgepakt_door"] == worker_a.id


def test_closing_needs_a_known_outcome(client, settings, team_a, worker_a):
    handoff_id = make_handoff(settings, team_a)
    login(client)
    response = post_form(client, f"/inbox/{handoff_id}/sluiten", uitkomst="weg")
    assert "Kies een uitkomst" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert db(settings)["handoffs"].get(handoff_id)["status"] == "nieuw"


def test_reply_only_in_a_live_chat_and_not_empty(client, settings, team_a, worker_a):
    handoff_id = make_handoff(settings, team_a, kanaal="email", email="ouder@voorbeeld.nl")
    login(client)
    post_form(client, f"/inbox/{handoff_id}/oppakken")
    response = post_form(client, f"/inbox/{handoff_id}/antwoord", tekst="Hallo")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "alleen antwoorden in een chat die nu loopt" in page
    chat_id = make_handoff(settings, team_a, session="c" * 32)
    post_form(client, f"/inbox/{chat_id}/oppakken")
    response = post_form(client, f"/inbox/{chat_id}/antwoord", tekst="   ")
    assert "Typ eerst een bericht." in client.get(response.headers["Location"]).get_data(
        as_text=True
    )
    vans = [b["van"] for b in db(settings)["handoff_berichten"].rows]
    assert "medewerker" not in vans


def test_script_in_a_message_is_shown_as_text_everywhere(client, settings, team_a, worker_a):
    script = "<script>alert('x')</script>"
    handoff_id = make_handoff(
        settings,
        team_a,
        onderwerp=script,
        naam=script,
        samenvatting={"onderwerpen": [script], "advies": [script]},
        transcript=[("burger", script, "2026-01-05T10:00:00+00:00")],
    )
    login(client)
    post_form(client, f"/inbox/{handoff_id}/notitie", tekst=script)
    for page in (client.get("/inbox/"), client.get(f"/inbox/{handoff_id}")):
        html = page.get_data(as_text=True)
        assert "<script>alert" not in html
        assert "&lt;script&gt;alert(" in html


def test_inbox_pages_need_the_medewerker_role_even_with_a_valid_session_of_beleid(
    client, settings, team_a
):
    make_user(settings, team_a, "beleid@voorbeeld.nl", rol="beleid")
    handoff_id = make_handoff(settings, team_a)
    login(client, "beleid@voorbeeld.nl")
    assert client.get(f"/inbox/{handoff_id}").status_code == 403
    assert post_form(client, f"/inbox/{handoff_id}/oppakken").status_code == 403


def test_audit_command_shows_who_viewed_claimed_and_closed(
    client, settings, team_a, worker_a, monkeypatch
):
    from click.testing import CliRunner

    from bot.cli import cli

    handoff_id = make_handoff(settings, team_a)
    login(client)
    client.get(f"/inbox/{handoff_id}")
    post_form(client, f"/inbox/{handoff_id}/oppakken")
    post_form(client, f"/inbox/{handoff_id}/sluiten", uitkomst="geholpen")
    monkeypatch.setenv("JEUGDWIJZER_DATA_DIR", str(settings.data_dir))
    result = CliRunner().invoke(cli, ["audit", "--aanvraag", str(handoff_id)])
    assert result.exit_code == 0, result.output
    regels = result.output.splitlines()
    assert [r.split("\t")[2] for r in regels] == ["sluiten (geholpen)", "oppakken", "bekijken"]
    assert all("an@voorbeeld.nl" in r for r in regels)


def test_the_bots_summary_is_plain_text_with_working_links(client, settings, team_a, worker_a):
    advies = [
        "**Tip:** lees [opvoeden.nl](https://www.opvoeden.nl) of bel [0800-0432](tel:08000432).",
        "Website: [opvoeden.nl](http",  # cut off by the old 400-character limit
        "Klik [hier](javascript:alert(1)).",
    ]
    handoff_id = make_handoff(
        settings,
        team_a,
        samenvatting={"onderwerpen": [], "advies": advies},
        transcript=[("bot", "Kijk op [de site](https://www.opvoeden.nl).", "2026-01-05T10:00:00")],
    )
    login(client)
    html = client.get(f"/inbox/{handoff_id}").get_data(as_text=True)
    assert '<a href="https://www.opvoeden.nl">opvoeden.nl</a>' in html
    assert '<a href="tel:08000432">0800-0432</a>' in html
    assert '<a href="https://www.opvoeden.nl">de site</a>' in html
    assert "<li>Website: opvoeden.nl</li>" in html
    assert "**" not in html and "](" not in html.replace("[hier](javascript", "")
    assert 'href="javascript' not in html


def test_a_long_bot_text_is_shortened_between_words_never_inside_a_link():
    from bot.overdracht.gesprek import samenvatting_uit_events

    text = "woord " * 62 + "Website: [opvoeden.nl](https://www.opvoeden.nl/een-lange-pagina)"
    samenvatting, _ = samenvatting_uit_events([{"event": "bot", "text": text}], {})
    kort = samenvatting["advies"][0]
    assert len(kort) <= 402 and kort.endswith("Website: …")


def test_the_list_part_refreshes_with_counts_and_needs_a_login(client, settings, team_a, worker_a):
    assert client.get("/inbox/lijst-deel").status_code in (302, 401)
    make_handoff(settings, team_a, onderwerp="Eerste vraag")
    login(client)
    assert "<title>(1 nieuw) Nieuw" in client.get("/inbox/").get_data(as_text=True)
    make_handoff(settings, team_a, onderwerp="Tweede vraag", session="t" * 32)
    deel = client.get("/inbox/lijst-deel?lijst=nieuw").get_data(as_text=True)
    assert deel.lstrip().startswith('<div id="lijst-inhoud" data-nieuw="2">')
    assert "Tweede vraag" in deel and "<html" not in deel
    assert client.get("/inbox/lijst-deel?lijst=alles").status_code == 404
