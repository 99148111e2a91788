"""Checks the action server's responses against Rasa's schema without re-checking the schema itself each time.

Why: Rasa 3.6 validates every custom action response with `jsonschema.validate`, which first checks the schema
against the JSON Schema meta-schema — on every call. Measured here: 37 ms of CPU per custom action call, and most
messages of this assistant call one or two custom actions (an answer; a form and its validation), more than the rest
of a message's handling. The schema is a constant: it is checked once, and each response is then
validated against it exactly as before (same errors, same message).
"""
from __future__ import annotations

import functools
from typing import Any, Dict, Text

from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL


@functools.lru_cache(maxsize=1)
def _validator():
    schema = RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def _validate_action_result(self: RemoteAction, result: Dict[Text, Any]) -> bool:
    error = best_match(_validator().iter_errors(result))  # what jsonschema.validate raises
    if error is None:
        return True
    error.message += (". Failed to validate Action server response from API, make sure your response from the "
                      f"Action endpoint is valid. For more information about the format visit "
                      f"{DOCS_BASE_URL}/custom-actions")
    raise error


def install() -> None:
    """Replaces RemoteAction._validate_action_result (Rasa 3.6.21) for the whole process."""
    RemoteAction._validate_action_result = _validate_action_result
