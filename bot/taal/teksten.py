"""Every sentence an action sends lives in YAML under bot/data/teksten/, not in code.

That keeps the wording in one place for editors and lets the B1 test read every text.
Keys are "<file>.<key>", e.g. tekst("fallback.niet_begrepen"). A value is a string (Dutch) or a
mapping {nl: ..., en: ...}. Placeholders use str.format: tekst("x.y", team="Wijkteam Hengelo").
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from bot.taal.yamlbestand import lees_yaml

TEKSTEN_DIR = Path(__file__).parent.parent / "data" / "teksten"


@lru_cache(maxsize=1)
def _alle() -> dict[str, dict]:
    return {path.stem: lees_yaml(path) or {} for path in sorted(TEKSTEN_DIR.glob("*.yml"))}


def tekst(key: str, taal: str = "nl", **values: object) -> str:
    bestand, _, naam = key.partition(".")
    value = _alle()[bestand][naam]
    if isinstance(value, dict):
        value = value.get(taal) or value["nl"]
    return value.format(**values) if values else value


def alle_teksten() -> Iterator[tuple[str, str, str]]:
    """(key, taal, text) for every text, for the plain-language checks."""
    for bestand, teksten in _alle().items():
        for naam, value in teksten.items():
            variants = value if isinstance(value, dict) else {"nl": value}
            for taal, text in variants.items():
                yield f"{bestand}.{naam}", taal, text
