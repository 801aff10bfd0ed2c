"""The handoff form in the chat: what it asks, what it offers when, and that nothing is stored
without a yes."""

from __future__ import annotations

import time
from datetime import datetime, timezone

import pytest

from bot import overdracht as handoff
from tests.handoff_helpers import Gesprek, db, knoppen, make_team, teksten

AMSTERDAM = handoff.TZ


def moment(*args) -> datetime:
    return datetime(*args, tzinfo=AMSTERDAM).astimezone(timezone.utc)


@pytest.fixture
def omgeving(settings, monkeypatch):
    """The action server's view: the same data directory, a Monday morning, the demo team."""
    monkeypatch.setenv("JEUGDWIJZER_DATA_DIR", str(settings.data_dir))
    monkeypatch.delenv("JEUGDWIJZER_RETENTION_DAYS", raising=False)
    zet_tijd(monkeypatch, moment(2026, 11, 23, 10, 0))
    return make_team(settings)


def zet_tijd(monkeypatch, when: datetime) -> None:
    monkeypatch.setattr(handoff.tijd, "utcnow", lambda: when)


def handoffs(settings) -> list[dict]:
    return list(db(settings)["handoffs"].rows) if db(settings)["handoffs"].exists() else []


def test_call_back_asks_only_for_phone_and_name_and_shows_what_is_shared(settings, omgeving):
    gesprek = Gesprek()
    vraag = teksten(gesprek.zeg("Praat met een medewerker"))
    assert "Waar gaat het over?" in vraag  # the gemeente came from the widget
    assert "Hoe wil je contact met Wijkteam Voorbeeld?" in teksten(
        gesprek.zeg("Mijn dochter van 14 eet niet meer")
    )
    assert "Op welk telefoonnummer" in teksten(gesprek.zeg("Terugbellen"))
    assert "Hoe mag het team je noemen?" in teksten(gesprek.zeg("06 1234 5678"))
    toestemming = teksten(gesprek.zeg("Sanne"))
    assert "Mag ik dit doorgeven aan Wijkteam Voorbeeld?" in toestemming
    assert "je telefoonnummer: 0612345678" in toestemming
    assert "je naam: Sanne" in toestemming
    assert "ons hele gesprek" in toestemming
    assert "30 dagen" in toestemming
    assert "e-mail" not in toestemming.lower().split("?")[1]
    assert handoffs(settings) == []  # nothing before the yes

    bevestiging = teksten(gesprek.zeg("Ja, dat is goed", intent="bevestigen"))
    assert "belt je terug" in bevestiging
    assert "112" in bevestiging
    [row] = handoffs(settings)
    assert (row["kanaal"], row["telefoon"], row["naam"], row["email"]) == (
        "terugbellen",
        "0612345678",
        "Sanne",
        None,
    )
    assert row["onderwerp"] == "Mijn dochter van 14 eet niet meer"
    assert row["status"] == "nieuw"


def test_saying_no_to_sharing_stores_nothing_and_says_how_to_reach_the_team(settings, omgeving):
    gesprek = Gesprek()
    gesprek.zeg("ik wil met iemand praten")
    gesprek.zeg("Overslaan")
    gesprek.zeg("E-mail")
    gesprek.zeg("ouder@voorbeeld.nl")
    gesprek.zeg("Overslaan")
    antwoord = teksten(gesprek.zeg("Nee, liever niet", intent="ontkennen"))
    assert "Ik geef niets door" in antwoord
    assert "jeugdteam@example.org" in antwoord  # the team's address from the sociale kaart
    assert handoffs(settings) == []
    assert gesprek.slots["handoff_email"] is None  # the form forgets what it was told


def test_two_wrong_phone_numbers_end_the_form_kindly_with_other_ways(settings, omgeving):
    gesprek = Gesprek()
    gesprek.zeg("ik wil met iemand praten")
    gesprek.zeg("Overslaan")
    gesprek.zeg("Terugbellen")
    eerste = teksten(gesprek.zeg("123"))
    assert "Dat telefoonnummer klopt niet" in eerste
    assert "Op welk telefoonnummer" in eerste  # asked again
    tweede = teksten(gesprek.zeg("weet ik niet"))
    assert "Het lukt niet zo goed" in tweede
    assert "[0800-2000](tel:08002000)" in tweede
    assert gesprek.active is False
    assert handoffs(settings) == []


def test_wrong_email_is_explained_and_a_right_one_is_accepted(settings, omgeving):
    gesprek = Gesprek()
    gesprek.zeg("ik wil met iemand praten")
    gesprek.zeg("Overslaan")
    gesprek.zeg("E-mail")
    assert "Dat e-mailadres klopt niet" in teksten(gesprek.zeg("ouder at voorbeeld"))
    assert "Hoe mag het team je noemen?" in teksten(gesprek.zeg("ouder@voorbeeld.nl"))


