"""Read and check the human-editable kaart files in data/kaart/ (YAML, or CSV for services).

Every problem names the file, the line (YAML) or row (CSV) and the field, and says what to do.
Errors stop an import; warnings (e.g. a fact not checked for 180 days) do not.
"""

from __future__ import annotations

import csv
import hashlib
import re
from datetime import date
from pathlib import Path

import yaml

from bot.config import PROJECT_ROOT
from bot.kaart import schema
from bot.kaart.invoer import dienst_uit, gemeente_uit
from bot.kaart.model import Dienst, Gemeente
from bot.kaart.velden import Inhoud, Lezer, Probleem

KAART_DIR = PROJECT_ROOT / "data" / "kaart"
# Rasa treats every YAML file under data/ with one of these keys as training data.
RASA_SLEUTEL_RE = re.compile(r"^\s*(?:nlu|rules|stories|responses):")


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
            lezer = Lezer(kaart, bestand, record, f"gemeenten[{i}]", regel)
            gemeente = gemeente_uit(lezer)
            kaart.gemeenten.append(gemeente)
            kaart.plekken[id(gemeente)] = (lezer.pad, lezer.regels)
        for i, (record, regel) in enumerate(diensten):
            pad = f"diensten[{i}]" if path.suffix != ".csv" else f"rij {regel}"
            if not isinstance(record, dict):
                kaart.problemen.append(Probleem(bestand, regel, pad, "moet velden hebben."))
                continue
            lezer = Lezer(kaart, bestand, record, pad, regel)
            dienst = dienst_uit(lezer, vandaag)
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
