"""Fault injection on the real product (`jeugdwijzer run`): kill -9 each process again and
again, also while a citizen confirms a handoff, freeze each process (kill -STOP), and check what a
citizen and a team notice.

- within 10 s of every kill the chat answers (a real answer, or the error answer with all
  emergency numbers), and the widget and the emergency numbers are served while a part is down;
- /healthz names the part that is down; the assistant answers normally again after the restart;
- no handoff is confirmed without being stored, none is stored without the citizen learning it,
  and the team's system receives every stored one;
- with Rasa or the action server frozen and 30 citizens waiting, the inbox and the widget are
  served, and every citizen gets an answer within 10 s; a frozen web app is replaced;
- after DELETE and purge no database file holds the citizen's phone number or name.

JEUGDWIJZER_STORING_KEREN sets how often each process is killed (default 10, as issue 17 asks);
JEUGDWIJZER_STORING_OVERDRACHTEN how many handoffs are interrupted (default 6).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests

from bot import users
from bot.beheer import onderhoud, runner
from bot.config import load_settings
from bot.store import open_app_db
from tests.bewaren_helpers import bestanden_met
from tests.conftest import ROOT, free_port
from tests.product_helpers import start_product

pytestmark = pytest.mark.slow

# 10 kills of each process, as issue 17 asks: about 4 minutes for the whole file on 2 quiet
# cores (Rasa needs 11-15 s to load its model again, up to 40 s on a busy machine); a busy CI
# can lower it with JEUGDWIJZER_STORING_KEREN=3.
KEREN = int(os.environ.get("JEUGDWIJZER_STORING_KEREN", "10"))
OVERDRACHTEN = int(os.environ.get("JEUGDWIJZER_STORING_OVERDRACHTEN", "6"))
HANGT = 10  # seconds without an answer before the runner replaces a frozen process (default 30)
NOODNUMMERS = ("112", "0800-0113", "0800-2000", "0800-0432")
BEVESTIGING = "Ik heb je vraag aan"
TIJDEN: dict[str, list[float]] = {}  # seconds until a real answer after each kill, for the log
UITKOMSTEN: list[str] = []  # per interrupted handoff: what the citizen saw, for the log


class Webhook:
    """The team's own system: records the handoff numbers it is told about."""

    def __init__(self):
        self.ids: list[int] = []
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                hook.ids.append(
                    json.loads(self.rfile.read(int(self.headers["Content-Length"])))["id"]
                )
                self.send_response(204)
                self.end_headers()

        self.port = free_port()
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()


@pytest.fixture(scope="module")
def product(trained_model, tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("var")
    webhook = Webhook()
    os.environ["JEUGDWIJZER_DATA_DIR"] = str(data_dir)
    try:
        settings = load_settings()
        onderhoud.dagelijks(settings, echo=lambda _: None)  # the demo team, as `run` makes it
        db = open_app_db(settings.app_db)
        with db.conn:
            db.conn.execute(
                "UPDATE teams SET webhook_url = ?, webhook_secret = 'geheim'",
                [f"http://127.0.0.1:{webhook.port}/hook"],
            )
        team = users.team_for_gemeente(db, "GM9999")
    finally:
        del os.environ["JEUGDWIJZER_DATA_DIR"]
    env = {
        "JEUGDWIJZER_ONDERHOUD_SECONDEN": "2",
        "JEUGDWIJZER_RATE_LIMIT": "100000",
        "JEUGDWIJZER_HANGT_SECONDEN": str(HANGT),
    }
    with start_product(data_dir, **env) as (proc, url):
        yield proc, url, data_dir, webhook, team
    webhook.server.shutdown()
    webhook.server.server_close()
    print("\nSeconden tot een echt antwoord na kill -9:", json.dumps(TIJDEN))
    print("Onderbroken overdrachten:", json.dumps(UITKOMSTEN))
    log = (data_dir / "product.log").read_text(errors="replace")
    print("Door de webapp bevestigd (antwoord van de actie verloren):", log.count("door de webapp"))


def kinderen(runner_pid: int) -> dict[str, int]:
    """The runner's children by part: actieserver, web, and the Rasa servers by port (rasa,
    rasa-2, ...)."""
    gevonden, rasa = {}, {}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            ppid = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
            cmd = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, IndexError, ValueError):
            continue
        if ppid != runner_pid:
            continue
        if "run actions" in cmd:
            gevonden["actieserver"] = int(proc.name)
        elif "rasa run" in cmd:
            rasa[int(cmd.split("--port ")[1].split()[0])] = int(proc.name)
        elif "web.serve" in cmd:
            gevonden["web"] = int(proc.name)
    for nummer, port in enumerate(sorted(rasa)):
        gevonden["rasa" if nummer == 0 else f"rasa-{nummer + 1}"] = rasa[port]
    return gevonden


