"""The cost for a number of schools: said at once when the message gives it, asked otherwise."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import (ANSWERING_INTENTS, asked_since_the_form_started, assistant, guarded, latest_intent,
                            latest_text, named_place, place_named_in_words, send)
from actions.situation import UNKNOWN_PLACE, states_a_date_or_fact
from bot.assistant import Reply
from bot.knowledge import knowledge
from bot.parsing import parse_count_it_comes_to, parse_number, parse_school_count
from bot.statements import speaks_of_the_situation, stated_school_list_change


class ValidateCostForm(FormValidationAction):
    def name(self) -> str:
        return "validate_cost_form"

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> list[str]:
        """A collectivité found in the database has its school count: nothing to ask. A place is looked up first, as
        the situation form does: named by this message (« combien pour Quillan ? »), or earlier (« bonjour, mairie
        de Quillan »), which Rasa hands over for validation when the form starts."""
        to_validate = tracker.slots_to_validate()
        place = named_place(tracker) or to_validate.get("recherche")
        if place not in (None, UNKNOWN_PLACE) and "collectivite" not in to_validate:
            return ["recherche", "nombre_ecoles"]
        return [] if tracker.get_slot("collectivite") else ["nombre_ecoles"]

    async def extract_recherche(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                domain: DomainDict) -> dict[str, Any]:
        """The place comes from its entity, by the domain's mapping, or else from a name the extractor missed."""
        in_words = place_named_in_words(tracker)
        return {"recherche": in_words} if in_words else {}

    async def validate_recherche(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                 domain: DomainDict) -> dict[str, Any]:
        found = assistant().identify(str(value))  # not found, the number of schools is asked instead
        if not (found.siren == tracker.get_slot("collectivite") and value == found.query):  # not announced twice
            send(dispatcher, found.replies)
        if found.status != "found":
            return {"recherche": None, "collectivite": None, "commune_insee": None}
        slots = {"recherche": found.query, "collectivite": found.siren, "commune_insee": found.commune_insee}
        if tracker.get_slot("collectivite") not in (None, found.siren):  # not the previous one's situation
            slots.update(convention_precedente=None, modifie_ecoles=None, date_demande=None)
        return slots

    async def extract_nombre_ecoles(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: DomainDict) -> dict[str, Any]:
        text, place = latest_text(tracker), named_place(tracker)
        # Not a number in a button's payload or in the place's name (« Saint-Denis 11 »); the schools' own number
        # before any other (« à 45 € par école, pour 3 écoles ? »), the first number for a bare answer (« 3 »).
        words = "" if text.startswith("/") else text.replace(place, " ") if place else text
        asked = tracker.get_slot("requested_slot") == "nombre_ecoles"
        if not asked and stated_school_list_change(words):
            # « on garde nos 2 écoles et on rajoute la maternelle »: its numbers may not be this year's count, which
            # is asked unless said (« nous passons à 5 »), rather than a wrong cost given.
            count = parse_count_it_comes_to(words)
            return {} if count is None else {"nombre_ecoles": float(count)}
        count = parse_school_count(words)
        number = count if count is not None else parse_number(words)
        if number is not None:
            return {"nombre_ecoles": float(number)}
        answering = asked and latest_intent(tracker) in ANSWERING_INTENTS
        if answering and place is None:  # a place given instead is looked up, not misunderstood
            send(dispatcher, [Reply(knowledge().answer("nombre_incompris").text)])
            return {"nombre_ecoles": None}  # said, then asked again (with no slot, Rasa would drop what was said)
        return {}


class ActionAskNombreEcoles(Action):
    """Asks how many schools, after the price per school: a question on the cost is already half answered. Asked
    again after another question, it is the question alone."""

    def name(self) -> str:
        return "action_ask_nombre_ecoles"

    @guarded
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        if not asked_since_the_form_started(tracker, "cost_form", "utter_ask_nombre_ecoles"):
            send(dispatcher, assistant().topic("prix"))
        dispatcher.utter_message(response="utter_ask_nombre_ecoles")
        return []


class ActionCost(Action):
    def name(self) -> str:
        return "action_cost"

    @guarded
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        count = tracker.get_slot("nombre_ecoles")
        send(dispatcher, assistant().cost(None if count is None else int(count), tracker.get_slot("collectivite"),
                                          tracker.get_slot("commune_insee")))
        return [SlotSet("nombre_ecoles", None), SlotSet("requested_slot", None)]


class ActionPlaceAfterCost(Action):
    """A place named right after a cost: « et pour Quillan ? » asks the same of Quillan; a message that speaks of
    the situation (« et la date limite pour Mende ? ») or states a date or fact starts the situation, as it would
    anywhere else."""

    def name(self) -> str:
        return "action_place_after_cost"

    @guarded
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        text = latest_text(tracker)
        situation = speaks_of_the_situation(text) or states_a_date_or_fact(text)
        return [FollowupAction("situation_form" if situation else "cost_form")]
