"""Security headers on every page: a CSP without inline code, framing only where allowed,
nosniff, no referrer, and nothing of the inbox, the dashboard or the chat kept in a cache."""

from __future__ import annotations

import pytest

from tests.handoff_helpers import login, make_handoff, make_team, make_user

PUBLIEK = ["/", "/widget.js", "/widget.css", "/static/demo.css", "/healthz", "/bestaat-niet"]
API = [
    ("POST", "/api/v1/chat"),
    ("GET", "/api/v1/chat/" + "a" * 32 + "/updates?after=0"),
    ("DELETE", "/api/v1/chat/" + "a" * 32),
    ("GET", "/api/v1/bestaat-niet"),
]
STAFF = [
    "/inbox/login",
    "/inbox/",
    "/inbox/{id}",
    "/inbox/{id}/berichten",
    "/inbox/999999",
    "/dashboard/",
    "/dashboard/export.csv",
]


def csp(response) -> dict[str, str]:
    regels = [r.strip() for r in response.headers["Content-Security-Policy"].split(";")]
    return {r.split(" ", 1)[0]: r.partition(" ")[2] for r in regels if r}


def gemeenschappelijk(response):
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    beleid = csp(response)
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response.headers["Content-Security-Policy"]
    return beleid


@pytest.mark.parametrize("path", PUBLIEK)
def test_public_pages_may_be_framed_only_by_this_site_and_listed_gemeente_sites(settings, path):
    from web import create_app

    settings.allowed_origins = ["https://www.voorbeeld.nl/", "javascript:alert(1)", "x; y"]
    client = create_app(settings, TESTING=True).test_client()
    response = client.get(path)
    beleid = gemeenschappelijk(response)
    assert beleid["frame-ancestors"] == "'self' https://www.voorbeeld.nl"
    assert beleid["script-src"] == "'self'"
    assert beleid["object-src"] == "'none'"
    assert "no-store" not in response.headers.get("Cache-Control", "")


@pytest.mark.parametrize(("method", "path"), API)
def test_the_api_may_not_be_framed_and_is_never_cached(client, method, path):
    response = client.open(path, method=method, json={"text": "hoi"})
    beleid = gemeenschappelijk(response)
    assert beleid["default-src"] == "'none'"
    assert beleid["frame-ancestors"] == "'none'"
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("path", STAFF)
@pytest.mark.parametrize("rol", ["medewerker", "beleid"])
def test_staff_pages_are_never_cached_nor_framed(client, settings, path, rol):
    team = make_team(settings)
    make_user(settings, team, rol=rol)
    handoff_id = make_handoff(settings, team)
    login(client)
    response = client.get(path.format(id=handoff_id))
    assert response.status_code < 500
    beleid = gemeenschappelijk(response)
    assert beleid["frame-ancestors"] == "'none'"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cache-Control"] == "no-store"


def test_the_csv_export_is_never_cached(client, settings):
    team = make_team(settings)
    make_user(settings, team, rol="beleid")
    login(client)
    response = client.get("/dashboard/export.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("path", ["/", "/inbox/login"])
def test_pages_have_no_inline_script_or_style_that_the_csp_would_block(client, path):
    page = client.get(path).get_data(as_text=True)
    assert "<style" not in page
    assert " style=" not in page
    assert "<script>" not in page
    assert " onclick=" not in page
