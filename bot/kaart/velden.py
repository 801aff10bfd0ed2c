"""Checking one record of the kaart files: ids, texts, phone numbers, links, opening hours and
sources. Every problem names the field and says what to do; bot/kaart/bestanden.py reads the
files and bot/kaart/invoer.py turns a checked record into a Dienst or Gemeente.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from bot.kaart.model import (
    Dienst,
    Gemeente,
)

MAX_DAGEN_ONGECONTROLEERD = 180

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,60}$")
CODE_RE = re.compile(r"^GM\d{4}$")
# After removing spaces and dashes: 112/113, 0800/0900 lines, a gemeente's 14 + area code
# (14 053), or a 10-digit Dutch number.
TELEFOON_RE = re.compile(r"^(?:112|113|14\d{3,4}|0[89]00\d{4,7}|0\d{9})$")
# Links people click must be https (the chat widget links nothing else); sources may be http.
HTTPS_RE = re.compile(r"^https://")
URL_RE = re.compile(r"^https?://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(?:[/?#][^\s<>\"']*)?$")
EMAIL_RE = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")
TIJD_RE = re.compile(r"^(\d{1,2})[:.](\d{2})\s*-\s*(\d{1,2})[:.](\d{2})$")
BRONDATUM_RE = re.compile(r"^(?:\d{4}(?:-\d{2}(?:-\d{2})?)?|onbekend)$")
POSTCODE_RE = re.compile(r"^(\d{4})(?:-(\d{4}))?$")
# Fictitious data may only use the reserved example domains (RFC 2606).
VOORBEELD_DOMEIN_RE = re.compile(r"(?:^|[@./])example\.(?:org|com|net)(?:[/:]|$)")

# The fields of a service, in the order `kaart export` writes them as CSV columns.
DIENST_VELDEN: tuple[str, ...] = (
    "id",
    "naam",
    "organisatie",
    "omschrijving",
    "categorieen",
    "voor",
    "leeftijd_van",
    "leeftijd_tot",
    "kosten",
    "toegang",
    "werkgebied",
    "telefoon",
    "telefoon_kosten",
    "chat",
    "email",
    "website",
    "via_overdracht",
    "adres",
    "open",
    "open_betrouwbaarheid",
    "open_bron",
    "gesloten_op",
    "crisis",
    "lokaal_team",
    "voorbeeld",
    "prioriteit",
    "betrouwbaarheid",
    "bron",
    "verified_on",
    "feit",
    "opmerking",
)
GEMEENTE_VELDEN = {
    "code",
    "naam",
    "cbs_naam",
    "woonplaatsen",
    "postcodes",
    "postcode_bron",
    "website",
    "lokaal_team",
    "voorbeeld",
    "opmerking",
}


@dataclass(frozen=True)
class Probleem:
    bestand: str
    regel: int | None
    veld: str
    melding: str
    ernst: str = "fout"  # "fout" or "waarschuwing"

    def __str__(self) -> str:
        plek = f"{self.bestand}:{self.regel}" if self.regel else self.bestand
        soort = "FOUT" if self.ernst == "fout" else "waarschuwing"
        return f"{plek}: {soort}: {self.veld}: {self.melding}"


@dataclass
class Inhoud:
    """Everything read from data/kaart/: the parsed records and every problem found."""

    gemeenten: list[Gemeente] = field(default_factory=list)
    diensten: list[Dienst] = field(default_factory=list)
    problemen: list[Probleem] = field(default_factory=list)
    bestanden: list[Path] = field(default_factory=list)
    plekken: dict[int, tuple[str, dict[str, int]]] = field(default_factory=dict, repr=False)
    schema_problemen: list[Probleem] = field(default_factory=list, repr=False)

    @property
    def fouten(self) -> list[Probleem]:
        return [p for p in self.problemen if p.ernst == "fout"]

    @property
    def waarschuwingen(self) -> list[Probleem]:
        return [p for p in self.problemen if p.ernst == "waarschuwing"]


class Lezer:
    """Checks one record and collects problems with their exact place."""

    def __init__(self, kaart: Inhoud, bestand: str, record: dict, pad: str, regel: int | None):
        self.kaart, self.bestand, self.record, self.pad = kaart, bestand, record, pad
        self.regel = record.get("__regel__", regel)
        self.regels = record.get("__regels__", {})

    def fout(self, veld: str, melding: str, ernst: str = "fout") -> None:
        regel = self.regels.get(veld, self.regel)
        self.kaart.problemen.append(
            Probleem(self.bestand, regel, f"{self.pad}.{veld}", melding, ernst)
        )

    def tekst(self, veld: str, verplicht: bool = False) -> str:
        value = self.record.get(veld)
        if value is None or value == "":
            if verplicht:
                self.fout(veld, "ontbreekt; vul dit veld in.")
            return ""
        if not isinstance(value, str | int | float):
            self.fout(veld, "moet tekst zijn.")
            return ""
        return str(value).strip()

    def lijst(self, veld: str, verplicht: bool = False) -> list[str]:
        value = self.record.get(veld)
        if value is None or value == "":
            if verplicht:
                self.fout(veld, "ontbreekt; geef minstens een waarde.")
            return []
        if isinstance(value, str):
            value = [v for v in re.split(r"\s*[|;]\s*", value) if v]
        if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
            self.fout(veld, "moet een lijst van teksten zijn.")
            return []
        return [str(v).strip() for v in value]

    def janee(self, veld: str) -> bool:
        value = self.record.get(veld, False)
        if isinstance(value, str):
            value = value.strip().lower()
            if value in ("", "nee", "false", "0"):
                return False
            if value in ("ja", "true", "1"):
                return True
        if not isinstance(value, bool):
            self.fout(veld, "moet ja of nee (true/false) zijn.")
            return False
        return value

    def getal(self, veld: str, laag: int, hoog: int) -> int | None:
        value = self.record.get(veld)
        if value is None or value == "":
            return None
        try:
            number = int(value)
        except (TypeError, ValueError):
            self.fout(veld, f"moet een heel getal zijn, niet {value!r}.")
            return None
        if not laag <= number <= hoog:
            self.fout(veld, f"{number} kan niet: kies een getal van {laag} tot en met {hoog}.")
            return None
        return number

    def url(self, veld: str, value: str | None = None) -> str:
        value = self.tekst(veld) if value is None else value
        if value and not (URL_RE.match(value) and HTTPS_RE.match(value)):
            self.fout(veld, f"{value!r} is geen geldig webadres; begin met https://.")
            return ""
        return value

    def datum(self, veld: str, vandaag: date, waarschuw: bool = True) -> date | None:
        """The date someone last checked the record at its source; "onbekend" warns."""
        value = self.record.get(veld)
        if isinstance(value, datetime):
            value = value.date()
        if isinstance(value, str) and value.strip() == "onbekend":
            if not waarschuw:  # invented example data has no source to check
                return None
            self.fout(
                veld,
                "nooit bij de bron gecontroleerd. Controleer de gegevens en zet de datum.",
                "waarschuwing",
            )
            return None
        if isinstance(value, str):
            try:
                value = date.fromisoformat(value.strip())
            except ValueError:
                self.fout(veld, f"{value!r} is geen datum; schrijf JJJJ-MM-DD of onbekend.")
                return None
        if not isinstance(value, date):
            self.fout(veld, "ontbreekt; schrijf de datum waarop je dit controleerde (JJJJ-MM-DD).")
            return None
        if value > vandaag:
            self.fout(veld, f"{value} ligt in de toekomst.")
        elif waarschuw and (vandaag - value).days > MAX_DAGEN_ONGECONTROLEERD:
            self.fout(
                veld,
                f"laatst gecontroleerd op {value}, langer dan {MAX_DAGEN_ONGECONTROLEERD} dagen "
                "geleden. Controleer de gegevens bij de bron en zet de nieuwe datum.",
                "waarschuwing",
            )
        return value
