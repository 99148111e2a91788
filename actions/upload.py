"""The walkthrough for uploading the signed convention: one step per message, « Étape suivante » between them."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import assistant, guarded, latest_intent, latest_text, named_place, send
from actions.situation import states_a_date_or_fact
from bot.assistant import UPLOAD_STEPS

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
        current = tracker.get_slot("etape_depot")
        step = 1 if latest_intent(tracker) == "ask_upload" or current is None else int(current) + 1
        send(dispatcher, assistant().upload_step(step, tracker.get_slot("commune_insee")))
        return [SlotSet("etape_depot", None if step > UPLOAD_STEPS else float(step))]

    @staticmethod
    def _with_the_commune(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
        """A commune, SIRET or UAI given during the walkthrough: the step with its exact file name again."""
        found = assistant().identify(named_place(tracker) or latest_text(tracker))
        send(dispatcher, found.replies)
        if found.status != "found":
            return []
        send(dispatcher, assistant().upload_step(FILE_NAME_STEP, found.commune_insee))
        return [SlotSet("recherche", found.query), SlotSet("collectivite", found.siren),
                SlotSet("commune_insee", found.commune_insee), SlotSet("etape_depot", float(FILE_NAME_STEP))]


def _names_a_place(tracker: Tracker) -> bool:
    """A commune, SIRET or UAI found by its entity, or a message with no entity that states no date or fact."""
    return named_place(tracker) is not None or (not tracker.latest_message.get("entities")
                                                and not states_a_date_or_fact(latest_text(tracker)))
