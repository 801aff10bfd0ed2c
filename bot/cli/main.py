"""The `jeugdwijzer` command: the project's own tasks, called by the Makefile.

Examples:
    jeugdwijzer train            # train the Rasa model when config, domain or data changed
    jeugdwijzer run              # train if needed, then start Rasa, actions and the web app
    jeugdwijzer start web        # one part in the foreground, for systemd (deploy/systemd/)
    jeugdwijzer eval             # score the model on the held-out test set (tests/nlu_testset/)
    jeugdwijzer kaart check      # check the sociale kaart files in data/kaart/
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from bot.beheer import training
from bot.cli import inbox, stats
from bot.cli.kaart import bijwerken as kaart_bijwerken
from bot.cli.kaart import kaart_cli
from bot.config import load_settings


@click.group()
def cli() -> None:
    """Jeugdwijzer: Dutch help-finder for parents and young people."""


@cli.command()
@click.option("--force", is_flag=True, help="Train ook als er niets veranderde.")
def train(force: bool) -> None:
    """Train the Rasa model if it is stale. Example: jeugdwijzer train --force"""
    training.train(force=force, echo=click.echo)


@cli.command()
@click.option("--no-train", is_flag=True, help="Niet trainen, ook als het model oud is.")
def run(no_train: bool) -> None:
    """Start the whole product (trains first if needed). Example: jeugdwijzer run"""
    from bot.beheer.runner import run as run_all  # why: process management only for `run`

    if not no_train:
        training.train(echo=click.echo)
    elif not training.MODEL_FILE.exists():
        raise click.ClickException("Er is nog geen model. Draai eerst: jeugdwijzer train")
    kaart_bijwerken(echo=click.echo)  # a changed kaart needs no retraining, only an import
    sys.exit(run_all(load_settings(), echo=click.echo))


@cli.command()
@click.argument(
    "onderdeel",
    # rasa-2 ...: the further Rasa servers of JEUGDWIJZER_RASA_PROCESSEN (README "Snelheid")
    type=click.Choice(["rasa", "rasa-2", "rasa-3", "rasa-4", "actieserver", "web"]),
)
def start(onderdeel: str) -> None:
    """Run one part in the foreground, for a supervisor. Example: jeugdwijzer start web

    deploy/systemd/ has a unit for each part; they restart a part that stops.
    """
    from bot.beheer.runner import start_een  # why: process management only for `start`

    if onderdeel.startswith("rasa") and not training.MODEL_FILE.exists():
        raise click.ClickException("Er is nog geen model. Draai eerst: jeugdwijzer train")
    start_een(load_settings(), onderdeel)


@cli.command(name="eval")
@click.option(
    "--testset",
    type=click.Path(exists=True, path_type=Path),
    default=None,
    help="Map of bestand met testberichten (standaard tests/nlu_testset/).",
)
@click.option("--model", type=click.Path(exists=True, path_type=Path), default=None)
@click.option("--worst", default=8, show_default=True, help="Hoeveel slechtste intents tonen.")
@click.option(
    "--mistakes", default=0, show_default=True, help="Toon zoveel fout begrepen berichten."
)
@click.option("--min-f1", type=float, default=None, help="Stop met fout als macro-F1 lager is.")
@click.option(
    "--crisis",
    is_flag=True,
    help="Meet de crisisdetector (recall, valse alarmen, per categorie); geen model nodig.",
)
@click.option(
    "--kruis",
    is_flag=True,
    help="Kruisvalidatie van de onderwerpen per schrijver (macro-F1); geen model nodig.",
)
@click.option(
    "--dev",
    "dev_url",
    default=None,
    help="Meet ook de draaiende assistent op ../shared/eval/dev.yml (bijv. http://127.0.0.1:8000).",
)
def eval_command(
    testset: Path | None,
    model: Path | None,
    worst: int,
    mistakes: int,
    min_f1: float | None,
    crisis: bool,
    kruis: bool,
    dev_url: str | None,
) -> None:
    """Score the model on the held-out test set. Example: jeugdwijzer eval --mistakes 20

    With --kruis: topics cross-validated by writer. Example: jeugdwijzer eval --kruis

    With --crisis: the crisis detector's figures. Example: jeugdwijzer eval --crisis
    (add --model models/jeugdwijzer.tar.gz to measure through the trained model too)
    """
    if crisis:
        from bot.kwaliteit import crisis_eval  # why: QA tooling (sklearn) only for this command

        uitslag = crisis_eval.evalueer()
        click.echo(crisis_eval.rapport(uitslag))
        click.echo("")
        click.echo(crisis_eval.kruisrapport(crisis_eval.kruisvalidatie()))
        if dev_url:
            click.echo(crisis_eval.dev_set(dev_url))
        if model:  # also through a trained model, classifier included
            click.echo(crisis_eval.door_model(model))
        if not uitslag.gehaald:
            raise click.ClickException("De crisisdetector haalt de eisen niet.")
        return
    if kruis:
        from bot.kwaliteit import intent_eval  # why: QA tooling (sklearn) only for this command

        uitslag = intent_eval.kruisvalidatie()
        click.echo(intent_eval.kruisrapport(uitslag))
        if dev_url:
            click.echo(crisis_eval_dev(dev_url))
        if min_f1 is not None and uitslag.macro_f1 < min_f1:
            raise click.ClickException(
                f"Macro-F1 {uitslag.macro_f1:.3f} is lager dan {min_f1:.2f}."
            )
        return
    from bot.kwaliteit import evaluation  # why: QA tooling only for this command

    model = model or training.MODEL_FILE
    if not model.exists():
        raise click.ClickException("Er is nog geen model. Draai eerst: jeugdwijzer train")
    report = evaluation.evaluate(model, testset or evaluation.TESTSET_DIR)
    click.echo(evaluation.format_report(report, worst=worst, mistakes=mistakes))
    if min_f1 is not None and report.macro_f1 < min_f1:
        raise click.ClickException(f"Macro-F1 {report.macro_f1:.3f} is lager dan {min_f1:.2f}.")


@cli.group()
def corpus() -> None:
    """The training corpus written by many personas (data/nlu/stemmen/)."""


@corpus.command()
@click.argument("bron", type=click.Path(exists=True, file_okay=False, path_type=Path))
def importeer(bron: Path) -> None:
    """Turn persona files into Rasa NLU files. Example: jeugdwijzer corpus importeer ../corpus"""
    from bot.kwaliteit import corpus as corpus_module  # why: QA tooling only for this command

    telling, problemen = corpus_module.importeer(bron)
    for regel in problemen:
        click.echo(regel)
    for persona, aantal in telling.items():
        click.echo(f"{persona}: {aantal} voorbeelden")
    click.echo(f"Samen: {sum(telling.values())} voorbeelden van {len(telling)} schrijvers.")


@corpus.command(name="telling")
def telling_command() -> None:
    """Examples per writer and per crisis kind. Example: jeugdwijzer corpus telling"""
    from bot.kwaliteit import corpus as corpus_module  # why: QA tooling only for this command

    click.echo(corpus_module.telling())


@cli.command()
@click.option(
    "--url", default="http://127.0.0.1:8000", show_default=True, help="De draaiende web-app."
)
@click.option(
    "--gesprekken", default=20, show_default=True, help="Gesprekken tegelijk (gesloten lus)."
)
@click.option("--duur", default=30.0, show_default=True, help="Seconden per meting.")
@click.option(
    "--open",
    "open_per_seconde",
    default=30.0,
    show_default=True,
    help="Berichten per seconde in de open lus (0: niet meten).",
)
@click.option(
    "--lengte", default=150, show_default=True, help="Berichten in het lange gesprek (0: niet)."
)
@click.option(
    "--pid", type=int, default=None, help="Meet ook het geheugen van dit proces en zijn kinderen."
)
def bench(
    url: str, gesprekken: int, duur: float, open_per_seconde: float, lengte: int, pid: int | None
) -> None:
    """Load test through the public chat API; starts nothing itself.

    Start the product with a high JEUGDWIJZER_RATE_LIMIT first. Example:
    jeugdwijzer bench --url http://127.0.0.1:8000 --gesprekken 20 --open 30 --pid 1234
    """
    from bot.kwaliteit import bench as bench_module  # why: QA tooling only for this command

    bench_module.rapport(url, gesprekken, duur, open_per_seconde, lengte, pid=pid, echo=click.echo)


for _command in (*inbox.COMMANDS, *stats.COMMANDS):  # teams, users, purge, stats, demo
    cli.add_command(_command)
cli.add_command(kaart_cli)


if __name__ == "__main__":
    cli()


def crisis_eval_dev(base_url: str) -> str:
    """The shared dev set through the running product (../shared/eval/score.py)."""
    from bot.kwaliteit import crisis_eval  # why: QA tooling only for `eval --dev`

    return crisis_eval.dev_set(base_url)
