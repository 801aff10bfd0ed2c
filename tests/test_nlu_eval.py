"""The assistant understands messages it never saw, and the held-out test set stays held out."""

from __future__ import annotations

from collections import Counter

import pytest
from click.testing import CliRunner

from bot.kwaliteit import evaluation
from bot.kwaliteit.evaluation import Example
from bot.taal.yamlbestand import lees_yaml
from tests.conftest import ROOT

MIN_MACRO_F1 = 0.90
OWN_TESTSET = evaluation.TESTSET_DIR / "opvoeden_zorgen.yml"
OWN_INTENTS = {
    "opvoeden_algemeen",
    "opvoeden_slapen",
    "opvoeden_eten",
    "opvoeden_huilen",
    "opvoeden_driftbuien",
    "opvoeden_puberteit",
    "opvoeden_schermtijd",
    "opvoeden_vriendschap",
    "zorg_gedrag",
    "zorg_ontwikkeling",
    "zorg_somber",
    "zorg_angst",
    "zorg_adhd_autisme",
    "zorg_beperking",
    "zorg_scheiding",
    "zorg_rouw",
    "zorg_pesten",
    "zorg_schoolverzuim",
    "zorg_gender_seksualiteit",
    "zorg_eenzaam",
    "school_hulp",
}


def test_no_test_message_is_also_a_training_example():
    test = evaluation.load_examples(evaluation.TESTSET_DIR)
    training = evaluation.load_examples(evaluation.TRAINING_DIR)
    leaked = evaluation.overlap(test, training)
    assert not leaked, "Testberichten die ook in data/nlu/ staan: " + "; ".join(
        f"{e.text!r} ({e.source})" for e in leaked
    )


def test_overlap_check_sees_through_capitals_accents_and_slang():
    training = [Example("ik wil even praten over mijn dochter", "x")]
    test = [Example("K wil ff praten over mn dochtér", "x"), Example("iets anders", "x")]
    assert [e.text for e in evaluation.overlap(test, training)] == [test[0].text]


def test_every_test_intent_is_one_the_assistant_knows():
    domain = lees_yaml(ROOT / "domain.yml")
    known = {i if isinstance(i, str) else next(iter(i)) for i in domain["intents"]}
    unknown = {e.intent for e in evaluation.load_examples(evaluation.TESTSET_DIR)} - known
    assert not unknown


def test_parenting_and_worries_test_set_covers_each_intent_at_least_ten_times():
    counts = Counter(e.intent for e in evaluation.load_examples(OWN_TESTSET))
    assert sum(counts.values()) >= 230
    assert {i: counts[i] for i in OWN_INTENTS if counts[i] < 10} == {}


def test_report_names_the_worst_intent_and_the_confusion():
    examples = [
        Example("baby huilt", "opvoeden_huilen"),
        Example("huilbaby", "opvoeden_huilen"),
        Example("gepest", "zorg_pesten"),
        Example("ik word gepest", "zorg_pesten"),
    ]
    predicted = ["opvoeden_huilen", "opvoeden_huilen", "zorg_pesten", "nlu_fallback"]
    report = evaluation.score(examples, predicted)

    assert report.accuracy == pytest.approx(0.75)
    # F1 huilen = 2*P*R/(P+R) with P=1, R=1; pesten with P=1, R=0.5 gives 2/3.
    assert report.macro_f1 == pytest.approx((1 + 2 / 3) / 2)
    assert report.worst(1)[0].intent == "zorg_pesten"
    text = evaluation.format_report(report, mistakes=5)
    assert "zorg_pesten -> nlu_fallback" in text
    assert "ik word gepest" in text


def test_eval_command_says_to_train_first_when_there_is_no_model(tmp_path, monkeypatch):
    from bot.beheer import training
    from bot.cli import cli

    monkeypatch.setattr(training, "MODEL_FILE", tmp_path / "jeugdwijzer.tar.gz")
    result = CliRunner().invoke(cli, ["eval"])
    assert result.exit_code != 0
    assert "jeugdwijzer train" in result.output


@pytest.mark.slow
def test_model_understands_the_held_out_test_set(trained_model):
    report = evaluation.evaluate(trained_model)
    worst = ", ".join(f"{s.intent} (F1 {s.f1:.2f})" for s in report.worst(6))
    confused = ", ".join(f"{t}->{p} x{n}" for t, p, n in report.confusions[:6])
    assert report.macro_f1 >= MIN_MACRO_F1, (
        f"Macro-F1 {report.macro_f1:.3f} < {MIN_MACRO_F1} op {report.total} testberichten. "
        f"Slechtste intents: {worst}. Meest verward: {confused}"
    )
