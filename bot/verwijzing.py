"""Where the assistant sends someone: from a topic (intent) and what we know to the answer.

The topic table is data (bot/data/onderwerpen.yml); the sentences are in
bot/data/teksten/verwijzing.yml; contact details come only from the sociale kaart (bot.kaart).
Policy "normaliseren": everyday questions go to the voorliggend veld first (consultatiebureau,
jeugdarts, school), real worries to the gemeente's lokale team.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bot import kaart
from bot.taal.teksten import tekst
from bot.veiligheid.emergency import NOODLIJNEN

log = logging.getLogger(__name__)

ONDERWERPEN_FILE = Path(__file__).parent / "data" / "onderwerpen.yml"
MAX_OPTIES = 3
SOORTEN = ("alledaags", "zorg", "jeugdhulp", "landelijk")
# What a referral counts as in the anonymous statistics (bot.statistiek).
VERWIJZING_PER_SOORT = {
    "alledaags": "voorliggend",
    "zorg": "lokaal_team",
    "jeugdhulp": "lokaal_team",
    "landelijk": "landelijk",
}
# The topic for "ja, ik maak me meer zorgen" after everyday tips: the lokale team.
MEER_ZORGEN = "hulp_algemeen"
# Questions the assistant may ask, one at a time; each is asked at most once per conversation.
LEEFTIJD, GEMEENTE, ZORG_GROTER = "leeftijd", "gemeente", "zorg_groter"
# Button payloads other parts of the assistant handle.
MEDEWERKER_PAYLOAD = "/praten_met_mens"
# Age buttons: a typical age per band, enough to choose consultatiebureau or jeugdarts.
LEEFTIJD_KNOPPEN = (("knop_jong", "2"), ("knop_basisschool", "8"), ("knop_tiener", "14"))
NUMBER_RE = re.compile(r"\d{1,3}")
# The four emergency lines as links for the topic texts: {link_112}, {link_veilig_thuis}, ...
NOODLINKS = {f"link_{lijn.key}": lijn.link() for lijn in NOODLIJNEN}


@dataclass(frozen=True)
class Onderwerp:
    intent: str
    soort: str
    categorieen: tuple[str, ...]
    uitleg: dict[str, str]
    knop: dict[str, str]
    knoppen: tuple[str, ...] = ()
    gemeente: bool = False  # ask the gemeente before answering
    uitleg_jongere: dict[str, str] = field(default_factory=dict)  # to a young person

    def tekst(self, taal: str, rol: str | None = None) -> str:
        """The explanation; {link_112} and the other emergency lines: bot.veiligheid.emergency."""
        uitleg = self.uitleg_jongere if rol == "jongere" and self.uitleg_jongere else self.uitleg
        return (uitleg.get(taal) or uitleg["nl"]).format_map(NOODLINKS)


@lru_cache(maxsize=1)
def onderwerpen() -> dict[str, Onderwerp]:
    data = yaml.safe_load(ONDERWERPEN_FILE.read_text(encoding="utf-8"))
    return {
        intent: Onderwerp(
            intent=intent,
            soort=waarde["soort"],
            categorieen=tuple(waarde["categorieen"]),
            uitleg=waarde["uitleg"],
            knop=waarde["knop"],
            knoppen=tuple(waarde.get("knoppen", ())),
            gemeente=bool(waarde.get("gemeente", False)),
            uitleg_jongere=waarde.get("uitleg_jongere") or {},
        )
        for intent, waarde in data.items()
    }


def onderwerp(intent: str | None) -> Onderwerp | None:
    return onderwerpen().get(intent or "")


@dataclass
class Situatie:
    """What we know about the person asking. Anything may be unknown (None)."""

    leeftijd: int | None = None
    rol: str | None = None  # ouder, jongere, professional
    gemeente: str | None = None  # CBS code, GM0164
    taal: str = "nl"
    al_gevraagd: tuple[str, ...] = ()
    gemeente_onbekend: bool = False  # they named a place we could not find


@dataclass
class Bericht:
    text: str
    buttons: list[dict[str, str]] = field(default_factory=list)


@dataclass
class Antwoord:
    berichten: list[Bericht]
    vraag: str | None = None  # the question asked, when the answer is a question
    verwijzing: str | None = None  # what kind of referral was given, for bot.statistiek


def leeftijd_uit(waarde: Any) -> int | None:
    """Whole years from a slot value such as "2", "2 jaar" or 14."""
    if waarde is None or isinstance(waarde, bool):
        return None
    if isinstance(waarde, int | float):
        return int(waarde)
    match = NUMBER_RE.search(str(waarde))
    return int(match.group()) if match else None


def _t(key: str, situatie: Situatie, **values: object) -> str:
    return tekst(f"verwijzing.{key}", taal=situatie.taal, **values)


def knop(intent: str, taal: str) -> dict[str, str]:
    """A button for a follow-up topic, with a payload Rasa parses without the NLU model."""
    if intent == "praten_met_mens":
        return {
            "title": tekst("verwijzing.knop_medewerker", taal=taal),
            "payload": MEDEWERKER_PAYLOAD,
        }
    if intent == "crisis":
        return {"title": tekst("verwijzing.knop_gevaar", taal=taal), "payload": "/crisis"}
    label = onderwerpen()[intent].knop
    return {"title": label.get(taal) or label["nl"], "payload": f"/{intent}"}


def volgende_vraag(o: Onderwerp, situatie: Situatie) -> str | None:
    """The one thing still to ask before answering, or None. Never the same question twice."""
    if (
        o.soort == "alledaags"
        and situatie.leeftijd is None
        and situatie.rol != "jongere"
        and LEEFTIJD not in situatie.al_gevraagd
    ):
        return LEEFTIJD
    if o.gemeente and situatie.gemeente is None and GEMEENTE not in situatie.al_gevraagd:
        return GEMEENTE
    return None


def vraag(welke: str, situatie: Situatie) -> Antwoord:
    if welke == LEEFTIJD:
        buttons = [
            {
                "title": _t(label, situatie),
                "payload": '/informeren{"leeftijd": "%s"}' % jaren,  # noqa: UP031 - JSON braces
            }
            for label, jaren in LEEFTIJD_KNOPPEN
        ]
        return Antwoord([Bericht(_t("vraag_leeftijd", situatie), buttons)], vraag=LEEFTIJD)
    return Antwoord([Bericht(_t("vraag_gemeente", situatie))], vraag=GEMEENTE)


def _route_voorliggend(situatie: Situatie) -> str:
    leeftijd = situatie.leeftijd
    if leeftijd is not None and leeftijd >= 18:
        return _t("route_volwassen", situatie)
    if situatie.rol == "jongere":
        return _t("route_jongere", situatie)
    if leeftijd is None:
        return _t("route_onbekende_leeftijd", situatie)
    if leeftijd < 4:
        return _t("route_consultatiebureau", situatie)
    return _t("route_jeugdarts", situatie)


# --- the sociale kaart, through one small adapter so a missing or broken kaart never breaks a chat


class Kaart:
    """The few calls the referral needs from bot.kaart."""

    def __init__(self, module: Any):
        self.module = module

    def gemeente(self, code: str) -> Any | None:
        return self.module.gemeente(code)

    def vind_gemeente(self, text: str) -> str | None:
        gevonden = self.module.vind_gemeente(text)
        return gevonden.code if gevonden else None

    def lokaal_team(self, code: str) -> Any | None:
        dienst = self.module.lokaal_team(code)
        if dienst is None:
            return None
        return self.module.resultaat(dienst) if hasattr(self.module, "resultaat") else dienst

    def search(self, categorie: str, situatie: Situatie, gemeente: str | None) -> list[Any]:
        who = situatie.rol if situatie.rol in ("ouder", "jongere", "professional") else None
        return list(
            self.module.search(categorie, age=situatie.leeftijd, gemeente=gemeente, who=who)
        )

    def render(self, resultaat: Any, taal: str, gemeente_website: str = "") -> str:
        return self.module.render(resultaat, taal=taal, gemeente_website=gemeente_website)


def standaard_kaart() -> Kaart | None:
    return Kaart(kaart)


def _sleutel(resultaat: Any) -> str:
    dienst = getattr(resultaat, "dienst", resultaat)
    return str(getattr(dienst, "id", id(dienst)))


def _onbekende_gemeente(situatie: Situatie) -> bool:
    """We asked or were told, and still cannot name the gemeente's team."""
    return bool(situatie.gemeente or situatie.gemeente_onbekend or GEMEENTE in situatie.al_gevraagd)


