"""Read and check the human-editable kaart files in data/kaart/ (YAML, or CSV for services).

Every problem names the file, the line (YAML) or row (CSV) and the field, and says what to do.
Errors stop an import; warnings (e.g. a fact not checked for 180 days) do not.
"""

from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import yaml

from bot.config import PROJECT_ROOT
from bot.kaart import schema
from bot.kaart.model import (
    BETROUWBAARHEID,
    CATEGORIEEN,
    DAGGROEPEN,
    LANDELIJK,
    TOEGANG,
    VOOR,
    Bron,
    Dienst,
    Gemeente,
    Tijdvak,
)

KAART_DIR = PROJECT_ROOT / "data" / "kaart"
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
# Rasa treats every YAML file under data/ with one of these keys as training data.
RASA_SLEUTEL_RE = re.compile(r"^\s*(?:nlu|rules|stories|responses):")
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


class _RegelLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when present
    """A YAML loader that remembers the line of every mapping and of each of its keys."""


def _mapping_met_regels(loader: _RegelLoader, node: yaml.MappingNode) -> dict:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__regel__"] = node.start_mark.line + 1
    mapping["__regels__"] = {k.value: k.start_mark.line + 1 for k, _ in node.value}
    return mapping


_RegelLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_met_regels)


def kaart_bestanden(kaart_dir: Path = KAART_DIR) -> list[Path]:
    return sorted(p for p in kaart_dir.glob("*") if p.suffix in (".yml", ".yaml", ".csv"))


def fingerprint(kaart_dir: Path = KAART_DIR) -> str:
    """A content hash of all kaart files: the import runs again only when it changes."""
    digest = hashlib.sha256()
    for path in kaart_bestanden(kaart_dir):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def _rel(path: Path) -> str:
    try:
        return str(path.relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)


class _Lezer:
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


def _telefoon_ok(nummer: str) -> bool:
    return bool(TELEFOON_RE.match(re.sub(r"[\s-]", "", nummer)))


def _bron(lezer: _Lezer, value: Any, veld: str) -> Bron | None:
    if isinstance(value, str):  # CSV form: "https://... (2022-12-20)"
        url, _, datum = value.strip().partition(" ")
        value = {"url": url, "datum": datum.strip("() ") or "onbekend"}
    if not isinstance(value, dict):
        lezer.fout(veld, "moet een url en een datum hebben (url: ..., datum: ...).")
        return None
    url = str(value.get("url") or "").strip()
    datum = str(value.get("datum") or "onbekend").strip()
    if not URL_RE.match(url):
        lezer.fout(veld, f"bron {url!r} is geen geldig webadres.")
        return None
    if not BRONDATUM_RE.match(datum):
        lezer.fout(veld, f"brondatum {datum!r}: schrijf JJJJ, JJJJ-MM, JJJJ-MM-DD of onbekend.")
    return Bron(url, datum)


@dataclass
class _Tijden:
    altijd: bool = False
    schema: list[Tijdvak] = field(default_factory=list)
    gesloten_op: list[date] = field(default_factory=list)
    bron: Bron | None = None
    betrouwbaarheid: str = "high"


def _gesloten_op(lezer: _Lezer) -> list[date]:
    dagen = []
    waarden = lezer.record.get("gesloten_op") or []
    if isinstance(waarden, str):  # CSV form: "2026-12-25 | 2027-01-01"
        waarden = [w for w in re.split(r"\s*[|;]\s*", waarden) if w]
    for value in waarden:
        if isinstance(value, str):
            try:
                value = date.fromisoformat(value.strip())
            except ValueError:
                lezer.fout("gesloten_op", f"{value!r} is geen datum; schrijf JJJJ-MM-DD.")
                continue
        if not isinstance(value, date):
            lezer.fout("gesloten_op", "schrijf een lijst van datums (JJJJ-MM-DD).")
            continue
        dagen.append(value)
    return dagen


