"""The walkthrough for uploading the signed convention: one step per message, « Étape suivante » between them."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import assistant, guarded, latest_intent, send
from bot.assistant import UPLOAD_STEPS


class ActionUploadStep(Action):
    def name(self) -> str:
        return "action_upload_step"

    @guarded
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        current = tracker.get_slot("etape_depot")
        step = 1 if latest_intent(tracker) == "ask_upload" or current is None else int(current) + 1
        send(dispatcher, assistant().upload_step(step, tracker.get_slot("commune_insee")))
        return [SlotSet("etape_depot", None if step > UPLOAD_STEPS else float(step))]
