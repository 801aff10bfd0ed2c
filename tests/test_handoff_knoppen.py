"""The handoff form's buttons send codes, not their Dutch titles, so renaming a button in
bot/data/teksten/handoff.yml can never break the form."""

from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest

from bot import overdracht
from tests.handoff_helpers import DOMAIN, Gesprek, db, make_team

PAYLOAD_RE = re.compile(r"^/(?P<intent>\w+)(?P<entities>\{.*\})?$")


def payloads(messages) -> dict[str, str]:
    return {b["title"]: b["payload"] for m in messages for b in m.get("buttons") or []}


@pytest.fixture
def omgeving(settings, monkeypatch):
    """A Monday morning with the demo team, as the action server sees it."""
    monkeypatch.setenv("JEUGDWIJZER_DATA_DIR", str(settings.data_dir))
    maandag = datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)  # 10:00 in Voorbeeld
    monkeypatch.setattr(overdracht.tijd, "utcnow", lambda: maandag)
    return make_team(settings)


def test_every_handoff_button_sends_an_intent_with_declared_entities(settings, omgeving):
    gesprek = Gesprek(slots={"rol": "jongere"})
    knoppen = payloads(gesprek.zeg("ik wil met iemand praten"))
    knoppen |= payloads(gesprek.zeg("Ik word gepest"))
    knoppen |= payloads(gesprek.zeg("Terugbellen"))
    knoppen |= payloads(gesprek.zeg("0612345678"))
    knoppen |= payloads(gesprek.zeg("Sam"))
    assert len(knoppen) >= 6
    for titel, payload in knoppen.items():
        match = PAYLOAD_RE.match(payload)
        assert match and payload != titel, titel
        assert match["intent"] in DOMAIN["intents"], payload
        for entity in re.findall(r'"(\w+)":', match["entities"] or ""):
            assert entity in DOMAIN["entities"], payload


def test_the_buttons_codes_fill_the_form_whatever_the_titles_say(settings, omgeving):
    gesprek = Gesprek(slots={"rol": "ouder"})
    overslaan = payloads(gesprek.zeg("ik wil met iemand praten"))["Overslaan"]
    kanalen = payloads(gesprek.zeg(overslaan, intent="ontkennen"))
    assert gesprek.slots["handoff_onderwerp"] == "-"
    gesprek.zeg(kanalen["E-mail"])
    assert gesprek.slots["handoff_kanaal"] == "email"
    gesprek.zeg("ouder@voorbeeld.nl")
    toestemming = payloads(gesprek.zeg(overslaan, intent="ontkennen"))
    gesprek.zeg(toestemming["Ja, dat is goed"], intent="bevestigen")
    [row] = list(db(settings)["handoffs"].rows)
    assert (row["kanaal"], row["email"], row["naam"]) == ("email", "ouder@voorbeeld.nl", None)
