"""Validate a kaart file against bot/kaart/schema.yml (JSON Schema), with Dutch messages.

The schema catches what the field-by-field reader does not: a misspelt top-level key (which
would silently drop every service under it) and the shape of nested values.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema

from bot.taal.yamlbestand import lees_yaml

SCHEMA_FILE = Path(__file__).with_name("schema.yml")
TYPEN = {"string": "tekst", "integer": "een heel getal", "boolean": "ja of nee (true/false)"}
TYPEN |= {"array": "een lijst", "object": "velden met waarden", "null": "leeg"}


@lru_cache(maxsize=1)
def validator() -> jsonschema.Draft7Validator:
    schema = lees_yaml(SCHEMA_FILE)
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def _schoon(value: Any) -> Any:
    """The data without the line markers, dates as text (as JSON would have them)."""
    if isinstance(value, dict):
        return {k: _schoon(v) for k, v in value.items() if not str(k).startswith("__")}
    if isinstance(value, list):
        return [_schoon(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def _plek(data: Any, pad: list) -> tuple[str, int | None]:
    """The field path as the reader writes it (diensten[3].open) and its line in the file."""
    tekst, regel, node = "", None, data
    for stap in pad:
        if isinstance(stap, int):
            tekst += f"[{stap}]"
        else:
            tekst += f".{stap}" if tekst else str(stap)
        if isinstance(node, dict):
            regel = node.get("__regels__", {}).get(stap, node.get("__regel__", regel))
            node = node.get(stap)
        elif isinstance(node, list) and isinstance(stap, int) and stap < len(node):
            node = node[stap]
            if isinstance(node, dict):
                regel = node.get("__regel__", regel)
    return tekst or "bestand", regel


def _melding(fout: jsonschema.ValidationError) -> str:
    if fout.validator == "type":
        soorten = fout.validator_value
        soorten = soorten if isinstance(soorten, list) else [soorten]
        return "moet " + " of ".join(TYPEN.get(s, s) for s in soorten) + " zijn."
    if fout.validator == "required":
        return f"{fout.message.split(chr(39))[1]} ontbreekt; vul dit veld in."
    if fout.validator == "enum":
        return "kies uit " + ", ".join(str(v) for v in fout.validator_value) + "."
    if fout.validator in ("anyOf", "oneOf"):
        return "heeft niet de goede vorm; kijk naar een ander voorbeeld in dit bestand."
    return fout.message


def problemen(data: dict) -> list[tuple[str, int | None, str]]:
    """(field path, line, message) for every place the file does not fit the schema."""
    gevonden = []
    for fout in sorted(validator().iter_errors(_schoon(data)), key=lambda f: list(f.path)):
        pad = list(fout.absolute_path)
        if fout.validator == "additionalProperties":
            bekend = set(fout.schema.get("properties", {}))
            for veld in sorted(set(fout.instance) - bekend):
                plek, regel = _plek(data, [*pad, veld])
                gevonden.append(
                    (plek, regel, f"onbekend veld {veld!r}; kies uit {sorted(bekend)}.")
                )
            continue
        if fout.validator == "propertyNames":
            pad = [*pad, fout.instance]
        plek, regel = _plek(data, pad)
        gevonden.append((plek, regel, _melding(fout)))
    return gevonden
