"""Masking of personal data in log lines and in anything kept for statistics.

`install()` masks every log record of the process at the moment it is made (a log record
factory), whatever logger or handler it goes through later: Flask, waitress, Rasa and the action
server. The web app calls it; Rasa and the action server get it when they import bot.nlu and
actions. Example:

    >>> mask("Bel me op 06-12345678 of mail jan@voorbeeld.nl")
    'Bel me op [telefoon] of mail [e-mail]'
"""

from __future__ import annotations

import logging
import re

# Two-letter words that follow a number in ordinary text and are no postcode letters.
GEWONE_WOORDJES = (
    "en|in|op|of|om|te|al|er|is|de|je|ik|we|ze|nu|na|zo|ja|ok|km|cm|mm|kg|ml|mg|pm|am|uu|jr"
).split("|")

# The two letters of a postcode, not one of those words.
LETTERS = r"(?!(?:" + "|".join(GEWONE_WOORDJES) + r")\b)[A-Za-z]{2}"

# Street names: with a house number every usual ending; without one only endings that are not
# also ordinary words ("onderweg", "loopbaan").
STRAAT_MET_NUMMER = (
    r"straat|laan|weg|plein|dijk|gracht|kade|singel|hof|pad|steeg|dreef|park|ring|allee|markt"
)
STRAAT_ZONDER_NUMMER = r"straat|laan|plein|gracht|kade|singel|steeg|dreef|allee"

# Order matters: the most specific patterns first.
PATRONEN: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "[e-mail]"),
    # IBAN bank account: country code, 2 check digits, 4 bank letters, 10 digits, spaces optional
    (re.compile(r"\b[A-Z]{2}\d{2}\s?[A-Z]{4}(?:\s?\d){10}\b", re.IGNORECASE), "[rekening]"),
    # Postcode with house number: 1234 AB 5, 1234AB 12a, 1234 ab, nr 5
    (
        re.compile(
            r"\b[1-9]\d{3}\s?" + LETTERS + r"[\s,]*(?:(?:nr|nummer|huisnummer)\.?\s*)?\d{1,5}"
            r"(?:\s?[A-Za-z]\b|-\d+)?\b"
        ),
        "[adres]",
    ),
    # Dutch and international phone numbers: a leading 0, (0, +CC or 00CC, then 8 to 11 digits
    # with spaces, dots, dashes or brackets between them (tests/test_privacy.py has the examples)
    (
        re.compile(r"(?:\+\d{2}|00\d{2}|\b0|\(0)[\s()./-]{0,3}\d(?:[\s()./-]{0,3}\d){7,10}\b"),
        "[telefoon]",
    ),
    # BSN-like: nine digits, possibly grouped: 123456789, 1234.56.789, 123 456 789
    (
        re.compile(r"\b\d{4}[.\s-]?\d{2}[.\s-]?\d{3}\b|\b\d{3}[.\s-]\d{3}[.\s-]\d{3}\b|\b\d{9}\b"),
        "[nummer]",
    ),
    # A street with a house number (Kerkstraat 12, Dorpsweg 5a, Molenlaan 3-1), or a street alone
    (
        re.compile(
            r"\b[a-z][a-z'-]+(?:" + STRAAT_MET_NUMMER + r")\s+\d{1,5}(?:\s?[a-z]\b|-\d+)?\b",
            re.IGNORECASE,
        ),
        "[adres]",
    ),
    (re.compile(r"\b[a-z][a-z'-]+(?:" + STRAAT_ZONDER_NUMMER + r")\b", re.IGNORECASE), "[straat]"),
    # A name the writer gives: "ik heet Sanne de Vries", "mijn naam is Ahmed"
    (
        re.compile(
            r"\b((?i:ik heet|mijn naam is|my name is|i am called))\s+[^\W\d_][\w'-]*"
            r"(?:\s+(?:van|de|der|den|el|al)){0,2}(?:\s+[A-Z][\w'-]*)?"
        ),
        r"\1 [naam]",
    ),
    # A postcode alone: 1234 AB, 1234ab (not "2019 en", "1200 km")
    (
        re.compile(r"\b[1-9]\d{3}\s?" + LETTERS + r"\b"),
        "[postcode]",
    ),
)


def mask(text: str) -> str:
    """The text with e-mail addresses, phone, bank and BSN-like numbers and addresses masked."""
    for pattern, replacement in PATRONEN:
        text = pattern.sub(replacement, text)
    return text


def mask_record(record: logging.LogRecord) -> logging.LogRecord:
    """Mask a log record in place: its message, its arguments and any traceback text."""
    try:
        message = record.getMessage()
    except Exception:  # noqa: BLE001 - a broken format string must not hide the line
        message = f"{record.msg} {record.args}"
    record.msg = mask(message)
    record.args = ()
    if record.exc_info and not record.exc_text:
        record.exc_text = logging.Formatter().formatException(record.exc_info)
    if record.exc_text:
        record.exc_text = mask(record.exc_text)
    if record.stack_info:
        record.stack_info = mask(record.stack_info)
    return record


class MaskingFilter(logging.Filter):
    """Masks personal data in every log record before the handler it sits on writes it."""

    def filter(self, record: logging.LogRecord) -> bool:
        mask_record(record)
        return True


_INSTALLED = False


def install() -> None:
    """Mask every log record this process makes, through any logger or handler. Idempotent."""
    global _INSTALLED
    if _INSTALLED:
        return
    maak = logging.getLogRecordFactory()

    def gemaskeerd(*args, **kwargs) -> logging.LogRecord:
        return mask_record(maak(*args, **kwargs))

    logging.setLogRecordFactory(gemaskeerd)
    _INSTALLED = True
