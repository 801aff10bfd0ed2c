"""QA tooling (evaluation, crisis cross-validation, corpus, demo conversations).

Never imported at run time by web/, actions/ or the Rasa components; only the CLI and tests use it.
"""
