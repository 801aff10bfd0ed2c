"""The `jeugdwijzer` command: the project's own tasks, called by the Makefile.

Examples:
    jeugdwijzer train            # train the Rasa model when config, domain or data changed
    jeugdwijzer run              # train if needed, then start Rasa, actions and the web app
"""

from __future__ import annotations

import sys

import click

from bot import training
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
    from bot.runner import run as run_all

    if not no_train:
        training.train(echo=click.echo)
    elif not training.MODEL_FILE.exists():
        raise click.ClickException("Er is nog geen model. Draai eerst: jeugdwijzer train")
    sys.exit(run_all(load_settings(), echo=click.echo))


if __name__ == "__main__":
    cli()
