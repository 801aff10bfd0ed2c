"""Staff login: who gets into the inbox, and who does not."""

from __future__ import annotations

from datetime import timedelta

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

INBOX_GET = ["/inbox/", "/inbox/?lijst=gesloten", "/inbox/{id}", "/inbox/{id}/berichten"]
INBOX_POST = [
    "/inbox/{id}/oppakken",
    "/inbox/{id}/antwoord",
    "/inbox/{id}/notitie",
    "/inbox/{id}/teruggebeld",
    "/inbox/{id}/chat-beeindigen",
    "/inbox/{id}/sluiten",
]


@pytest.fixture
def team(settings):
    return make_team(settings)


@pytest.fixture
def worker(settings, team):
    return make_user(settings, team)


@pytest.mark.parametrize("path", INBOX_GET)
def test_every_inbox_page_sends_visitors_without_login_to_the_login_page(
    client, settings, team, path
):
    handoff_id = make_handoff(settings, team)
    response = client.get(path.format(id=handoff_id))
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/inbox/login")


@pytest.mark.parametrize("path", INBOX_POST)
def test_every_inbox_action_without_login_changes_nothing(client, settings, team, path):
    handoff_id = make_handoff(settings, team)
    response = post_form(client, path.format(id=handoff_id), tekst="hoi", uitkomst="geholpen")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/inbox/login")
    row = db(settings)["handoffs"].get(handoff_id)
    assert row["status"] == "nieuw"
    assert [b["van"] for b in db(settings)["handoff_berichten"].rows] == ["burger"]


def test_worker_logs_in_and_sees_the_inbox(client, worker):
    response = login(client)
    assert response.status_code == 302
    page = client.get("/inbox/").get_data(as_text=True)
    assert "Aanvragen" in page
    assert "an@voorbeeld.nl" in page


def test_wrong_password_is_refused_with_a_dutch_message(client, worker):
    response = login(client, password="fout wachtwoord")
    assert response.status_code == 401
    assert "Het e-mailadres of het wachtwoord klopt niet." in response.get_data(as_text=True)
    assert client.get("/inbox/").status_code == 302


def test_unknown_email_gets_the_same_message_as_a_wrong_password(client, worker):
    response = login(client, email="niemand@voorbeeld.nl")
    assert response.status_code == 401
    assert "Het e-mailadres of het wachtwoord klopt niet." in response.get_data(as_text=True)


def test_five_wrong_passwords_lock_the_account_for_fifteen_minutes(client, settings, worker):
    for _ in range(5):
        login(client, password="fout wachtwoord")
    response = login(client)  # the right password, but too late
    assert response.status_code == 401
    assert "15 minuten niet inloggen" in response.get_data(as_text=True)
    assert client.get("/inbox/").status_code == 302

    later = users.utcnow() + timedelta(minutes=15, seconds=1)
    assert users.authenticate(db(settings), worker.email, WACHTWOORD, now=later) == worker


def test_four_wrong_passwords_then_the_right_one_logs_in_and_resets_the_count(
    client, settings, worker
):
    for _ in range(4):
        login(client, password="fout wachtwoord")
    assert login(client).status_code == 302
    assert db(settings)["users"].get(worker.id)["mislukt"] == 0


def test_login_form_without_csrf_token_is_refused(client, worker):
    client.get("/inbox/login")
    response = client.post("/inbox/login", data={"email": worker.email, "password": WACHTWOORD})
    assert response.status_code == 400
    assert "Laad de pagina opnieuw" in response.get_data(as_text=True)
    assert client.get("/inbox/").status_code == 302


def test_action_with_a_wrong_csrf_token_changes_nothing(client, settings, team, worker):
    handoff_id = make_handoff(settings, team)
    login(client)
    response = client.post(f"/inbox/{handoff_id}/oppakken", data={"csrf_token": "verkeerd"})
    assert response.status_code == 400
    assert db(settings)["handoffs"].get(handoff_id)["status"] == "nieuw"


def test_session_cookie_is_httponly_and_samesite_lax(client, worker):
    response = login(client)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie


def test_session_cookie_is_secure_behind_tls(settings, worker):
    from web import create_app

    settings.secure_cookies = True
    client = create_app(settings, TESTING=True).test_client()
    response = login(client)
    assert "Secure" in response.headers["Set-Cookie"]


def test_logout_ends_the_session(client, worker):
    login(client)
    response = post_form(client, "/inbox/logout")
    assert response.status_code == 302
    assert client.get("/inbox/").status_code == 302


def test_login_never_redirects_to_another_site(client, worker):
    token = csrf(client)
    response = client.post(
        "/inbox/login?next=//evil.example/",
        data={"email": worker.email, "password": WACHTWOORD, "csrf_token": token},
    )
    assert response.headers["Location"] == "/inbox/"


