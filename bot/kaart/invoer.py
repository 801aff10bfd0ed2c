"""Turning one checked record of the kaart files into a Dienst or a Gemeente: sources, opening
hours, closing days and every field of a service (the field checks are in bot/kaart/velden.py).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any

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
from bot.kaart.velden import (
    BRONDATUM_RE,
    CODE_RE,
    DIENST_VELDEN,
    EMAIL_RE,
    GEMEENTE_VELDEN,
    ID_RE,
    POSTCODE_RE,
    TELEFOON_RE,
    TIJD_RE,
    URL_RE,
    VOORBEELD_DOMEIN_RE,
    Lezer,
)


def _telefoon_ok(nummer: str) -> bool:
    return bool(TELEFOON_RE.match(re.sub(r"[\s-]", "", nummer)))


def _bron(lezer: Lezer, value: Any, veld: str) -> Bron | None:
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


def _gesloten_op(lezer: Lezer) -> list[date]:
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


def _openingstijden(lezer: Lezer) -> _Tijden:
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


def dienst_uit(lezer: Lezer, vandaag: date) -> Dienst:
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
    _tegenspraak_in_kosten(lezer, dienst.kosten, dienst.telefoon_kosten)
    _oude_tijden(lezer, tijden, vandaag)
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


# A card that says both "gratis" and a price per minute contradicts itself on a phone (issue 14).
GRATIS_RE = re.compile(r"\b(gratis|kost niets|kosteloos|free)\b", re.IGNORECASE)
ALLEEN_GRATIS_RE = re.compile(r"^\s*(gratis|kost niets|kosteloos)\.?\s*$", re.IGNORECASE)
PER_MINUUT_RE = re.compile(r"per\s+min(uut)?\b|/\s*min\b|\bpm\b", re.IGNORECASE)
# Opening hours from a source older than this are not shown as fact without a new check.
MAX_DAGEN_TIJDEN = 365


def _tegenspraak_in_kosten(lezer: Lezer, kosten: str, telefoon_kosten: str) -> None:
    if not PER_MINUUT_RE.search(f"{kosten} {telefoon_kosten}"):
        return
    if ALLEEN_GRATIS_RE.match(kosten or ""):
        lezer.fout(
            "kosten",
            f"'{kosten}' en een prijs per minuut ('{telefoon_kosten or kosten}') spreken elkaar "
            "tegen; zeg wat gratis is en wat bellen kost, zoals 'advies gratis, bellen kost ...'.",
        )
    elif GRATIS_RE.search(kosten or "") and "bel" not in (kosten or "").lower():
        lezer.fout(
            "kosten",
            f"'{kosten}' naast een prijs per minuut: zeg in de kosten ook dat bellen geld kost.",
            "waarschuwing",
        )


def _bron_einde(datum: str) -> date | None:
    """The last day a source date can mean: 2019 is 2019-12-31, 2019-02 is 2019-02-28."""
    if not re.fullmatch(r"\d{4}(-\d{2}){0,2}", datum):
        return None
    delen = [int(d) for d in datum.split("-")]
    jaar, maand = delen[0], delen[1] if len(delen) > 1 else 12
    if not 1 <= maand <= 12:
        return None
    laatste = calendar.monthrange(jaar, maand)[1]
    dag = delen[2] if len(delen) > 2 else laatste
    return date(jaar, maand, min(dag, laatste))


def _oude_tijden(lezer: Lezer, tijden: _Tijden, vandaag: date) -> None:
    if tijden.bron is None or not (tijden.schema or tijden.altijd):
        return
    einde = _bron_einde(tijden.bron.datum)
    if einde is not None and (vandaag - einde).days > MAX_DAGEN_TIJDEN:
        lezer.fout(
            "open_bron",
            f"de openingstijden komen uit een bron van {tijden.bron.datum}, ouder dan een jaar. "
            "Controleer ze bij de bron (nieuwe datum) of laat 'open' leeg.",
            "waarschuwing",
        )


def gemeente_uit(lezer: Lezer) -> Gemeente:
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