def _openingstijden(lezer: _Lezer) -> _Tijden:
    tijden = _Tijden(gesloten_op=_gesloten_op(lezer))
    value = lezer.record.get("open")
    if value is None or value == "":
        return tijden
    tijden.betrouwbaarheid = lezer.tekst("open_betrouwbaarheid") or "high"
    if lezer.record.get("open_bron"):
        tijden.bron = _bron(lezer, lezer.record["open_bron"], "open_bron")
    if tijden.betrouwbaarheid not in BETROUWBAARHEID:
        lezer.fout("open_betrouwbaarheid", "kies high of medium (low mag niet naar gebruikers).")
    if tijden.betrouwbaarheid == "medium" and (not tijden.bron or tijden.bron.datum == "onbekend"):
        lezer.fout(
            "open_bron",
            "gesloten_op",
            "tijden met betrouwbaarheid medium hebben een bron met datum nodig; "
            "laat 'open' anders leeg.",
        )
    if isinstance(value, str) and value.strip() == "24/7":
        tijden.altijd = True
        return tijden
    if isinstance(value, str):  # CSV form: "werkdagen=09:00-17:00; za=10:00-12:00"
        parts = [p.split("=", 1) for p in re.split(r"\s*;\s*", value) if p]
        if not all(len(p) == 2 for p in parts):
            lezer.fout("open", 'schrijf "24/7" of dagen met tijden, zoals werkdagen=09:00-17:00.')
            return tijden
        value = {k.strip(): v.strip() for k, v in parts}
    if not isinstance(value, dict):
        lezer.fout("open", 'schrijf "24/7" of per dag de tijden, zoals ma: "09:00-17:00".')
        return tijden
    for dagen, reeks in value.items():
        if dagen.startswith("__"):
            continue
        if dagen not in DAGGROEPEN:
            lezer.fout("open", f"onbekende dag {dagen!r}; gebruik {', '.join(DAGGROEPEN)}.")
            continue
        for stuk in str(reeks).split(","):
            match = TIJD_RE.match(stuk.strip())
            if not match:
                lezer.fout("open", f"{dagen}: {stuk.strip()!r} is geen tijd als 09:00-17:00.")
                continue
            uv, mv, ut, mt = (int(g) for g in match.groups())
            if uv > 23 or ut > 24 or mv > 59 or mt > 59 or (ut == 24 and mt):
                lezer.fout("open", f"{dagen}: {stuk.strip()!r} bestaat niet op de klok.")
                continue
            tot = time(23, 59, 59) if ut == 24 else time(ut, mt)
            if tot <= time(uv, mv):
                lezer.fout("open", f"{dagen}: {stuk.strip()!r} sluit voordat het opengaat.")
                continue
            for dag in DAGGROEPEN[dagen]:
                tijden.schema.append(Tijdvak(dag, time(uv, mv), tot))
    return tijden


