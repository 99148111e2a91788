"""The situation form: identify the collectivité, ask only what the database cannot know, then answer."""
from __future__ import annotations

import re
from datetime import date
from typing import Any, Callable

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import (ANSWERING_INTENTS, asked_since_the_form_started, assistant, guarded, latest_intent,
                            latest_text, place_named_in_words, previous_action, said_since_the_form_started, send)
from bot.assistant import Reply
from bot.french import format_date
from bot.knowledge import knowledge
from bot.parsing import parse_date, parse_school_count, parse_yes_no
from bot.statements import (asks_about_the_situation, asks_which_situation, dates_the_demande, is_correction,
                            is_question, stated_not_filed, stated_previous_convention, stated_school_list_change)

NOT_FILED = "non_deposee"
# Questions on the deadlines that the situation answers for a commune: a date they state is the demande's.
PERSONAL_FOLLOW_UP = ("ask_deadline_demande", "ask_deadline_return", "ask_late")
# Messages whose words may state the situation's facts: the questions on it, and answers within the form.
STATING_INTENTS = ("ask_situation", "inform", "affirm", "deny", "nlu_fallback") + PERSONAL_FOLLOW_UP
UNKNOWN_PLACE = "inconnue"
MAX_PLACE_WORDS = 6  # « Saint-Chély-d'Apcher », « mairie de Quillan (11) »: a longer message says something else


def demande_date(slot_value: str | None) -> date | None:
    return None if slot_value in (None, NOT_FILED) else date.fromisoformat(slot_value)


def _states_a_fact(text: str) -> bool:
    return stated_previous_convention(text, asked=True) is not None or stated_school_list_change(text) is not None


def _previous_convention(text: str, asked: bool) -> bool | None:
    """What the message says of last year's convention, that school year named as the campaign in force says."""
    return stated_previous_convention(text, assistant().campaign_start_year() - 1, asked)


def states_the_situation_s_facts(text: str) -> bool:
    """« nous avions une convention l'an dernier et on ajoute une école »: the two facts the situation turns on, said
    and not asked about, or asked about the situation itself (« …, on est dans quel cas ? »): the situation, rather
    than the question of the FAQ that its words resemble."""
    return ((not is_question(text) or asks_which_situation(text))
            and _previous_convention(text, asked=False) is not None and stated_school_list_change(text) is not None)


def states_every_fact(text: str) -> bool:
    """« première adhésion, dossier déposé le 18 août : quand renvoyer la convention ? »: every fact the situation
    needs said with a question on it, which the situation then answers with that commune's own dates."""
    dated = stated_not_filed(text) or dates_the_demande(text) and parse_date(text, assistant().today()) is not None
    if not dated:  # the words first; last year's reading asks the database for the campaign in force
        return False
    previous = _previous_convention(text, asked=False)
    return previous is not None and (previous is False or stated_school_list_change(text) is not None)


def asks_what_the_situation_answers(text: str, intent: str | None) -> bool:
    """Every fact said, and a question the situation answers for that commune: its dates, its access at the
    rentrée, when access is withdrawn; whatever topic the classifier puts first (« …, dossier envoyé le 31 août :
    la date butoir pour déposer la convention signée ? » reads like the upload walkthrough)."""
    return (intent in PERSONAL_FOLLOW_UP or asks_about_the_situation(text)) and states_every_fact(text)


def _campaign_day_in(text: str) -> date | None:
    partial = parse_date(text, assistant().today())
    return None if partial is None else assistant().campaign_day(partial)


def _said_before(tracker: Tracker, stated: Callable[[str, bool], bool | None]) -> bool | None:
    """A fact stated in an earlier message, not as a question, since the last situation answered: « on avait une
    convention l'an dernier », then « quelle est notre situation ? »."""
    for event in reversed(tracker.events):
        if event.get("event") == "action" and event.get("name") == "action_situation":
            return None
        text = event.get("text") or ""
        if event.get("event") == "user" and not is_question(text):
            said = stated(text, False)
            if said is not None:
                return said
    return None


