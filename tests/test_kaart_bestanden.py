"""The kaart files: `kaart check` finds every problem precisely, and an import is all or nothing."""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot import kaart
from bot.cli.kaart import kaart_cli
from bot.kaart import database
from bot.kaart.bestanden import KAART_DIR, lees_kaart
from bot.taal.yamlbestand import lees_yaml


@pytest.fixture
def kaart_dir(tmp_path) -> Path:
    """A copy of the shipped kaart files that a test may break."""
    doel = tmp_path / "kaart"
    shutil.copytree(KAART_DIR, doel)
    return doel


def vervang(path: Path, oud: str, nieuw: str) -> int:
    """Replace text once in a kaart file; returns the line number of the change."""
    tekst = path.read_text(encoding="utf-8")
    assert tekst.count(oud) >= 1, oud
    path.write_text(tekst.replace(oud, nieuw, 1), encoding="utf-8")
    return tekst[: tekst.index(oud)].count("\n") + 1


def fouten(kaart_dir: Path) -> list[str]:
    return [str(p) for p in lees_kaart(kaart_dir).fouten]


def test_shipped_kaart_is_clean():
    inhoud = lees_kaart()
    assert inhoud.fouten == []
    assert len(inhoud.gemeenten) == 15  # 14 in Twente and Gemeente Voorbeeld
    assert len(inhoud.diensten) >= 30


def test_kaart_check_command_is_clean_on_the_shipped_data():
    result = CliRunner().invoke(kaart_cli, ["check", "--fouten-alleen"])
    assert result.exit_code == 0, result.output
    assert "0 fouten" in result.output and "De kaart is in orde." in result.output


@pytest.mark.parametrize(
    ("bestand", "oud", "nieuw", "veld", "woorden"),
    [
        (
            "landelijk.yml",
            'telefoon: ["0800-0432"]',
            'telefoon: ["0800-04"]',
            "telefoon",
            "telefoonnummer",
        ),
        ("landelijk.yml", "categorieen: [geld]", "categorieen: [hobby]", "categorieen", "hobby"),
        (
            "landelijk.yml",
            'website: "https://www.akj.nl"',
            'website: "www.akj.nl"',
            "website",
            "webadres",
        ),
        ("landelijk.yml", "email: info@akj.nl", "email: info-at-akj.nl", "email", "e-mailadres"),
        (
            "landelijk.yml",
            'website: "https://www.akj.nl"',
            'website: "http://www.akj.nl"',
            "website",
            "https://",
        ),
        ("landelijk.yml", "leeftijd_van: 18", "leeftijd_van: 26", "leeftijd_tot", "hoger"),
        ("landelijk.yml", "leeftijd_van: 8", "leeftijd_van: 800", "leeftijd_van", "800"),
        ("landelijk.yml", 'dagelijks: "11:00-21:00"', 'dagelijks: "21:00-11:00"', "open", "sluit"),
        ("landelijk.yml", 'dagelijks: "11:00-21:00"', 'dagelijks: "11:00-25:00"', "open", "klok"),
        ("landelijk.yml", "naam: De Luisterlijn", "naam: ''", "naam", "ontbreekt"),
        ("landelijk.yml", "toegang: vrij toegankelijk", "toegang: altijd", "toegang", "kies uit"),
        (
            "landelijk.yml",
            "betrouwbaarheid: high",
            "betrouwbaarheid: low",
            "betrouwbaarheid",
            "low",
        ),
        ("twente.yml", "code: GM0164", "code: GM164", "code", "CBS-code"),
        ("twente.yml", "werkgebied: [GM0147]", "werkgebied: [GM0999]", "werkgebied", "GM0999"),
        (
            "voorbeeld.yml",
            "email: jeugdteam@example.org",
            'telefoon: ["0800-1234"]',
            "telefoon",
            "voorbeelddata",
        ),
        (
            "voorbeeld.yml",
            'website: "https://www.example.org/jeugdteam"',
            'website: "https://www.voorbeeld.nl"',
            "website",
            "example.org",
        ),
    ],
)
def test_check_names_file_line_and_field_of_each_mistake(
    kaart_dir, bestand, oud, nieuw, veld, woorden
):
    regel = vervang(kaart_dir / bestand, oud, nieuw)
    gevonden = [f for f in fouten(kaart_dir) if f".{veld}:" in f or f"{veld}:" in f.split(": ")[2]]
    assert gevonden, fouten(kaart_dir)
    melding = gevonden[0]
    assert melding.startswith(f"{kaart_dir / bestand}:")
    regels = {int(m.split(":")[1]) for m in gevonden}
    # The line of the field itself (leeftijd_tot is reported on its own line, just below).
    assert regel in regels or regel + 1 in regels, (regel, gevonden)
    assert woorden.lower() in " ".join(gevonden).lower()


