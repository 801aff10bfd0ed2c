"""The training data for the conversation, jeugdhulp, 18, money, legal and addiction intents is
varied enough, and their held-out test set is large enough to mean something."""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict

from bot.kwaliteit import evaluation
from bot.taal import herkenning
from bot.taal.normaliseren import normalise

OWN_FILES = {"gesprek.yml", "jeugdhulp.yml", "achttien_geld_recht.yml", "verslaving.yml"}
OWN_TESTSET = evaluation.TESTSET_DIR / "gesprek_jeugdhulp.yml"
OWN_INTENTS = {
    "begroeting",
    "afscheid",
    "bedankt",
    "wat_kun_je",
    "ben_je_een_robot",
    "praten_met_mens",
    "privacy_vraag",
    "buiten_bereik",
    "bevestigen",
    "ontkennen",
    "informeren",
    "hulp_algemeen",
    "jeugdhulp_aanvragen",
    "jeugdhulp_verwijzing",
    "jeugdhulp_kosten",
    "jeugdhulp_wachttijd",
    "jeugdhulp_pgb",
    "jeugdhulp_bezwaar",
    "jeugdhulp_clientondersteuning",
    "jeugdhulp_klacht",
    "achttien_worden",
    "geldzorgen",
    "juridische_vraag",
    "verslaving",
}


def own_training() -> list[evaluation.Example]:
    examples = evaluation.load_examples(evaluation.TRAINING_DIR)
    return [e for e in examples if e.source in OWN_FILES]


def test_held_out_set_covers_each_intent_at_least_seven_times():
    counts = Counter(e.intent for e in evaluation.load_examples(OWN_TESTSET))
    assert sum(counts.values()) >= 180
    assert {i: counts[i] for i in OWN_INTENTS if counts[i] < 7} == {}


def test_each_intent_has_thirty_examples_some_of_them_english():
    examples = own_training()
    counts = Counter(e.intent for e in examples)
    english = Counter(
        e.intent
        for e in examples
        if (herkenning.taal(e.text) or herkenning.Vondst("", 0, 0)).value == "en"
    )
    assert {i: counts[i] for i in OWN_INTENTS if counts[i] < 30} == {}
    assert {i: english[i] for i in OWN_INTENTS if english[i] < 2} == {}


def test_no_two_longer_examples_differ_in_only_one_word():
    by_intent = defaultdict(list)
    for example in own_training():
        words = normalise(example.text).split()
        if len(words) >= 4:
            by_intent[example.intent].append((example.text, words))
    near_copies = [
        (a, b)
        for examples in by_intent.values()
        for (a, wa), (b, wb) in itertools.combinations(examples, 2)
        if len(wa) == len(wb) and sum(x != y for x, y in zip(wa, wb, strict=True)) <= 1
    ]
    assert near_copies == []
