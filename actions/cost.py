"""The cost for a number of schools: said at once when the message gives it, asked otherwise."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import ANSWERING_INTENTS, assistant, guarded, latest_intent, latest_text, send
from bot.assistant import Reply
from bot.knowledge import knowledge
from bot.parsing import parse_number


class ValidateCostForm(FormValidationAction):
    def name(self) -> str:
        return "validate_cost_form"

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> list[str]:
        """A collectivité found in the database has its school count: nothing to ask."""
        return [] if tracker.get_slot("collectivite") else ["nombre_ecoles"]

    async def extract_nombre_ecoles(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: DomainDict) -> dict[str, Any]:
        number = parse_number(latest_text(tracker))
        if number is not None:
            return {"nombre_ecoles": float(number)}
        if tracker.get_slot("requested_slot") == "nombre_ecoles" and latest_intent(tracker) in ANSWERING_INTENTS:
            send(dispatcher, [Reply(knowledge().answer("nombre_incompris").text)])
        return {}


class ActionAskNombreEcoles(Action):
    """Asks how many schools, after the price per school: a question on the cost is already half answered."""

    def name(self) -> str:
        return "action_ask_nombre_ecoles"

    @guarded
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
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
