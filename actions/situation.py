"""The situation form: identify the collectivité, ask only what the database cannot know, then answer."""
from __future__ import annotations

from datetime import date
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import ANSWERING_INTENTS, assistant, guarded, latest_intent, latest_text, send
from bot.assistant import Reply
from bot.french import format_date
from bot.knowledge import knowledge
from bot.parsing import parse_date, parse_yes_no

NOT_FILED = "non_deposee"
UNKNOWN_PLACE = "inconnue"
_NOT_YET = ("pas encore", "pas fait", "pas deposee", "pas déposée", "non", "pas encore fait", "a faire", "à faire",
            "bientot", "bientôt", "pas encore déposé", "pas encore depose")


def demande_date(slot_value: str | None) -> date | None:
    return None if slot_value in (None, NOT_FILED) else date.fromisoformat(slot_value)


class ValidateSituationForm(FormValidationAction):
    def name(self) -> str:
        return "validate_situation_form"

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> list[str]:
        """The collectivité first, then only what the database could not tell.

        Filled slots stay in the list: rasa_sdk asks the first empty one, and validates only the slots listed here
        (a slot left out once filled would skip its validation, and the commune would never be looked up).
        """
        needed = ["recherche", "convention_precedente"]
        if tracker.get_slot("convention_precedente") is not False:
            needed.append("modifie_ecoles")
        needed.append("date_demande")
        return needed

    async def extract_recherche(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                domain: DomainDict) -> dict[str, Any]:
        """« Continuer sans » (deny) while the commune is asked: go on with questions instead."""
        if tracker.get_slot("requested_slot") == "recherche" and latest_intent(tracker) == "deny":
            return {"recherche": UNKNOWN_PLACE}
        if tracker.get_slot("requested_slot") == "recherche" and tracker.get_slot("recherche") is None:
            text = latest_text(tracker).strip()
            is_date = parse_date(text, assistant().today()) is not None  # kept by extract_date_demande instead
            if text and not text.startswith("/") and not is_date and latest_intent(tracker) in ANSWERING_INTENTS:
                return {"recherche": text}
        return {}

    async def validate_recherche(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                 domain: DomainDict) -> dict[str, Any]:
        if value == UNKNOWN_PLACE:
            return {"recherche": UNKNOWN_PLACE, "collectivite": None, "commune_insee": None}
        found = assistant().identify(str(value))
        send(dispatcher, found.replies)
        if found.status != "found":
            return {"recherche": None}
        slots = {"recherche": found.label, "collectivite": found.siren, "commune_insee": found.commune_insee,
                 "convention_precedente": found.conventioned_last_year}
        if found.demande_date is not None:  # the database knows this year's demande: nothing more to ask
            slots.update(modifie_ecoles=bool(found.changes_school_list),
                         date_demande=found.demande_date.isoformat())
        return slots

    async def extract_convention_precedente(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                            domain: DomainDict) -> dict[str, Any]:
        return self._yes_no("convention_precedente", tracker)

    async def extract_modifie_ecoles(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                     domain: DomainDict) -> dict[str, Any]:
        return self._yes_no("modifie_ecoles", tracker)

    @staticmethod
    def _yes_no(slot: str, tracker: Tracker) -> dict[str, Any]:
        if tracker.get_slot("requested_slot") != slot:
            return {}
        answer = {"affirm": True, "deny": False}.get(latest_intent(tracker))
        if answer is None:
            answer = parse_yes_no(latest_text(tracker))
        return {} if answer is None else {slot: answer}

    async def extract_date_demande(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                   domain: DomainDict) -> dict[str, Any]:
        """The date in the message, also as a correction (« non pardon, le 13 octobre ») after it was given."""
        text = latest_text(tracker)
        asked = tracker.get_slot("requested_slot") == "date_demande"
        if asked and (latest_intent(tracker) == "deny" or text.strip().lower().strip(" .!") in _NOT_YET):
            return {"date_demande": NOT_FILED}
        partial = parse_date(text, assistant().today())
        if partial is not None and (asked or tracker.get_slot("date_demande") is not None
                                    or latest_intent(tracker) in ("inform", "ask_situation")):
            return {"date_demande": assistant().campaign_day(partial).isoformat()}
        if asked and latest_intent(tracker) in ANSWERING_INTENTS:  # not when another question interrupts the form
            send(dispatcher, [Reply(knowledge().answer("date_incomprise").text)])
        return {}

    async def validate_date_demande(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: DomainDict) -> dict[str, Any]:
        if value == NOT_FILED:
            return {"date_demande": NOT_FILED}
        try:
            day = date.fromisoformat(str(value))
        except ValueError:
            partial = parse_date(str(value), assistant().today())
            if partial is None:
                send(dispatcher, [Reply(knowledge().answer("date_incomprise").text)])
                return {"date_demande": None}
            day = assistant().campaign_day(partial)
        return {"date_demande": day.isoformat()}


class ActionSituation(Action):
    def name(self) -> str:
        return "action_situation"

    @guarded
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        filed = demande_date(tracker.get_slot("date_demande"))
        if filed is not None:
            dispatcher.utter_message(text=knowledge().answer("date_comprise", date=format_date(filed)).text)
        send(dispatcher, assistant().situation(
            siren=tracker.get_slot("collectivite"),
            commune_insee=tracker.get_slot("commune_insee"),
            conventioned_last_year=tracker.get_slot("convention_precedente"),
            changes_school_list=tracker.get_slot("modifie_ecoles"),
            demande_date=filed,
        ))
        return [SlotSet("requested_slot", None)]

