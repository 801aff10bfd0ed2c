"""Every text the assistant can send is plain language: Dutch at B1, English short.

Gates (issue 4): at most 15 words per sentence on average, no sentence over 25 words, and for
Dutch a Flesch-Douma reading ease of at least 60. A failure names the text that falls short.
"""

from __future__ import annotations

import pytest

from bot.taal import leesbaarheid

ALLE = [(t.naam, t.taal, t.tekst) for t in leesbaarheid.alle_teksten()]
TEKSTEN = [(t.naam, t.taal, t.tekst) for t in leesbaarheid.alle_teksten() if not t.knop]
KNOPPEN = [(t.naam, t.taal, t.tekst) for t in leesbaarheid.alle_teksten() if t.knop]


def test_there_are_texts_to_check():
    namen = {naam for naam, _, _ in ALLE}
    assert any(n.startswith("domain.yml utter_begroeting") for n in namen)
    assert any(n.startswith("onderwerpen.yml opvoeden_slapen") for n in namen)
    assert any(n.startswith("teksten/verwijzing.") for n in namen)


@pytest.mark.parametrize(
    ("naam", "taal", "tekst"), TEKSTEN, ids=[f"{n}:{t}" for n, t, _ in TEKSTEN]
)
def test_text_is_plain_language(naam, taal, tekst):
    problemen = leesbaarheid.score(tekst).problemen(taal)
    assert not problemen, f"{naam} ({taal}) haalt B1 niet: {'; '.join(problemen)}\n{tekst}"


@pytest.mark.parametrize(
    ("naam", "taal", "tekst"), KNOPPEN, ids=[f"{n}:{t}" for n, t, _ in KNOPPEN]
)
def test_button_title_is_a_few_words(naam, taal, tekst):
    # A label of two words has no reading ease worth the name; keep it short instead.
    assert 1 <= leesbaarheid.score(tekst).woorden <= 6, f"{naam} ({taal}): {tekst}"


def test_the_check_rejects_a_long_official_sentence():
    ambtelijk = (
        "Indien u van mening bent dat de door de gemeente genomen beschikking inzake de "
        "toekenning van een individuele voorziening op grond van de Jeugdwet onjuist is, "
        "kunt u binnen zes weken na dagtekening een gemotiveerd bezwaarschrift indienen."
    )
    problemen = leesbaarheid.score(ambtelijk).problemen("nl")
    assert any("woorden per zin" in p for p in problemen)
    assert any("leesgemak" in p for p in problemen)


def test_links_and_numbers_do_not_count_as_hard_words():
    tekst = "Bel Veilig Thuis: [0800-2000](tel:08002000). Of kijk op [veiligthuis.nl](https://www.veiligthuis.nl)."
    score = leesbaarheid.score(tekst)
    assert score.woorden == 6  # Bel Veilig Thuis / Of kijk op
    assert not score.problemen("nl")


def test_dutch_syllables_are_counted_like_a_reader_would():
    assert leesbaarheid.lettergrepen("consultatiebureau") == 6
    assert leesbaarheid.lettergrepen("opa") == 2
    assert leesbaarheid.lettergrepen("kind") == 1


def test_editors_command_reports_the_hardest_texts_and_no_failures(capsys):
    assert leesbaarheid.main() == 0
    uitvoer = capsys.readouterr().out
    assert "lopende teksten" in uitvoer
    assert "TE MOEILIJK" not in uitvoer
