"""Finds an event's class by its type name once, instead of walking Rasa's event classes for every stored event.

Why: Rasa 3.6 rebuilds a conversation from its stored events on every message, and for each event it looks up the
class by walking all subclasses of Event and asking `inspect.isabstract` of each. Measured under load here: 8 % of
a Rasa instance's CPU, for an answer that never changes. The first lookup of a type name is Rasa's own; its result
is remembered, so the classes returned are the same.
"""
from __future__ import annotations

from typing import Dict, Optional, Text, Type

from rasa.shared.core.events import Event

_rasa_resolve_by_type = Event.resolve_by_type
_found: Dict[Text, Type[Event]] = {}


def _resolve_by_type(type_name: Text, default: Optional[Type[Event]] = None) -> Optional[Type[Event]]:
    cls = _found.get(type_name)
    if cls is None:
        cls = _rasa_resolve_by_type(type_name, default)
        if cls is None or cls is default:
            return cls  # not remembered: no class ("topic"), or an unknown name answered by the default
        _found[type_name] = cls
    return cls


def install() -> None:
    """Replaces Event.resolve_by_type (Rasa 3.6.21) for the whole process."""
    Event.resolve_by_type = staticmethod(_resolve_by_type)
