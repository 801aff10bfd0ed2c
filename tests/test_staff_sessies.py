"""Staff sessions live on the server: logout, a new password and a switched-off or removed account
end them at once, also for a copied cookie. The login page tells nobody which accounts exist."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from bot import users
from bot.cli import cli
from tests.handoff_helpers import (
    WACHTWOORD,
    csrf,
    db,
    login,
    make_handoff,
    make_team,
    make_user,
    post_form,
)

MISLUKT = "Het e-mailadres of het wachtwoord klopt niet."


@pytest.fixture
def team(settings):
    return make_team(settings)


@pytest.fixture
def worker(settings, team):
    return make_user(settings, team)


@pytest.fixture
def cli_env(settings, monkeypatch):
    monkeypatch.setenv("JEUGDWIJZER_DATA_DIR", str(settings.data_dir))
    return CliRunner()


def ingelogd(app) -> tuple:
    client = app.test_client()
    assert login(client).status_code == 302
    return client, client.get_cookie("session").value


def met_cookie(app, cookie: str):
    client = app.test_client()
    client.set_cookie("session", cookie)
    return client


def test_an_old_cookie_is_refused_after_logout(app, worker):
    client, cookie = ingelogd(app)
    assert met_cookie(app, cookie).get("/inbox/").status_code == 200
    post_form(client, "/inbox/logout")
    response = met_cookie(app, cookie).get("/inbox/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/inbox/login")


def test_a_new_password_logs_out_every_browser(app, settings, worker, cli_env):
    client, cookie = ingelogd(app)
    result = cli_env.invoke(
        cli,
        ["users", "wachtwoord", "--email", worker.email],
        env={"JEUGDWIJZER_NEW_PASSWORD": "een ander lang wachtwoord"},
    )
    assert result.exit_code == 0, result.output
    assert client.get("/inbox/").status_code == 302
    assert met_cookie(app, cookie).get("/inbox/").status_code == 302


def test_a_disabled_account_is_logged_out_and_cannot_log_in_until_enabled(
    app, settings, worker, cli_env
):
    client, _ = ingelogd(app)
    result = cli_env.invoke(cli, ["users", "disable", "--email", worker.email])
    assert result.exit_code == 0, result.output
    assert "uitgelogd" in result.output
    assert client.get("/inbox/").status_code == 302
    response = login(app.test_client())
    assert response.status_code == 401
    assert MISLUKT in response.get_data(as_text=True)
    assert "uitgeschakeld" in cli_env.invoke(cli, ["users", "list"]).output

    assert cli_env.invoke(cli, ["users", "enable", "--email", worker.email]).exit_code == 0
    assert login(app.test_client()).status_code == 302


def test_a_removed_account_is_logged_out_and_its_open_handoffs_go_back_to_the_team(
    app, settings, team, worker, cli_env
):
    handoff_id = make_handoff(settings, team)
    client, _ = ingelogd(app)
    post_form(client, f"/inbox/{handoff_id}/oppakken")
    assert db(settings)["handoffs"].get(handoff_id)["status"] == "live"

    result = cli_env.invoke(cli, ["users", "remove", "--email", worker.email, "--ja"])
    assert result.exit_code == 0, result.output
    assert "1 open aanvragen staan weer bij Nieuw" in result.output
    assert client.get("/inbox/").status_code == 302
    assert users.get_user_by_email(db(settings), worker.email) is None
    row = db(settings)["handoffs"].get(handoff_id)
    assert (row["status"], row["opgepakt_door"]) == ("nieuw", None)
    acties = [regel["actie"] for regel in db(settings)["audit"].rows]
    assert "account_verwijderd" in acties
    bewaard = db(settings)["users"].get(worker.id)
    assert worker.email not in str(dict(bewaard)) and "An" not in str(dict(bewaard))
    assert worker.email not in cli_env.invoke(cli, ["users", "list"]).output

    collega = make_user(settings, team, email="bo@voorbeeld.nl", naam="Bo")
    assert collega.id != worker.id
    other = app.test_client()
    login(other, email="bo@voorbeeld.nl")
    assert "Mijn zoon slaapt slecht" in other.get("/inbox/").get_data(as_text=True)


def test_removing_asks_first_and_an_unknown_account_gets_a_dutch_message(worker, cli_env):
    result = cli_env.invoke(cli, ["users", "remove", "--email", worker.email], input="n\n")
    assert result.exit_code != 0
    result = cli_env.invoke(cli, ["users", "remove", "--email", "niemand@voorbeeld.nl", "--ja"])
    assert result.exit_code != 0
    assert "Er is geen account voor niemand@voorbeeld.nl" in result.output
    result = cli_env.invoke(cli, ["users", "disable", "--email", "niemand@voorbeeld.nl"])
    assert "jeugdwijzer users list" in result.output


@pytest.mark.parametrize("command", ["remove", "disable", "enable"])
def test_every_new_users_command_has_help_with_an_example(cli_env, command):
    result = cli_env.invoke(cli, ["users", command, "--help"])
    assert result.exit_code == 0
    assert f"jeugdwijzer users {command} --email" in result.output


def test_a_locked_account_gets_the_same_answer_as_a_missing_one(app, worker):
    antwoorden = {}
    for email in (worker.email, "niemand@voorbeeld.nl"):
        client = app.test_client()
        for _ in range(6):
            response = login(client, email=email, password="fout wachtwoord")
        antwoorden[email] = (response.status_code, response.get_data(as_text=True))
    bestaand, ontbrekend = antwoorden.values()
    assert bestaand[0] == ontbrekend[0] == 401
    assert MISLUKT in bestaand[1] and MISLUKT in ontbrekend[1]

    def zonder_token(page):
        return re.sub(r'value="[^"]*"', "", page)

    assert zonder_token(bestaand[1]) == zonder_token(ontbrekend[1])


@pytest.mark.parametrize(
    "next_",
    [
        "/%09/evil.example/phish",
        "/%0a/x",
        "/%0d%0aSet-Cookie:%20x=1",
        "//evil.example/",
        "/%5c/evil.example",
        "/\\evil.example",
        "https://evil.example/",
        "/%2F/evil.example",
        "javascript:alert(1)",
    ],
)
def test_login_never_sends_staff_to_another_site(client, worker, next_):
    token = csrf(client)
    response = client.post(
        f"/inbox/login?next={next_}",
        data={"email": worker.email, "password": WACHTWOORD, "csrf_token": token},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/inbox/"


def test_login_returns_to_the_page_that_asked_for_it(client, worker):
    response = client.get("/inbox/?lijst=gesloten")
    assert response.status_code == 302
    token = csrf(client)
    response = client.post(
        "/inbox/login?next=/inbox/%3Flijst%3Dgesloten",
        data={"email": worker.email, "password": WACHTWOORD, "csrf_token": token},
    )
    assert response.headers["Location"] == "/inbox/?lijst=gesloten"
