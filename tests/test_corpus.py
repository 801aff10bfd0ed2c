"""The training corpus in many voices: persona files become Rasa NLU data without near-copies."""

from __future__ import annotations

import textwrap

import pytest
from rasa.shared.nlu.training_data.loading import load_data

from bot.kwaliteit import corpus
from bot.veiligheid.crisismodel import SOORTEN


def _persona(tmp_path, naam: str, body: str):
    bron = tmp_path / "bron"
    bron.mkdir(exist_ok=True)
    (bron / f"{naam}.yml").write_text(textwrap.dedent(body), encoding="utf-8")
    return bron


def test_a_persona_file_becomes_nlu_data_with_writer_and_crisis_kind(tmp_path):
    bron = _persona(
        tmp_path,
        "p90_test",
        """\
        persona: p90_test
        crisis:
          - soort: suicide_plan
            over: zelf
            tekst: "morgen na school ga ik naar het spoor, [echt] waar"
        rustig:
          - intent: zorg_rouw
            tekst: "onze hond is dood en mijn zoon huilt de hele dag"
        gewoon:
          - intent: opvoeden_slapen
            tekst: "hoe krijg ik mijn peuter in bed zonder gedoe"
        """,
    )
    telling, _ = corpus.importeer(bron, tmp_path / "doel", bestaand=())
    assert telling == {"p90_test": 3}
    data = load_data(str(tmp_path / "doel"))
    per_tekst = {m.get("text"): m for m in data.intent_examples}
    crisis = per_tekst["morgen na school ga ik naar het spoor, (echt) waar"]
    assert crisis.get("intent") == "crisis"
    assert crisis.get("metadata")["intent"] == {
        "schrijver": "p90_test",
        "soort": "suicide_plan",
        "over": "zelf",
    }
    assert (
        per_tekst["onze hond is dood en mijn zoon huilt de hele dag"].get("intent") == "zorg_rouw"
    )


def test_near_copies_and_unknown_labels_are_left_out_with_a_reason(tmp_path):
    bron = _persona(
        tmp_path,
        "p91_test",
        """\
        persona: p91_test
        gewoon:
          - intent: opvoeden_eten
            tekst: "mijn dochter van 4 wil geen groente eten wat kan ik doen"
          - intent: opvoeden_eten
            tekst: "Mijn dochter van 4 wil geen groente eten, wat kan ik doen?"
          - intent: bestaat_niet
            tekst: "iets heel anders"
        crisis:
          - soort: onbekende_soort
            over: zelf
            tekst: "dit telt niet"
        """,
    )
    telling, problemen = corpus.importeer(bron, tmp_path / "doel", bestaand=())
    assert telling == {"p91_test": 1}
    assert any("bestaat_niet" in p for p in problemen)
    assert any("onbekende_soort" in p for p in problemen)


@pytest.mark.slow  # reads the whole corpus (about 5 s)
def test_a_writer_may_not_copy_a_message_of_the_projects_test_set(tmp_path):
    # The default: everything in data/nlu and tests/nlu_testset counts as already written.
    [testbericht, *_] = corpus._voorbeelden(corpus.TESTSET_DIR / "opvoeden_zorgen.yml")
    bron = _persona(
        tmp_path,
        "p93_test",
        f"""\
        persona: p93_test
        gewoon:
          - intent: opvoeden_slapen
            tekst: "{testbericht.replace('"', "")}"
          - intent: opvoeden_slapen
            tekst: "ons kleine meisje van twee staat elke nacht om drie uur naast ons bed"
        """,
    )
    telling, _ = corpus.importeer(bron, tmp_path / "doel")
    assert telling == {"p93_test": 1}


def test_a_new_round_of_writers_keeps_the_earlier_ones_and_may_not_copy_them(tmp_path):
    doel = tmp_path / "doel"
    eerste = _persona(
        tmp_path,
        "p92_eerste",
        """\
        persona: p92_eerste
        gewoon:
          - intent: opvoeden_slapen
            tekst: "mijn zoon van 6 wil nooit op tijd naar bed wat moet ik doen"
        """,
    )
    corpus.importeer(eerste, doel, bestaand=())
    tweede = tmp_path / "ronde2"
    tweede.mkdir()
    (tweede / "q92_tweede.yml").write_text(
        textwrap.dedent(
            """\
            persona: q92_tweede
            gewoon:
              - intent: opvoeden_slapen
                tekst: "Mijn zoon van 6 wil nooit op tijd naar bed, wat moet ik doen??"
              - intent: opvoeden_eten
                tekst: "ze eet alleen nog pasta en brood, is dat erg"
            """
        ),
        encoding="utf-8",
    )
    telling, _ = corpus.importeer(tweede, doel, bestaand=())
    assert telling == {"q92_tweede": 1}
    assert sorted(p.stem for p in doel.glob("*.yml")) == ["p92_eerste", "q92_tweede"]


@pytest.mark.slow  # reads the whole corpus (about 5 s)
def test_the_committed_voices_are_valid_and_hold_no_near_copies():
    ontdubbel = corpus.Ontdubbelaar()
    schrijvers = set()
    for path in sorted(corpus.STEMMEN_DIR.glob("*.yml")):
        for blok in corpus.lees_yaml(path)["nlu"]:
            meta = blok["metadata"]
            schrijvers.add(meta["schrijver"])
            if blok["intent"] == "crisis":
                assert meta["soort"] in SOORTEN and meta["over"] in ("zelf", "ander")
            for regel in blok["examples"].splitlines():
                assert ontdubbel.nieuw(regel[2:]), f"{path.name}: bijna-kopie: {regel}"
    assert len(schrijvers) >= 8
