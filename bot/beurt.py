"""One turn of the assistant as a person reads it on a phone: bubbles, words, service cards.

Short by design (issue 14): at most 3 bubbles and 90 words (buttons included), the first bubble
at most 50 words, at most 2 services. `past` shortens a referral until it fits; the test
tests/test_kort.py checks every answer the product can give against the same limits.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Short by design (issue 14): what a person reads on a phone in one turn.
MAX_KAARTEN = 2
MAX_EERSTE = 50  # words in the first bubble
MAX_WOORDEN = 90  # words in the whole turn, buttons included
MAX_BERICHTEN = 3
# What a referral turn aims at: over it, only extras go (lines after the cards, a website-only
# card while another card remains, extra topic buttons); never a card to call or chat with, and
# never the card of the gemeente's own team.
DOEL_WOORDEN = 60
MEDEWERKER_PAYLOAD = "/praten_met_mens"
# Buttons that are steps in the conversation, not other topics.
STAPPEN = ("/bevestigen", "/ontkennen", MEDEWERKER_PAYLOAD)


@dataclass
class Bericht:
    text: str
    buttons: list[dict[str, str]] = field(default_factory=list)


def woorden(berichten: list[Bericht]) -> int:
    """Words a person reads in a turn: every bubble and every button title."""
    return sum(
        len(b.text.split()) + sum(len(k["title"].split()) for k in b.buttons) for b in berichten
    )


def bubbels(berichten: list[Bericht]) -> int:
    """The chat shows every part between blank lines as its own bubble (Rasa splits on them)."""
    return sum(len([d for d in b.text.split("\n\n") if d.strip()]) or 1 for b in berichten)


@dataclass
class Verwijzing:
    """Where to go: an opening line, the service cards, and lines after them."""

    kop: list[str] = field(default_factory=list)
    kaarten: list[str] = field(default_factory=list)
    staart: list[str] = field(default_factory=list)  # may be dropped when the turn is too long
    diensten: list[str] = field(default_factory=list)
    team_genoemd: bool = False
    team: str | None = None  # the service id of the gemeente's own team among the cards

    def tekst(self) -> str:
        # Single newlines: the cards stay one bubble on a phone.
        return "\n".join([*self.kop, *self.kaarten, *self.staart])


def past(berichten: list[Bericht], v: Verwijzing, knoppen: list[dict[str, str]]) -> None:
    """Shorten the turn until it fits: extra lines, the second card, topic buttons, the route."""
    midden, laatste = berichten[-2], berichten[-1]

    def te_lang() -> bool:
        midden.text = v.tekst()
        laatste.buttons = list(knoppen)
        eerste = berichten[0].text.split("\n\n")[0]
        return woorden(berichten) > MAX_WOORDEN or len(eerste.split()) > MAX_EERSTE

    def zonder_team() -> list[int]:
        """The cards that may go: every card but the gemeente's own team's."""
        return [i for i, d in enumerate(v.diensten) if d != v.team]

    while te_lang():
        if v.staart:
            v.staart.pop()
        elif len(v.kaarten) > 1:
            i = (zonder_team() or [len(v.kaarten) - 1])[-1]
            del v.kaarten[i], v.diensten[i]
        elif len(knoppen) > 2:
            knoppen.pop(-2 if knoppen[-1]["payload"] == MEDEWERKER_PAYLOAD else -1)
        elif v.kop and (v.kaarten or len(v.kop) > 1):
            v.kop.pop(0)
        elif v.kaarten:
            v.kaarten.pop()
            v.diensten.pop()
        else:
            break

    def extra_te_lang() -> bool:
        te_lang()
        return woorden(berichten) > DOEL_WOORDEN

    onderwerpen = [k for k in knoppen if k["payload"] not in STAPPEN]
    while extra_te_lang():
        # Never the gemeente's own team (they told us where they live to get it): a website to
        # read goes first while another card remains, then other topics' buttons.
        vrij = zonder_team()
        websites = [i for i in vrij if "(tel:" not in v.kaarten[i]]
        if v.staart:
            v.staart.pop()
        elif websites and len(v.kaarten) > 1:
            del v.kaarten[websites[-1]], v.diensten[websites[-1]]
        elif len(onderwerpen) > 1:
            knoppen.remove(onderwerpen.pop())
        else:
            break  # a card one can call or chat with stays: only the hard limits above cut it
    if not midden.text.strip():
        berichten.remove(midden)