def _opties(
    o: Onderwerp, situatie: Situatie, kaart: Kaart, gemeente: str | None, met_team: bool
) -> list[Any]:
    """At most three services, the most fitting first: the lokale team, then per category."""
    gekozen: list[Any] = []
    if met_team and gemeente:
        team = kaart.lokaal_team(gemeente)
        if team is not None:
            gekozen.append(team)
    gezien = {_sleutel(r) for r in gekozen}
    gevonden = [r for c in o.categorieen for r in kaart.search(c, situatie, gemeente)]
    if not gevonden and not gekozen and _onbekende_gemeente(situatie):
        # Nothing for this topic in an unknown gemeente: someone to talk to, anywhere.
        reserve = "praten" if situatie.rol == "jongere" else "opvoeden"
        gevonden = kaart.search(reserve, situatie, gemeente)
    if o.soort == "alledaags":
        # Voorliggend veld first: the lokale team is for when the worry is bigger.
        gevonden.sort(key=lambda r: bool(getattr(getattr(r, "dienst", r), "lokaal_team", False)))
    for resultaat in gevonden:
        if _sleutel(resultaat) not in gezien and len(gekozen) < MAX_OPTIES:
            gekozen.append(resultaat)
            gezien.add(_sleutel(resultaat))
    return gekozen