def _dienst(lezer: _Lezer, vandaag: date) -> Dienst:
    for veld in lezer.record:
        if not veld.startswith("__") and veld not in DIENST_VELDEN:
            lezer.fout(veld, f"onbekend veld; bekende velden: {', '.join(sorted(DIENST_VELDEN))}.")
    dienst_id = lezer.tekst("id", verplicht=True)
    if dienst_id and not ID_RE.match(dienst_id):
        lezer.fout("id", f"{dienst_id!r}: gebruik kleine letters, cijfers en streepjes.")
    categorieen = lezer.lijst("categorieen", verplicht=True)
    for cat in categorieen:
        if cat not in CATEGORIEEN:
            lezer.fout(
                "categorieen", f"onbekende categorie {cat!r}; kies uit {', '.join(CATEGORIEEN)}."
            )
    voor = lezer.lijst("voor") or list(VOOR)
    for wie in voor:
        if wie not in VOOR:
            lezer.fout("voor", f"onbekend {wie!r}; kies uit {', '.join(VOOR)}.")
    toegang = lezer.tekst("toegang", verplicht=True)
    if toegang and toegang not in TOEGANG:
        lezer.fout("toegang", f"{toegang!r}: kies uit {', '.join(TOEGANG)}.")
    van = lezer.getal("leeftijd_van", 0, 27)
    tot = lezer.getal("leeftijd_tot", 0, 120)
    if van is not None and tot is not None and van > tot:
        lezer.fout("leeftijd_tot", f"leeftijd_van ({van}) is hoger dan leeftijd_tot ({tot}).")
    telefoon = lezer.lijst("telefoon")
    for nummer in telefoon:
        if not _telefoon_ok(nummer):
            lezer.fout("telefoon", f"{nummer!r} is geen Nederlands telefoonnummer.")
    email = lezer.tekst("email")
    if email and not EMAIL_RE.match(email):
        lezer.fout("email", f"{email!r} is geen geldig e-mailadres.")
    betrouwbaarheid = lezer.tekst("betrouwbaarheid", verplicht=True)
    if betrouwbaarheid and betrouwbaarheid not in BETROUWBAARHEID:
        lezer.fout(
            "betrouwbaarheid",
            f"{betrouwbaarheid!r}: kies high of medium; low mag niet in de kaart.",
        )
    bron_value = lezer.record.get("bron")
    bron_lijst = bron_value if isinstance(bron_value, list) else [bron_value] if bron_value else []
    bronnen = [b for b in (_bron(lezer, v, "bron") for v in bron_lijst) if b]
    if not bron_lijst:
        lezer.fout("bron", "ontbreekt; geef de webpagina waar deze gegevens staan.")
    werkgebied = lezer.lijst("werkgebied", verplicht=True)
    if LANDELIJK in werkgebied and len(werkgebied) > 1:
        lezer.fout("werkgebied", "kies 'landelijk' of een lijst van CBS-codes, niet allebei.")
    tijden = _openingstijden(lezer)
    voorbeeld = lezer.janee("voorbeeld")
    dienst = Dienst(
        id=dienst_id,
        naam=lezer.tekst("naam", verplicht=True),
        organisatie=lezer.tekst("organisatie", verplicht=True),
        omschrijving=lezer.tekst("omschrijving", verplicht=True),
        categorieen=tuple(categorieen),
        telefoon=telefoon[0] if telefoon else "",
        telefoon_extra=tuple(telefoon[1:]),
        chat_url=lezer.url("chat"),
        email=email,
        website=lezer.url("website"),
        kosten=lezer.tekst("kosten"),
        toegang=toegang,
        leeftijd_van=van,
        leeftijd_tot=tot,
        voor=tuple(voor),
        gemeenten=tuple(c for c in werkgebied if c != LANDELIJK),
        altijd_open=tijden.altijd,
        schema=tuple(tijden.schema),
        gesloten_op=tuple(tijden.gesloten_op),
        bron_url=bronnen[0].url if bronnen else "",
        geverifieerd_op=lezer.datum("verified_on", vandaag, waarschuw=not voorbeeld),
        voorbeeld=voorbeeld,
        telefoon_kosten=lezer.tekst("telefoon_kosten"),
        via_overdracht=lezer.janee("via_overdracht"),
        adres=lezer.tekst("adres"),
        crisis=lezer.janee("crisis"),
        lokaal_team=lezer.janee("lokaal_team"),
        prioriteit=lezer.getal("prioriteit", 0, 100) or 50,
        betrouwbaarheid=betrouwbaarheid,
        bronnen=tuple(bronnen),
        tijden_bron=tijden.bron,
        tijden_betrouwbaarheid=tijden.betrouwbaarheid,
        feit=lezer.tekst("feit"),
        bestand=lezer.bestand,
        regel=lezer.regel,
    )
    if not (dienst.telefoon or dienst.chat_url or dienst.email or dienst.website):
        if not dienst.via_overdracht:
            lezer.fout("telefoon", "geen enkel contact: geef telefoon, chat, e-mail of website.")
    if dienst.omschrijving and len(dienst.omschrijving.split()) > 30:
        lezer.fout("omschrijving", "te lang; zeg in een zin (hoogstens 30 woorden) wat ze doen.")
    if dienst.lokaal_team and "toegang-jeugdhulp" not in dienst.categorieen:
        lezer.fout("categorieen", "een lokaal team heeft de categorie toegang-jeugdhulp.")
    if dienst.voorbeeld:
        if dienst.telefoonnummers:
            lezer.fout(
                "telefoon", "voorbeelddata krijgt geen telefoonnummer: het kan van iemand zijn."
            )
        for veld, value in (
            ("chat", dienst.chat_url),
            ("email", email),
            ("website", dienst.website),
        ):
            if value and not VOORBEELD_DOMEIN_RE.search(value):
                lezer.fout(veld, "voorbeelddata gebruikt alleen het domein example.org.")
        if "voorbeeld" not in dienst.naam.lower():
            lezer.fout(
                "naam", "zet 'voorbeeld' in de naam, zodat iedereen ziet dat het niet echt is."
            )
    return dienst


