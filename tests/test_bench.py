"""`jeugdwijzer bench` against a stub of the public chat API (no real product, no timing)."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner

from bot.cli import cli
from bot.kwaliteit import bench


class StubChat(BaseHTTPRequestHandler):
    """Answers like /api/v1/chat; every 5th message of the server is a 503."""

    teller = 0
    ontvangen: list[dict] = []
    slot = threading.Lock()

    def do_POST(self):  # noqa: N802 - http.server's name
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        with self.slot:
            StubChat.teller += 1
            nummer = StubChat.teller
            StubChat.ontvangen.append(body)
        status = 503 if nummer % 5 == 0 else 200
        antwoord = json.dumps(
            {"session": body.get("session") or f"s{nummer}", "messages": [{"text": "Hoi"}]}
        ).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(antwoord)))
        self.end_headers()
        self.wfile.write(antwoord)

    def log_message(self, *args):
        pass


class StubServer(ThreadingHTTPServer):
    request_queue_size = 256  # the open loop sends a burst at once


@pytest.fixture()
def stub_url():
    StubChat.teller = 0
    StubChat.ontvangen = []
    server = StubServer(("127.0.0.1", 0), StubChat)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_conversation_keeps_its_session_and_asks_question_age_place_follow_up(stub_url):
    gesprek = bench.Gesprek(stub_url)
    for _ in range(4):
        gesprek.stuur()
    teksten = [b["text"] for b in StubChat.ontvangen]
    assert teksten == list(bench.RONDES[0])
    assert "session" not in StubChat.ontvangen[0]
    assert {b["session"] for b in StubChat.ontvangen[1:]} == {"s1"}


def test_closed_loop_counts_every_message_and_every_error(stub_url):
    uitslag = bench.gesloten(stub_url, gesprekken=3, duur=0.3, beurten=4)
    assert len(uitslag.metingen) == StubChat.teller > 0
    assert uitslag.fouten == StubChat.teller // 5
    assert all(1 <= m.positie <= 4 for m in uitslag.metingen)
    assert "HTTP 503" in {m.fout for m in uitslag.metingen}


def test_open_loop_sends_about_the_asked_number_of_messages(stub_url):
    uitslag = bench.open_loop(stub_url, per_seconde=200, duur=0.5, slaap=lambda s: None)
    # Poisson: 100 expected; without sleeping they all go out at once.
    assert 50 < len(uitslag.metingen) < 170
    assert len(uitslag.metingen) == StubChat.teller


def test_position_run_is_one_long_conversation(stub_url):
    uitslag = bench.posities(stub_url, lengte=25)
    assert [m.positie for m in uitslag.metingen] == list(range(1, 26))
    assert {b.get("session") for b in StubChat.ontvangen[1:]} == {"s1"}
    assert "bericht 16-25" in bench.positieregel(uitslag)


def test_percentiles_by_nearest_rank():
    waarden = [i / 100 for i in range(1, 101)]
    assert bench.percentiel(waarden, 50) == 0.5
    assert bench.percentiel(waarden, 95) == 0.95
    assert bench.percentiel(waarden, 99) == 0.99


def test_bench_command_prints_throughput_latency_errors_and_positions(stub_url):
    uitkomst = CliRunner().invoke(
        cli,
        ["bench", "--url", stub_url, "--gesprekken", "2", "--duur", "0.3", "--open", "20"]
        + ["--lengte", "20"],
    )
    assert uitkomst.exit_code == 0, uitkomst.output
    regels = uitkomst.output.splitlines()
    assert regels[0].startswith("gesloten, 1 gesprekken:")
    assert regels[1].startswith("gesloten, 2 gesprekken:")
    assert "keer de doorvoer van 1 gesprek" in regels[2]
    assert regels[3].startswith("open, 20 berichten/s:")
    assert regels[4].startswith("posities, 1 gesprek van 20: bericht 6-15 mediaan")
    for regel in regels[:2] + regels[3:4]:
        assert "berichten/s" in regel and "p95" in regel and "p99" in regel and "fouten" in regel
