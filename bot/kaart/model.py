"""The words of the sociale kaart: categories, access routes, audiences, and a parsed service.

The model is a small subset of Open Referral HSDS (organization, service, location, phone,
schedule, service_area, taxonomy, eligibility), named in Dutch where gemeenten use the word.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time

# Our own fixed list of categories (issue 3). Services are tagged with one or more of them.
CATEGORIEEN: tuple[str, ...] = (
    "opvoeden",
    "ontwikkeling",
    "school",
    "psychisch",
    "veiligheid",
    "seksueel-geweld",
    "geld",
    "recht",
    "verslaving",
    "scheiding",
    "beperking",
    "18-plus",
    "praten",
    "crisis",
    "klacht-en-rechten",
    "toegang-jeugdhulp",
)
TOEGANG: tuple[str, ...] = ("vrij toegankelijk", "verwijzing nodig", "beschikking nodig")
VOOR: tuple[str, ...] = ("ouder", "jongere", "professional")
BETROUWBAARHEID: tuple[str, ...] = ("high", "medium")  # "low" never reaches users
LANDELIJK = "landelijk"
TIJDZONE = "Europe/Amsterdam"

# Weekdays as Python numbers them (Monday = 0), and the words people use in the files.
DAGEN: tuple[str, ...] = ("ma", "di", "wo", "do", "vr", "za", "zo")
DAGGROEPEN: dict[str, tuple[int, ...]] = {
    **{dag: (i,) for i, dag in enumerate(DAGEN)},
    "werkdagen": (0, 1, 2, 3, 4),
    "weekend": (5, 6),
    "dagelijks": (0, 1, 2, 3, 4, 5, 6),
}
DAGNAMEN: tuple[str, ...] = (
    "maandag",
    "dinsdag",
    "woensdag",
    "donderdag",
    "vrijdag",
    "zaterdag",
    "zondag",
)


@dataclass(frozen=True)
class Bron:
    url: str
    datum: str  # as the page showed it: 2022-12-20, 2019-09, 2024 or "onbekend"


@dataclass(frozen=True)
class Tijdvak:
    dag: int  # 0 = maandag
    van: time
    tot: time  # time(23, 59, 59) stands for midnight at the end of the day


@dataclass(frozen=True)
class Dienst:
    """One service of the kaart, as the actions and the CLI see it."""

    id: str
    naam: str
    organisatie: str
    omschrijving: str  # what they do for you, one B1 sentence
    categorieen: tuple[str, ...]
    telefoon: str = ""  # the main number as people write it: 0800-2000
    telefoon_extra: tuple[str, ...] = ()  # more numbers for the same line (113 and 0800-0113)
    chat_url: str = ""
    email: str = ""
    website: str = ""
    kosten: str = ""  # "gratis", "€ 0,25 per minuut", or empty when unknown
    toegang: str = "vrij toegankelijk"
    leeftijd_van: int | None = None
    leeftijd_tot: int | None = None
    voor: tuple[str, ...] = VOOR
    gemeenten: tuple[str, ...] = ()  # CBS codes; empty = national
    altijd_open: bool = False  # 24/7
    schema: tuple[Tijdvak, ...] = ()  # empty and not altijd_open = hours unknown
    gesloten_op: tuple[date, ...] = ()  # holidays
    bron_url: str = ""
    geverifieerd_op: date | None = None  # None: never checked at the source
    voorbeeld: bool = False  # fictitious example data (Gemeente Voorbeeld)
    # Beyond the API every caller needs:
    telefoon_kosten: str = ""
    via_overdracht: bool = False  # reached through this assistant's handoff to a person
    adres: str = ""
    crisis: bool = False
    lokaal_team: bool = False
    prioriteit: int = 50  # lower comes first within the same rank
    betrouwbaarheid: str = "high"
    bronnen: tuple[Bron, ...] = ()
    tijden_bron: Bron | None = None  # where the opening hours come from
    tijden_betrouwbaarheid: str = "high"
    feit: str = ""  # id in ../shared/facts/hulplijnen.yml
    bestand: str = ""
    regel: int | None = None

    @property
    def landelijk(self) -> bool:
        return not self.gemeenten

    @property
    def gratis(self) -> bool:
        return self.kosten.lower().startswith("gratis")

    @property
    def telefoonnummers(self) -> tuple[str, ...]:
        return ((self.telefoon,) if self.telefoon else ()) + self.telefoon_extra


@dataclass(frozen=True)
class Gemeente:
    code: str
    naam: str
    website: str = ""
    voorbeeld: bool = False
    lokaal_team_id: str = ""  # id of the service that is the gemeente's entrance to jeugdhulp
    cbs_naam: str = ""
    woonplaatsen: tuple[str, ...] = ()
    postcodes: tuple[tuple[int, int], ...] = ()
    postcode_bron: str = ""
    bestand: str = ""
    regel: int | None = None


@dataclass(frozen=True)
class Resultaat:
    """A service found for a question, with whether it is open at the moment of asking."""

    dienst: Dienst
    open_nu: bool | None  # None when the hours are unknown
    # B1: "Nu open tot 17.00 uur", "Dag en nacht bereikbaar", "Bekijk de openingstijden op
    # borne.nl"; empty for a website to read (no phone or chat), where hours do not matter.
    opening: str


@dataclass
class Kaart:
    """The whole kaart in memory, as read from the database."""

    diensten: dict[str, Dienst] = field(default_factory=dict)
    gemeenten: dict[str, Gemeente] = field(default_factory=dict)