def test_a_wrong_phone_number_is_reported_on_its_own_line(kaart_dir):
    regel = vervang(kaart_dir / "landelijk.yml", 'telefoon: ["0800-0432"]', 'telefoon: ["12-34"]')
    melding = next(f for f in fouten(kaart_dir) if "'12-34'" in f)
    assert melding.startswith(f"{kaart_dir / 'landelijk.yml'}:{regel}: FOUT: diensten[4].telefoon")


def test_duplicate_ids_and_missing_teams_are_errors(kaart_dir):
    vervang(kaart_dir / "landelijk.yml", "id: nibud", "id: geldfit-hulplijn")
    vervang(kaart_dir / "twente.yml", "lokaal_team: borne-sociaal-hus", "lokaal_team: bestaat-niet")
    alle = " ".join(fouten(kaart_dir))
    assert "'geldfit-hulplijn' bestaat al" in alle
    assert "'bestaat-niet' bestaat niet" in alle


def test_invalid_yaml_is_reported_with_its_line(kaart_dir):
    regel = vervang(
        kaart_dir / "voorbeeld.yml",
        "    naam: Jeugd- en gezinsteam Voorbeeld",
        "    naam: [niet dicht",
    )
    melding = next(f for f in fouten(kaart_dir) if "YAML" in f)
    assert f"voorbeeld.yml:{regel}" in melding or f"voorbeeld.yml:{regel + 1}" in melding


def test_old_verification_is_a_warning_not_an_error(kaart_dir):
    vervang(kaart_dir / "landelijk.yml", "verified_on: onbekend", "verified_on: 2026-01-02")
    inhoud = lees_kaart(kaart_dir, vandaag=date(2026, 11, 22))
    assert inhoud.fouten == []
    oud = [str(p) for p in inhoud.waarschuwingen if "2026-01-02" in str(p)]
    assert oud and "180 dagen" in oud[0] and "verified_on" in oud[0]
    recent = lees_kaart(kaart_dir, vandaag=date(2026, 2, 1))
    assert not [p for p in recent.waarschuwingen if "2026-01-02" in str(p)]


def test_a_card_that_is_both_free_and_per_minute_is_an_error(kaart_dir):
    regel = vervang(
        kaart_dir / "landelijk.yml",
        'kosten: "advies gratis bij een laag inkomen; bellen kost € 0,25 per minuut"',
        "kosten: gratis",
    )
    gevonden = [f for f in fouten(kaart_dir) if "kosten" in f]
    assert gevonden and f"landelijk.yml:{regel}" in gevonden[0]
    assert "gratis" in gevonden[0] and "per minuut" in gevonden[0]


def test_opening_hours_from_a_source_older_than_a_year_are_a_warning(kaart_dir):
    inhoud = lees_kaart(kaart_dir, vandaag=date(2026, 11, 22))
    oud = [str(p) for p in inhoud.waarschuwingen if "open_bron" in str(p)]
    assert any("2019-09" in p and "ouder dan een jaar" in p for p in oud)  # the Kindertelefoon
    vroeger = lees_kaart(kaart_dir, vandaag=date(2020, 3, 1))
    assert not [p for p in vroeger.waarschuwingen if "2019-09" in str(p) and "open_bron" in str(p)]


