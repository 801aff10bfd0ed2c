"""The trained crisis classifier: is there danger in a message, of which kind, and about whom?

The rules in bot/veiligheid/crisis.py catch what is said plainly; this model learns from the
crisis corpus (data/nlu/stemmen/, many writers and voices) how people hint at danger in
their own words. It is plain scikit-learn, so the Rasa component (bot/nlu/crisis.py) and the
evaluation (`jeugdwijzer eval --crisis`) train and use exactly the same thing.

    >>> model = CrisisModel().fit(voorbeelden)         # doctest: +SKIP
    >>> model.beoordeel("heb pillen gespaard voor vanavond").kans
    0.97
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.svm import LinearSVC

from bot.taal.kenmerken import vectorizer
from bot.taal.normaliseren import normalise
from bot.veiligheid.crisis import detect

# The written taxonomy of crisis kinds (README "Veiligheid"), each with the detector category
# that decides which help lines come first (bot.veiligheid.crisis.ROUTES).
SOORTEN: dict[str, str] = {
    "suicide_direct": "suicide",
    "suicide_indirect": "suicide",
    "suicide_plan": "suicide",
    "suicide_afscheid": "suicide",
    "suicide_gedaan": "suicide_gedaan",
    "zelfbeschadiging": "suicide",
    "vergiftiging_medisch": "acuut",
    "mishandeling": "geweld",
    "seksueel_misbruik": "seksueel",
    "grooming_online": "seksueel",
    "sextortion": "seksueel",
    "loverboy": "seksueel",
    "huwelijksdwang_eer": "geweld",
    "verwaarlozing": "geweld",
    "weggelopen_dakloos": "praten",
    "huiselijk_geweld_nu": "acuut",
    "dreiging_kinderen": "geweld",
    "vermist_kind": "acuut",
}

# Numbers become their kind before featurising, so a digit never chooses the answer. Only 18
# keeps its meaning as a word: turning 18 is a topic of its own, any other age is not.
_GETALLEN = (
    (re.compile(r"\b18(?:\+|e|de|ste)?(?!\d|[:.,]\d)"), " achttien "),
    (re.compile(r"\b0[0-9][0-9 -]{7,11}\b"), " _telefoon_ "),
    (re.compile(r"(?:€|eur\b|euro\b)\s*\d+|\d+[.,]?\d*\s*(?:€|eur\b|euro\b)"), " _geld_ "),
    (re.compile(r"\b\d{1,2}[:.]\d{2}\b|\b\d{1,2}\s*uur\b"), " _tijd_ "),
    (re.compile(r"\b\d{4}\s?[a-z]{2}\b"), " _postcode_ "),
    (re.compile(r"\b\d+\b"), " _getal_ "),
)


def basistekst(text: str) -> str:
    """Normalised chat Dutch with numbers replaced by their kind."""
    tekst = text.lower()
    for patroon, klasse in _GETALLEN:
        tekst = patroon.sub(klasse, tekst)
    return normalise(tekst)


@lru_cache(maxsize=50_000)  # cross-validation featurises every text once per writer
def kenmerktekst(text: str) -> str:
    """The text the model sees: `basistekst` and the rules' verdict as words, so the model
    learns when a rule is to be trusted."""
    signaal = detect(text)
    regels = ""
    if signaal is not None:
        zeker = "zeker" if signaal.zeker else "onzeker"
        regels = f" _regel_ _regel_{signaal.categorie}_ _regel_{zeker}_"
    return basistekst(text) + regels


def kenmerk_versie() -> str:
    """A hash of everything that shapes the features, so Rasa's cache retrains on a change."""
    bot = Path(__file__).parent.parent
    digest = hashlib.sha256()
    for path in (
        "veiligheid/crisismodel.py",
        "intentmodel.py",
        "taal/kenmerken.py",
        "veiligheid/crisis.py",
        "taal/normaliseren.py",
        "data/crisis.yml",
        "data/taal.yml",
    ):
        digest.update((bot / path).read_bytes())
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class Voorbeeld:
    tekst: str
    crisis: bool
    soort: str | None = None  # a key of SOORTEN for crisis examples
    over: str = "zelf"  # zelf or ander
    schrijver: str = "project"  # the writer's persona, for grouped cross-validation
    rustig: bool = False  # alarming words but no danger (a hard negative)


@dataclass(frozen=True)
class Beoordeling:
    kans: float  # probability that the message is a crisis
    soort: str | None
    categorie: str | None
    over: str


class NaiveBayesWeging:
    """Scales every feature by how much more often it occurs in crisis messages than in the rest
    (the log-count ratio of Wang and Manning's NB-SVM, 2012), so a second SVM on the same
    features weighs rare but telling words more than the first one does."""

    def __init__(self, alpha: float = 1.0) -> None:
        self.alpha = alpha
        self.ratio: np.ndarray | None = None

    def fit(self, kenmerken: sparse.csr_matrix, crisis: np.ndarray) -> NaiveBayesWeging:
        aanwezig = kenmerken > 0
        p = np.asarray(aanwezig[crisis == 1].sum(axis=0)).ravel() + self.alpha
        q = np.asarray(aanwezig[crisis == 0].sum(axis=0)).ravel() + self.alpha
        self.ratio = np.log((p / p.sum()) / (q / q.sum()))
        return self

    def transform(self, kenmerken: sparse.csr_matrix) -> sparse.csr_matrix:
        assert self.ratio is not None, "fit() first"
        return sparse.csr_matrix(kenmerken.multiply(self.ratio))


