"""Issue 16 through the real processes: message 150 of a conversation costs about what message 10
costs, and several conversations at once over two Rasa processes all get their answers.

Slow: starts the product. The load and time figures come from `jeugdwijzer bench` (README
"Snelheid"); here only what must hold on any machine: the work per message does not grow.
"""

from __future__ import annotations

import asyncio

import pytest

from bot.kwaliteit import bench
from tests.conftest import ROOT
from tests.product_helpers import start_product

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def product(trained_model, tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("var")
    with start_product(
        data_dir, JEUGDWIJZER_RATE_LIMIT="100000", JEUGDWIJZER_RASA_PROCESSEN="2"
    ) as (_, url):
        yield url, data_dir


def geladen_events(data_dir, sessie: str) -> int:
    """How many events Rasa loads for the conversation's next message."""
    from rasa.shared.core.domain import Domain

    from bot.nlu.trackeropslag import BegrensdeTrackerStore

    store = BegrensdeTrackerStore(
        domain=Domain.load(ROOT / "domain.yml"),
        dialect="sqlite",
        db=str(data_dir / "rasa_tracker.db"),
    )
    return len(asyncio.run(store.retrieve(sessie)).events)


def test_message_150_loads_no_more_than_message_10(product):
    url, data_dir = product
    kort, lang = bench.Gesprek(url), bench.Gesprek(url)
    for _ in range(10):
        assert kort.stuur().fout is None
    uitslag = bench.Uitslag("lang", 0.0, [lang.stuur() for _ in range(150)])
    assert uitslag.fouten == 0
    # The work: what Rasa loads (and sends to the action server) does not grow with the talk.
    # The time itself is a figure for `jeugdwijzer bench` (README "Snelheid"), not for a test:
    # on a shared CI machine two medians of 70 ms differ by more than 20% from noise alone.
    assert geladen_events(data_dir, lang.sessie) <= 1.2 * geladen_events(data_dir, kort.sessie)


def test_twenty_conversations_at_once_over_two_rasa_processes_all_get_answers(product):
    url, _ = product
    uitslag = bench.gesloten(url, gesprekken=20, duur=10, beurten=8)
    assert len(uitslag.metingen) >= 20
    assert uitslag.fouten == 0, {m.fout for m in uitslag.metingen}
