"""The app database changes only through migrations, and a database from before them still opens."""

from __future__ import annotations

import sqlite3

from bot import schema
from bot.store import open_app_db


def test_a_database_made_before_migrations_opens_with_its_data(tmp_path):
    path = tmp_path / "jeugdwijzer.db"
    with sqlite3.connect(path) as conn:  # what the code before migrations created
        conn.executescript(schema.TEAMS_EN_GEBRUIKERS + schema.OVERDRACHTEN + schema.STATISTIEK)
        conn.execute("INSERT INTO teams (naam, gemeenten) VALUES ('Wijkteam', 'GM9999')")
    db = open_app_db(path)
    assert [row["naam"] for row in db["teams"].rows] == ["Wijkteam"]
    assert not schema.MIGRATIES.pending(db)


def test_a_new_database_gets_every_table_once(tmp_path):
    db = open_app_db(tmp_path / "nieuw.db")
    schema.migreer(db)  # again: nothing pending, nothing fails
    assert {"teams", "users", "handoffs", "handoff_berichten", "audit", "gebeurtenissen"} <= set(
        db.table_names()
    )
    namen = [m.name for m in schema.MIGRATIES.applied(db)]
    assert namen[0] == "0001_schema_van_voor_de_migraties"
    assert "0002_inlogsessies_en_uitgeschakelde_accounts" in namen
    assert len(namen) == len(set(namen))
    assert "0003_meldingen_outbox_en_bevestiging" in namen
