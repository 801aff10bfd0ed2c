"""Rasa SDK actions, one module per concern. Importing them masks personal data in the logs."""

from bot.veiligheid.privacy import install

install()