def test_policy_role_cannot_open_the_inbox(client, settings, team):
    make_user(settings, team, email="beleid@voorbeeld.nl", rol="beleid")
    login(client, email="beleid@voorbeeld.nl")
    response = client.get("/inbox/")
    assert response.status_code == 403
    assert "Je mag deze pagina niet zien." in response.get_data(as_text=True)


def test_login_required_decorator_protects_another_blueprint_by_role(settings, team):
    """The dashboard uses the decorator like this."""
    from flask import Blueprint

    from web import create_app
    from web.auth import current_user, login_required

    bp = Blueprint("probe", __name__)

    @bp.get("/probe")
    @login_required(role="beleid")
    def probe():
        return f"team {current_user().team_id}"

    app = create_app(settings, TESTING=True)
    app.register_blueprint(bp)
    client = app.test_client()
    assert client.get("/probe").status_code == 302
    make_user(settings, team, email="beleid@voorbeeld.nl", rol="beleid")
    make_user(settings, team, email="an@voorbeeld.nl")
    login(client, email="an@voorbeeld.nl")
    assert client.get("/probe").status_code == 403
    post_form(client, "/inbox/logout")
    login(client, email="beleid@voorbeeld.nl")
    assert client.get("/probe").get_data(as_text=True) == f"team {team.id}"


def test_cli_creates_team_and_user_with_the_password_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("JEUGDWIJZER_DATA_DIR", str(tmp_path / "var"))
    runner = CliRunner()
    result = runner.invoke(
        cli, ["teams", "add", "--naam", "Wijkteam Voorbeeld", "--gemeente", "GM9999"]
    )
    assert result.exit_code == 0, result.output
    result = runner.invoke(
        cli,
        ["users", "add", "--team", "Wijkteam Voorbeeld", "--email", "an@voorbeeld.nl"],
        env={"JEUGDWIJZER_NEW_PASSWORD": WACHTWOORD},
    )
    assert result.exit_code == 0, result.output
    assert WACHTWOORD not in result.output
    from bot.config import load_settings

    user = users.authenticate(db(load_settings()), "an@voorbeeld.nl", WACHTWOORD)
    assert user is not None and user.rol == "medewerker"
    stored = db(load_settings())["users"].get(user.id)["password_hash"]
    assert stored.startswith("$argon2") and WACHTWOORD not in stored


def test_cli_asks_for_the_password_when_it_is_not_in_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("JEUGDWIJZER_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.delenv("JEUGDWIJZER_NEW_PASSWORD", raising=False)
    runner = CliRunner()
    runner.invoke(cli, ["teams", "add", "--naam", "T", "--gemeente", "GM9999"])
    result = runner.invoke(
        cli,
        ["users", "add", "--team", "T", "--email", "an@voorbeeld.nl"],
        input=f"{WACHTWOORD}\n{WACHTWOORD}\n",
    )
    assert result.exit_code == 0, result.output
    assert "Wachtwoord" in result.output


def test_cli_refuses_an_unknown_team_and_a_short_password(tmp_path, monkeypatch):
    monkeypatch.setenv("JEUGDWIJZER_DATA_DIR", str(tmp_path / "var"))
    runner = CliRunner()
    result = runner.invoke(
        cli,
        ["users", "add", "--team", "Bestaat niet", "--email", "an@voorbeeld.nl"],
        env={"JEUGDWIJZER_NEW_PASSWORD": WACHTWOORD},
    )
    assert result.exit_code != 0
    assert "jeugdwijzer teams list" in result.output
    runner.invoke(cli, ["teams", "add", "--naam", "T", "--gemeente", "GM9999"])
    result = runner.invoke(
        cli,
        ["users", "add", "--team", "T", "--email", "an@voorbeeld.nl"],
        env={"JEUGDWIJZER_NEW_PASSWORD": "kort"},
    )
    assert result.exit_code != 0
    assert "minstens 12 tekens" in result.output


def test_one_address_cannot_try_passwords_on_many_accounts(client, worker):
    for nummer in range(20):
        login(client, email=f"gok{nummer}@voorbeeld.nl", password="raden")
    response = login(client)  # even the right password waits now
    assert response.status_code == 429
    assert "Te veel pogingen vanaf dit adres" in response.get_data(as_text=True)


def test_cli_sets_a_new_password_and_lifts_the_lock(client, settings, worker, monkeypatch):
    monkeypatch.setenv("JEUGDWIJZER_DATA_DIR", str(settings.data_dir))
    for _ in range(5):
        login(client, password="fout wachtwoord")
    runner = CliRunner()
    assert "geblokkeerd tot" in runner.invoke(cli, ["users", "list"]).output
    nieuw = "een ander lang wachtwoord"
    result = runner.invoke(
        cli,
        ["users", "wachtwoord", "--email", worker.email],
        env={"JEUGDWIJZER_NEW_PASSWORD": nieuw},
    )
    assert result.exit_code == 0, result.output
    assert login(client, password=nieuw).status_code == 302
