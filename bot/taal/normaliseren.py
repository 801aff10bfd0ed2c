"""The one normaliser of messy chat text, used by NLU, crisis rules, recognition and the kaart.

`normalise` gives normal Dutch words (the crisis rules pass their own spellings as `voorrang`);
`plat` keeps one character per character, for finders that must point into the original text.
The word lists live in bot/data/taal.yml (language constants as data, not code).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from bot.taal.yamlbestand import lees_yaml

TAAL_FILE = Path(__file__).parent.parent / "data" / "taal.yml"
WORD_RE = re.compile(r"[a-z0-9']+|[^\sa-z0-9']")
# Letters NFKD does not take apart, mapped to the plain letter people type instead.
_LETTERS = {"ı": "i", "ł": "l", "ß": "s", "’": "'", "‘": "'", "ø": "o", "đ": "d"}


@lru_cache(maxsize=1)
def taal() -> dict:
    return lees_yaml(TAAL_FILE)


def taal_fingerprint() -> str:
    return hashlib.sha256(TAAL_FILE.read_bytes()).hexdigest()[:12]


def strip_accents(text: str) -> str:
    if text.isascii():  # most chat text: nothing to take apart
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def squeeze(word: str) -> str:
    """Cut letters repeated three or more times down to two: 'heeeelp' -> 'heelp'."""
    return re.sub(r"(.)\1{2,}", r"\1\1", word)


def normalise_word(word: str) -> str:
    word = squeeze(strip_accents(word.lower()))
    return taal()["slang"].get(word, word)


def normalise(text: str, voorrang: dict[str, str] | None = None) -> str:
    """Lowercase, strip accents, squeeze repeats and map chat slang to normal Dutch.

    Words in `voorrang` (such as the crisis spellings) win over the general slang list.
    """
    words = WORD_RE.findall(squeeze(strip_accents(text.lower())))
    slang = taal()["slang"]
    eerst = voorrang or {}
    return " ".join(eerst.get(word) or slang.get(word, word) for word in words)


def plat(text: str) -> str:
    """Lowercase without accents, one character for each character of the text."""
    out = []
    for ch in text.lower():
        ch = _LETTERS.get(ch, ch)
        base = unicodedata.normalize("NFKD", ch)[:1] if ch.isalpha() else ch
        out.append(base if base and base.isascii() else ch)
    return "".join(out)
