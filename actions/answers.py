"""Answers from the knowledge base: the FAQ intents, general deadlines, clarification, handoff."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from actions.common import assistant, guarded, latest_intent, latest_text, named_place, send
from actions.situation import (PERSONAL_FOLLOW_UP, asks_what_the_situation_answers, corrects_the_situation,
                               demande_day_in_question, states_a_date_or_fact, states_a_fact_to_the_form,
                               states_the_situation_s_facts)
from bot.assistant import Button, Reply
from bot.knowledge import knowledge
from bot.parsing import parse_school_count
from bot.statements import asks_something, is_keyboard_noise, speaks_of_last_year

FAQ_PREFIX = "faq_"
# Intents answered by a knowledge entry whose key is not « faq_ » + key.
INTENT_KEYS = {
    "bot_capabilities": "capacites",
    "out_of_scope": "hors_sujet",
    "insult": "insulte",
    "other_language": "langue",
    "ask_deadline_demande": "echeances_demande",
    "ask_deadline_return": "echeances_retour",
    "ask_late": "retard",
    "ask_cost": "prix",  # while the situation is being computed: the cost comes with it
}
RETURN_DEADLINE = "ask_deadline_return"
IDENTIFIER_TOPIC = "faq_siret_referent"
IDENTIFIER_ENTITIES = ("siret", "uai")
# Questions left without an answer, kept for the académie's report with those not understood: what users ask that
# the documents do not cover, or ask in another language (and, by the assistant, a topic whose campaign value the
# database lacks).
UNANSWERED = {"out_of_scope", "other_language"}
SUGGESTIONS = 3
HANDOFF = "human_handoff"  # always offered last, so never among the suggestions
SITUATION_INTENTS = ("ask_situation", "inform")  # a message stating facts, when one is the likeliest intent
PRICE_TOPIC = "faq_prix"
PRICE_HISTORY = "faq_historique_prix"
COST_INTENTS = ("ask_cost", PRICE_TOPIC)  # the price asked for a number of schools is their cost
LONG_MESSAGE = 1000
GREETING = "greet"
TOPIC_AFTER_GREETING = 0.01  # « bonjour, vous allez bien ? » puts every topic below it
# « merci, au revoir »: the classifier shares its confidence between the two, which is no doubt about a topic.
LEAVE_TAKING = {"thanks", "goodbye"}


def gives_an_identifier(tracker: Tracker) -> bool:
    return any(e["entity"] in IDENTIFIER_ENTITIES for e in tracker.latest_message.get("entities") or [])


def knowledge_key(intent: str | None) -> str | None:
    if intent is None:
        return None
    key = INTENT_KEYS.get(intent) or (intent[len(FAQ_PREFIX):] if intent.startswith(FAQ_PREFIX) else None)
    return key if key in knowledge() else None


class ActionAnswer(Action):
    def name(self) -> str:
        return "action_answer"

    @guarded
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        if corrects_the_situation(tracker):
            return [FollowupAction("action_correct_situation")]
        if states_a_fact_to_the_form(tracker):
            return [FollowupAction("situation_form")]
        intent, text = latest_intent(tracker), latest_text(tracker).strip()
        if not tracker.active_loop and (states_the_situation_s_facts(text)
                                        or asks_what_the_situation_answers(text, intent)):
            return [FollowupAction("situation_form")]
        if intent == PRICE_TOPIC and not tracker.active_loop and parse_school_count(text) is not None:
            return [FollowupAction("cost_form")]  # « tarif pour 12 écoles »: their cost
        if intent == PRICE_TOPIC and speaks_of_last_year(text, assistant().campaign_start_year() - 1):
            intent = PRICE_HISTORY  # « combien payait-on par école en 2021-2022 ? »: last year's price, with this one
        if intent == IDENTIFIER_TOPIC and gives_an_identifier(tracker):
            # « mon siret est 2148009550001 »: the number is checked and looked up, rather than SIRET explained.
            return [FollowupAction("situation_form")]
        if intent in UNANSWERED:
            assistant().record_unanswered(text, intent, (tracker.latest_message.get("intent") or {}).get("confidence"))
        buttons, follow_up = (), []
        day = demande_day_in_question(text) if intent in PERSONAL_FOLLOW_UP else None
        if intent == RETURN_DEADLINE and day is not None:
            # « on a fait la demande le 10 octobre, on renvoie la convention quand ? »: that day's deadline, or the
            # general rule and then the situation's questions when the situation decides.
            replies = assistant().return_deadline(day)
            if replies:  # the day is kept: a commune named next gets its situation without the question again
                send(dispatcher, replies)
                return [SlotSet("date_demande", day.isoformat())]
        if intent in PERSONAL_FOLLOW_UP and (named_place(tracker) or day is not None):
            # « la date limite de retour pour Quillan ? », « … pour une demande faite le 20 août ? »: the general rule
            # at once, then the commune's own dates.
            follow_up = [FollowupAction("situation_form")]
        elif intent in PERSONAL_FOLLOW_UP:
            buttons = (Button(knowledge().answer("calcul_personnalise").text, "/ask_situation"),)
        key = "incompris_sans_suggestion" if is_keyboard_noise(text) else knowledge_key(intent) or "hors_sujet"
        send(dispatcher, assistant().topic(key, buttons,
                                           question=None if intent in UNANSWERED or text.startswith("/") else text))
        return follow_up


class ActionClarify(Action):
    """Low confidence: ask which topic was meant rather than answer the wrong one, and log the question.

    It is also the dialogue's fallback (RulePolicy's core fallback): the message is then taken back, like Rasa's own
    fallback does, so that the assistant waits for the answer instead of predicting this action again and again,
    and an active form asks its question again at the next message.
    """

    def name(self) -> str:
        return "action_clarify"

    @guarded
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        text = latest_text(tracker).strip()  # never empty: the channels answer empty messages themselves
        kb = knowledge()
        ranking = tracker.latest_message.get("intent_ranking") or []
        follow_up = _form_for_what_is_stated(tracker, text, ranking)
        if follow_up:
            return [FollowupAction(follow_up)]
        if set([r["name"] for r in ranking if r["name"] != "nlu_fallback"][:2]) == LEAVE_TAKING:
            dispatcher.utter_message(response="utter_goodbye")
            return [UserUtteranceReverted()]
        assistant().record_unanswered(text, ranking[0]["name"] if ranking else None,
                                      ranking[0].get("confidence") if ranking else None)
        buttons = suggestions(ranking)
        replies = []
        if len(text) > LONG_MESSAGE:
            replies.append(Reply(kb.answer("message_trop_long").text))
        if buttons:
            replies.append(Reply(kb.answer("incompris").text, buttons))
        else:
            replies.append(Reply(kb.answer("incompris_sans_suggestion").text))
        send(dispatcher, replies)
        return [UserUtteranceReverted()]


class ActionGreet(Action):
    """« bonjour, je suis maire, combien ça coûte ? »: the greeting's words outweigh a short question for the
    classifier, which puts the greeting first. A question beyond the greeting gets the greeting and the topics the
    classifier puts next, rather than the greeting alone."""

    def name(self) -> str:
        return "action_greet"

    @guarded
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        ranking = [r for r in tracker.latest_message.get("intent_ranking") or []
                   if r["name"] != GREETING and r.get("confidence", 0) >= TOPIC_AFTER_GREETING]
        buttons = suggestions(ranking) if asks_something(latest_text(tracker)) else ()
        if buttons:
            send(dispatcher, [Reply(knowledge().answer("bonjour_sujets").text, buttons)])
        else:
            dispatcher.utter_message(response="utter_greet")
        return []


def suggestions(ranking: list[dict[str, Any]]) -> tuple[Button, ...]:
    """Two or three topics from the classifier's ranking, best first, then the handoff; none if no topic fits."""
    kb = knowledge()
    topics = tuple(Button(kb.answer(f"sujet_{r['name']}").text, f"/{r['name']}") for r in ranking
                   if f"sujet_{r['name']}" in kb and r["name"] != HANDOFF)[:SUGGESTIONS]
    return topics + (Button(kb.answer(f"sujet_{HANDOFF}").text, f"/{HANDOFF}"),) if topics else ()


