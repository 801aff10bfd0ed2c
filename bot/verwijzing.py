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

from bot import beurt, hulpaanbod
from bot.beurt import (  # noqa: F401 - part of this module's interface for the actions
    MAX_BERICHTEN,
    MAX_EERSTE,
    MAX_KAARTEN,
    MAX_WOORDEN,
    Bericht,
    Verwijzing,
    bubbels,
    woorden,
)
from bot.hulpaanbod import Kaart, standaard_kaart  # noqa: F401 - the actions use both
from bot.taal.teksten import tekst
from bot.taal.yamlbestand import lees_yaml
from bot.veiligheid.emergency import NOODLIJNEN

log = logging.getLogger(__name__)

ONDERWERPEN_FILE = Path(__file__).parent / "data" / "onderwerpen.yml"
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
MEDEWERKER_PAYLOAD = beurt.MEDEWERKER_PAYLOAD
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
    # Texts for one role (jongere, professional, omstander) or an age band, when it matters.
    per_rol: dict[str, dict[str, str]] = field(default_factory=dict)
    per_leeftijd: tuple[tuple[int, int, dict[str, str]], ...] = ()

    def tekst(self, taal: str, rol: str | None = None, leeftijd: int | None = None) -> str:
        """The explanation for this person; {link_112} and the other lines: bot.veiligheid."""
        uitleg = self.uitleg
        if rol in self.per_rol:
            uitleg = self.per_rol[rol]
        elif rol != "jongere" and leeftijd is not None:
            # The child's age, told by a parent: a baby text is no answer for a toddler.
            for van, tot, band in self.per_leeftijd:
                if van <= leeftijd <= tot:
                    uitleg = band
                    break
        return (uitleg.get(taal) or uitleg["nl"]).format_map(NOODLINKS)


ROL_VELDEN = {
    "uitleg_jongere": "jongere",
    "uitleg_ouder": "ouder",
    "uitleg_professional": "professional",
    "uitleg_omstander": "omstander",
}


def _per_leeftijd(waarde: dict) -> tuple[tuple[int, int, dict[str, str]], ...]:
    return tuple(
        (int(band["van"]), int(band["tot"]), {t: band[t] for t in ("nl", "en") if t in band})
        for band in waarde.get("uitleg_leeftijd") or ()
    )


