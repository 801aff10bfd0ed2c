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
_ZINSEINDE = re.compile(r"(?<=[.!?])\s+")


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


def _wat(omschrijving: str) -> str:
    """The first sentence of the description; after an opening question ("Geldzorgen?") two."""
    zinnen = _ZINSEINDE.split(omschrijving.strip())
    return " ".join(zinnen[:2] if zinnen[0].endswith("?") else zinnen[:1])


def _contact_kort(dienst: Dienst, taal: str, gemeente_website: str) -> str:
    """One way or two to reach them: phone first, then chat or website."""
    delen = []
    if dienst.telefoonnummers:
        delen.append(tekst("kaart.kort_bel", taal, link=tel_link(dienst.telefoonnummers[0])))
    if dienst.chat_url:
        delen.append(tekst("kaart.kort_chat", taal, link=web_link(dienst.chat_url)))
    elif dienst.website:
        delen.append(tekst("kaart.kort_website", taal, link=web_link(dienst.website)))
    if not delen and dienst.email:
        delen.append(tekst("kaart.kort_mail", taal, link=mail_link(dienst.email)))
    if not delen and gemeente_website:
        delen.append(tekst("kaart.kort_website", taal, link=web_link(gemeente_website)))
    zin = tekst("kaart.of", taal).join(delen)
    return zin[:1].upper() + zin[1:] + "." if zin else ""


def _open_kort(dienst: Dienst, now: datetime | None, taal: str) -> str:
    """ "Nu open" only when the hours are verified (high); unverified hours are left out."""
    if dienst.altijd_open:
        return tekst("kaart.dag_en_nacht", taal) + "."
    if not dienst.schema or dienst.tijden_betrouwbaarheid != "high":
        return ""
    if vak := tijden.huidig_vak(dienst, now):
        return tekst("kaart.nu_open_tot", taal, tijd=tijden.klok_tekst(vak.tot, taal)) + "."
    return tekst("kaart.nu_gesloten", taal) + "."


def _kosten_kort(dienst: Dienst, taal: str) -> str:
    # One cost statement, never two that seem to contradict each other.
    if dienst.telefoon_kosten and not dienst.telefoon_kosten.lower().startswith("gratis"):
        return tekst("kaart.kort_bellen_kost", taal)
    if dienst.gratis:
        return tekst("kaart.kort_gratis", taal)
    return ""


def kaartje(
    item: Resultaat | Dienst,
    taal: str = "nl",
    now: datetime | None = None,
    gemeente_website: str = "",
) -> str:
    """A service as the chat shows it on a phone: name, what they do for you, how to reach them,
    "nu open" only with verified hours. Sources stay in the kaart (`render`, kaart check)."""
    dienst = item.dienst if isinstance(item, Resultaat) else item
    # One line of what they do for you: the first sentence of the description.
    wat = _wat(dienst.omschrijving) if taal == "nl" else ""
    eerste = f"{dienst.naam}: {wat}" if wat else dienst.naam
    if dienst.via_overdracht and not dienst.telefoonnummers:
        hoe = tekst("kaart.kort_overdracht", taal)
    else:
        hoe = _contact_kort(dienst, taal, gemeente_website)
    # "Gratis." only when the line of what they do does not say so already.
    kosten = _kosten_kort(dienst, taal)
    if kosten == tekst("kaart.kort_gratis", taal) and "gratis" in wat.lower():
        kosten = ""
    tweede = " ".join(d for d in (hoe, _open_kort(dienst, now, taal), kosten) if d)
    if dienst.voorbeeld:
        tweede += " " + tekst("kaart.kort_voorbeeld", taal)
    return f"{eerste}\n{tweede}".strip()


def kaartdata(
    item: Resultaat | Dienst,
    taal: str = "nl",
    now: datetime | None = None,
    gemeente_website: str = "",
) -> dict:
    """The short card as data, for a client that draws it with buttons (the widget):
    {name, line, info, actions: [{kind, label, href}], text}. `text` is the card exactly as
    `kaartje` writes it in the message, so a client can put the drawn card in its place."""
    now = now or tijden.nu()  # one moment for the text and the data
    dienst = item.dienst if isinstance(item, Resultaat) else item
    acties = []
    if dienst.telefoonnummers:
        nummer = dienst.telefoonnummers[0]
        label = tekst("kaart.actie_bellen", taal, nummer=_label(nummer))
        href = "tel:" + re.sub(r"\D", "", nummer)
        acties.append({"kind": "bellen", "label": label, "href": href})
    if dienst.chat_url:
        label = tekst("kaart.actie_chatten", taal)
        acties.append({"kind": "chatten", "label": label, "href": dienst.chat_url})
    website = dienst.website if dienst.website != dienst.chat_url else ""
    if not website and not acties and not dienst.email and not dienst.via_overdracht:
        website = gemeente_website  # as the text card: the gemeente's site when nothing else
    if website:
        label = tekst("kaart.actie_website", taal)
        acties.append({"kind": "website", "label": label, "href": website})
    info = [_open_kort(dienst, now, taal), _kosten_kort(dienst, taal)]
    if dienst.via_overdracht and not dienst.telefoonnummers:
        info.insert(0, tekst("kaart.kort_overdracht", taal))
    if dienst.voorbeeld:
        info.append(tekst("kaart.kort_voorbeeld", taal))
    return {
        "name": dienst.naam,
        "line": _wat(dienst.omschrijving) if taal == "nl" else "",
        "info": " ".join(d for d in info if d),
        "actions": acties,
        "text": kaartje(dienst, taal, now, gemeente_website),
    }
