"""The kaart database: built from data/kaart/ in one go, read by the actions and the CLI.

The database is rebuilt whole in a new file and then swapped in with one rename, so an import
is all-or-nothing: on any error the old database stays and keeps answering. It is only ever
read afterwards, so it is not in WAL mode (a stale WAL file must never meet a new database).
The tables follow Open Referral HSDS (organization, service, phone, schedule, service_area,
eligibility, location), so the kaart can be exchanged with other systems.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import tempfile
import threading
import time as klok
from datetime import date, time
from pathlib import Path

import sqlite_utils

from bot.kaart.bestanden import KAART_DIR, Inhoud, fingerprint, lees_kaart
from bot.kaart.model import Bron, Dienst, Gemeente, Kaart, Tijdvak

log = logging.getLogger(__name__)
VERSIE = "1"
# The HSDS-style tables with rows per service and per gemeente (besides service and organization).
PER_DIENST = (
    "phone",
    "schedule",
    "holiday_schedule",
    "service_area",
    "service_category",
    "eligibility",
    "location",
    "source",
)
PER_GEMEENTE = ("gemeente", "gemeente_naam", "gemeente_postcode")
# How often a running process looks at the files again (seconds): cheap, but not every call.
VERS_GENOEG = 2.0


class KaartNietBeschikbaar(RuntimeError):
    """There is no kaart database and the files could not be imported."""


class KaartFouten(ValueError):
    """The kaart files have errors; nothing was imported."""

    def __init__(self, inhoud: Inhoud):
        self.inhoud = inhoud
        super().__init__(
            f"{len(inhoud.fouten)} fouten in de kaartbestanden; er is niets geïmporteerd. "
            "Draai 'jeugdwijzer kaart check' om ze te zien."
        )


def _json(value) -> str:
    return json.dumps(list(value), ensure_ascii=False)


def _rijen(inhoud: Inhoud) -> dict[str, list[dict]]:
    """The HSDS-style tables as rows, one list per table."""
    t: dict[str, list[dict]] = {
        naam: [] for naam in ("organization", "service", *PER_DIENST, *PER_GEMEENTE)
    }
    organisaties: dict[str, str] = {}
    for d in inhoud.diensten:
        org_id = organisaties.setdefault(d.organisatie, f"org-{len(organisaties) + 1}")
        t["service"].append(
            {
                "id": d.id,
                "organization_id": org_id,
                "name": d.naam,
                "description": d.omschrijving,
                "url": d.website,
                "email": d.email,
                "chat_url": d.chat_url,
                "via_handoff": d.via_overdracht,
                "fees_description": d.kosten,
                "application_process": d.toegang,
                "crisis": d.crisis,
                "lokaal_team": d.lokaal_team,
                "example": d.voorbeeld,
                "priority": d.prioriteit,
                "confidence": d.betrouwbaarheid,
                "source_url": d.bron_url,
                "assured_date": d.geverifieerd_op.isoformat() if d.geverifieerd_op else None,
                "open_24_7": d.altijd_open,
                "schedule_confidence": d.tijden_betrouwbaarheid,
                "schedule_source_url": d.tijden_bron.url if d.tijden_bron else None,
                "schedule_source_date": d.tijden_bron.datum if d.tijden_bron else None,
                "fact_id": d.feit,
                "source_file": d.bestand,
                "source_line": d.regel,
            }
        )
        for i, nummer in enumerate(d.telefoonnummers):
            t["phone"].append(
                {"service_id": d.id, "number": nummer, "position": i, "cost": d.telefoon_kosten}
            )
        for vak in d.schema:
            t["schedule"].append(
                {
                    "service_id": d.id,
                    "weekday": vak.dag,
                    "opens_at": vak.van.strftime("%H:%M"),
                    "closes_at": vak.tot.strftime("%H:%M:%S"),
                }
            )
        for dag in d.gesloten_op:
            t["holiday_schedule"].append({"service_id": d.id, "closed_on": dag.isoformat()})
        for code in d.gemeenten:
            t["service_area"].append({"service_id": d.id, "gemeente_code": code})
        for cat in d.categorieen:
            t["service_category"].append({"service_id": d.id, "category": cat})
        t["eligibility"].append(
            {
                "service_id": d.id,
                "minimum_age": d.leeftijd_van,
                "maximum_age": d.leeftijd_tot,
                "audience": _json(d.voor),
            }
        )
        if d.adres:
            t["location"].append({"service_id": d.id, "address": d.adres})
        for bron in d.bronnen:
            t["source"].append({"service_id": d.id, "url": bron.url, "date": bron.datum})
    for naam, org_id in organisaties.items():
        t["organization"].append({"id": org_id, "name": naam})
    for g in inhoud.gemeenten:
        t["gemeente"].append(
            {
                "code": g.code,
                "naam": g.naam,
                "cbs_naam": g.cbs_naam,
                "website": g.website,
                "lokaal_team": g.lokaal_team_id,
                "example": g.voorbeeld,
                "postcode_source_url": g.postcode_bron,
                "source_file": g.bestand,
                "source_line": g.regel,
            }
        )
        for naam in g.woonplaatsen:
            t["gemeente_naam"].append({"code": g.code, "naam": naam})
        for laag, hoog in g.postcodes:
            t["gemeente_postcode"].append({"code": g.code, "van": laag, "tot": hoog})
    return t


def bouw(inhoud: Inhoud, path: Path, kaart_dir: Path, vingerafdruk: str) -> None:
    """Write a complete new database next to `path`, then swap it in with one rename."""
    if inhoud.fouten:
        raise KaartFouten(inhoud)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, naam = tempfile.mkstemp(prefix=path.name + ".", suffix=".nieuw", dir=path.parent)
    os.close(fd)
    nieuw = Path(naam)
    try:
        db = sqlite_utils.Database(sqlite3.connect(str(nieuw)))
        pks = {"organization": "id", "service": "id", "gemeente": "code"}
        for tabel, rijen in _rijen(inhoud).items():
            if rijen:
                db[tabel].insert_all(rijen, pk=pks.get(tabel))
        db["meta"].insert_all(
            [
                {"key": "fingerprint", "value": vingerafdruk},
                {"key": "bron_dir", "value": str(kaart_dir.resolve())},
                {"key": "versie", "value": VERSIE},
            ],
            pk="key",
        )
        for tabel, kolom in (
            ("service_area", "gemeente_code"),
            ("service_category", "category"),
            ("phone", "service_id"),
            ("schedule", "service_id"),
        ):
            if tabel in db.table_names():
                db[tabel].create_index([kolom])
        db.conn.close()
        os.replace(nieuw, path)
    finally:
        nieuw.unlink(missing_ok=True)
    log.info("Sociale kaart geïmporteerd: %d diensten", len(inhoud.diensten))


def importeer(path: Path, kaart_dir: Path = KAART_DIR) -> Inhoud:
    """Check the files and rebuild the database at `path`; raises KaartFouten on any error."""
    vingerafdruk = fingerprint(kaart_dir)
    inhoud = lees_kaart(kaart_dir)
    bouw(inhoud, path, kaart_dir, vingerafdruk)
    return inhoud


def _meta(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return dict(conn.execute("SELECT key, value FROM meta").fetchall())
        finally:
            conn.close()
    except sqlite3.Error:
        return {}


def bron_dir(path: Path) -> Path:
    """The folder the database was built from (a test kaart remembers its own folder).

    When that folder is gone (the project moved), the project's own data/kaart/ is used.
    """
    eigen = Path(_meta(path).get("bron_dir") or KAART_DIR)
    return eigen if eigen.is_dir() else KAART_DIR


def is_verouderd(path: Path, kaart_dir: Path | None = None) -> bool:
    meta = _meta(path)
    kaart_dir = kaart_dir or bron_dir(path)
    return meta.get("versie") != VERSIE or meta.get("fingerprint") != fingerprint(kaart_dir)


def importeer_als_veranderd(path: Path, kaart_dir: Path | None = None) -> Inhoud | None:
    """Import when the files differ from what the database was built from; None if unchanged."""
    kaart_dir = kaart_dir or bron_dir(path)
    if not is_verouderd(path, kaart_dir):
        return None
    return importeer(path, kaart_dir)


_CACHE: dict[Path, tuple[tuple[int, int], Kaart]] = {}
_GEKEKEN: dict[Path, float] = {}
_SLOT = threading.Lock()


def _ververs(path: Path) -> None:
    """Import first when the database is missing or older than its files."""
    nu = klok.monotonic()
    if path.exists() and nu - _GEKEKEN.get(path, -VERS_GENOEG) < VERS_GENOEG:
        return
    _GEKEKEN[path] = nu
    try:
        importeer_als_veranderd(path)
    except KaartFouten as exc:
        if not path.exists():
            raise KaartNietBeschikbaar(str(exc)) from exc
        log.warning("Kaartbestanden hebben fouten; de vorige kaart blijft in gebruik.")


def laad(path: Path) -> Kaart:
    """The whole kaart, reloaded only when the database file was replaced by an import."""
    with _SLOT:
        _ververs(path)
        stat = path.stat()
        sleutel = (stat.st_ino, stat.st_mtime_ns)
        cached = _CACHE.get(path)
        if cached and cached[0] == sleutel:
            return cached[1]
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        conn.row_factory = sqlite3.Row
        try:
            kaart = _lees(conn)
        finally:
            conn.close()
        _CACHE[path] = (sleutel, kaart)
        return kaart


def _per(conn: sqlite3.Connection, tabel: str, sleutel: str = "service_id") -> dict[str, list]:
    result: dict[str, list[sqlite3.Row]] = {}
    try:
        rows = conn.execute(f"SELECT * FROM {tabel} ORDER BY rowid").fetchall()  # noqa: S608
    except sqlite3.OperationalError:  # an empty table is never created
        return result
    for row in rows:
        result.setdefault(row[sleutel], []).append(row)
    return result


def _lees(conn: sqlite3.Connection) -> Kaart:
    orgs = {r["id"]: r["name"] for r in conn.execute("SELECT * FROM organization")}
    per = {tabel: _per(conn, tabel) for tabel in PER_DIENST}
    kaart = Kaart()
    for s in conn.execute("SELECT * FROM service ORDER BY rowid"):
        sid = s["id"]
        elig = per["eligibility"][sid][0]
        nummers = [
            r["number"] for r in sorted(per["phone"].get(sid, []), key=lambda r: r["position"])
        ]
        locatie = per["location"].get(sid)
        kaart.diensten[sid] = Dienst(
            id=sid,
            naam=s["name"],
            organisatie=orgs[s["organization_id"]],
            omschrijving=s["description"],
            categorieen=tuple(r["category"] for r in per["service_category"].get(sid, [])),
            telefoon=nummers[0] if nummers else "",
            telefoon_extra=tuple(nummers[1:]),
            chat_url=s["chat_url"] or "",
            email=s["email"] or "",
            website=s["url"] or "",
            kosten=s["fees_description"] or "",
            toegang=s["application_process"],
            leeftijd_van=elig["minimum_age"],
            leeftijd_tot=elig["maximum_age"],
            voor=tuple(json.loads(elig["audience"])),
            gemeenten=tuple(r["gemeente_code"] for r in per["service_area"].get(sid, [])),
            altijd_open=bool(s["open_24_7"]),
            schema=tuple(
                Tijdvak(
                    r["weekday"],
                    time.fromisoformat(r["opens_at"]),
                    time.fromisoformat(r["closes_at"]),
                )
                for r in per["schedule"].get(sid, [])
            ),
            gesloten_op=tuple(
                date.fromisoformat(r["closed_on"]) for r in per["holiday_schedule"].get(sid, [])
            ),
            bron_url=s["source_url"] or "",
            geverifieerd_op=date.fromisoformat(s["assured_date"]) if s["assured_date"] else None,
            voorbeeld=bool(s["example"]),
            telefoon_kosten=(per["phone"].get(sid) or [{"cost": ""}])[0]["cost"] or "",
            via_overdracht=bool(s["via_handoff"]),
            adres=locatie[0]["address"] if locatie else "",
            crisis=bool(s["crisis"]),
            lokaal_team=bool(s["lokaal_team"]),
            prioriteit=s["priority"],
            betrouwbaarheid=s["confidence"],
            bronnen=tuple(Bron(r["url"], r["date"]) for r in per["source"].get(sid, [])),
            tijden_bron=Bron(s["schedule_source_url"], s["schedule_source_date"])
            if s["schedule_source_url"]
            else None,
            tijden_betrouwbaarheid=s["schedule_confidence"] or "high",
            feit=s["fact_id"] or "",
            bestand=s["source_file"] or "",
            regel=s["source_line"],
        )
    namen = _per(conn, "gemeente_naam", "code")
    postcodes = _per(conn, "gemeente_postcode", "code")
    for r in conn.execute("SELECT * FROM gemeente ORDER BY rowid"):
        kaart.gemeenten[r["code"]] = Gemeente(
            code=r["code"],
            naam=r["naam"],
            website=r["website"] or "",
            voorbeeld=bool(r["example"]),
            lokaal_team_id=r["lokaal_team"] or "",
            cbs_naam=r["cbs_naam"] or "",
            woonplaatsen=tuple(n["naam"] for n in namen.get(r["code"], [])),
            postcodes=tuple((p["van"], p["tot"]) for p in postcodes.get(r["code"], [])),
            postcode_bron=r["postcode_source_url"] or "",
            bestand=r["source_file"] or "",
            regel=r["source_line"],
        )
    return kaart
