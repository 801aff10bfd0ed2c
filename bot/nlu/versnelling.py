"""Two hot spots of Rasa 3.6 under load (issue 16), done the same way with less work.

- Rasa checks every reply of the action server against its JSON schema with `jsonschema.validate`,
  which first checks the schema itself against the meta-schema and builds a new validator, on
  every call: about a third of Rasa's time. Here one validator is built once; a malformed reply is
  still rejected with Rasa's error.
- Rasa finds the class of every event it reads (each event of a conversation, on every message)
  by walking all subclasses of `Event` anew. Here the classes are looked up in a table, built once
  (and again when an unknown name comes by, e.g. after a new event class was imported).

`install()` runs when Rasa imports the project's components (bot/nlu/crisismodus.py) and its
tracker store (bot/nlu/trackeropslag.py).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jsonschema import exceptions, validators
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core.events import Event
from rasa.shared.utils.common import all_subclasses


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


_rasa_resolve_by_type = Event.resolve_by_type
_klassen: dict[str, type] = {}


def eventklasse(type_name: str, default: type | None = None) -> type | None:
    """Rasa's `Event.resolve_by_type`, from a table instead of a walk over all subclasses."""
    if type_name not in _klassen:
        for klasse in reversed(all_subclasses(Event)):  # Rasa takes the first: it wins here
            _klassen[klasse.type_name] = klasse
    if type_name in _klassen:
        return _klassen[type_name]
    return _rasa_resolve_by_type(type_name, default)  # "topic", a default or Rasa's error


def install() -> None:
    RemoteAction._validate_action_result = controleer_actieantwoord
    Event.resolve_by_type = staticmethod(eventklasse)
