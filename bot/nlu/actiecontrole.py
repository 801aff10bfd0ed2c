"""Rasa checks every reply of the action server against its JSON schema. Rasa 3.6 does that with
`jsonschema.validate`, which first checks the schema itself against the meta-schema and builds a
new validator, on every call: about a third of Rasa's time under load (issue 16). Here the same
check runs with one validator built once; a malformed reply is still rejected with Rasa's error.

`install()` runs when Rasa imports the project's components (bot/nlu/crisismodus.py) and its
tracker store (bot/nlu/trackeropslag.py).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jsonschema import exceptions, validators
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL


@lru_cache(maxsize=1)
def validator() -> Any:
    schema = RemoteAction.action_response_format_spec()
    soort = validators.validator_for(schema)  # the draft jsonschema.validate would pick
    soort.check_schema(schema)
    return soort(schema)


def controleer_actieantwoord(self: RemoteAction, result: dict[str, Any]) -> bool:
    """Rasa's `RemoteAction._validate_action_result`, with the validator built once."""
    if validator().is_valid(result):
        return True
    fout = exceptions.best_match(validator().iter_errors(result))
    fout.message += (
        ". Failed to validate Action server response from API, "
        "make sure your response from the Action endpoint is valid. "
        f"For more information about the format visit {DOCS_BASE_URL}/custom-actions"
    )
    raise fout


def install() -> None:
    RemoteAction._validate_action_result = controleer_actieantwoord
