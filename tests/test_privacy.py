"""Personal data never reaches a log line or the statistics, whoever logs it."""

from __future__ import annotations

import logging
from unittest import mock

import pytest

from bot.veiligheid.privacy import install, mask


@pytest.mark.parametrize(
    ("tekst", "weg"),
    [
        ("bel me op 06-12345678 aub", "06-12345678"),
        ("mijn nummer is 0612345678", "0612345678"),
        ("+31 6 1234 5678", "1234 5678"),
        ("06 - 12 34 56 78", "12 34 56 78"),
        ("(020) 123 4567", "123 4567"),
        ("mail naar jan.de.vries@voorbeeld.nl", "jan.de.vries@voorbeeld.nl"),
        ("mijn bsn is 123456789", "123456789"),
        ("bsn 1234.56.789", "1234.56.789"),
        ("bsn 123 456 789", "123 456 789"),
        ("we wonen op 7521 AB 12", "7521 AB 12"),
        ("postcode 7521ab nr 5", "7521ab"),
        ("rekening NL91 ABNA 0417 1643 00", "0417"),
    ],
)
def test_personal_data_is_masked(tekst, weg):
    assert weg not in mask(tekst)


@pytest.mark.parametrize(
    "tekst",
    [
        "Bel Veilig Thuis: 0800-2000 of 113",
        "mijn dochter van 14 en mijn zoon van 9",
        "in 2019 en 2020 ging het goed",
        "we wonen 1200 km verderop",
        "ik wil niet meer leven",
    ],
)
def test_ordinary_text_and_help_lines_stay_readable(tekst):
    assert mask(tekst) == tekst


@pytest.fixture
def gemaskeerd():
    """The process-wide masking, restored afterwards so other tests see the normal factory."""
    import bot.veiligheid.privacy

    factory = logging.getLogRecordFactory()
    was = bot.veiligheid.privacy._INSTALLED
    bot.veiligheid.privacy._INSTALLED = False
    install()
    yield
    logging.setLogRecordFactory(factory)
    bot.veiligheid.privacy._INSTALLED = was


def test_any_logger_is_masked_after_install_even_without_our_filter(gemaskeerd, caplog):
    # A library logger (like Rasa's) with its own handler, not the web app's root filter.
    # Loading Rasa in-process (other tests) changes its loggers' levels: set this one explicitly.
    logger = logging.getLogger("rasa.core.processor")
    with (
        caplog.at_level(logging.INFO, logger=logger.name),
        mock.patch.object(logger, "propagate", True),
    ):
        logger.info("Received user message '%s'", "06-12345678")
    assert "06-12345678" not in caplog.text
    assert "[telefoon]" in caplog.text


def test_traceback_text_is_masked_too(gemaskeerd, caplog):
    try:
        raise ValueError("kon jan@voorbeeld.nl niet verwerken")
    except ValueError:
        logging.getLogger("actions").exception("Fout")
    assert "jan@voorbeeld.nl" not in caplog.text
    assert "[e-mail]" in caplog.text


def test_install_twice_masks_once(gemaskeerd, caplog):
    install()
    with caplog.at_level(logging.INFO):
        logging.getLogger("x").info("nummer 0612345678")
    assert caplog.records[-1].getMessage() == "nummer [telefoon]"


def test_a_broken_log_call_still_logs_masked_text(gemaskeerd, caplog):
    with caplog.at_level(logging.INFO):
        logging.getLogger("x").info("twee %s %s", "0612345678")  # one argument short
    assert "0612345678" not in caplog.text


def test_web_app_masks_its_own_log_lines(client, fake_rasa, caplog):
    with caplog.at_level(logging.INFO):
        logging.getLogger("web.chat").info("bericht van 0612345678 over jan@voorbeeld.nl")
    assert "0612345678" not in caplog.text and "jan@voorbeeld.nl" not in caplog.text


def test_statistics_never_keep_personal_data(tmp_path):
    from bot.statistiek import record_event
    from bot.store import open_db

    db_path = tmp_path / "stats.db"
    record_event("crisis", crisis_categorie="geweld", gemeente="jan@voorbeeld.nl", db_path=db_path)
    [row] = list(open_db(db_path)["gebeurtenissen"].rows)
    assert "jan@voorbeeld.nl" not in str(row)
    assert row["crisis_categorie"] == "geweld"
