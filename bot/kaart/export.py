"""Write the kaart out: CSV in the same columns the import reads, and HSDS-style JSON.

The CSV can be edited in a spreadsheet and put back into data/kaart/ (one row per service).
The JSON follows the shape of Open Referral HSDS, so other systems can read the kaart.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from bot.kaart.model import DAGEN, Dienst, Gemeente, Kaart, Tijdvak
from bot.kaart.velden import DIENST_VELDEN

CSV_KOLOMMEN = tuple(veld for veld in DIENST_VELDEN if veld != "opmerking")
HSDS_DAGEN = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _tijd(vak: Tijdvak, veld: str) -> str:
    t = getattr(vak, veld)
    return "24:00" if (t.hour, t.minute, t.second) == (23, 59, 59) else t.strftime("%H:%M")


def _open(d: Dienst) -> str:
    if d.altijd_open:
        return "24/7"
    return "; ".join(f"{DAGEN[v.dag]}={_tijd(v, 'van')}-{_tijd(v, 'tot')}" for v in d.schema)


def csv_rij(d: Dienst) -> dict[str, str]:
    janee = {True: "ja", False: ""}
    return {
        "id": d.id,
        "naam": d.naam,
        "organisatie": d.organisatie,
        "omschrijving": d.omschrijving,
        "categorieen": " | ".join(d.categorieen),
        "voor": " | ".join(d.voor),
        "leeftijd_van": "" if d.leeftijd_van is None else str(d.leeftijd_van),
        "leeftijd_tot": "" if d.leeftijd_tot is None else str(d.leeftijd_tot),
        "kosten": d.kosten,
        "toegang": d.toegang,
        "werkgebied": " | ".join(d.gemeenten) or "landelijk",
        "telefoon": " | ".join(d.telefoonnummers),
        "telefoon_kosten": d.telefoon_kosten,
        "chat": d.chat_url,
        "email": d.email,
        "website": d.website,
        "via_overdracht": janee[d.via_overdracht],
        "adres": d.adres,
        "open": _open(d),
        "open_betrouwbaarheid": d.tijden_betrouwbaarheid if d.tijden_bron else "",
        "open_bron": f"{d.tijden_bron.url} ({d.tijden_bron.datum})" if d.tijden_bron else "",
        "gesloten_op": " | ".join(dag.isoformat() for dag in d.gesloten_op),
        "crisis": janee[d.crisis],
        "lokaal_team": janee[d.lokaal_team],
        "voorbeeld": janee[d.voorbeeld],
        "prioriteit": str(d.prioriteit),
        "betrouwbaarheid": d.betrouwbaarheid,
        "bron": " | ".join(f"{b.url} ({b.datum})" for b in d.bronnen),
        "verified_on": d.geverifieerd_op.isoformat() if d.geverifieerd_op else "onbekend",
        "feit": d.feit,
    }


def _hsds_dienst(d: Dienst) -> dict:
    return {
        "id": d.id,
        "name": d.naam,
        "organization": {"name": d.organisatie},
        "description": d.omschrijving,
        "url": d.website or None,
        "email": d.email or None,
        "status": "active",
        "fees_description": d.kosten or None,
        "application_process": d.toegang,
        "assured_date": d.geverifieerd_op.isoformat() if d.geverifieerd_op else None,
        "phones": [
            {"number": n, "description": d.telefoon_kosten or None} for n in d.telefoonnummers
        ],
        "contacts": [{"name": "chat", "url": d.chat_url}] if d.chat_url else [],
        "schedules": (
            [{"description": "24/7", "freq": "WEEKLY", "byday": ",".join(HSDS_DAGEN)}]
            if d.altijd_open
            else [
                {
                    "freq": "WEEKLY",
                    "byday": HSDS_DAGEN[v.dag],
                    "opens_at": _tijd(v, "van"),
                    "closes_at": _tijd(v, "tot"),
                }
                for v in d.schema
            ]
        ),
        "holiday_schedules": [
            {"closed": True, "start_date": dag.isoformat(), "end_date": dag.isoformat()}
            for dag in d.gesloten_op
        ],
        "service_areas": [{"extent": code, "extent_type": "cbs_gemeente"} for code in d.gemeenten]
        or [{"extent": "NL", "extent_type": "country"}],
        "eligibility": {
            "minimum_age": d.leeftijd_van,
            "maximum_age": d.leeftijd_tot,
            "eligibility": list(d.voor),
        },
        "attributes": [
            {"taxonomy_term": {"term": cat, "taxonomy": "jeugdwijzer-categorieen"}}
            for cat in d.categorieen
        ],
        "sources": [{"url": b.url, "date": b.datum} for b in d.bronnen],
        "x_jeugdwijzer": {
            "crisis": d.crisis,
            "lokaal_team": d.lokaal_team,
            "voorbeeld": d.voorbeeld,
            "betrouwbaarheid": d.betrouwbaarheid,
            "via_overdracht": d.via_overdracht,
        },
    }


def _hsds_gemeente(g: Gemeente) -> dict:
    return {
        "code": g.code,
        "name": g.naam,
        "cbs_name": g.cbs_naam or None,
        "url": g.website or None,
        "lokaal_team": g.lokaal_team_id,
        "voorbeeld": g.voorbeeld,
        "woonplaatsen": list(g.woonplaatsen),
    }


def exporteer(kaart: Kaart, uit: Path) -> list[Path]:
    """Write diensten.csv, gemeenten.csv and kaart-hsds.json into `uit`; returns the files."""
    uit.mkdir(parents=True, exist_ok=True)
    diensten = uit / "diensten.csv"
    with diensten.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=CSV_KOLOMMEN)
        writer.writeheader()
        writer.writerows(csv_rij(d) for d in kaart.diensten.values())
    gemeenten = uit / "gemeenten.csv"
    with gemeenten.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["code", "naam", "cbs_naam", "website", "lokaal_team", "voorbeeld"])
        for g in kaart.gemeenten.values():
            writer.writerow(
                [
                    g.code,
                    g.naam,
                    g.cbs_naam,
                    g.website,
                    g.lokaal_team_id,
                    "ja" if g.voorbeeld else "",
                ]
            )
    hsds = uit / "kaart-hsds.json"
    hsds.write_text(
        json.dumps(
            {
                "services": [_hsds_dienst(d) for d in kaart.diensten.values()],
                "gemeenten": [_hsds_gemeente(g) for g in kaart.gemeenten.values()],
            },
            ensure_ascii=False,
            indent=2,
        ),
        encoding="utf-8",
    )
    return [diensten, gemeenten, hsds]
