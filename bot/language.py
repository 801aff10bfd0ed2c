"""Plain-language helpers: normalising messy chat text.

The word lists live in bot/data/taal.yml (language constants as data, not code).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import yaml

TAAL_FILE = Path(__file__).parent / "data" / "taal.yml"
WORD_RE = re.compile(r"[a-z0-9']+|[^\sa-z0-9']")


@lru_cache(maxsize=1)
def taal() -> dict:
    return yaml.safe_load(TAAL_FILE.read_text(encoding="utf-8"))


def taal_fingerprint() -> str:
    return hashlib.sha256(TAAL_FILE.read_bytes()).hexdigest()[:12]


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def squeeze(word: str) -> str:
    """Cut letters repeated three or more times down to two: 'heeeelp' -> 'heelp'."""
    return re.sub(r"(.)\1{2,}", r"\1\1", word)


def normalise_word(word: str) -> str:
    word = squeeze(strip_accents(word.lower()))
    return taal()["slang"].get(word, word)


def normalise(text: str) -> str:
    """Lowercase, strip accents, squeeze repeats and map chat slang to normal Dutch."""
    words = WORD_RE.findall(squeeze(strip_accents(text.lower())))
    return " ".join(taal()["slang"].get(word, word) for word in words)
