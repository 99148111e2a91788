"""What every action shares: the assistant, sending its replies, and falling back when a service is down."""
from __future__ import annotations

import functools
import logging
from typing import Any, Awaitable, Callable

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import OperationalError

from bot.assistant import Assistant, Reply, compose
from bot.knowledge import knowledge
from bot.search import normalize

logger = logging.getLogger(__name__)
# Intents of a message that answers the question a form asked (anything else is another question).
ANSWERING_INTENTS = ("inform", "nlu_fallback")
PLACE_ENTITIES = ("commune", "siret", "uai")  # the entities that name a collectivité or a school


@functools.lru_cache(maxsize=1)
def assistant() -> Assistant:
    return Assistant()


def send(dispatcher: CollectingDispatcher, replies: list[Reply] | tuple[Reply, ...]) -> None:
    for reply in replies:
        dispatcher.utter_message(text=reply.text,
                                 buttons=[{"title": b.title, "payload": b.payload} for b in reply.buttons])


def unavailable(dispatcher: CollectingDispatcher) -> None:
    """The database is down: say so in French, give the contact, and let the next message try again."""
    kb = knowledge()
    send(dispatcher, [compose([kb.answer("service_indisponible"), kb.answer("contact")])])


def guarded(run: Callable[..., Awaitable[list[dict[str, Any]]]]):
    """Turns a database failure, or any other error, into a clear French message rather than a silent or English
    error. Left to Rasa, a failing action is predicted again, up to ten times, and the user gets nothing."""

    @functools.wraps(run)
    async def wrapper(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        try:
            return await run(self, dispatcher, tracker, domain)
        except OperationalError as exc:
            logger.error("Base de données injoignable pendant %s : %s", self.name(), exc.__class__.__name__)
        except Exception:  # a bug: logged with its traceback
            logger.exception("Erreur pendant %s", self.name())
        unavailable(dispatcher)
        return []

    return wrapper


def latest_intent(tracker: Tracker) -> str | None:
    return (tracker.latest_message.get("intent") or {}).get("name")


def latest_text(tracker: Tracker) -> str:
    return tracker.latest_message.get("text") or ""


def named_place(tracker: Tracker) -> str | None:
    """The commune, SIRET or UAI the latest message names: by an entity, or by a place's name in its words."""
    return place_named_in_words(tracker) or place_entity(tracker)


def _place_entities(tracker: Tracker) -> list[dict[str, Any]]:
    entities = tracker.latest_message.get("entities") or []
    return sorted((e for e in entities if e["entity"] in PLACE_ENTITIES), key=lambda e: e.get("start", 0))


def place_entity(tracker: Tracker) -> str | None:
    """The commune, SIRET or UAI the latest message names by an entity (the domain maps it to « recherche »).

    A commune's name the extractor cut in pieces (« saint jean de » and « fos ») is read whole: its pieces follow
    each other with nothing but spaces, hyphens or an apostrophe between them."""
    entities = _place_entities(tracker)
    if not entities:
        return None
    first, text = entities[0], latest_text(tracker)
    end = first.get("end")
    for following in entities[1:]:
        if end is None or following["entity"] != "commune" or text[end:following["start"]].strip(" -'’"):
            break
        end = following["end"]
    return str(first["value"]) if end == first.get("end") else text[first["start"]:end]


def place_named_in_words(tracker: Tracker) -> str | None:
    """« la situation de la commune de Millas ? »: a place's name the entity extractor has not learned, or of which
    it took only the beginning (« Saint » of « la commune de Saint Jean », the pieces of « saint jean de fos »); not
    in a button's payload."""
    text = latest_text(tracker)
    if text.startswith("/"):
        return None
    in_words, entity = assistant().place_named_in(text), place_entity(tracker)
    if entity is None or in_words and len(in_words) > len(entity) and normalize(in_words).startswith(normalize(entity)):
        return in_words
    return None if entity == str(_place_entities(tracker)[0]["value"]) else entity  # the pieces read whole


def previous_action(tracker: Tracker) -> str | None:
    """The assistant's last action before the latest message (its listening aside), None at the start."""
    events = iter(reversed(tracker.events))
    next((e for e in events if e.get("event") == "user"), None)
    for event in events:
        if event.get("event") == "user":
            return None
        if event.get("event") == "action" and event.get("name") != "action_listen":
            return event.get("name")
    return None


def said_since_the_form_started(tracker: Tracker, form: str) -> list[str]:
    """The user's messages from the one that started the form to the latest, latest first."""
    said, started = [], False
    for event in reversed(tracker.events):
        if event.get("event") == "active_loop" and event.get("name") == form:
            started = True
        elif event.get("event") == "user":
            said.append(event.get("text") or "")
            if started:
                break
    return said


def asked_since_the_form_started(tracker: Tracker, form: str, response: str) -> bool:
    """Whether the form already said this question since it last started: it is being asked again, after an
    interruption. Rasa records the response's name with each message it utters."""
    for event in reversed(tracker.events):
        if event.get("event") == "active_loop" and event.get("name") == form:
            return False
        if event.get("event") == "bot" and (event.get("metadata") or {}).get("utter_action") == response:
            return True
    return False
