"""Safety: crisis rules and model, the emergency lines, the follow-up after a crisis, privacy."""