def demande_day_in_question(text: str) -> date | None:
    """« on a fait la demande le 10 octobre, on renvoie la convention quand ? »: the demande's day, said within a
    question on the deadlines."""
    return _campaign_day_in(text) if dates_the_demande(text) else None


def states_a_fact_to_the_form(tracker: Tracker) -> bool:
    """« on garde les mêmes écoles » while the situation's form asks something else: a fact for the form, not a
    question for the FAQ."""
    text = latest_text(tracker)
    return ((tracker.active_loop or {}).get("name") == "situation_form" and not is_question(text)
            and _states_a_fact(text))


def states_a_date_or_fact(text: str) -> bool:
    """Kept by the other slots' extraction, not looked up as a place."""
    return parse_date(text, assistant().today()) is not None or _states_a_fact(text)


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
        relied = tracker.get_slot("convention_en_base" if tracker.get_slot("collectivite") else "convention_precedente")
        if relied is not False:  # situation C does not depend on the list of schools
            needed.append("modifie_ecoles")
        needed.append("date_demande")
        starting = tracker.get_slot("recherche") is None and tracker.get_slot("requested_slot") is None
        if starting and all(tracker.get_slot(slot) is not None for slot in needed[1:]):
            # « première adhésion, demande faite le 16 août : la convention, pour quand ? »: all said, answered at
            # once from the user's words, the answer offering to check them in the database.
            needed.remove("recherche")
        return needed

    async def extract_recherche(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                domain: DomainDict) -> dict[str, Any]:
        """« Continuer sans » (deny) while the commune is asked: go on with questions instead. A place's name the
        entity extractor missed (« la situation de la commune de Millas »). The message itself when it answers that
        question, or when a place alone (« Mouthoumet ») starts the form."""
        requested, intent = tracker.get_slot("requested_slot"), latest_intent(tracker)
        text = latest_text(tracker).strip()
        continue_without = text.lower() == knowledge().answer("bouton_continuer_sans").text.lower()
        if requested == "recherche" and (intent == "deny" or continue_without):  # the button, or its title typed
            return {"recherche": UNKNOWN_PLACE}
        in_words = place_named_in_words(tracker)
        if in_words is not None and in_words != tracker.get_slot("recherche"):
            return {"recherche": in_words}
        answers = requested == "recherche" and tracker.get_slot("recherche") is None and intent in ANSWERING_INTENTS
        # Not a message with entities: a place among them is mapped by the domain, a number of schools is not one.
        names_a_place = (requested is None and intent == "inform" and not tracker.latest_message.get("entities")
                         and len(text.split()) <= MAX_PLACE_WORDS and re.search(r"[^\W\d_]{3}", text))
        if (answers or names_a_place) and text and not text.startswith("/") and not states_a_date_or_fact(text):
            return {"recherche": text}
        return {}

    async def validate_recherche(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                 domain: DomainDict) -> dict[str, Any]:
        if value == UNKNOWN_PLACE:
            return {"recherche": UNKNOWN_PLACE, "collectivite": None, "commune_insee": None, "convention_en_base": None}
        found = assistant().identify(str(value), questions_instead=True)
        # Rasa validates the slot again each time the form starts anew (a corrected date after the answer): the
        # place already found is not announced twice.
        if not (found.siren == tracker.get_slot("collectivite") and value == found.query):
            send(dispatcher, found.replies)
        if found.status != "found":
            return {"recherche": None}
        # What the user said of last year's convention stays, in this message or earlier of this collectivité or of
        # one not yet known: where the database says otherwise, the answer says which it relies on.
        said = _previous_convention(latest_text(tracker), asked=False)
        if said is None and tracker.get_slot("collectivite") in (None, found.siren):
            said = tracker.get_slot("convention_precedente")
        slots = {"recherche": found.query, "collectivite": found.siren, "commune_insee": found.commune_insee,
                 "convention_precedente": found.conventioned_last_year if said is None else said,
                 "convention_en_base": found.conventioned_last_year}
        if tracker.get_slot("collectivite") not in (None, found.siren):
            # Another collectivité than the one answered for: only what this message says of it, not the last one's.
            text = latest_text(tracker)
            dated = parse_date(text, assistant().today()) is not None
            slots.update(modifie_ecoles=stated_school_list_change(text),
                         date_demande=tracker.get_slot("date_demande") if dated else None)
        if found.demande_date is not None:  # the database knows this year's demande: nothing more to ask
            slots.update(modifie_ecoles=bool(found.changes_school_list),
                         date_demande=found.demande_date.isoformat())
        return slots

    async def extract_convention_precedente(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                            domain: DomainDict) -> dict[str, Any]:
        return self._fact("convention_precedente", tracker, _previous_convention)

    async def extract_modifie_ecoles(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                     domain: DomainDict) -> dict[str, Any]:
        # « la même liste » says it all: no looser reading in answer to the question, as for the convention.
        return self._fact("modifie_ecoles", tracker, lambda text, _asked: stated_school_list_change(text))

    @staticmethod
    def _fact(slot: str, tracker: Tracker, stated: Callable[[str, bool], bool | None]) -> dict[str, Any]:
        """The fact said in words whenever it is said (« on avait une convention l'an dernier »), a bare yes or no
        only in answer to its own question, and not when it corrects another fact (« non pardon, … »)."""
        text, intent = latest_text(tracker), latest_intent(tracker)
        asked = tracker.get_slot("requested_slot") == slot
        # Within the form, a statement is read whatever topic its words resemble (« on garde les mêmes écoles »).
        stating = intent in STATING_INTENTS or tracker.get_slot("requested_slot") is not None and not is_question(text)
        if stating or states_the_situation_s_facts(text) or asks_what_the_situation_answers(text, intent):
            answer = stated(text, asked or tracker.get_slot(slot) is not None and is_correction(text))
            if answer is not None:
                return {slot: answer}
        if tracker.get_slot(slot) is None and tracker.get_slot("requested_slot") is None:  # the form starts
            earlier = _said_before(tracker, stated)
            if earlier is not None:
                return {slot: earlier}
        if not asked or is_correction(text) and _states_a_fact(text):
            return {}
        answer = {"affirm": True, "deny": False}.get(intent)
        if answer is None:
            answer = parse_yes_no(text)
        return {} if answer is None else {slot: answer}

    async def extract_date_demande(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                   domain: DomainDict) -> dict[str, Any]:
        """The date in the message, also as a correction (« non pardon, le 13 octobre ») after it was given."""
        text = latest_text(tracker)
        asked = tracker.get_slot("requested_slot") == "date_demande"
        intent = latest_intent(tracker)
        partial = parse_date(text, assistant().today())  # a date wins: « non, on la fera le 15 octobre »
        # Said in words to its own question or, plainly, to another; a bare « non » only to its own question, and
        # not when it corrects another fact.
        # Every fact in one question (« …, demande pas encore faite : quel délai ? ») is read at once, too.
        said = stated_not_filed(text, asked) and (asked or intent in STATING_INTENTS
                                                  or asks_what_the_situation_answers(text, intent))
        denied = asked and intent == "deny" and not (is_correction(text) and _states_a_fact(text))
        if partial is None and (said or denied):
            return {"date_demande": NOT_FILED}
        starting = tracker.get_slot("requested_slot") is None  # not a question interrupting the form
        if partial is not None and (asked or tracker.get_slot("date_demande") is not None
                                    or intent in ("inform", "ask_situation", "nlu_fallback")
                                    or intent in PERSONAL_FOLLOW_UP and starting and dates_the_demande(text)
                                    or starting and asks_what_the_situation_answers(text, intent)):
            return {"date_demande": assistant().campaign_day(partial).isoformat()}
        # Not when another question interrupts the form. Said, the form asks again (no slot at all would let Rasa
        # reject the form and drop what was said); a « oui » to « à quelle date ? » gets the question again.
        if asked and intent in ANSWERING_INTENTS:
            send(dispatcher, [Reply(knowledge().answer("date_incomprise").text)])
            return {"date_demande": None}
        if asked and intent == "affirm":
            return {"date_demande": None}
        return {}

    async def validate_date_demande(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: DomainDict) -> dict[str, Any]:
        if tracker.get_slot("date_demande") is None:  # just cleared by validate_recherche: another collectivité
            return {"date_demande": None}
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


