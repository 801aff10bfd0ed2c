"""The emergency lines every answer can fall back on.

Kept in code, not in the database, so the web layer can show them when Rasa, the action server
or SQLite is down. Numbers and hours come from ../shared/facts/hulplijnen.yml (ids in brackets),
all with confidence "high".
"""

from __future__ import annotations

from dataclasses import dataclass


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
)


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