def test_broken_file_is_rejected_and_the_old_database_still_answers(kaart_dir, tmp_path):
    db = tmp_path / "kaart.db"
    kaart.importeer(db, kaart_dir)
    voor = db.read_bytes()
    vervang(kaart_dir / "twente.yml", 'telefoon: ["074-2658590"]', 'telefoon: ["074-26"]')
    with pytest.raises(kaart.KaartFouten) as fout:
        kaart.importeer(db, kaart_dir)
    assert any("074-26" in str(p) for p in fout.value.inhoud.fouten)
    assert db.read_bytes() == voor
    team = kaart.lokaal_team("GM0147", db=db)  # the automatic refresh also keeps the old kaart
    assert team.telefoon == "074-2658590"
    assert not list(tmp_path.glob("*.nieuw"))


def test_import_command_refuses_a_broken_kaart_and_says_what_to_do(kaart_dir, tmp_path):
    db = tmp_path / "kaart.db"
    runner = CliRunner()
    assert (
        runner.invoke(kaart_cli, ["import", "--map", str(kaart_dir), "--db", str(db)]).exit_code
        == 0
    )
    vervang(kaart_dir / "landelijk.yml", "categorieen: [geld]", "categorieen: [hobby]")
    result = runner.invoke(kaart_cli, ["import", "--map", str(kaart_dir), "--db", str(db)])
    assert result.exit_code == 1
    assert "landelijk.yml" in result.output and "hobby" in result.output
    assert "niets geïmporteerd" in result.output and "vorige kaart" in result.output
    check = runner.invoke(kaart_cli, ["check", "--map", str(kaart_dir)])
    assert check.exit_code == 1 and "jeugdwijzer kaart check" in check.output


def test_a_gemeente_corrects_a_phone_number_without_code_or_retraining(kaart_dir, tmp_path):
    db = tmp_path / "kaart.db"
    kaart.importeer(db, kaart_dir)
    assert kaart.lokaal_team("GM0147", db=db).telefoon == "074-2658590"
    vervang(kaart_dir / "twente.yml", 'telefoon: ["074-2658590"]', 'telefoon: ["074-2658591"]')
    database._GEKEKEN.clear()  # a running process looks again after a few seconds
    assert kaart.lokaal_team("GM0147", db=db).telefoon == "074-2658591"


def test_a_missing_database_is_built_on_first_use(tmp_path):
    db = tmp_path / "nieuw" / "kaart.db"
    assert kaart.lokaal_team("GM0164", db=db) is not None
    assert db.exists()


def test_import_when_changed_does_nothing_for_unchanged_files(kaart_dir, tmp_path):
    db = tmp_path / "kaart.db"
    assert kaart.importeer_als_veranderd(db, kaart_dir) is not None
    assert kaart.importeer_als_veranderd(db, kaart_dir) is None
    os.utime(kaart_dir / "landelijk.yml")  # touching a file without changing it is no change
    assert kaart.importeer_als_veranderd(db, kaart_dir) is None


def test_export_writes_csv_that_imports_back_to_the_same_services(kaart_dir, tmp_path):
    db = tmp_path / "kaart.db"
    kaart.importeer(db, kaart_dir)
    uit = tmp_path / "export"
    result = CliRunner().invoke(kaart_cli, ["export", "--db", str(db), "--uit", str(uit)])
    assert result.exit_code == 0, result.output
    hsds = (uit / "kaart-hsds.json").read_text(encoding="utf-8")
    assert '"byday": "MO"' in hsds and '"extent": "GM0164"' in hsds
    # Put the services back as CSV next to gemeenten-only YAML files: the same kaart comes out.
    terug = tmp_path / "terug"
    terug.mkdir()
    for naam in ("twente.yml", "voorbeeld.yml"):
        tekst = (kaart_dir / naam).read_text(encoding="utf-8")
        (terug / naam).write_text(tekst.split("\ndiensten:")[0], encoding="utf-8")
    shutil.copy(uit / "diensten.csv", terug / "diensten.csv")
    opnieuw = tmp_path / "opnieuw.db"
    kaart.importeer(opnieuw, terug)
    oud, nieuw = kaart.kaart_laden(db), kaart.kaart_laden(opnieuw)
    assert nieuw.gemeenten.keys() == oud.gemeenten.keys()
    for dienst_id, dienst in oud.diensten.items():
        kopie = nieuw.diensten[dienst_id]
        for veld in ("naam", "telefoon", "telefoon_extra", "schema", "gesloten_op", "gemeenten"):
            assert getattr(kopie, veld) == getattr(dienst, veld), (dienst_id, veld)
        assert kopie.bronnen == dienst.bronnen and kopie.categorieen == dienst.categorieen


