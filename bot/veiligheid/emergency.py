"""The emergency lines every answer can fall back on.

Kept in code, not in the database, so the web layer can show them when Rasa, the action server
or SQLite is down. Numbers and hours come from ../shared/facts/hulplijnen.yml (ids in brackets),
all with confidence "high".
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.taal import teksten
from bot.veiligheid.crisis import ROUTES, Signaal

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Noodlijn:
    key: str
    naam: str
    nummer: str
    wanneer: str  # when to call, in B1 Dutch
    open: str  # opening hours, only where the facts call them verified

    @property
    def tel(self) -> str:
        return "tel:" + self.nummer.replace("-", "").replace(" ", "")

    def link(self) -> str:
        return f"[{self.nummer}]({self.tel})"


NOODLIJNEN: tuple[Noodlijn, ...] = (
    # [alarmnummer_112]
    Noodlijn("112", "Alarmnummer", "112", "Is er nu gevaar?", "gratis, dag en nacht"),
    # [zelfmoordpreventie_113]
    Noodlijn(
        "113",
        "113 Zelfmoordpreventie",
        "0800-0113",
        "Denk je aan zelfdoding?",
        "gratis en anoniem, dag en nacht",
    ),
    # [veilig_thuis]
    Noodlijn(
        "veilig_thuis",
        "Veilig Thuis",
        "0800-2000",
        "Is er geweld of mishandeling thuis?",
        "gratis, dag en nacht",
    ),
    # [kindertelefoon]
    Noodlijn(
        "kindertelefoon",
        "De Kindertelefoon",
        "0800-0432",
        "Ben je tussen 8 en 18 jaar en wil je met iemand praten?",
        "gratis en anoniem",
    ),
    # [centrum_seksueel_geweld]
    Noodlijn(
        "csg",
        "Centrum Seksueel Geweld",
        "0800-0188",
        "Heb je seksueel geweld meegemaakt?",
        "gratis, dag en nacht",
    ),
)
LIJNEN = {lijn.key: lijn for lijn in NOODLIJNEN}

# Chat links where the facts name one: 113 chat is 24/7; Veilig Thuis chat mostly on weekdays;
# Kindertelefoon chat hours are not verified (so the texts never call it open).
CHATS = {
    "113": "[113.nl](https://www.113.nl)",
    "veilig_thuis": "[veiligthuis.nl](https://www.veiligthuis.nl)",
    "kindertelefoon": "[kindertelefoon.nl](https://www.kindertelefoon.nl)",
}


def noodtekst() -> str:
    """The short emergency message in B1 Dutch, with tel: links in [label](url) form."""
    regels = [
        "Is er nu gevaar? Bel meteen [112](tel:112).",
        "Denk je aan zelfdoding? Bel [113](tel:113) of "
        "[0800-0113](tel:08000113). Dat is gratis en anoniem, dag en nacht.",
        "Geweld of mishandeling thuis? Bel Veilig Thuis: [0800-2000](tel:08002000). "
        "Gratis, dag en nacht.",
        "Ben je tussen 8 en 18 jaar en wil je praten? Bel de Kindertelefoon: "
        "[0800-0432](tel:08000432). Gratis en anoniem.",
    ]
    return "\n".join(regels)


def storingsbericht() -> str:
    """What the chat says when the assistant itself cannot answer."""
    return (
        "Sorry, ik kan je nu even niet helpen. Ik ben een computer en er is iets mis bij mij. "
        "Probeer het later nog eens.\n" + noodtekst()
    )


OPENINGEN_MET_112 = ("opening_acuut", "opening_suicide_gedaan", "opening_suicide_gedaan_ander")


def links() -> dict[str, str]:
    """Every help line as a tel: link and every chat as a link, by template name."""
    links = {f"link_{key}": lijn.link() for key, lijn in LIJNEN.items()}
    links["link_113_kort"] = "[113](tel:113)"
    links.update({f"chat_{key}": chat for key, chat in CHATS.items()})
    return links


def _opening(signaal: Signaal | None) -> str:
    if signaal is None:
        return "opening_algemeen"
    categorie, ander = signaal.categorie, signaal.over == "ander"
    if categorie in ("suicide_gedaan", "suicide") and ander:
        return f"opening_{categorie}_ander"
    if categorie in ("geweld", "seksueel") and ander:
        return "opening_ander"
    return f"opening_{categorie}"


def crisisbericht(
    signaal: Signaal | None, taal: str = "nl", twijfel: bool = False, volwassen: bool = False
) -> str:
    """The first answer to a crisis: the right numbers first, calm and short, as tel: links.

    Without a signal (the intent came from the classifier or a button) it gives every line;
    `twijfel` adds the kind sentence that the computer may have misunderstood; `volwassen` (the
    writer said they are a parent or a professional) leaves out the line for a child who writes
    about someone else.
    """
    tekst = teksten.tekst  # looked up per call: a broken text still leaves the fixed numbers
    try:
        alle = links()
        keys = signaal.lijnen() if signaal else ("112", "113", "veilig_thuis", "kindertelefoon")
        opening = _opening(signaal)
        regels = [tekst(f"crisis.{opening}", taal=taal, **alle)]
        if twijfel or (signaal is not None and not signaal.zeker):
            regels.append(tekst("crisis.twijfel", taal=taal))
        ander = signaal is not None and signaal.over == "ander"
        for key in keys:
            if key == "112" and opening in OPENINGEN_MET_112:
                continue  # the opening already says: call 112 now
            naam = f"lijn_{key}_ander" if ander and key == "veilig_thuis" else f"lijn_{key}"
            regels.append(tekst(f"crisis.{naam}", taal=taal, **alle))
        if ander and not volwassen and signaal.categorie in ("geweld", "seksueel", "suicide"):
            # The writer may be a child worried about a friend or a sibling.
            regels.append(tekst("crisis.lijn_kindertelefoon_ander", taal=taal, **alle))
        if "112" not in keys:
            regels.append(tekst("crisis.lijn_112", taal=taal, **alle))
        alleen_112 = len(regels) == 1 and keys == ("112",)
        regels.append(tekst("crisis.computer_een" if alleen_112 else "crisis.computer", taal=taal))
        return "\n".join(regels)
    except Exception:  # noqa: BLE001 - the emergency numbers must always go out
        log.exception("Crisisbericht kon niet worden opgebouwd; de vaste noodtekst gaat uit")
        return noodtekst()


def herinnering(categorie: str | None, over: str | None = None, taal: str = "nl") -> str:
    """One line for later answers after a crisis: the category's first help line and 112.

    Empty when there was no crisis in this conversation.
    """
    if categorie not in ROUTES:
        return ""
    eerste = ROUTES[categorie]["ander" if over == "ander" else "zelf"][0]
    return teksten.tekst("crisis.herinnering", taal=taal, link=LIJNEN[eerste].link(), **links())


def heeft_nummer(tekst: str, key: str) -> bool:
    """Whether a message already gives this help line as a tappable link."""
    lijn = LIJNEN[key]
    return f"({lijn.tel})" in tekst or (key == "113" and "(tel:113)" in tekst)
