"""Language: the one normaliser, rule-based recognition, readability and the texts (YAML)."""
