"""Opening hours: is a service open at a moment (Europe/Amsterdam), and when does it open next.

Hours the facts call unverified are not in the kaart; then these functions answer None and the
text says where to look instead.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

from bot.config import vaste_klok
from bot.kaart.model import DAGNAMEN, TIJDZONE, Dienst, Tijdvak
from bot.taal.teksten import tekst

TZ = ZoneInfo(TIJDZONE)
EINDE_DAG = time(23, 59, 59)
ZOEK_DAGEN = 15  # how far ahead the next opening is looked for


def nu() -> datetime:
    """Now in Dutch time, or the fixed moment of JEUGDWIJZER_KLOK (end-to-end tests)."""
    return _lokaal(vaste_klok() or datetime.now(TZ))


def _lokaal(when: datetime | None) -> datetime:
    if when is None:
        return nu()
    if when.tzinfo is None:  # a naive moment is taken as Dutch wall-clock time
        return when.replace(tzinfo=TZ)
    return when.astimezone(TZ)


def _vakken(dienst: Dienst, dag: date) -> list[Tijdvak]:
    if dag in dienst.gesloten_op:
        return []
    return sorted((v for v in dienst.schema if v.dag == dag.weekday()), key=lambda v: v.van)


def _in(vak: Tijdvak, moment: time) -> bool:
    return vak.van <= moment and (moment < vak.tot or vak.tot == EINDE_DAG)


def huidig_vak(dienst: Dienst, when: datetime | None = None) -> Tijdvak | None:
    moment = _lokaal(when)
    return next((v for v in _vakken(dienst, moment.date()) if _in(v, moment.time())), None)


def is_open(dienst: Dienst, when: datetime | None = None) -> bool | None:
    """True or False at `when` (Dutch time); None when the hours are not known."""
    if dienst.altijd_open:
        return True
    if not dienst.schema:
        return None
    return huidig_vak(dienst, when) is not None


def volgende_opening(dienst: Dienst, when: datetime | None = None) -> datetime | None:
    """The first moment at or after `when` that the service is open (`when` itself if open).

    None when the hours are unknown or there is no opening in the next two weeks.
    """
    moment = _lokaal(when)
    if dienst.altijd_open or huidig_vak(dienst, moment):
        return moment
    for extra in range(ZOEK_DAGEN):
        dag = moment.date() + timedelta(days=extra)
        for vak in _vakken(dienst, dag):
            begin = datetime.combine(dag, vak.van, tzinfo=TZ)
            if begin > moment:
                return begin
    return None


DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def klok_tekst(t: time, taal: str = "nl") -> str:
    """9.00 uur, 17.30 uur, 24.00 uur: the way Dutch writes times (English: 9.00, 17.30)."""
    uur = "24.00" if t == EINDE_DAG else f"{t.hour}.{t.minute:02d}"
    return uur if taal == "en" else f"{uur} uur"


def _dag_tekst(begin: datetime, moment: datetime, taal: str) -> str:
    verschil = (begin.date() - moment.date()).days
    if verschil == 0:
        return tekst("kaart.vandaag", taal)
    if verschil == 1:
        return tekst("kaart.morgen", taal)
    namen = DAY_NAMES if taal == "en" else DAGNAMEN
    return tekst("kaart.op_dag", taal, dag=namen[begin.weekday()])


def website_naam(url: str) -> str:
    """borne.nl for https://www.borne.nl/contact: how people say a website out loud."""
    host = urlparse(url).netloc.lower()
    return host[4:] if host.startswith("www.") else host


def opening_tekst(dienst: Dienst, when: datetime | None = None, taal: str = "nl") -> str:
    """One B1 sentence: open now until when, closed and when it opens, or where to look."""
    moment = _lokaal(when)
    if dienst.altijd_open:
        zin = tekst("kaart.dag_en_nacht", taal)
    elif not dienst.schema:
        if not (dienst.telefoonnummers or dienst.chat_url or dienst.via_overdracht):
            return ""  # a website or mailbox to read: opening hours do not matter
        if dienst.website:
            return tekst("kaart.bekijk_openingstijden", taal, site=website_naam(dienst.website))
        return tekst("kaart.tijden_onbekend", taal)
    elif vak := huidig_vak(dienst, moment):
        zin = tekst("kaart.nu_open_tot", taal, tijd=klok_tekst(vak.tot, taal))
    elif begin := volgende_opening(dienst, moment):
        zin = tekst(
            "kaart.nu_gesloten_weer_open",
            taal,
            dag=_dag_tekst(begin, moment, taal),
            tijd=klok_tekst(begin.time(), taal),
        )
    else:
        zin = tekst("kaart.nu_gesloten", taal)
    return zin + _bron_van_tijden(dienst, taal)


def _bron_van_tijden(dienst: Dienst, taal: str) -> str:
    # Hours of medium confidence are only shown with where they come from and how old they are.
    if dienst.tijden_betrouwbaarheid == "medium" and dienst.tijden_bron:
        site = website_naam(dienst.tijden_bron.url)
        return tekst("kaart.tijden_bron", taal, site=site, jaar=dienst.tijden_bron.datum[:4])
    return ""


def _reeks(dagen: list[int], taal: str) -> str:
    namen = DAY_NAMES if taal == "en" else DAGNAMEN
    if dagen == [0, 1, 2, 3, 4, 5, 6]:
        return tekst("kaart.elke_dag", taal)
    if len(dagen) > 2 and dagen == list(range(dagen[0], dagen[-1] + 1)):
        return tekst("kaart.dag_tot_en_met", taal, van=namen[dagen[0]], tot=namen[dagen[-1]])
    gekozen = [namen[d] for d in dagen]
    en = tekst("kaart.en", taal)
    return gekozen[0] if len(gekozen) == 1 else ", ".join(gekozen[:-1]) + en + gekozen[-1]


def week_tekst(dienst: Dienst, taal: str = "nl") -> str:
    """The weekly hours in words: "maandag tot en met vrijdag van 9.00 tot 17.00 uur"."""
    if dienst.altijd_open:
        return tekst("kaart.dag_en_nacht", taal)
    groepen: dict[tuple, list[int]] = {}
    for dag in range(7):
        vakken = tuple(sorted((v.van, v.tot) for v in dienst.schema if v.dag == dag))
        if vakken:
            groepen.setdefault(vakken, []).append(dag)
    delen = []
    for vakken, dagen in groepen.items():
        tijden = tekst("kaart.en", taal).join(
            tekst("kaart.van_tot", taal, van=klok_tekst(van, "en"), tot=klok_tekst(tot, taal))
            for van, tot in vakken
        )
        delen.append(f"{_reeks(dagen, taal)} {tijden}")
    return "; ".join(delen)