def chat(url: str, text: str, session: str | None = None, timeout: float = 12):
    body = {"text": text, "gemeente": "GM9999", **({"session": session} if session else {})}
    return requests.post(f"{url}/api/v1/chat", json=body, timeout=timeout)


def teksten(response) -> str:
    return "\n".join(m["text"] for m in response.json().get("messages", []))


def antwoordt(url: str) -> requests.Response | None:
    """The chat's answer, or None while nothing answers (the web process itself is down)."""
    try:
        return chat(url, "mijn dochter van 6 slaapt slecht")
    except requests.RequestException:
        return None


def wacht_tot_gezond(url: str, binnen: float = 120) -> None:
    """Until every part answers its health check: one fault at a time (a kill while the part
    killed before still loads its model would be two faults at once)."""
    einde = time.monotonic() + binnen
    while time.monotonic() < einde:
        with contextlib.suppress(requests.RequestException):
            if requests.get(f"{url}/healthz", timeout=5).status_code == 200:
                return
        time.sleep(0.3)
    raise AssertionError(f"Na {binnen} s is nog niet alles gezond")


def wacht_tot_alles_werkt(url: str, binnen: float = 120) -> float:
    begin = time.monotonic()
    while time.monotonic() - begin < binnen:
        response = antwoordt(url)
        if response is not None and response.status_code == 200 and teksten(response):
            return time.monotonic() - begin
        time.sleep(0.3)
    raise AssertionError(f"Na {binnen} s nog geen echt antwoord")


@pytest.mark.parametrize("deel", ["actieserver", "rasa", "web"])
def test_each_process_killed_again_and_again_comes_back_and_the_chat_keeps_answering(product, deel):
    proc, url, *_ = product
    wacht_tot_alles_werkt(url)
    TIJDEN[deel] = []
    for _ in range(KEREN):
        wacht_tot_gezond(url)
        os.kill(kinderen(proc.pid)[deel], signal.SIGKILL)
        gedood = time.monotonic()
        if deel != "web":  # the web app keeps serving while Rasa or the action server is down
            health = requests.get(f"{url}/healthz", timeout=10)
            assert health.status_code == 503
            assert {"rasa": "rasa", "actieserver": "actions"}[deel] in health.json()["down"]
            assert requests.get(f"{url}/widget.js", timeout=5).status_code == 200
        response = None
        while response is None and time.monotonic() - gedood < 10:
            response = antwoordt(url)
        assert response is not None, f"{deel}: 10 s na de kill nog geen antwoord"
        assert time.monotonic() - gedood <= 10
        if response.status_code != 200:
            assert response.status_code == 503
            for nummer in NOODNUMMERS:
                assert nummer in teksten(response)
        TIJDEN[deel].append(round(time.monotonic() - gedood + wacht_tot_alles_werkt(url), 1))
        # Let the runner see it healthy (it checks a starting child every CONTROLE_START s): a
        # child killed before that counts as a crash loop and gets a growing pause, by design.
        wacht_tot_gezond(url)
        time.sleep(runner.CONTROLE_START * 4)
    assert proc.poll() is None  # the runner itself never gave up