class ActionAskRecherche(Action):
    """Asks for the collectivité. When the user's words already decide the situation (« première adhésion, quelle
    situation ? »), it is said first, once: the collectivité then brings its own deadlines and schools."""

    def name(self) -> str:
        return "action_ask_recherche"

    @guarded
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        said = tracker.get_slot("convention_precedente")
        if said is not None and not asked_since_the_form_started(tracker, "situation_form", "utter_ask_recherche"):
            send(dispatcher, assistant().situation_said(said, tracker.get_slot("modifie_ecoles")))
        dispatcher.utter_message(response="utter_ask_recherche")
        return []


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
            school_count=_school_count_said(tracker),
        ))
        if tracker.get_slot("recherche") is None:  # answered from the user's words alone, no collectivité asked
            dispatcher.utter_message(text=knowledge().answer("verifier_en_base").text)
        return [SlotSet("requested_slot", None)]


def _school_count_said(tracker: Tracker) -> int | None:
    """« tarif pour 9 écoles ? on a signé l'an dernier et on garde les mêmes »: the cost comes with the situation.
    Not from a message that changes the list, whose numbers may count the schools added (« on ajoute deux écoles »)."""
    counts = (parse_school_count(text) for text in said_since_the_form_started(tracker, "situation_form")
              if stated_school_list_change(text) is not True)
    return next((count for count in counts if count), None)


