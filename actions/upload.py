"""The walkthrough for uploading the signed convention: one step per message, « Étape suivante » between them."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import assistant, guarded, latest_intent, latest_text, named_place, send
from actions.situation import asks_what_the_situation_answers, states_a_date_or_fact
from bot.assistant import UPLOAD_STEPS, Identification
from bot.depot import step_reached

FILE_NAME_STEP = 3  # the step that names the file, and asks for the commune when it is not known


class ActionUploadStep(Action):
    def name(self) -> str:
        return "action_upload_step"

    @guarded
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        if latest_intent(tracker) == "inform":
            if _names_a_place(tracker):
                return self._with_the_commune(dispatcher, tracker)
            # A date, a number of schools, a fact (« on l'a déposée le 12 septembre »): what it says outside the
            # walkthrough, the situation with that fact; « étape suivante » still goes on from where it was.
            return [FollowupAction("situation_form")]
        if latest_intent(tracker) == "ask_upload" and asks_what_the_situation_answers(latest_text(tracker), None):
            return [FollowupAction("situation_form")]  # « mêmes écoles, demande du 31 août : la date butoir ? »
        current = tracker.get_slot("etape_depot")
        starting = latest_intent(tracker) == "ask_upload" or current is None
        step = (step_reached(latest_text(tracker)) or 1) if starting else int(current) + 1
        commune_insee, events = tracker.get_slot("commune_insee"), []
        place = named_place(tracker) if starting else None
        if place is not None:  # « je suis secrétaire de mairie à Anduze, on la dépose où ? »: kept for step 3
            found = assistant().identify(place)
            if found.status == "found":
                send(dispatcher, found.replies)
                commune_insee, events = found.commune_insee, _slots_of(found)
        send(dispatcher, assistant().upload_step(step, commune_insee))
        return events + [SlotSet("etape_depot", None if step > UPLOAD_STEPS else float(step))]

    @staticmethod
    def _with_the_commune(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
        """A commune, SIRET or UAI given during the walkthrough: the step with its exact file name again."""
        found = assistant().identify(named_place(tracker) or latest_text(tracker))
        send(dispatcher, found.replies)
        if found.status != "found":
            return []
        send(dispatcher, assistant().upload_step(FILE_NAME_STEP, found.commune_insee))
        return _slots_of(found) + [SlotSet("etape_depot", float(FILE_NAME_STEP))]


def _slots_of(found: Identification) -> list[dict[str, Any]]:
    return [SlotSet("recherche", found.query), SlotSet("collectivite", found.siren),
            SlotSet("commune_insee", found.commune_insee)]


def _names_a_place(tracker: Tracker) -> bool:
    """A commune, SIRET or UAI found by its entity, or a message with no entity that states no date or fact."""
    return named_place(tracker) is not None or (not tracker.latest_message.get("entities")
                                                and not states_a_date_or_fact(latest_text(tracker)))