def burger(url: str) -> tuple[requests.Response | None, float]:
    """One citizen's first message: the answer (None when none came) and how long it took."""
    begin = time.monotonic()
    try:
        return chat(url, "mijn zoon van 9 wordt gepest", timeout=15), time.monotonic() - begin
    except requests.RequestException:
        return None, time.monotonic() - begin


@pytest.mark.parametrize("deel", ["rasa", "actieserver"])
def test_a_frozen_part_never_blocks_staff_and_every_citizen_gets_an_answer_in_time(product, deel):
    """kill -STOP: the process lives but answers nothing, as under a swap storm or a deadlock."""
    proc, url, *_ = product
    wacht_tot_alles_werkt(url)
    pid = kinderen(proc.pid)[deel]
    os.kill(pid, signal.SIGSTOP)
    try:
        with ThreadPoolExecutor(max_workers=30) as pool:
            burgers = [pool.submit(burger, url) for _ in range(30)]
            time.sleep(1)  # 30 citizens wait for the frozen part now
            begin = time.monotonic()
            assert requests.get(f"{url}/inbox/login", timeout=5).status_code == 200
            TIJDEN[f"inbox, {deel} bevroren"] = [round(time.monotonic() - begin, 2)]
            assert requests.get(f"{url}/widget.js", timeout=5).status_code == 200
            uitkomsten = [f.result() for f in burgers]
    finally:
        with contextlib.suppress(ProcessLookupError):  # the runner may have replaced it
            os.kill(pid, signal.SIGCONT)
    TIJDEN[f"burgers, {deel} bevroren"] = sorted(round(duur, 1) for _, duur in uitkomsten)
    for response, duur in uitkomsten:
        assert response is not None and duur <= 10, f"{deel}: een burger wachtte {duur:.1f} s"
        gezien = teksten(response)
        if response.status_code != 200:
            assert response.status_code == 503
            assert all(nummer in gezien for nummer in NOODNUMMERS)
        assert gezien, "een leeg antwoord"
    wacht_tot_alles_werkt(url)


def test_a_frozen_web_app_is_replaced_by_the_runner(product):
    proc, url, *_ = product
    wacht_tot_alles_werkt(url)
    pid = kinderen(proc.pid)["web"]
    os.kill(pid, signal.SIGSTOP)
    duur = wacht_tot_alles_werkt(url, binnen=HANGT + 40)
    TIJDEN["web bevroren"] = [round(duur, 1)]
    assert kinderen(proc.pid)["web"] != pid
    assert duur <= HANGT + 15  # noticed after HANGT s, started again in a few seconds


def naar_toestemming(url: str) -> str:
    """A parent walks the handoff form up to the consent question; returns the session."""
    session = chat(url, "/praten_met_mens", timeout=30).json()["session"]
    for text in ("Mijn zoon van 7 slaapt slecht", "E-mail", "ouder@example.org"):
        assert chat(url, text, session, timeout=30).status_code == 200
    assert "Mag ik dit doorgeven" in teksten(chat(url, "Overslaan", session, timeout=30))
    return session


def kill_na_opslaan(db_path: Path, session: str, pid: int, binnen: float = 20) -> None:
    conn = sqlite3.connect(db_path)
    try:
        einde = time.monotonic() + binnen
        while time.monotonic() < einde:
            if conn.execute("SELECT 1 FROM handoffs WHERE session = ?", [session]).fetchone():
                break
            time.sleep(0.001)
    finally:
        conn.close()
        os.kill(pid, signal.SIGKILL)