class ActionCorrectSituation(Action):
    """A « non » after the situation's answer: « non pardon, on n'avait pas de convention » or « non, c'était le 12
    octobre » corrects that fact and the situation is given again; any other « non » is answered as it was before
    the answer (« autre question ? »)."""

    def name(self) -> str:
        return "action_correct_situation"

    @guarded
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        changed = corrected_facts(tracker)
        if not changed:
            dispatcher.utter_message(response="utter_anything_else")
            return []
        return [SlotSet(slot, value) for slot, value in changed.items()] + [FollowupAction("action_situation")]


def _corrected_demande_day(text: str) -> str | None:
    """« non pardon, la demande a été faite le 12 octobre »: a date said as a correction, or said to be the
    demande's."""
    day = _campaign_day_in(text) if is_correction(text) or dates_the_demande(text) else None
    return None if day is None else day.isoformat()


def corrected_facts(tracker: Tracker) -> dict[str, bool | str]:
    """The situation's facts the latest message states otherwise than the slots hold."""
    text = latest_text(tracker)
    stated = {"convention_precedente": _previous_convention(text, asked=is_correction(text)),
              "modifie_ecoles": stated_school_list_change(text),
              "date_demande": _corrected_demande_day(text)}
    return {slot: value for slot, value in stated.items() if value is not None and value != tracker.get_slot(slot)}


def corrects_the_situation(tracker: Tracker) -> bool:
    """Right after the situation's answer, « en fait on ajoute une école » corrects it, whatever topic the words
    resemble (a « non » has its own rule); a question (« en fait, combien ça coûte ? ») is asked as usual."""
    text = latest_text(tracker)
    return (previous_action(tracker) == "action_situation" and is_correction(text) and not is_question(text)
            and bool(corrected_facts(tracker)))
