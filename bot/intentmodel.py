"""The topic classifier: which intent a message is, with a confidence the fallback can trust.

A linear SVM on word and letter n-grams of the normalised text (`basistekst`: numbers become
their kind, so "200 euro" or "7 en 11" never choose a topic). Its scores become probabilities
through a softmax with a temperature from the writer-grouped cross-validation, so "0.3" means
about the same in every conversation. Plain scikit-learn: the Rasa component
(bot/nlu/intent.py) and the evaluation (`jeugdwijzer eval --kruis`) train exactly this.

    >>> model = IntentModel().fit(teksten, intents)         # doctest: +SKIP
    >>> model.rangschik(["mn kind slaapt slecht"])[0][0]
    ('opvoeden_slapen', 0.71)
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from sklearn.pipeline import Pipeline
from sklearn.svm import LinearSVC

from bot.taal.kenmerken import vectorizer
from bot.veiligheid.crisismodel import basistekst

# Writer-grouped cross-validation (README "Hoe goed begrijpt hij je?") chose these.
STANDAARD_C = 1.0
STANDAARD_TEMPERATUUR = 0.18


@lru_cache(maxsize=50_000)  # cross-validation featurises every text once per fold
def _tekst(text: str) -> str:
    return basistekst(text)


def softmax(scores: np.ndarray, temperatuur: float) -> np.ndarray:
    z = scores / temperatuur
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


class IntentModel:
    def __init__(self, c: float = STANDAARD_C, temperatuur: float = STANDAARD_TEMPERATUUR) -> None:
        self.c = c
        self.temperatuur = temperatuur
        self.pipeline: Pipeline | None = None

    def fit(self, teksten: list[str], intents: list[str]) -> IntentModel:
        self.pipeline = Pipeline(
            [
                ("kenmerken", vectorizer(met_stammen=False)),
                ("model", LinearSVC(C=self.c, random_state=0)),
            ]
        ).fit([_tekst(t) for t in teksten], intents)
        return self

    @property
    def intents(self) -> list[str]:
        assert self.pipeline is not None, "fit() first"
        return [str(i) for i in self.pipeline.classes_]

    def scores(self, teksten: list[str]) -> np.ndarray:
        """The SVM's raw scores, one row per text, columns in the order of `intents`."""
        assert self.pipeline is not None, "fit() first"
        scores = self.pipeline.decision_function([_tekst(t) for t in teksten])
        if scores.ndim == 1:  # two intents: sklearn gives one column
            scores = np.column_stack([-scores, scores])
        return scores

    def kansen(self, teksten: list[str]) -> np.ndarray:
        return softmax(self.scores(teksten), self.temperatuur)

    def rangschik(self, teksten: list[str], top: int = 10) -> list[list[tuple[str, float]]]:
        """Per text the `top` intents with their probability, best first."""
        namen = self.intents
        uitkomst = []
        for rij in self.kansen(teksten):
            volgorde = np.argsort(-rij)[:top]
            uitkomst.append([(namen[i], float(rij[i])) for i in volgorde])
        return uitkomst
