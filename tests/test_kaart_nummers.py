"""Every phone number the assistant can show comes from the kaart or the shared facts.

A number typed into a text, an action or the widget that exists nowhere in data/kaart/ or
../shared/facts/ is an orphan: nobody checks it, and a gemeente cannot correct it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest

from bot import kaart
from bot.kaart.bestanden import KAART_DIR, lees_kaart
from bot.taal.yamlbestand import lees_yaml

ROOT = Path(__file__).resolve().parent.parent
FACTS_DIR = ROOT.parent / "shared" / "facts"
PLEKKEN = (
    "domain.yml",
    "bot/data/teksten/*.yml",
    "bot/data/*.yml",
    "actions/*.py",
    "bot/**/*.py",  # every module, also in the sub-packages
    "web/*.py",
    "web/static/*",
    "web/templates/*",
)
TEL_RE = re.compile(r"tel:\+?([\d\s-]+)")
# Dutch numbers as people write them: 0800-2000, 088-0767 000, 074 245 31 91, 08008765432.
NUMMER_RE = re.compile(r"(?<![\w.,:/#-])0\d{1,3}(?:[ -]?\d{2,4}){1,3}(?![\d,:/-]|\.\d)")
IBAN_BANK_RE = re.compile(r"[A-Z]{4} $")
# The short lines, only when someone is told to call them.
KORT_RE = re.compile(r"\b(?:bel|call)\w*\W{1,3}(11[23])\b", re.IGNORECASE)


def cijfers(nummer: str) -> str:
    return re.sub(r"\D", "", nummer)


def nummers_in(tekst: str) -> set[str]:
    gevonden = {cijfers(m) for m in TEL_RE.findall(tekst)}
    for m in NUMMER_RE.finditer(tekst):
        iban = IBAN_BANK_RE.search(tekst, max(0, m.start() - 5), m.start())  # NL91 ABNA 0417 ...
        if 8 <= len(cijfers(m.group())) <= 11 and not iban:
            gevonden.add(cijfers(m.group()))
    gevonden |= set(KORT_RE.findall(tekst))
    return {n for n in gevonden if n}


def verwijsnummers(tekst: str) -> set[str]:
    # 06 numbers are mobile, personal numbers: example personal data (masking, demo chats), never
    # a referral. No service in the kaart has one (checked below).
    return {n for n in nummers_in(tekst) if not n.startswith("06")}


@lru_cache(maxsize=1)
def diensten():
    return tuple(lees_kaart(KAART_DIR).diensten)


@lru_cache(maxsize=1)
def bekende_nummers() -> frozenset[str]:
    bekend = {cijfers(n) for d in diensten() for n in d.telefoonnummers}
    for path in FACTS_DIR.glob("*.yml"):
        data = lees_yaml(path)
        for item in (
            (data.get("entries") or [])
            + (data.get("gemeenten") or [])
            + (data.get("regional_services") or [])
        ):
            for deel in re.split(r"\s+of\s+|,", str(item.get("phone") or "")):
                if re.search(r"\d{3}", deel):
                    bekend.add(cijfers(deel.split("(")[0]))
    return frozenset(bekend)


def bestanden() -> list[Path]:
    gevonden = []
    for patroon in PLEKKEN:
        gevonden += [p for p in sorted(ROOT.glob(patroon)) if p.is_file()]
    return gevonden


def test_the_number_finder_sees_numbers_in_the_ways_they_are_written():
    tekst = (
        "Bel [0800-2000](tel:08002000). Bel 113 of 088-0767 000; mail niet 0612345678. "
        "Datum 2026-11-22, tijd 09:00, kleur #0a0a0a, versie 0.5.1, vaker 10 en 1000, "
        "rekening NL91ABNA0417164300 of NL91 ABNA 0417 1643 00."
    )
    assert nummers_in(tekst) == {"08002000", "113", "0880767000", "0612345678"}


def test_an_invented_number_is_reported_as_an_orphan():
    assert "0201234567" not in bekende_nummers()
    assert "0201234567" in verwijsnummers('{ label: "Hulp 020-1234567", tel: "tel:0201234567" }')


def test_facts_are_beside_the_repository():
    assert (FACTS_DIR / "hulplijnen.yml").exists(), "../shared/facts ontbreekt naast het project"


@pytest.mark.parametrize("path", bestanden(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_orphan_phone_numbers(path):
    tekst = path.read_text(encoding="utf-8", errors="replace")
    wezen = verwijsnummers(tekst) - bekende_nummers()
    assert not wezen, f"{path.relative_to(ROOT)}: nummers zonder bron in kaart of feiten: {wezen}"


def test_every_kaart_number_has_a_source_and_none_is_a_mobile_number():
    for dienst in diensten():
        assert not dienst.telefoonnummers or dienst.bronnen, dienst.id
        assert not any(cijfers(n).startswith("06") for n in dienst.telefoonnummers), dienst.id


@pytest.mark.parametrize("categorie", kaart.CATEGORIEEN)
def test_each_category_has_a_national_or_twente_service(categorie):
    twente = {"GM0141", "GM0147", "GM1774", "GM0153", "GM0158", "GM0163", "GM0164"}
    twente |= {"GM1735", "GM0168", "GM0173", "GM1742", "GM0183", "GM1700", "GM0189"}
    echte = [
        d
        for d in diensten()
        if categorie in d.categorieen
        and not d.voorbeeld
        and (d.landelijk or set(d.gemeenten) & twente)
    ]
    assert echte, f"geen landelijke of Twentse dienst voor {categorie}"