def test_killing_the_action_server_while_a_citizen_confirms_loses_no_handoff_and_tells_everyone(
    product,
):
    proc, url, data_dir, webhook, _ = product
    settings_db = data_dir / "jeugdwijzer.db"
    for ronde in range(OVERDRACHTEN):
        wacht_tot_alles_werkt(url)
        session = naar_toestemming(url)
        actieserver = kinderen(proc.pid)["actieserver"]
        # Kill at a different moment each round: before, during and after the handoff is saved.
        # Even rounds kill at a growing delay (before, during or after the save); odd rounds the
        # moment the handoff is on disk, before the action's reply is out.
        if ronde % 2:
            kill = threading.Thread(
                target=kill_na_opslaan, args=(settings_db, session, actieserver)
            )
        else:
            kill = threading.Timer(0.05 + 0.1 * ronde, os.kill, [actieserver, signal.SIGKILL])
        kill.start()
        antwoord = chat(url, "Ja, dat is goed", session, timeout=30)
        kill.join()  # a kill after the reply is a round too; it must not hit the next round
        assert antwoord.status_code in (200, 503)
        gezien = teksten(antwoord)
        assert gezien, "een leeg antwoord"
        if antwoord.status_code == 503:
            assert all(nummer in gezien for nummer in NOODNUMMERS)
        eerst_bevestigd = BEVESTIGING in gezien
        while kinderen(proc.pid).get("actieserver") in (None, actieserver):
            time.sleep(0.1)
        wacht_tot_alles_werkt(url)
        gezien += "\n" + teksten(chat(url, "hallo", session, timeout=30))

        db = open_app_db(settings_db)
        opgeslagen = [
            r["id"] for r in db.query("SELECT id FROM handoffs WHERE session = ?", [session])
        ]
        db.conn.close()
        assert len(opgeslagen) <= 1, "dubbel opgeslagen"
        assert (BEVESTIGING in gezien) == bool(opgeslagen), (ronde, opgeslagen, gezien)
        assert gezien.count(BEVESTIGING) <= 1
        UITKOMSTEN.append(
            "bevestigd"
            if eerst_bevestigd
            else "later bevestigd"
            if opgeslagen
            else f"niet opgeslagen, {antwoord.status_code}"
        )
        # The web process delivers the outbox every 2 s here; a sender killed after claiming a
        # row holds it for 30 s (bot/overdracht/outbox.py CLAIM).
        deadline = time.monotonic() + 45
        while not set(opgeslagen) <= set(webhook.ids) and time.monotonic() < deadline:
            time.sleep(0.3)
        assert set(opgeslagen) <= set(webhook.ids), "het team hoorde er niet van"
    # The case issue 17 measured happened: saved, then the action's reply was lost on the way.
    log = (data_dir / "product.log").read_text(errors="replace")
    assert OVERDRACHTEN < 2 or "bevestigd door de webapp" in log


def test_after_delete_and_purge_no_database_file_holds_the_citizens_details(product):
    _, url, data_dir, _, _ = product
    wacht_tot_alles_werkt(url)
    telefoon, naam = "0687654321", "Fatima Yilmaz"
    # 1. A handoff the citizen erases with DELETE.
    session = chat(url, "/praten_met_mens", timeout=30).json()["session"]
    for text in ("Ik maak me zorgen om mijn dochter", "Terugbellen", telefoon, naam):
        chat(url, text, session, timeout=30)
    assert BEVESTIGING in teksten(chat(url, "Ja, dat is goed", session, timeout=30))
    # 2. A conversation without a handoff that names the same details.
    chat(url, f"ik ben {naam}, bel me op {telefoon}", timeout=30)
    databases = data_dir  # every *.db and its -wal / -journal files
    assert bestanden_met(databases, telefoon)

    assert requests.delete(f"{url}/api/v1/chat/{session}", timeout=10).status_code == 204
    env = {**os.environ, "JEUGDWIJZER_DATA_DIR": str(data_dir), "JEUGDWIJZER_IDLE_HOURS": "0"}
    cli = str(Path(sys.executable).with_name("jeugdwijzer"))
    uit = subprocess.run([cli, "purge"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert uit.returncode == 0, uit.stderr

    for marker in (telefoon, naam):
        gevonden = [f for f in bestanden_met(databases, marker) if ".db" in f]
        assert gevonden == [], f"{marker} staat nog in {gevonden}"
    db = open_app_db(data_dir / "jeugdwijzer.db")
    [stub] = db.query("SELECT * FROM handoffs WHERE kanaal = 'terugbellen'")
    assert stub["gewist_door_gebruiker"] == 1 and stub["telefoon"] is None  # the team sees it