class CrisisModel:
    """Linear SVMs on one feature space: crisis or not, which kind, about whom.

    Crisis or not is the mean of two SVMs on the same features, one on the TF-IDF values and one
    on the values weighed by `NaiveBayesWeging`, each divided by the spread of its scores on the
    training set (so neither dominates). The mean becomes `kans` through a fixed logistic curve
    (`SCHAAL`): 0.5 is the boundary, and `drempel`/`grijs` in config.yml are read on that scale.
    Writer-grouped cross-validation (70 writers) chose the pair: 95.3% of the crisis messages of
    unseen writers at 2% false alarms, against 94.0% for the first SVM alone and 94.5% for the
    second; earlier it chose the SVM (C 1) over a logistic regression (README "Veiligheid")."""

    SCHAAL = 2.0

    def __init__(self, c: float = 1.0) -> None:
        self.c = c
        self.kenmerken: FeatureUnion | None = None
        self.svm: LinearSVC | None = None
        self.weging: NaiveBayesWeging | None = None
        self.svm_nb: LinearSVC | None = None
        self.spreiding: tuple[float, float] = (1.0, 1.0)
        self.soort: Pipeline | None = None
        self.over: Pipeline | None = None

    def _svm(self, balanced: bool) -> LinearSVC:
        return LinearSVC(C=self.c, class_weight="balanced" if balanced else None, random_state=0)

    def _pipeline(self, balanced: bool) -> Pipeline:
        return Pipeline([("kenmerken", vectorizer()), ("model", self._svm(balanced))])

    def fit(self, voorbeelden: list[Voorbeeld], alleen_crisis: bool = False) -> CrisisModel:
        """Train; `alleen_crisis` skips the kind and person models (cross-validation)."""
        teksten = [kenmerktekst(v.tekst) for v in voorbeelden]
        crisis = np.array([int(v.crisis) for v in voorbeelden])
        self.kenmerken = vectorizer()
        x = self.kenmerken.fit_transform(teksten)
        self.svm = self._svm(balanced=True).fit(x, crisis)
        self.weging = NaiveBayesWeging().fit(x, crisis)
        x_nb = self.weging.transform(x)
        self.svm_nb = self._svm(balanced=True).fit(x_nb, crisis)
        self.spreiding = (
            float(np.std(self.svm.decision_function(x))) or 1.0,
            float(np.std(self.svm_nb.decision_function(x_nb))) or 1.0,
        )
        if alleen_crisis:
            return self
        paren = [(t, v) for t, v in zip(teksten, voorbeelden, strict=True) if v.crisis]
        met_soort = [(t, v.soort) for t, v in paren if v.soort in SOORTEN]
        self.soort = None
        if len({s for _, s in met_soort}) > 1:
            self.soort = self._pipeline(balanced=False).fit(*zip(*met_soort, strict=True))
        overs = [(t, v.over) for t, v in paren]
        self.over = None
        if len({o for _, o in overs}) > 1:
            self.over = self._pipeline(balanced=False).fit(*zip(*overs, strict=True))
        return self

    def _kansen(self, kenmerken: list[str]) -> np.ndarray:
        assert self.kenmerken is not None and self.weging is not None, "fit() first"
        assert self.svm is not None and self.svm_nb is not None
        x = self.kenmerken.transform(kenmerken)
        eerste, tweede = self.spreiding
        # In the first SVM's units, so the thresholds keep roughly the meaning they had.
        score = (
            eerste
            * (
                self.svm.decision_function(x) / eerste
                + self.svm_nb.decision_function(self.weging.transform(x)) / tweede
            )
            / 2
        )
        return 1.0 / (1.0 + np.exp(-self.SCHAAL * score))

    def kansen(self, teksten: list[str]) -> np.ndarray:
        """The crisis probability of each text (many at once, for evaluation)."""
        return self._kansen([kenmerktekst(t) for t in teksten])

    def beoordeel(self, text: str, details_vanaf: float = 0.0) -> Beoordeling:
        """The crisis probability, with kind and person only from `details_vanaf` on (below it
        nobody reads them, and each is a model of its own to run)."""
        kenmerk = [kenmerktekst(text)]
        kans = float(self._kansen(kenmerk)[0])
        if kans < details_vanaf:
            return Beoordeling(kans, None, None, "zelf")
        soort = str(self.soort.predict(kenmerk)[0]) if self.soort is not None else None
        over = str(self.over.predict(kenmerk)[0]) if self.over is not None else "zelf"
        return Beoordeling(kans, soort, SOORTEN.get(soort or ""), over)