def test_anonymous_chat_asks_no_contact_details_and_stores_none(settings, omgeving):
    gesprek = Gesprek(slots={"rol": "jongere"})
    gesprek.zeg("ik wil met iemand praten")
    kanalen = knoppen(gesprek.zeg("Ik word gepest"))
    assert "Anoniem chatten" in kanalen
    toestemming = teksten(gesprek.zeg("Anoniem chatten"))
    assert "Mag ik dit doorgeven" in toestemming
    assert "naam" not in toestemming and "telefoonnummer" not in toestemming
    messages = gesprek.zeg("ja")
    assert messages[-1]["custom"]["handoff"] == {"state": "wachten", "team": "Wijkteam Voorbeeld"}
    [row] = handoffs(settings)
    assert (row["kanaal"], row["naam"], row["telefoon"], row["email"]) == (
        "anoniem",
        None,
        None,
        None,
    )


def test_parents_are_not_offered_the_anonymous_youth_chat(settings, omgeving):
    gesprek = Gesprek(slots={"rol": "ouder"})
    gesprek.zeg("ik wil met iemand praten")
    kanalen = knoppen(gesprek.zeg("Overslaan"))
    assert kanalen == ["Nu chatten", "Terugbellen", "E-mail"]


def test_each_chat_choice_says_in_one_line_what_happens(settings, omgeving):
    gesprek = Gesprek(slots={"rol": "jongere"})
    gesprek.zeg("ik wil met iemand praten")
    text = teksten(gesprek.zeg("Ik word gepest"))
    assert "Nu chatten: een medewerker praat hier met je." in text
    assert "Anoniem chatten: een medewerker praat hier met je. Je naam en nummer geef je niet." in (
        text
    )


def test_a_parent_gets_no_line_about_the_anonymous_chat_they_cannot_choose(settings, omgeving):
    gesprek = Gesprek(slots={"rol": "ouder"})
    gesprek.zeg("ik wil met iemand praten")
    text = teksten(gesprek.zeg("Overslaan"))
    assert "Nu chatten: " in text
    assert "Anoniem chatten" not in text


def test_a_closed_team_gets_no_line_about_chatting(settings, omgeving, monkeypatch):
    zet_tijd(monkeypatch, moment(2026, 11, 23, 17, 0))
    gesprek = Gesprek(slots={"rol": "jongere"})
    gesprek.zeg("ik wil met iemand praten")
    assert "chatten:" not in teksten(gesprek.zeg("Overslaan")).lower()


def test_one_minute_before_closing_chat_is_offered(settings, omgeving, monkeypatch):
    zet_tijd(monkeypatch, moment(2026, 11, 23, 16, 59))
    gesprek = Gesprek(slots={"rol": "ouder"})
    gesprek.zeg("ik wil met iemand praten")
    assert "Nu chatten" in knoppen(gesprek.zeg("Overslaan"))


def test_at_closing_time_chat_is_not_offered_and_the_next_opening_is_named(
    settings, omgeving, monkeypatch
):
    zet_tijd(monkeypatch, moment(2026, 11, 23, 17, 0))
    gesprek = Gesprek(slots={"rol": "ouder"})
    gesprek.zeg("ik wil met iemand praten")
    messages = gesprek.zeg("Overslaan")
    assert knoppen(messages) == ["Terugbellen", "E-mail"]
    text = teksten(messages)
    assert "Wijkteam Voorbeeld is nu gesloten" in text
    assert "op dinsdag om 09.00 uur" in text
    assert "[112](tel:112)" in text and "0800-0432" in text
    # Typing "chat" anyway gets the same honest answer, not a chat nobody reads.
    assert "is nu gesloten" in teksten(gesprek.zeg("ik wil chatten"))


def test_on_a_holiday_of_the_kaart_the_team_is_closed(settings, omgeving, monkeypatch):
    zet_tijd(monkeypatch, moment(2026, 12, 25, 11, 0))  # Christmas, a Friday
    gesprek = Gesprek(slots={"rol": "ouder"})
    gesprek.zeg("ik wil met iemand praten")
    messages = gesprek.zeg("Overslaan")
    assert "Nu chatten" not in knoppen(messages)
    assert "op maandag om 09.00 uur" in teksten(messages)