def test_search_command_shows_the_hengelo_team(tmp_path):
    db = tmp_path / "kaart.db"
    args = ["search", "--gemeente", "Hengelo", "--categorie", "opvoeden", "--leeftijd", "6"]
    result = CliRunner().invoke(kaart_cli, [*args, "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "Wijkracht Hengelo" in result.stdout
    assert "Hengelo (GM0164)" in result.stderr


def test_search_command_says_when_a_gemeente_is_not_in_the_kaart(tmp_path):
    args = ["search", "--gemeente", "Amsterdam", "--categorie", "praten", "--leeftijd", "12"]
    result = CliRunner().invoke(kaart_cli, [*args, "--db", str(tmp_path / "k.db")])
    assert result.exit_code == 0
    assert "staat niet in de kaart" in result.stderr
    assert "website van je gemeente" in result.stderr
    assert "Kindertelefoon" in result.stdout


def test_shipped_files_fit_the_hsds_subset_schema():
    from bot.kaart import schema

    for path in sorted(KAART_DIR.glob("*.yml")):
        data = lees_yaml(path)
        assert schema.problemen(data) == [], path.name


def test_a_misspelt_section_is_an_error_instead_of_silently_losing_services(kaart_dir):
    regel = vervang(kaart_dir / "voorbeeld.yml", "diensten:", "dienste:")
    melding = next(f for f in fouten(kaart_dir) if "'dienste'" in f)
    assert melding.startswith(f"{kaart_dir / 'voorbeeld.yml'}:{regel}: FOUT: dienste:")


def test_a_source_with_a_misspelt_key_is_an_error(kaart_dir):
    regel = vervang(
        kaart_dir / "landelijk.yml",
        '- {url: "https://www.vorsten',
        '- {dtum: 2020, url: "https://www.vorsten',
    )
    melding = next(f for f in fouten(kaart_dir) if ".bron:" in f)
    assert f"landelijk.yml:{regel - 1}:" in melding  # the line of "bron:", just above


def test_a_word_that_makes_rasa_read_the_file_as_training_data_is_an_error(kaart_dir):
    regel = vervang(kaart_dir / "landelijk.yml", "  - id: nibud\n", "  - id: nibud\n    rules: x\n")
    meldingen = [f for f in fouten(kaart_dir) if "trainingsdata" in f]
    assert meldingen and f"landelijk.yml:{regel + 1}:" in meldingen[0]


def test_run_imports_the_kaart_only_when_the_files_changed(tmp_path, monkeypatch):
    from bot.cli import kaart as kaart_cli_module

    db = tmp_path / "kaart.db"
    monkeypatch.setattr(kaart_cli_module, "_db", lambda _db: db)
    meldingen: list[str] = []
    kaart_cli_module.bijwerken(echo=meldingen.append)
    assert db.exists() and "Sociale kaart bijgewerkt" in meldingen[0]
    kaart_cli_module.bijwerken(echo=meldingen.append)
    assert len(meldingen) == 1


def test_gemeente_command_shows_the_gemeente_and_its_team(tmp_path):
    db = str(tmp_path / "kaart.db")
    result = CliRunner().invoke(kaart_cli, ["gemeente", "ik woon in Nijverdal", "--db", db])
    assert result.exit_code == 0
    assert "Hellendoorn (GM0163)" in result.output and "Lokaal team:" in result.output
    onbekend = CliRunner().invoke(kaart_cli, ["gemeente", "Zwolle", "--db", db])
    assert onbekend.exit_code == 1 and "voeg de gemeente toe" in onbekend.output