def _form_for_what_is_stated(tracker: Tracker, text: str, ranking: list[dict[str, Any]]) -> str | None:
    """Too many words for the classifier's confidence, but the likeliest intent and what the message states agree:
    « on est à Mende, on avait une convention, on ajoute une école, demande faite le 5 septembre », « jsuis a millas
    on doit faire quoi » (a place) start the situation; « tarif pr 7 ecoles », the cost. Outside a form only: within
    one, the form reads the message first. A number of schools with the cost among the two likeliest: their cost."""
    if latest_intent(tracker) != "nlu_fallback" or tracker.active_loop:
        return None
    likeliest, second = ([r["name"] for r in ranking if r["name"] != "nlu_fallback"] + [None, None])[:2]
    if likeliest in SITUATION_INTENTS and (states_a_date_or_fact(text) or named_place(tracker)):
        return "situation_form"
    if asks_what_the_situation_answers(text, likeliest):
        return "situation_form"
    if {likeliest, second} & set(COST_INTENTS) and parse_school_count(text) is not None:
        return "cost_form"  # « combien pour nos 3 écoles ? on était déjà conventionnés »: the cost of those schools
    return None


class ActionHandoff(Action):
    """Records what the user asked in this conversation and gives the human contact."""

    def name(self) -> str:
        return "action_handoff"

    @guarded
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        questions = [e.get("text") for e in tracker.events if e.get("event") == "user" and (e.get("text") or "")
                     and not e["text"].startswith("/")]
        send(dispatcher, assistant().handoff(tracker.sender_id, "\n".join(questions),
                                             tracker.get_slot("collectivite")))
        return []