def _gemeente(lezer: _Lezer) -> Gemeente:
    for veld in lezer.record:
        if not veld.startswith("__") and veld not in GEMEENTE_VELDEN:
            lezer.fout(
                veld, f"onbekend veld; bekende velden: {', '.join(sorted(GEMEENTE_VELDEN))}."
            )
    code = lezer.tekst("code", verplicht=True)
    if code and not CODE_RE.match(code):
        lezer.fout("code", f"{code!r} is geen CBS-code; schrijf GM en vier cijfers (GM0164).")
    postcodes = []
    for reeks in lezer.lijst("postcodes"):
        match = POSTCODE_RE.match(reeks)
        if not match:
            lezer.fout("postcodes", f"{reeks!r}: schrijf 7551 of een reeks als 7550-7559.")
            continue
        laag, hoog = int(match.group(1)), int(match.group(2) or match.group(1))
        if laag > hoog or laag < 1000:
            lezer.fout("postcodes", f"{reeks!r} is geen geldige reeks.")
            continue
        postcodes.append((laag, hoog))
    postcode_bron = lezer.url("postcode_bron")
    if postcodes and not postcode_bron:
        lezer.fout("postcode_bron", "postcodes hebben een bron nodig; geef de webpagina.")
    gemeente = Gemeente(
        code=code,
        naam=lezer.tekst("naam", verplicht=True),
        website=lezer.url("website"),
        voorbeeld=lezer.janee("voorbeeld"),
        lokaal_team_id=lezer.tekst("lokaal_team"),
        cbs_naam=lezer.tekst("cbs_naam"),
        woonplaatsen=tuple(lezer.lijst("woonplaatsen")),
        postcodes=tuple(postcodes),
        postcode_bron=postcode_bron,
        bestand=lezer.bestand,
        regel=lezer.regel,
    )
    if gemeente.voorbeeld and "voorbeeld" not in gemeente.naam.lower():
        lezer.fout("naam", "zet 'Voorbeeld' in de naam van een verzonnen gemeente.")
    if gemeente.voorbeeld and gemeente.postcodes:
        lezer.fout("postcodes", "een verzonnen gemeente krijgt geen echte postcodes.")
    return gemeente


def _lees_yaml(path: Path, kaart: Inhoud) -> tuple[list[tuple[dict, int | None]], list]:
    bestand = _rel(path)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_RegelLoader)  # noqa: S506
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        regel = mark.line + 1 if mark else None
        kaart.problemen.append(
            Probleem(bestand, regel, "yaml", f"het bestand is geen geldige YAML: {exc}")
        )
        return [], []
    if not isinstance(data, dict):
        kaart.problemen.append(
            Probleem(bestand, None, "bestand", "verwacht 'gemeenten:' en/of 'diensten:'.")
        )
        return [], []
    kaart.schema_problemen += [Probleem(bestand, r, p, m) for p, r, m in schema.problemen(data)]
    for nummer, regel in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if RASA_SLEUTEL_RE.match(regel):
            kaart.problemen.append(
                Probleem(
                    bestand,
                    nummer,
                    regel.strip().split(":")[0],
                    "Rasa leest een bestand met dit woord aan het begin van een regel als "
                    "trainingsdata. Gebruik een ander woord.",
                )
            )
    gemeenten, diensten = data.get("gemeenten") or [], data.get("diensten") or []
    if not isinstance(gemeenten, list) or not isinstance(diensten, list):
        kaart.problemen.append(
            Probleem(bestand, None, "bestand", "gemeenten en diensten moeten lijsten zijn.")
        )
        return [], []
    return [(g, None) for g in gemeenten], [(d, None) for d in diensten]


