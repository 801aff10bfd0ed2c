"""One service as a short B1 message: who, what they do for you, how to reach them, when, cost.

Links only in the forms the chat widget turns into links: [label](tel:...), [label](https://...)
and [label](mailto:...). Everything else is plain text.
"""

from __future__ import annotations

import re
from datetime import datetime

from bot.kaart import tijden
from bot.kaart.model import Dienst, Resultaat
from bot.taal.teksten import tekst

_NIET_IN_LABEL = re.compile(r"[\[\]()<>\n\r]")


def _label(text: str) -> str:
    # A label may not close the link early or carry markup into the chat.
    return _NIET_IN_LABEL.sub("", text).strip()


def tel_link(nummer: str) -> str:
    """[0800-2000](tel:08002000)"""
    cijfers = re.sub(r"\D", "", nummer)
    return f"[{_label(nummer)}](tel:{cijfers})"


def web_link(url: str) -> str:
    return f"[{_label(tijden.website_naam(url))}]({url})"


def mail_link(adres: str) -> str:
    return f"[{_label(adres)}](mailto:{adres})"


def _kosten(dienst: Dienst, taal: str) -> list[str]:
    regels = []
    if dienst.gratis:
        regels.append(tekst("kaart.gratis", taal))
    elif dienst.kosten:
        regels.append(tekst("kaart.kosten", taal, kosten=dienst.kosten.rstrip(".")))
    elif dienst.telefoonnummers and not dienst.telefoon_kosten:
        regels.append(tekst("kaart.kosten_onbekend", taal))
    if dienst.telefoon_kosten and not dienst.telefoon_kosten.lower().startswith("gratis"):
        regels.append(tekst("kaart.bellen_kost", taal, kosten=dienst.telefoon_kosten.rstrip(".")))
    return regels


def _leeftijd(dienst: Dienst, taal: str) -> list[str]:
    # leeftijd_tot is the oldest age that still fits: 8 to 17 is said "8 tot 18 jaar".
    van, tot = dienst.leeftijd_van, dienst.leeftijd_tot
    if van and tot is not None:
        return [tekst("kaart.leeftijd_van_tot", taal, van=van, tot=tot + 1)]
    if van:
        return [tekst("kaart.leeftijd_vanaf", taal, van=van)]
    if tot is not None:
        return [tekst("kaart.leeftijd_tot", taal, tot=tot + 1)]
    return []


def _contact(dienst: Dienst, taal: str, gemeente_website: str = "") -> list[str]:
    regels = []
    if dienst.telefoonnummers:
        links = tekst("kaart.of", taal).join(tel_link(n) for n in dienst.telefoonnummers)
        regels.append(tekst("kaart.bel", taal, links=links))
    if dienst.chat_url:
        regels.append(tekst("kaart.chat", taal, link=web_link(dienst.chat_url)))
    if dienst.email:
        regels.append(tekst("kaart.mail", taal, link=mail_link(dienst.email)))
    if dienst.website and dienst.website != dienst.chat_url:
        regels.append(tekst("kaart.website", taal, link=web_link(dienst.website)))
    if dienst.via_overdracht:
        regels.append(tekst("kaart.overdracht", taal))
    if not regels and gemeente_website:
        regels.append(tekst("kaart.geen_contact", taal, link=web_link(gemeente_website)))
    return regels


def render(
    item: Resultaat | Dienst,
    taal: str = "nl",
    now: datetime | None = None,
    gemeente_website: str = "",
) -> str:
    """A B1 block for one service. taal="en": short plain English, Dutch names kept."""
    if isinstance(item, Resultaat):
        dienst, opening = item.dienst, item.opening
        if taal != "nl":
            opening = tijden.opening_tekst(dienst, now, taal)
    else:
        dienst, opening = item, tijden.opening_tekst(item, now, taal)
    regels = [dienst.naam]
    if taal == "nl" and dienst.omschrijving:
        regels.append(dienst.omschrijving)
    regels += _leeftijd(dienst, taal)
    regels += _contact(dienst, taal, gemeente_website)
    if opening:
        regels.append(opening + ".")
    if dienst.schema and not dienst.altijd_open:
        regels.append(tekst("kaart.openingstijden", taal, tijden=tijden.week_tekst(dienst, taal)))
    regels += _kosten(dienst, taal)
    if dienst.betrouwbaarheid == "medium" and dienst.bronnen:
        bron = dienst.bronnen[0]
        datum = bron.datum if bron.datum != "onbekend" else tekst("kaart.datum_onbekend", taal)
        site = tijden.website_naam(bron.url)
        regels.append(tekst("kaart.bron_medium", taal, site=site, datum=datum))
    if dienst.voorbeeld:
        regels.append(tekst("kaart.voorbeeld", taal))
    return "\n".join(regels)