def _verwijzing(
    o: Onderwerp, situatie: Situatie, kaart: Kaart | None, met_team: bool
) -> tuple[str, bool]:
    """The message with where to go, and whether a lokale team was named."""
    if kaart is None:
        return _t("kaart_niet_bereikbaar", situatie), False
    try:
        gemeente = kaart.gemeente(situatie.gemeente) if situatie.gemeente else None
        delen: list[str] = []
        code = gemeente.code if gemeente is not None else None
        if gemeente is None and (situatie.gemeente or situatie.gemeente_onbekend):
            # Only when they named a place we do not know; "weet ik niet" just gets the help.
            delen.append(_t("onbekende_gemeente", situatie))
        opties = _opties(o, situatie, kaart, code, met_team)
        if opties and gemeente is not None:
            delen.append(_t("hier_in_gemeente", situatie, gemeente=gemeente.naam))
        elif opties:
            delen.append(_t("landelijk", situatie))
        team_genoemd = bool(met_team and code and opties and kaart.lokaal_team(code) is not None)
        website = getattr(gemeente, "website", "") if gemeente is not None else ""
        delen.extend(kaart.render(r, situatie.taal, website) for r in opties)
        if gemeente is not None and website and met_team and not team_genoemd:
            kort = re.sub(r"^https?://(www\.)?", "", website).rstrip("/")
            delen.append(
                _t("website_gemeente", situatie, gemeente=gemeente.naam, website=kort, url=website)
            )
        if gemeente is None and not _onbekende_gemeente(situatie):
            delen.append(_t("geen_gemeente", situatie))
        return "\n\n".join(delen), team_genoemd
    except Exception:  # noqa: BLE001 - a broken kaart must not leave someone without an answer
        log.exception("De sociale kaart gaf een fout")
        return _t("kaart_niet_bereikbaar", situatie), False


def _nu_al(o: Onderwerp, situatie: Situatie, kaart: Kaart) -> list[Bericht]:
    """While we ask the gemeente: help that works anywhere, so nobody waits for a next step."""
    try:
        opties = _opties(o, situatie, kaart, None, met_team=False)[:2]
        if not opties:
            return []
        delen = [_t("landelijk", situatie), *(kaart.render(r, situatie.taal) for r in opties)]
    except Exception:  # noqa: BLE001 - the question still follows
        log.exception("De sociale kaart gaf een fout")
        return []
    return [Bericht("\n\n".join(delen))]


def antwoord(
    o: Onderwerp,
    situatie: Situatie,
    kaart: Kaart | None = None,
    *,
    met_uitleg: bool = True,
) -> Antwoord:
    """The answer to a topic: the explanation, then one question when one is needed, else
    where to go. `met_uitleg=False` when the explanation was already given."""
    berichten: list[Bericht] = []
    if met_uitleg:
        # Kind words and a tip first, also when a question follows: never a bare question.
        berichten.append(Bericht(o.tekst(situatie.taal, situatie.rol)))
    welke = volgende_vraag(o, situatie)
    if welke is not None:
        if welke == GEMEENTE and not met_uitleg:
            # "Ja, ik maak me meer zorgen": first say who can help, then ask where.
            berichten.append(Bericht(_t("meer_zorgen", situatie)))
        elif welke == GEMEENTE and kaart is not None:
            berichten.extend(_nu_al(o, situatie, kaart))
        gevraagd = vraag(welke, situatie)
        return Antwoord(berichten + gevraagd.berichten, vraag=gevraagd.vraag)

    if o.soort == "alledaags":
        route = _route_voorliggend(situatie)
    elif o.soort in ("zorg", "jeugdhulp"):
        route = _t("route_lokaal_team", situatie)
    else:
        route = ""
    met_team = o.soort in ("zorg", "jeugdhulp")
    waar, team_genoemd = _verwijzing(o, situatie, kaart, met_team)
    berichten.append(Bericht("\n\n".join(d for d in (route, waar) if d)))

    taal = situatie.taal
    if o.soort == "alledaags":
        buttons = [
            {"title": _t("knop_meer_zorgen", situatie), "payload": "/bevestigen"},
            {"title": _t("knop_genoeg", situatie), "payload": "/ontkennen"},
            *(knop(i, taal) for i in o.knoppen[:2]),
        ]
        berichten.append(Bericht(_t("vraag_zorg_groter", situatie), buttons))
        return Antwoord(berichten, vraag=ZORG_GROTER, verwijzing="voorliggend")

    buttons = [knop(i, taal) for i in o.knoppen if i != "praten_met_mens"][:3]
    if o.soort in ("zorg", "jeugdhulp") or "praten_met_mens" in o.knoppen:
        buttons.append(knop("praten_met_mens", taal))
    berichten.append(Bericht(_t("nog_iets", situatie), buttons))
    soort = VERWIJZING_PER_SOORT[o.soort]
    if soort == "lokaal_team" and not team_genoemd:
        soort = "landelijk"  # we could not name the gemeente's team
    return Antwoord(berichten, verwijzing=soort)