def _lees_csv(path: Path, kaart: Inhoud) -> list[tuple[dict, int]]:
    """A CSV file holds services, one per row; lists are separated by | or ;."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    result = []
    for rij, row in enumerate(rows, start=2):  # row 1 is the header
        record = {k.strip(): v for k, v in row.items() if k and v not in (None, "")}
        if "bron" in record:  # "url (datum) | url (datum)"
            record["bron"] = [b for b in re.split(r"\s*\|\s*", record["bron"]) if b]
        result.append((record, rij))
    return result


def lees_kaart(kaart_dir: Path = KAART_DIR, vandaag: date | None = None) -> Inhoud:
    """Read every kaart file and check each record and the links between them."""
    vandaag = vandaag or date.today()
    kaart = Inhoud(bestanden=kaart_bestanden(kaart_dir))
    if not kaart.bestanden:
        kaart.problemen.append(
            Probleem(_rel(kaart_dir), None, "map", "geen kaartbestanden gevonden.")
        )
    for path in kaart.bestanden:
        bestand = _rel(path)
        if path.suffix == ".csv":
            gemeenten, diensten = [], _lees_csv(path, kaart)
        else:
            gemeenten, diensten = _lees_yaml(path, kaart)
        for i, (record, regel) in enumerate(gemeenten):
            if not isinstance(record, dict):
                kaart.problemen.append(
                    Probleem(bestand, None, f"gemeenten[{i}]", "moet velden hebben.")
                )
                continue
            lezer = _Lezer(kaart, bestand, record, f"gemeenten[{i}]", regel)
            gemeente = _gemeente(lezer)
            kaart.gemeenten.append(gemeente)
            kaart.plekken[id(gemeente)] = (lezer.pad, lezer.regels)
        for i, (record, regel) in enumerate(diensten):
            pad = f"diensten[{i}]" if path.suffix != ".csv" else f"rij {regel}"
            if not isinstance(record, dict):
                kaart.problemen.append(Probleem(bestand, regel, pad, "moet velden hebben."))
                continue
            lezer = _Lezer(kaart, bestand, record, pad, regel)
            dienst = _dienst(lezer, vandaag)
            kaart.diensten.append(dienst)
            kaart.plekken[id(dienst)] = (pad, lezer.regels)
    _controleer_verbanden(kaart)
    # The schema only adds what the reader did not already say about the same record.
    gemeld = {(p.bestand, p.veld.split(".")[0]) for p in kaart.fouten}
    kaart.problemen += [
        p for p in kaart.schema_problemen if (p.bestand, p.veld.split(".")[0]) not in gemeld
    ]
    return kaart


def _controleer_verbanden(kaart: Inhoud) -> None:
    """Checks across records: unique ids, known gemeente codes, one team per gemeente."""

    def fout(item, veld: str, melding: str) -> None:
        # Point at the field's own line and path, as the per-record checks do.
        veld = veld.rpartition(".")[2]
        pad, regels = kaart.plekken.get(id(item), ("", {}))
        regel = regels.get(veld, item.regel)
        kaart.problemen.append(Probleem(item.bestand, regel, f"{pad}.{veld}", melding))

    codes: dict[str, Gemeente] = {}
    for gemeente in kaart.gemeenten:
        if gemeente.code in codes:
            fout(gemeente, "code", f"{gemeente.code} staat twee keer in de kaart.")
        codes[gemeente.code] = gemeente
    ids: dict[str, Dienst] = {}
    for dienst in kaart.diensten:
        if dienst.id in ids:
            fout(
                dienst,
                f"{dienst.id}.id",
                f"id {dienst.id!r} bestaat al in {ids[dienst.id].bestand}.",
            )
        ids[dienst.id] = dienst
        for code in dienst.gemeenten:
            if code not in codes:
                fout(
                    dienst,
                    f"{dienst.id}.werkgebied",
                    f"onbekende gemeente {code!r}; zet 'landelijk' of een CBS-code uit de kaart.",
                )
    for gemeente in kaart.gemeenten:
        team = ids.get(gemeente.lokaal_team_id)
        if not gemeente.lokaal_team_id:
            fout(gemeente, f"{gemeente.code}.lokaal_team", "elke gemeente heeft een lokaal team.")
        elif not team:
            fout(
                gemeente,
                f"{gemeente.code}.lokaal_team",
                f"dienst {gemeente.lokaal_team_id!r} bestaat niet.",
            )
        elif gemeente.code not in team.gemeenten:
            fout(
                gemeente,
                f"{gemeente.code}.lokaal_team",
                f"{team.id} werkt niet in {gemeente.naam}.",
            )
        elif gemeente.voorbeeld != team.voorbeeld:
            fout(
                gemeente,
                f"{gemeente.code}.lokaal_team",
                "een verzonnen gemeente hoort bij een verzonnen team, en een echte bij een echt.",
            )
    postcodes: list[tuple[int, int, str]] = []
    for gemeente in kaart.gemeenten:
        for laag, hoog in gemeente.postcodes:
            for l2, h2, naam in postcodes:
                if laag <= h2 and l2 <= hoog:
                    fout(
                        gemeente,
                        f"{gemeente.code}.postcodes",
                        f"{laag}-{hoog} overlapt met {naam}.",
                    )
            postcodes.append((laag, hoog, gemeente.naam))
