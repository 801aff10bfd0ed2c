"""Rasa NLU components of Jeugdwijzer. Importing them masks personal data in Rasa's logs."""

from bot.veiligheid.privacy import install

install()
