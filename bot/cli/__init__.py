"""The `jeugdwijzer` command, one package: main.py (train, run, eval), inbox.py (teams, users,
purge, audit), stats.py (stats, demo) and kaart.py (kaart ...)."""

from bot.cli.main import cli

__all__ = ["cli"]