@lru_cache(maxsize=1)
def onderwerpen() -> dict[str, Onderwerp]:
    data = lees_yaml(ONDERWERPEN_FILE)
    return {
        intent: Onderwerp(
            intent=intent,
            soort=waarde["soort"],
            categorieen=tuple(waarde["categorieen"]),
            uitleg=waarde["uitleg"],
            knop=waarde["knop"],
            knoppen=tuple(waarde.get("knoppen", ())),
            gemeente=bool(waarde.get("gemeente", False)),
            per_rol={rol: waarde[veld] for veld, rol in ROL_VELDEN.items() if waarde.get(veld)},
            per_leeftijd=_per_leeftijd(waarde),
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
class Antwoord:
    berichten: list[Bericht]
    vraag: str | None = None  # the question asked, when the answer is a question
    verwijzing: str | None = None  # what kind of referral was given, for bot.statistiek
    diensten: list[str] = field(default_factory=list)  # ids of the services shown


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


# The places each first-line route names: a route whose places the answer already named is left
# out, so a turn never says "het consultatiebureau helpt je gratis" twice.
ROUTE_PLEKKEN = {
    "route_volwassen": ("huisarts",),
    "route_jongere": ("jeugdverpleegkundige", "mentor"),
    "route_onbekende_leeftijd": ("consultatiebureau", "jeugdarts"),
    "route_consultatiebureau": ("consultatiebureau",),
    "route_jeugdarts": ("jeugdarts",),
}


def _route_sleutel(situatie: Situatie) -> str:
    leeftijd = situatie.leeftijd
    if leeftijd is not None and leeftijd >= 18:
        return "route_volwassen"
    if situatie.rol == "jongere":
        return "route_jongere"
    if leeftijd is None:
        return "route_onbekende_leeftijd"
    if leeftijd < 4:
        return "route_consultatiebureau"
    return "route_jeugdarts"


def _route_voorliggend(situatie: Situatie, al_gezegd: str = "") -> str | None:
    """The first-line route for this person, or None when `al_gezegd` named its places."""
    sleutel = _route_sleutel(situatie)
    if al_gezegd and all(plek in al_gezegd.lower() for plek in ROUTE_PLEKKEN[sleutel]):
        return None
    return _t(sleutel, situatie)


def _onbekende_gemeente(situatie: Situatie) -> bool:
    """We asked or were told, and still cannot name the gemeente's team."""
    return bool(situatie.gemeente or situatie.gemeente_onbekend or GEMEENTE in situatie.al_gevraagd)


def _opties(
    o: Onderwerp, situatie: Situatie, kaart: Kaart, gemeente: str | None, met_team: bool
) -> list[Any]:
    return hulpaanbod.opties(
        o.intent,
        o.categorieen,
        rol=situatie.rol,
        leeftijd=situatie.leeftijd,
        kaart=kaart,
        gemeente=gemeente,
        met_team=met_team,
        alledaags=o.soort == "alledaags",
        reserve=_onbekende_gemeente(situatie),
        aantal=MAX_KAARTEN,
    )


def _verwijzing(
    o: Onderwerp, situatie: Situatie, kaart: Kaart | None, met_team: bool
) -> Verwijzing:
    if kaart is None:
        return Verwijzing(kop=[_t("kaart_niet_bereikbaar", situatie)])
    try:
        gemeente = kaart.gemeente(situatie.gemeente) if situatie.gemeente else None
        code = gemeente.code if gemeente is not None else None
        v = Verwijzing()
        if gemeente is None and (situatie.gemeente or situatie.gemeente_onbekend):
            # Only when they named a place we do not know; "weet ik niet" just gets the help.
            v.kop.append(_t("onbekende_gemeente", situatie))
        opties = _opties(o, situatie, kaart, code, met_team)
        team = kaart.lokaal_team(code) if met_team and code else None
        getoond = {hulpaanbod.sleutel(r) for r in opties}
        v.team_genoemd = team is not None and hulpaanbod.sleutel(team) in getoond
        # The gemeente's own team stays when a turn is shortened, also where it is shown as a
        # service of the topic (the schuldhulp of the gemeente) rather than as the team.
        eigen = kaart.lokaal_team(code) if code else None
        v.team = hulpaanbod.sleutel(eigen) if eigen is not None else None
        website = getattr(gemeente, "website", "") if gemeente is not None else ""
        v.kaarten = [kaart.render(r, situatie.taal, website) for r in opties]
        v.diensten = [hulpaanbod.sleutel(r) for r in opties]
        if gemeente is not None and website and met_team and not v.team_genoemd:
            kort = re.sub(r"^https?://(www\.)?", "", website).rstrip("/")
            v.staart.append(
                _t("website_gemeente", situatie, gemeente=gemeente.naam, website=kort, url=website)
            )
        if gemeente is None and not _onbekende_gemeente(situatie):
            v.staart.append(_t("geen_gemeente", situatie))
        elif gemeente is None and not v.kaarten and not v.kop:
            v.kop.append(_t("zoek_op_website", situatie))  # asked, and still no place to go
        return v
    except Exception:  # noqa: BLE001 - a broken kaart must not leave someone without an answer
        log.exception("De sociale kaart gaf een fout")
        return Verwijzing(kop=[_t("kaart_niet_bereikbaar", situatie)])


def _nu_al(o: Onderwerp, situatie: Situatie, kaart: Kaart) -> tuple[list[Bericht], list[str]]:
    """While we ask the gemeente: one person to talk to anywhere, so nobody waits."""
    try:
        opties = [
            r
            for r in _opties(o, situatie, kaart, None, met_team=False)
            if getattr(getattr(r, "dienst", r), "telefoonnummers", ())
            or getattr(getattr(r, "dienst", r), "chat_url", "")
        ][:1]
        if not opties:
            return [], []
        tekst_ = "\n".join(kaart.render(r, situatie.taal) for r in opties)
    except Exception:  # noqa: BLE001 - the question still follows
        log.exception("De sociale kaart gaf een fout")
        return [], []
    return [Bericht(tekst_)], [hulpaanbod.sleutel(r) for r in opties]


def kan_overdragen(situatie: Situatie, kaart: Kaart | None) -> bool:
    """Offer a person only where one can take over (issue 14): the gemeente's team is connected
    to this assistant (via_overdracht in the kaart), or the gemeente is not known yet (the form
    asks). Elsewhere the answer names the team's own phone and website instead."""
    if not situatie.gemeente or kaart is None:
        return True
    try:
        team = kaart.lokaal_team(situatie.gemeente)
    except Exception:  # noqa: BLE001 - kaart unavailable: the form says what is possible
        return True
    return bool(getattr(getattr(team, "dienst", team), "via_overdracht", False))


def antwoord(
    o: Onderwerp,
    situatie: Situatie,
    kaart: Kaart | None = None,
    *,
    met_uitleg: bool = True,
    eerste: str | None = None,
) -> Antwoord:
    """The answer to a topic: the explanation (or `eerste`, a direct answer from the knowledge
    base), then one question when one is needed, else where to go. At most three bubbles, two
    services and 90 words. `met_uitleg=False` when the explanation was already given."""
    berichten: list[Bericht] = []
    if eerste:
        berichten.append(Bericht(eerste))
    elif met_uitleg:
        # Kind words and a tip first, also when a question follows: never a bare question.
        berichten.append(Bericht(o.tekst(situatie.taal, situatie.rol, situatie.leeftijd)))
    welke = volgende_vraag(o, situatie)
    if welke is not None:
        diensten: list[str] = []
        if welke == GEMEENTE and not berichten:
            # "Ja, ik maak me meer zorgen": first say who can help, then ask where.
            berichten.append(Bericht(_t("meer_zorgen", situatie)))
        elif welke == GEMEENTE and kaart is not None:
            nu_al, diensten = _nu_al(o, situatie, kaart)
            berichten.extend(nu_al)
        gevraagd = vraag(welke, situatie)
        alles = berichten + gevraagd.berichten
        if woorden(alles) > MAX_WOORDEN and len(alles) == 3:
            alles.pop(1)  # the help that works anywhere is the first to go
            diensten = []
        return Antwoord(alles, vraag=gevraagd.vraag, diensten=diensten)

    met_team = o.soort in ("zorg", "jeugdhulp")
    v = _verwijzing(o, situatie, kaart, met_team)
    al_gezegd = " ".join(b.text for b in berichten)
    if o.soort == "alledaags":
        route = _route_voorliggend(situatie, al_gezegd)
        if route:
            v.kop.insert(0, route)
        # "Maak je je meer zorgen?" leads to the gemeente's team and asks where: one question.
        v.staart = [r for r in v.staart if r != _t("geen_gemeente", situatie)]
    elif (met_team and not v.team_genoemd) or not (v.kaarten or v.kop):
        # Also when no service of this topic is for this person (a professional's legal
        # question): the gemeente's team thinks along with everyone.
        v.kop.insert(0, _t("route_lokaal_team", situatie))
    berichten.append(Bericht(v.tekst()))

    taal = situatie.taal
    if o.soort == "alledaags":
        knoppen = [
            {"title": _t("knop_meer_zorgen", situatie), "payload": "/bevestigen"},
            {"title": _t("knop_genoeg", situatie), "payload": "/ontkennen"},
            *(knop(i, taal) for i in o.knoppen[:1]),
        ]
        berichten.append(Bericht(_t("vraag_zorg_groter", situatie), knoppen))
        beurt.past(berichten, v, knoppen)
        return Antwoord(berichten, vraag=ZORG_GROTER, verwijzing="voorliggend", diensten=v.diensten)

    knoppen = [knop(i, taal) for i in o.knoppen if i != "praten_met_mens"][:2]
    if (o.soort in ("zorg", "jeugdhulp") or "praten_met_mens" in o.knoppen) and kan_overdragen(
        situatie, kaart
    ):
        knoppen.append(knop("praten_met_mens", taal))
    # One question per turn: "which gemeente?" (it finds help nearby) instead of "anything else?".
    slot = _t("nog_iets", situatie)
    if _t("geen_gemeente", situatie) in v.staart:
        v.staart.remove(_t("geen_gemeente", situatie))
        slot = _t("geen_gemeente", situatie)
    berichten.append(Bericht(slot, knoppen))
    beurt.past(berichten, v, knoppen)
    soort = VERWIJZING_PER_SOORT[o.soort]
    if soort == "lokaal_team" and not v.team_genoemd:
        soort = "landelijk"  # we could not name the gemeente's team
    return Antwoord(berichten, verwijzing=soort, diensten=v.diensten)