def test_call_back_outside_hours_says_when_the_team_is_open_again(settings, omgeving, monkeypatch):
    zet_tijd(monkeypatch, moment(2026, 11, 28, 12, 0))  # Saturday
    gesprek = Gesprek()
    for antwoord in (
        "ik wil met iemand praten",
        "Overslaan",
        "Terugbellen",
        "0612345678",
        "Overslaan",
    ):
        gesprek.zeg(antwoord)
    bevestiging = teksten(gesprek.zeg("ja"))
    assert "weer open op maandag om 09.00 uur" in bevestiging
    assert "[112](tel:112)" in bevestiging


def test_unknown_gemeente_is_asked_and_found_by_name(settings, omgeving):
    gesprek = Gesprek(metadata={})
    assert "In welke gemeente woon je?" in teksten(gesprek.zeg("ik wil met iemand praten"))
    assert "Die gemeente ken ik niet" in teksten(gesprek.zeg("Atlantis"))
    assert "Waar gaat het over?" in teksten(gesprek.zeg("Ik woon in Voorbeeldstad"))
    assert gesprek.slots["handoff_gemeente"] == "GM9999"


def test_gemeente_without_a_team_ends_kindly_with_the_emergency_numbers(settings, omgeving):
    gesprek = Gesprek(metadata={"gemeente": "GM0164"})
    antwoord = teksten(gesprek.zeg("ik wil met iemand praten"))
    assert "nog niet doorsturen" in antwoord
    assert "[112](tel:112)" in antwoord
    assert gesprek.active is False
    assert handoffs(settings) == []


def test_crisis_message_during_the_form_gets_the_numbers_and_marks_the_handoff(settings, omgeving):
    gesprek = Gesprek()
    gesprek.zeg("ik wil met iemand praten")
    antwoord = teksten(gesprek.zeg("Mijn vader slaat me", intent="crisis"))
    assert "[0800-2000](tel:08002000)" in antwoord
    for tekst in ("E-mail", "jongere@voorbeeld.nl", "Overslaan", "ja"):
        gesprek.zeg(tekst)
    [row] = handoffs(settings)
    assert row["crisis"] == 1


def test_stop_during_the_form_stores_nothing(settings, omgeving):
    gesprek = Gesprek()
    gesprek.zeg("ik wil met iemand praten")
    assert "Ik geef niets door" in teksten(gesprek.zeg("stop"))
    assert handoffs(settings) == []


def test_summary_and_transcript_hold_what_was_said_before_the_request(settings, omgeving):
    gesprek = Gesprek(slots={"leeftijd": "7", "rol": "ouder"})
    gesprek.user("Mijn zoon van 7 slaapt slecht", intent="opvoeden_slapen")
    gesprek.bot("Het consultatiebureau helpt bij slaapproblemen.")
    for tekst in (
        "Praat met een medewerker",
        "Overslaan",
        "E-mail",
        "ouder@voorbeeld.nl",
        "Overslaan",
    ):
        gesprek.zeg(tekst)
    gesprek.zeg("ja")
    [row] = handoffs(settings)
    stored = handoff.get(db(settings), row["team_id"], row["id"])
    assert stored["samenvatting"]["onderwerpen"] == ["opvoeden slapen"]
    assert stored["samenvatting"]["leeftijd"] == "7"
    assert stored["samenvatting"]["advies"] == ["Het consultatiebureau helpt bij slaapproblemen."]
    transcript = [(b["van"], b["tekst"]) for b in handoff.berichten(db(settings), row["id"])]
    assert transcript == [
        ("burger", "Mijn zoon van 7 slaapt slecht"),
        ("bot", "Het consultatiebureau helpt bij slaapproblemen."),
        ("burger", "Praat met een medewerker"),
    ]


def test_confirmed_handoff_emails_the_team(settings, monkeypatch):
    from aiosmtpd.controller import Controller

    from tests.conftest import free_port

    received = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            received.append(envelope)
            return "250 OK"

    port = free_port()
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        monkeypatch.setenv("JEUGDWIJZER_DATA_DIR", str(settings.data_dir))
        monkeypatch.setenv("SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("SMTP_PORT", str(port))
        zet_tijd(monkeypatch, moment(2026, 11, 23, 10, 0))
        make_team(settings, email="team@voorbeeld.nl")
        gesprek = Gesprek()
        for tekst in (
            "ik wil met iemand praten",
            "Overslaan",
            "E-mail",
            "a@voorbeeld.nl",
            "Overslaan",
        ):
            gesprek.zeg(tekst)
        gesprek.zeg("ja")
        for _ in range(50):  # the e-mail goes out in the background, after the confirmation
            if received:
                break
            time.sleep(0.1)
    finally:
        controller.stop()
    [mail] = received
    assert mail.rcpt_tos == ["team@voorbeeld.nl"]
    assert "a@voorbeeld.nl" not in mail.content.decode()
