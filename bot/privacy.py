"""Masking of personal data in log lines and in anything kept for statistics."""

from __future__ import annotations

import logging
import re

# Order matters: the most specific patterns first.
PATRONEN: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "[e-mail]"),
    # Postcode with house number: 1234 AB 5, 1234AB 12a
    (re.compile(r"\b[1-9]\d{3}\s?[A-Za-z]{2}\s*\d{1,5}\s?[A-Za-z]?\b"), "[adres]"),
    # Dutch phone numbers: 06-12345678, +31 6 1234 5678, 020 123 4567, 0800-2000
    (re.compile(r"(?:\+31|0031|\b0)[\s-]?\d(?:[\s-]?\d){7,9}\b"), "[telefoon]"),
    # BSN-like: nine digits, possibly dotted
    (re.compile(r"\b\d{4}[.\s]?\d{2}[.\s]?\d{3}\b|\b\d{9}\b"), "[nummer]"),
    (re.compile(r"\b[1-9]\d{3}\s?[A-Za-z]{2}\b"), "[postcode]"),
)


def mask(text: str) -> str:
    for pattern, replacement in PATRONEN:
        text = pattern.sub(replacement, text)
    return text


class MaskingFilter(logging.Filter):
    """Masks personal data in every log record before any handler writes it."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = mask(record.getMessage())
        record.args = ()
        return True
