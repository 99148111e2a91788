"""Every custom action, with trackers built from events, against the seeded database (SQLite and PostgreSQL)."""
from __future__ import annotations

import asyncio
import uuid

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from actions import common
from actions.answers import UNANSWERED, ActionAnswer, ActionClarify, ActionGreet, ActionHandoff
from actions.cost import ActionAskNombreEcoles, ActionCost, ActionPlaceAfterCost, ValidateCostForm
from actions.situation import ActionAskRecherche, ActionCorrectSituation, ActionSituation, ValidateSituationForm
from actions.upload import ActionUploadStep
from bot.db import open_session
from bot.knowledge import knowledge
from bot.models import HandoffRequest, UnansweredQuestion


@pytest.fixture(autouse=True)
def campaign_day(database_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("ENTBOT_TODAY", "2022-10-03")
    common.assistant.cache_clear()
    yield
    common.assistant.cache_clear()


def tracker(text: str = "", intent: str = "inform", slots: dict | None = None, ranking: list | None = None,
            events: list | None = None, requested: str | None = None) -> Tracker:
    slots = dict(slots or {})
    if requested:
        slots["requested_slot"] = requested
    message = {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": [],
               "intent_ranking": ranking or [{"name": intent, "confidence": 0.9}]}
    return Tracker("test-user", slots, message, events or [{"event": "user", "text": text}], False, None,
                   {"name": "situation_form"} if requested else {}, "action_listen")


def run(action, t: Tracker):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, t, {}))
    return dispatcher.messages, events


def texts(messages) -> str:
    return "\n".join(m["text"] or "" for m in messages)


def call(method, t: Tracker, *args):
    dispatcher = CollectingDispatcher()
    return asyncio.run(method(*args, dispatcher, t, {})), dispatcher.messages


def test_faq_answer_names_its_price_and_source():
    messages, _ = run(ActionAnswer(), tracker("c'est combien ?", "faq_prix"))
    assert "45\u00a0€" in texts(messages) and "Source : " in texts(messages)


@pytest.mark.parametrize("intent, fact", [
    ("faq_educonnect", "Trois cas"),
    ("faq_educonnect_second_degre", "rattacher à ce compte leurs enfants du premier degré"),
    ("faq_educonnect_compte_existant", "(pour le LSU, par exemple)"),
    ("faq_educonnect_sans_compte", "se rapprochent de l'administrateur de l'ENT"),
])
def test_educonnect_by_case_says_where_it_comes_from(intent, fact):
    said = texts(run(ActionAnswer(), tracker("et pour les parents ?", intent))[0])
    assert fact in said and "Hauts-de-France (2023)" in said and "Source : " in said


def test_general_deadline_then_offer_to_compute():
    messages, _ = run(ActionAnswer(), tracker("jusqu'à quand ?", "ask_deadline_demande"))
    assert "29 octobre 2022" in texts(messages) and "29 août 2022" in texts(messages)
    assert "après le 29 octobre 2022, les documents ne prévoient rien" in texts(messages)  # asked by the late, too
    assert messages[0]["buttons"][0]["payload"] == "/ask_situation"


@pytest.mark.parametrize("intent, general", [("ask_deadline_demande", "à faire avant le 29 octobre 2022"),
                                             ("ask_deadline_return", "deux mois qui suivent la demande"),
                                             ("ask_late", "l'académie retire l'accès")])
def test_a_deadline_asked_for_a_named_commune_gives_its_own_dates(intent, general):
    t = tracker("la date limite de retour pour Quillan ?", intent)
    t.latest_message["entities"] = [{"entity": "commune", "value": "Quillan"}]
    messages, events = run(ActionAnswer(), t)
    assert general in texts(messages)  # the general rule at once
    assert not messages[0]["buttons"] and events == [{"event": "followup", "timestamp": None,
                                                      "name": "situation_form"}]


def test_keyboard_noise_is_not_taken_for_another_language():
    messages, _ = run(ActionAnswer(), tracker("aaaaaaaaaaaaa", "other_language"))
    assert texts(messages) == knowledge().answer("incompris_sans_suggestion").text


def test_a_greeting_with_a_question_gets_the_topics_the_classifier_puts_next():
    ranking = [{"name": "greet", "confidence": 0.85}, {"name": "ask_cost", "confidence": 0.13},
               {"name": "faq_prix", "confidence": 0.02}, {"name": "next_step", "confidence": 0.001}]
    messages, _ = run(ActionGreet(), tracker("bonjour je suis maire, combien ça coûte ?", "greet", ranking=ranking))
    assert messages[0]["text"].startswith("Bonjour ! Je suis l'assistant ENT-école")  # it still presents itself
    assert [b["payload"] for b in messages[0]["buttons"]] == ["/ask_cost", "/faq_prix", "/human_handoff"]


@pytest.mark.parametrize("text, ranking", [
    ("bonjour, je suis secrétaire de mairie", [{"name": "greet", "confidence": 0.9}, {"name": "ask_cost",
                                                                                      "confidence": 0.1}]),
    ("bonjour, vous allez bien ?", [{"name": "greet", "confidence": 1.0}, {"name": "goodbye", "confidence": 0.0}]),
])
def test_a_greeting_alone_gets_the_greeting(text, ranking):
    messages, _ = run(ActionGreet(), tracker(text, "greet", ranking=ranking))
    assert [m["response"] for m in messages] == ["utter_greet"]


def test_a_siret_given_is_checked_rather_than_explained():
    given = tracker("mon siret est 2148009550001", "faq_siret_referent")
    given.latest_message["entities"] = [{"entity": "siret", "value": "2148009550001"}]
    messages, events = run(ActionAnswer(), given)
    assert not messages and events == [{"event": "followup", "timestamp": None, "name": "situation_form"}]
    messages, events = run(ActionAnswer(), tracker("c'est quoi le siret ?", "faq_siret_referent"))
    assert "SIRET (14 chiffres)" in texts(messages) and not events


def test_a_return_deadline_asked_with_the_demande_date_is_that_day_s():
    messages, events = run(ActionAnswer(), tracker("on a fait la demande le 10 octobre, on renvoie la convention "
                                                   "quand ?", "ask_deadline_return"))
    said = texts(messages)
    assert "faite le 10 octobre 2022" in said and "avant le 10 décembre 2022 (dans 68 jours)" in said
    assert "quelle que soit la situation" in said and "Source : " in said
    assert events == [{"event": "slot", "timestamp": None, "name": "date_demande", "value": "2022-10-10"}]


def test_a_return_deadline_the_situation_decides_asks_its_questions_after_the_general_rule():
    messages, events = run(ActionAnswer(), tracker("demande faite le 20 août, la convention revient quand ?",
                                                   "ask_deadline_return"))
    assert "deux mois qui suivent la demande" in texts(messages)  # before the cutoff, B and C also have 29 October
    assert events == [{"event": "followup", "timestamp": None, "name": "situation_form"}]
    slots, _ = call(ValidateSituationForm().extract_date_demande,
                    tracker("demande faite le 20 août, la convention revient quand ?", "ask_deadline_return"))
    assert slots == {"date_demande": "2022-08-20"}


def test_a_date_a_deadline_question_asks_about_is_not_the_demande_s():
    messages, events = run(ActionAnswer(), tracker("faut-il renvoyer la convention avant le 10 décembre ?",
                                                   "ask_deadline_return"))
    assert "deux mois qui suivent la demande" in texts(messages) and not events
    slots, _ = call(ValidateSituationForm().extract_date_demande,
                    tracker("et si on dépasse le 10 décembre ?", "ask_late"))
    assert slots == {}


@pytest.mark.parametrize("text, intent, key", [
    ("quel temps fait-il ?", "out_of_scope", "hors_sujet"),
    ("t'es nul", "insult", "insulte"),
    ("how much is it?", "other_language", "langue"),
    ("que sais-tu faire ?", "bot_capabilities", "capacites"),
])
def test_each_kind_of_message_off_the_topics_gets_its_own_answer(text, intent, key, database_url):
    marker = f"{text} ({uuid.uuid4().hex[:8]})"
    messages, _ = run(ActionAnswer(), tracker(marker, intent))
    assert knowledge().answer(key).text in texts(messages)
    with open_session(database_url) as session:
        logged = session.scalars(select(UnansweredQuestion).where(UnansweredQuestion.text == marker)).all()
    # Kept for the académie's report: what users ask beyond the documents or in another language, not insults.
    assert [(q.intent, q.confidence) for q in logged] == ([(intent, 90)] if intent in UNANSWERED else [])


def test_a_topic_the_campaign_in_the_database_does_not_cover_is_said_and_kept_for_the_report(monkeypatch,
                                                                                              database_url):
    """On 1 October 2021 the campaign in force, 2021-2022, has a price but none of the 2022 procedure's dates."""
    monkeypatch.setenv("ENTBOT_TODAY", "2021-10-01")
    common.assistant.cache_clear()
    marker = f"jusqu'à quand pour la demande ? ({uuid.uuid4().hex[:8]})"
    said = texts(run(ActionAnswer(), tracker(marker, "ask_deadline_demande"))[0])
    assert knowledge().answer("non_couvert").text in said and "pôle d'assistance académique" in said
    assert "50 €" in texts(run(ActionAnswer(), tracker(f"et le prix ? {marker}", "faq_prix"))[0])
    with open_session(database_url) as session:
        logged = session.scalars(select(UnansweredQuestion).where(UnansweredQuestion.text.contains(marker))).all()
    assert [(q.text, q.intent) for q in logged] == [(marker, "non_couvert:echeances_demande")]  # the price is known


SITUATION_DOMAIN = {"forms": {"situation_form": {"required_slots": ["recherche", "convention_precedente",
                                                                     "modifie_ecoles", "date_demande"]}}}


def run_form(text: str, intent: str = "inform", slots: dict | None = None, requested: str = "recherche",
             entities: list | None = None):
    """The validation action as Rasa calls it: extraction, validation, then the next slot to ask. The given slots
    were just set from the message's entities, as Rasa's action_extract_slots does."""
    events = [{"event": "user", "text": text}] + [{"event": "slot", "name": k, "value": v} for k, v in
                                                   (slots or {}).items()]
    t = tracker(text, intent, slots={"recherche": None, "convention_precedente": None, "modifie_ecoles": None,
                                     "date_demande": None, "collectivite": None, **(slots or {})},
                requested=requested, events=events)
    t.latest_message["entities"] = entities or []
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ValidateSituationForm().run(dispatcher, t, SITUATION_DOMAIN))
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}, dispatcher.messages


def test_form_asks_for_the_commune_first_then_only_what_the_database_cannot_know():
    slots, messages = run_form("st chely")
    assert slots["collectivite"] == "214801409" and slots["convention_precedente"] is True
    assert "Saint-Chély-d'Apcher (48)" in texts(messages)
    assert "modifie_ecoles" not in slots  # the next question: does the school list change?


@pytest.mark.parametrize("text, said", [
    ("on est à Millas, on avait une convention l'an dernier, quelle est notre situation ?", True),
    ("on est à Millas, quelle est notre situation ?", False),  # the database's: no convention in 2021-2022
])
def test_last_year_s_convention_said_with_the_commune_is_kept_for_the_answer_to_compare(text, said):
    """The database's fact does not silently replace the user's: the situation's answer says which it relies on."""
    slots, _ = run_form(text, "ask_situation", slots={"recherche": "Millas"}, requested=None)
    assert slots["collectivite"] == "216601088" and slots["convention_precedente"] is said


def test_last_year_s_convention_said_before_the_commune_is_kept_too():
    earlier = {"recherche": None, "convention_precedente": True, "modifie_ecoles": None, "date_demande": None,
               "collectivite": None}
    t = tracker("Millas", slots=earlier, requested="recherche", events=[{"event": "user", "text": "Millas"}])
    events = asyncio.run(ValidateSituationForm().run(CollectingDispatcher(), t, SITUATION_DOMAIN))
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert slots["collectivite"] == "216601088" and slots["convention_precedente"] is True


@pytest.mark.parametrize("text, place, school_list_asked", [
    # The database decides: no convention for Quillan in 2021-2022, so situation C whatever the school list.
    ("on est à Quillan, on avait une convention l'an dernier, quelle est notre situation ?", "Quillan", False),
    ("on est à Saint-Chély-d'Apcher, on n'avait pas de convention l'an dernier, quelle situation ?",
     "Saint-Chély-d'Apcher", True),
])
def test_what_is_asked_next_follows_the_database_s_convention_not_the_user_s(text, place, school_list_asked):
    slots, _ = run_form(text, "ask_situation", slots={"recherche": place}, requested=None)
    assert slots["convention_precedente"] is not slots["convention_en_base"]  # the user's word is kept for the answer
    t = tracker(text, "ask_situation", slots=slots)
    required = asyncio.run(ValidateSituationForm().required_slots([], CollectingDispatcher(), t, SITUATION_DOMAIN))
    assert ("modifie_ecoles" in required) is school_list_asked


def test_a_commune_name_the_extractor_cut_in_pieces_is_read_whole():
    text = "c'est saint jean de fos"
    pieces = [{"entity": "commune", "value": "saint jean de", "start": 6, "end": 19},
              {"entity": "commune", "value": "fos", "start": 20, "end": 23}]
    slots, messages = run_form(text, slots={"recherche": "saint jean de"}, entities=pieces)
    assert "Saint-Jean-de-Fos (34)" in texts(messages) and slots["collectivite"] == "213402670"


def test_two_places_named_apart_are_not_one():
    t = tracker("entre Millas et Quillan")
    t.latest_message["entities"] = [{"entity": "commune", "value": "Millas", "start": 6, "end": 12},
                                    {"entity": "commune", "value": "Quillan", "start": 16, "end": 23}]
    assert common.place_entity(t) == "Millas"


def test_a_place_that_is_not_found_is_said_and_asked_again():
    slots, messages = run_form("Xqzwv")
    assert slots["recherche"] is None  # asked again
    assert "Je ne trouve aucune commune" in texts(messages)


def test_a_date_given_when_the_commune_is_asked_is_kept_for_later():
    slots, _ = run_form("on l'a faite le 10 septembre")
    assert slots["date_demande"] == "2022-09-10" and "recherche" not in slots


def test_facts_said_with_the_question_are_not_asked_again():
    question = "on avait une convention l'an dernier et on ajoute une école, quelle est notre situation ?"
    slots, messages = run_form(question, "ask_situation", requested=None)
    assert slots == {"convention_precedente": True, "modifie_ecoles": True} and not messages
    said = {"convention_precedente": True, "modifie_ecoles": True}
    slots, _ = run_form("Continuer sans", "deny", slots=said)
    required = SITUATION_DOMAIN["forms"]["situation_form"]["required_slots"]
    missing = [slot for slot in required if {**said, **slots}.get(slot) is None]
    assert missing == ["date_demande"]  # the one thing left to ask


@pytest.mark.parametrize("text, intent, requested, filled, expected", [
    ("nous avions une convention", "inform", "convention_precedente", {}, {"convention_precedente": True}),
    # The school year before the campaign in force, from the database: 2021-2022 on 3 October 2022.
    ("convention 2021-2022 signée, on est dans quel cas ?", "ask_situation", None, {}, {"convention_precedente": True}),
    ("oui, et on ajoute une école", "affirm", "convention_precedente", {},
     {"convention_precedente": True, "modifie_ecoles": True}),
    ("on garde les mêmes écoles", "faq_modifier_ecoles", "modifie_ecoles", {"convention_precedente": True},
     {"modifie_ecoles": False}),
    # A correction replaces the fact it names; its « non » does not answer the question being asked.
    ("non pardon, on n'avait pas de convention", "deny", "date_demande",
     {"convention_precedente": True, "modifie_ecoles": False}, {"convention_precedente": False}),
    ("non pardon, on avait bien une convention", "deny", "modifie_ecoles", {"convention_precedente": False},
     {"convention_precedente": True}),
    # A question about schools asked in the middle of the form is answered, not read as the answer.
    ("comment ajouter une école ?", "faq_modifier_ecoles", "modifie_ecoles", {"convention_precedente": True}, {}),
    # A statement within the form is read, whatever question the form was asking and whatever topic it resembles.
    ("on garde les mêmes écoles", "faq_modifier_ecoles", "recherche", {"convention_precedente": True},
     {"modifie_ecoles": False}),
    # A question on the deadlines states facts too.
    ("première adhésion, demande faite le 16 août : la convention pour quand ?", "ask_deadline_return", None, {},
     {"convention_precedente": False, "date_demande": "2022-08-16"}),
])
def test_facts_in_words_and_their_corrections(text, intent, requested, filled, expected):
    base = {"recherche": "inconnue", "convention_precedente": None, "modifie_ecoles": None, "date_demande": None}
    t = tracker(text, intent, slots={**base, **filled}, requested=requested)
    form = ValidateSituationForm()
    found = {}
    for extract in (form.extract_convention_precedente, form.extract_modifie_ecoles, form.extract_date_demande):
        found.update(call(extract, t)[0])
    assert found == expected


@pytest.mark.parametrize("earlier, expected", [
    (["on avait une convention l'an dernier"], {"convention_precedente": True}),
    (["nous n'avions pas de convention l'an dernier", "et on ajoute une école"],
     {"convention_precedente": False, "modifie_ecoles": True}),
    # A question is not a statement, and a situation already answered closes what was said before it.
    (["si on avait une convention l'an dernier, faut-il refaire une demande ?"], {}),
    (["on avait une convention l'an dernier", "action_situation"], {}),
])
def test_facts_stated_before_the_situation_is_asked_are_used(earlier, expected):
    events = [{"event": "action", "name": text} if text.startswith("action_") else {"event": "user", "text": text}
              for text in earlier]
    question = "quelle est notre situation ?"
    t = tracker(question, "ask_situation", events=events + [{"event": "user", "text": question}],
                slots={"convention_precedente": None, "modifie_ecoles": None})
    form = ValidateSituationForm()
    found = {}
    for extract in (form.extract_convention_precedente, form.extract_modifie_ecoles):
        found.update(call(extract, t)[0])
    assert found == expected


def test_a_fact_stated_while_the_form_asks_something_else_goes_to_the_form_not_the_faq():
    t = tracker("on garde les mêmes écoles", "faq_modifier_ecoles", requested="recherche")
    messages, events = run(ActionAnswer(), t)
    assert events == [{"event": "followup", "name": "situation_form", "timestamp": None}] and not messages
    asked = tracker("comment ajouter une école ?", "faq_modifier_ecoles", requested="recherche")
    assert "Source : " in texts(run(ActionAnswer(), asked)[0])


def test_everything_said_at_once_is_answered_at_once_then_offers_the_check_in_the_database():
    said = {"recherche": None, "convention_precedente": False, "modifie_ecoles": None, "date_demande": "2022-08-16"}
    t = tracker("première adhésion, demande faite le 16 août", "ask_situation", slots=said)
    required = asyncio.run(ValidateSituationForm().required_slots([], CollectingDispatcher(), t, SITUATION_DOMAIN))
    assert required == ["convention_precedente", "date_demande"]  # all filled: the form is done
    messages, _ = run(ActionSituation(), t)
    assert "16 octobre 2022" in texts(messages) and "29 octobre 2022" in texts(messages)
    assert messages[-1]["text"] == knowledge().answer("verifier_en_base").text
    asked = tracker("Quillan", slots={**said, "recherche": None}, requested="recherche")
    assert "recherche" in asyncio.run(ValidateSituationForm().required_slots([], CollectingDispatcher(), asked,
                                                                              SITUATION_DOMAIN))


def test_a_commune_found_by_its_entity_is_looked_up_too():
    slots, messages = run_form("c'est Mende", slots={"recherche": "Mende"})
    assert slots["recherche"] == "Mende 48" and slots["collectivite"]


def test_a_commune_the_entity_extractor_missed_is_found_by_its_name():
    slots, messages = run_form("quelle est la situation de la commune de Millas ?", "ask_situation", requested=None)
    assert slots["collectivite"] == "216601088" and "Millas (66)" in texts(messages)


@pytest.mark.parametrize("text, said", [
    ("quelle est la situation de la commune de Quilan ?", "J'ai trouvé : Quillan (11)"),  # a close spelling
    ("la situation de la commune de Trifouilly-les-Oies ?", "aucune commune ni intercommunalité de l'académie qui "
                                                             "ressemble à « Trifouilly-les-Oies »"),
])
def test_a_place_introduced_as_such_is_searched_even_when_misspelt(text, said):
    slots, messages = run_form(text, "ask_situation", requested=None)
    assert said in texts(messages)


def test_a_place_not_found_offers_to_go_on_without_once():
    slots, messages = run_form("Trifouilly-les-Oies")
    assert "deux ou trois questions" in texts(messages) and not messages[0]["buttons"]  # the question's button next
    assert slots["recherche"] is None


def test_a_name_of_which_the_entity_extractor_took_only_the_beginning():
    slots, messages = run_form("quelle est la situation de la commune de Saint Jean de Védas ?", "ask_situation",
                               slots={"recherche": "Saint"}, requested=None,
                               entities=[{"entity": "commune", "value": "Saint"}])
    assert "J'ai trouvé : Saint-Jean-de-Védas (34)" in texts(messages)


def test_a_name_shared_by_too_many_communes_is_asked_in_full_without_a_wall_of_buttons():
    slots, messages = run_form("Saint")
    assert slots["recherche"] is None and not messages[0]["buttons"]
    assert "« Saint » correspond à" in texts(messages) and "écrivez le nom complet" in texts(messages)


def test_a_demande_known_to_the_database_is_not_asked_again():
    form = ValidateSituationForm()
    slots, _ = call(form.validate_recherche, tracker("Langogne"), "Langogne")
    assert slots["date_demande"] == "2022-09-15" and slots["modifie_ecoles"] is False


def test_mouthoumet_by_uai_is_found_with_its_communaute_de_communes():
    slots, messages = call(ValidateSituationForm().validate_recherche, tracker("0110422Z"), "0110422Z")
    assert slots["collectivite"] == "200035863" and slots["commune_insee"] == "11260"
    assert "pour Mouthoumet (11)" in texts(messages)


def test_the_place_found_is_found_again_in_silence_when_the_form_starts_anew():
    """After the answer, « non pardon, c'était le 13 octobre » starts the form again, and Rasa validates the slots
    already filled: Mouthoumet, whose communauté de communes signs, is the same place, not announced twice."""
    first, messages = call(ValidateSituationForm().validate_recherche, tracker("Mouthoumet"), "Mouthoumet")
    assert "pour Mouthoumet (11)" in texts(messages)
    again, messages = call(ValidateSituationForm().validate_recherche,
                           tracker("non pardon, c'était le 13 octobre", slots=first), first["recherche"])
    assert messages == [] and again == first


def test_homonyms_offer_a_choice_and_bad_identifiers_are_explained():
    slots, messages = call(ValidateSituationForm().validate_recherche, tracker("Saint-Denis"), "Saint-Denis")
    assert slots == {"recherche": None}
    assert [b["title"] for b in messages[0]["buttons"]] == ["Saint-Denis (11)", "Saint-Denis (30)"]
    slots, messages = call(ValidateSituationForm().validate_recherche, tracker("0110422A"), "0110422A")
    assert slots == {"recherche": None} and "devrait être Z" in texts(messages)


def test_continue_without_a_commune():
    t = tracker("Continuer sans", "deny", requested="recherche")
    slots, _ = call(ValidateSituationForm().extract_recherche, t)
    assert slots == {"recherche": "inconnue"}
    typed = tracker("continuer sans", "faq_apres_demande", requested="recherche")  # the button's title, typed
    assert call(ValidateSituationForm().extract_recherche, typed)[0] == {"recherche": "inconnue"}
    slots, _ = call(ValidateSituationForm().validate_recherche, t, "inconnue")
    assert slots["collectivite"] is None


@pytest.mark.parametrize("text, slots, requested, expected", [
    ("le 12 septembre", {}, "date_demande", "2022-09-12"),
    ("pas encore", {}, "date_demande", "non_deposee"),
    ("non pardon, le 13 octobre", {"date_demande": "2022-10-03"}, None, "2022-10-13"),
    ("nous l'avons déposée mi-octobre", {}, None, "2022-10-15"),
    ("10/09", {}, "date_demande", "2022-09-10"),
    ("fin juillet", {}, "date_demande", "2022-07-31"),
    ("on l'a faite il y a trois jours", {}, "date_demande", "2022-09-30"),
    ("lundi dernier", {}, "date_demande", "2022-09-26"),
    ("le douze septembre", {}, "date_demande", "2022-09-12"),
])
def test_dates_and_corrections(text, slots, requested, expected):
    t = tracker(text, "inform", slots=slots, requested=requested)
    result, _ = call(ValidateSituationForm().extract_date_demande, t)
    assert result == {"date_demande": expected}


@pytest.mark.parametrize("text, intent, expected", [
    ("on n'a pas encore déposé", "ask_late", "non_deposee"),  # « déposé » pulls the classifier to lateness
    ("non, on la fera le 15 octobre", "deny", "2022-10-15"),  # the date planned wins over the « non »
])
def test_a_demande_not_made_yet_or_planned(text, intent, expected):
    t = tracker(text, intent, requested="date_demande")
    assert call(ValidateSituationForm().extract_date_demande, t)[0] == {"date_demande": expected}


def test_a_demande_not_made_yet_is_kept_when_said_to_another_question():
    said = tracker("on va la faire la semaine prochaine", "inform", requested="modifie_ecoles")
    assert call(ValidateSituationForm().extract_date_demande, said)[0] == {"date_demande": "non_deposee"}
    denied = tracker("non", "deny", requested="modifie_ecoles")  # a bare « non » answers its own question only
    assert call(ValidateSituationForm().extract_date_demande, denied)[0] == {}


def test_a_date_that_is_not_understood_is_asked_again():
    result, messages = call(ValidateSituationForm().extract_date_demande,
                            tracker("la semaine des quatre jeudis", requested="date_demande"))
    assert result == {"date_demande": None} and "Je n'ai pas compris cette date" in texts(messages)


def test_situation_from_what_the_user_said():
    slots = {"recherche": "inconnue", "convention_precedente": True, "modifie_ecoles": True,
             "date_demande": "2022-09-05"}
    messages, _ = run(ActionSituation(), tracker(slots=slots))
    said = texts(messages)
    assert "situation B" in said and "5 novembre 2022" in said and "à toutes les écoles" in said
    assert "45\u00a0€ par école et par an" in said  # no schools known: the price for each
    assert "Source : " in said


@pytest.mark.parametrize("first, cost", [
    ("tarif pour 9 écoles stp ? on a signé l'an dernier et on garde les mêmes", "405\u00a0€"),
    ("on avait une convention l'an dernier et on ajoute deux écoles", "45\u00a0€ par école"),  # not 90 € for two
])
def test_a_number_of_schools_said_when_the_situation_started_gives_its_cost(first, cost):
    events = [{"event": "user", "text": first}, {"event": "active_loop", "name": "situation_form"},
              {"event": "user", "text": "le 12 septembre"}]
    slots = {"recherche": "inconnue", "convention_precedente": True, "modifie_ecoles": "ajoute" in first,
             "date_demande": "2022-09-12"}
    said = texts(run(ActionSituation(), tracker("le 12 septembre", slots=slots, events=events))[0])
    assert cost in said and ("90\u00a0€" not in said)


@pytest.mark.parametrize("previous, changes", [(True, False), (True, True), (False, None)])
def test_a_demande_not_made_yet_gets_its_last_day_and_the_return_delay_after_it(previous, changes):
    slots = {"recherche": "inconnue", "convention_precedente": previous, "modifie_ecoles": changes,
             "date_demande": "non_deposee"}
    said = texts(run(ActionSituation(), tracker(slots=slots))[0])
    assert "29 octobre 2022" in said and "dans les deux mois qui suivent la demande" in said


@pytest.mark.parametrize("slots, situation", [
    ({"convention_precedente": True, "modifie_ecoles": False}, "en situation A :"),
    ({"convention_precedente": True, "modifie_ecoles": True}, "en situation B :"),
    ({"convention_precedente": False}, "en situation C :"),
    ({"convention_precedente": True}, "en situation A si elle garde la même liste"),
    ({}, None),
])
def test_the_situation_the_user_s_words_decide_is_said_before_the_commune_is_asked(slots, situation):
    messages, _ = run(ActionAskRecherche(), tracker("on est dans quelle situation ?", "ask_situation", slots=slots,
                                                    requested="recherche"))
    assert messages[-1]["response"] == "utter_ask_recherche"
    said = texts(messages)
    assert (situation in said and "Source : " in said) if situation else not said


def test_the_situation_said_is_not_said_again_when_the_commune_is_asked_again():
    asked = [{"event": "active_loop", "name": "situation_form"},
             {"event": "bot", "text": "Quelle est votre commune ?", "metadata": {"utter_action": "utter_ask_recherche"}},
             {"event": "user", "text": "Trifouillis"}]
    messages, _ = run(ActionAskRecherche(), tracker("Trifouillis", slots={"convention_precedente": False},
                                                    events=asked, requested="recherche"))
    assert [m["response"] for m in messages] == ["utter_ask_recherche"] and not texts(messages)


def test_a_return_the_database_records_before_the_demande_date_said_is_not_given():
    """Mende's demo demande of 20 June came back on 8 July; a demande said to be of 12 September is another one."""
    slots = {"recherche": "Mende 48", "collectivite": "214800955", "commune_insee": "48095",
             "convention_precedente": True, "modifie_ecoles": False, "date_demande": "2022-09-12"}
    said = texts(run(ActionSituation(), tracker(slots=slots))[0])
    assert "12 novembre 2022" in said and "8 juillet 2022" not in said
    slots["date_demande"] = "2022-06-20"
    assert "8 juillet 2022" in texts(run(ActionSituation(), tracker(slots=slots))[0])


def test_situation_from_the_database():
    slots = {"recherche": "Millas (66)", "collectivite": "216601088", "commune_insee": "66108",
             "convention_precedente": False, "modifie_ecoles": False, "date_demande": "2022-10-10"}
    said = texts(run(ActionSituation(), tracker(slots=slots))[0])
    assert "situation C" in said and "10 décembre 2022" in said and "66-Millas-Convention-ENT-22-23.pdf" in said
    assert "Notre base" not in said


@pytest.mark.parametrize("changes, cost", [(False, "Pour 2 écoles, le coût annuel en 2022-2023 est de 90\u00a0€"),
                                           (True, "45\u00a0€ par école et par an, pour chaque école inscrite")])
def test_the_cost_counts_last_years_schools_only_when_the_list_stays_the_same(changes, cost):
    """Saint-Chély-d'Apcher had 2 schools in 2021-2022 and has no demande yet: adding one, its count is not 2."""
    slots = {"recherche": "Saint-Chély-d'Apcher 48", "collectivite": "214801409", "commune_insee": "48140",
             "convention_precedente": True, "modifie_ecoles": changes, "date_demande": "2022-09-05"}
    said = texts(run(ActionSituation(), tracker(slots=slots))[0])
    assert cost in said and ("Pour 2 écoles" in said) is not changes


def test_a_demande_date_said_otherwise_than_the_database_is_taken_and_the_answer_says_so():
    langogne = {"recherche": "Langogne 48", "collectivite": "214800807", "commune_insee": "48080",
                "convention_precedente": True, "modifie_ecoles": False}
    said = texts(run(ActionSituation(), tracker(slots={**langogne, "date_demande": "2022-09-30"}))[0])
    assert said.index("indique une demande d'adhésion du 15 septembre 2022") < said.index("30 novembre 2022")
    said = texts(run(ActionSituation(), tracker(slots={**langogne, "date_demande": "2022-09-15"}))[0])
    assert "Notre base" not in said and "15 novembre 2022" in said


@pytest.mark.parametrize("slots, says, situation", [
    ({"recherche": "Millas (66)", "collectivite": "216601088", "commune_insee": "66108",
      "convention_precedente": True}, "n'a pourtant aucune convention 2021-2022 signée", "situation C"),
    ({"recherche": "Langogne", "collectivite": "214800807", "commune_insee": "48080",
      "convention_precedente": False}, "indique pourtant une convention 2021-2022 signée", "situation A"),
])
def test_a_convention_said_otherwise_than_the_database_is_answered_by_the_database(slots, says, situation):
    """« non pardon, on avait une convention » for a collectivité the database knows: it says which it relies on."""
    messages = run(ActionSituation(), tracker(slots={**slots, "modifie_ecoles": False,
                                                     "date_demande": "2022-09-15"}))[0]
    said = texts(messages)
    assert said.index(says) < said.index(situation)
    assert messages[-1]["buttons"][-1]["payload"] == "/human_handoff"


@pytest.mark.parametrize("text, expected", [
    ("non pardon, on n'avait pas de convention", [{"event": "slot", "timestamp": None, "name": "convention_precedente",
                                                   "value": False}, {"event": "followup", "timestamp": None,
                                                                     "name": "action_situation"}]),
    ("non merci", []),
    ("non, pas de convention à signer pour l'instant", []),  # no correction word: not read loosely
    ("non pardon, on avait bien une convention", []),  # what was already said
    ("non pardon, c'était le 12 octobre", [{"event": "slot", "timestamp": None, "name": "date_demande",
                                            "value": "2022-10-12"}, {"event": "followup", "timestamp": None,
                                                                     "name": "action_situation"}]),
    ("non pardon, c'était le 5 septembre", []),  # the day already said
])
def test_a_no_after_the_situation_corrects_a_fact_or_is_just_a_no(text, expected):
    said = {"recherche": "inconnue", "convention_precedente": True, "modifie_ecoles": True,
            "date_demande": "2022-09-05"}
    messages, events = run(ActionCorrectSituation(), tracker(text, "deny", slots=said))
    assert events == expected
    assert bool(messages and messages[0].get("response") == "utter_anything_else") is (expected == [])


@pytest.mark.parametrize("text, intent, after, corrects", [
    ("en fait on ajoute une école", "faq_modifier_ecoles", "action_situation", True),
    ("pardon, on avait déjà une convention l'an dernier", "faq_conventionnement_obligatoire", "action_situation",
     True),
    ("en fait, combien ça coûte par école ?", "faq_prix", "action_situation", False),  # a question: answered
    ("on ajoute une école", "faq_modifier_ecoles", "action_situation", False),  # no word of correction
    ("en fait on ajoute une école", "faq_modifier_ecoles", "action_greet", False),  # no situation to correct
    # The words of a demande late, rather than its lateness asked: the situation again, from that day.
    ("non pardon, la demande a été faite le 12 octobre", "ask_late", "action_situation", True),
])
def test_a_correction_in_words_after_the_situation_whatever_its_topic(text, intent, after, corrects):
    said = {"recherche": "inconnue", "convention_precedente": False, "modifie_ecoles": False,
            "date_demande": "2022-09-05"}
    events = [{"event": "action", "name": after}, {"event": "bot", "text": "…"},
              {"event": "action", "name": "action_listen"}, {"event": "user", "text": text}]
    messages, followed = run(ActionAnswer(), tracker(text, intent, slots=said, events=events))
    if corrects:
        assert messages == [] and followed == [{"event": "followup", "timestamp": None,
                                                "name": "action_correct_situation"}]
        assert run(ActionCorrectSituation(), tracker(text, intent, slots=said, events=events))[1][-1]["name"] \
            == "action_situation"
    else:
        assert "Source : " in texts(messages) and followed == []


@pytest.mark.parametrize("text, intent, starts", [
    ("nous avions deja une convention l'an dernier et on ajoute une école maternelle", "faq_modifier_ecoles", True),
    ("Liste des écoles inchangée, et nous avions signé la convention l'année dernière.", "faq_modifier_ecoles", True),
    ("on avait une convention l'an dernier et on ajoute une école, que faut-il faire ?", "faq_modifier_ecoles",
     False),  # a question: the FAQ answers it
    ("on ajoute une école", "faq_modifier_ecoles", False),  # one fact: the FAQ's question in other words
    ("convention signée l'an dernier, elles gardent les mêmes écoles. elles sont dans quel cas ?",
     "faq_conventionnement_obligatoire", True),  # a question on the situation itself
])
def test_the_situation_s_two_facts_stated_start_the_situation(text, intent, starts):
    messages, events = run(ActionAnswer(), tracker(text, intent))
    assert (events == [{"event": "followup", "timestamp": None, "name": "situation_form"}]) is starts
    assert (messages == []) is starts
    if starts:  # the form keeps them and asks the commune
        slots, _ = run_form(text, intent, requested=None)
        assert slots["convention_precedente"] is True and slots["modifie_ecoles"] is (
            "ajoute" in text)


def test_cost_of_three_schools():
    result, _ = call(ValidateCostForm().extract_nombre_ecoles, tracker("Combien ça coûte pour 3 écoles ?", "ask_cost"))
    assert result == {"nombre_ecoles": 3.0}
    messages, events = run(ActionCost(), tracker(slots={"nombre_ecoles": 3.0}))
    assert "135\u00a0€" in texts(messages) and "premier trimestre 2023" in texts(messages)


def test_the_number_of_schools_is_asked_after_the_price_per_school():
    messages, _ = run(ActionAskNombreEcoles(), tracker("c'est combien pour nous ?", "ask_cost"))
    assert "45\u00a0€ par école" in texts(messages) and messages[-1]["response"] == "utter_ask_nombre_ecoles"


def test_the_number_of_schools_asked_again_after_another_question_is_the_question_alone():
    asked = [{"event": "active_loop", "name": "cost_form"},
             {"event": "bot", "text": "Combien d'écoles ?", "metadata": {"utter_action": "utter_ask_nombre_ecoles"}},
             {"event": "user", "text": "qui signe la convention ?"}, {"event": "action", "name": "action_answer"}]
    messages, _ = run(ActionAskNombreEcoles(), tracker("qui signe la convention ?", "faq_signataire", events=asked))
    assert [m["response"] for m in messages] == ["utter_ask_nombre_ecoles"] and not texts(messages)
    restarted = asked + [{"event": "active_loop", "name": None}, {"event": "active_loop", "name": "cost_form"}]
    messages, _ = run(ActionAskNombreEcoles(), tracker("et le coût ?", "ask_cost", events=restarted))
    assert "45\u00a0€ par école" in texts(messages)


def test_a_number_of_schools_not_understood_is_said_and_asked_again():
    """A slot set, even to nothing, keeps Rasa from rejecting the form and dropping the message said."""
    result, messages = call(ValidateCostForm().extract_nombre_ecoles,
                            tracker("beaucoup", requested="nombre_ecoles"))
    assert result == {"nombre_ecoles": None} and knowledge().answer("nombre_incompris").text in texts(messages)


def test_a_number_in_words_is_understood():
    result, _ = call(ValidateCostForm().extract_nombre_ecoles, tracker("trois", requested="nombre_ecoles"))
    assert result == {"nombre_ecoles": 3.0}


def test_cost_for_a_known_collectivite_needs_no_question():
    form = ValidateCostForm()
    assert asyncio.run(form.required_slots([], CollectingDispatcher(), tracker(slots={"collectivite": "214800955"}),
                                           {})) == []
    messages, _ = run(ActionCost(), tracker(slots={"collectivite": "214800955", "commune_insee": "48095"}))
    assert "7 écoles" in texts(messages) and "315\u00a0€" in texts(messages)


COST_DOMAIN = {"forms": {"cost_form": {"required_slots": ["recherche", "nombre_ecoles"]}}}


def run_cost_form(text: str, place: str | None, slots: dict | None = None, intent: str = "ask_cost"):
    """The cost form's validation as Rasa calls it: the place named was just mapped from its entity by the domain."""
    events = [{"event": "user", "text": text}] + ([{"event": "slot", "name": "recherche", "value": place}]
                                                   if place else [])
    t = tracker(text, intent, slots={"nombre_ecoles": None, "collectivite": None, **(slots or {}),
                                         "recherche": place}, events=events)
    t.latest_message["entities"] = [{"entity": "commune", "value": place}] if place else []
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ValidateCostForm().run(dispatcher, t, COST_DOMAIN))
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}, dispatcher.messages


def test_the_cost_for_a_collectivite_named_in_the_question_asks_nothing():
    slots, messages = run_cost_form("combien ça coûte pour Quillan ?", "Quillan")
    # No convention last year: the situation is known at once.
    assert "J'ai trouvé : Quillan (11), pas de convention l'an dernier dans notre base (situation C)" in texts(messages)
    assert slots["collectivite"] == "200059418" and slots["requested_slot"] is None  # nothing to ask
    assert "Pour 2 écoles" in texts(run(ActionCost(), tracker(slots=slots))[0])
    langogne = {"collectivite": "214800807", "commune_insee": "48080", "date_demande": "2022-09-15"}
    slots, _ = run_cost_form("et pour Quillan ?", "Quillan", langogne)  # after Langogne's answer
    assert slots["collectivite"] == "200059418" and slots["date_demande"] is None
    slots, _ = run_cost_form("combien ça coûte ?", None, langogne)  # Langogne's, known
    assert slots == {"requested_slot": None}
    slots, messages = run_cost_form("combien pour Xqzwv ?", "Xqzwv", langogne)
    assert "Je ne trouve aucune commune" in texts(messages)
    assert slots["collectivite"] is None and slots["requested_slot"] == "nombre_ecoles"
    slots, messages = run_cost_form('/inform{"commune":"Saint-Denis 11"}', "Saint-Denis 11",
                                    {"requested_slot": "nombre_ecoles"}, "inform")  # a homonym's button
    assert slots["collectivite"] and "nombre_ecoles" not in slots  # not 11 schools
    assert knowledge().answer("nombre_incompris").text not in texts(messages)


def test_the_cost_uses_a_place_named_earlier_in_the_conversation():
    """« bonjour, mairie de Langogne », then « combien on paie ? »: Rasa hands the place over when the form starts."""
    text = "combien on doit payer ?"
    t = tracker(text, "ask_cost", slots={"recherche": "Langogne", "collectivite": None, "nombre_ecoles": None},
                events=[{"event": "user", "text": text}, {"event": "active_loop", "name": "cost_form"},
                        {"event": "slot", "name": "recherche", "value": "Langogne"}])
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ValidateCostForm().run(dispatcher, t, COST_DOMAIN))
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert "J'ai trouvé : Langogne" in texts(dispatcher.messages)
    assert slots["collectivite"] == "214800807" and slots["requested_slot"] is None
    again = tracker(text, "ask_cost", slots={**slots, "recherche": slots["recherche"]},
                    events=[{"event": "user", "text": text}, {"event": "slot", "name": "recherche",
                                                             "value": slots["recherche"]}])
    dispatcher = CollectingDispatcher()
    asyncio.run(ValidateCostForm().run(dispatcher, again, COST_DOMAIN))
    assert not dispatcher.messages  # found again in silence when the form starts anew


def test_the_cost_for_a_commune_named_in_words_the_entity_extractor_missed():
    slots, messages = run_cost_form("combien ça coûte pour la commune de Millas ?", None)
    assert slots["collectivite"] == "216601088" and "Millas (66)" in texts(messages)


def test_the_cost_for_a_place_not_found_asks_the_number_of_schools_without_offering_other_questions():
    slots, messages = run_cost_form("combien ça coûte pour la commune de Trifouilly-les-Oies ?", None)
    said = texts(messages)
    assert "aucune commune ni intercommunalité de l'académie qui ressemble à « Trifouilly-les-Oies »" in said
    assert "deux ou trois questions" not in said and not messages[0]["buttons"]
    assert slots["requested_slot"] == "nombre_ecoles"


@pytest.mark.parametrize("text, form", [
    ("et pour Mende ?", "cost_form"),
    ("et quelle est la situation de Mende ?", "situation_form"),
    ("Mende, on a fait la demande le 12 septembre", "situation_form"),
])
def test_a_place_named_right_after_a_cost(text, form):
    assert run(ActionPlaceAfterCost(), tracker(text, "ask_situation"))[1] == [
        {"event": "followup", "timestamp": None, "name": form}]


def test_upload_walkthrough_one_step_at_a_time_with_the_file_name():
    messages, events = run(ActionUploadStep(), tracker("comment déposer la convention", "ask_upload"))
    assert texts(messages).startswith("Étape 1 sur 4") and messages[0]["buttons"][0]["payload"] == "/next_step"
    assert events[0]["value"] == 1.0
    messages, events = run(ActionUploadStep(), tracker("suivant", "next_step",
                                                      slots={"etape_depot": 2.0, "commune_insee": "48095"}))
    assert texts(messages).startswith("Étape 3 sur 4") and "48-Mende-Convention-ENT-22-23.pdf" in texts(messages)
    messages, events = run(ActionUploadStep(), tracker("suivant", "next_step", slots={"etape_depot": 3.0}))
    assert texts(messages).startswith("Étape 4 sur 4") and messages[-1]["buttons"][0]["payload"] == "/next_step"
    messages, events = run(ActionUploadStep(), tracker("suivant", "next_step", slots={"etape_depot": 4.0}))
    said = texts(messages)
    assert "20 Mo" in said and "PDF" in said and "signée par le maire" in said and events[0]["value"] is None
    assert {b["payload"] for b in messages[0]["buttons"]} == {"/faq_attestation_absente", "/faq_convention_erreur"}


def test_the_upload_walkthrough_starts_at_the_step_the_user_has_reached():
    text = "La convention est signée et scannée, je la mets où exactement sur le site ?"
    messages, events = run(ActionUploadStep(), tracker(text, "ask_upload"))
    assert texts(messages).startswith("Étape 4 sur 4") and "« Messagerie »" in texts(messages)
    assert events[0]["value"] == 4.0
    messages, _ = run(ActionUploadStep(), tracker("ou est ce que je trouve la convention a imprimer ?", "ask_upload",
                                                  slots={"etape_depot": 4.0}))
    assert texts(messages).startswith("Étape 3 sur 4")  # a new question: from the step it names


def test_the_commune_named_in_the_upload_question_gives_the_exact_file_name_at_step_3():
    text = "je suis secrétaire de mairie à Anduze, on a reçu la convention, on la dépose où ?"
    messages, events = run(ActionUploadStep(), tracker(text, "ask_upload"))
    assert texts(messages).startswith("J'ai trouvé : Anduze (30)") and "Étape 1 sur 4" in texts(messages)
    slots = {e["name"]: e["value"] for e in events}
    messages, _ = run(ActionUploadStep(), tracker("suivant", "next_step", slots={**slots, "etape_depot": 2.0}))
    assert "30-Anduze-Convention-ENT-22-23.pdf" in texts(messages)


def test_without_the_commune_step_3_gives_the_procedure_s_example_as_an_example():
    messages, _ = run(ActionUploadStep(), tracker("suivant", "next_step", slots={"etape_depot": 2.0}))
    assert "comme dans l'exemple de la procédure, « 48-Mende-Convention-ENT-22-23.pdf »" in texts(messages)
    assert "Indiquez-moi votre commune" in texts(messages)


def test_the_commune_given_during_the_upload_gives_the_exact_file_name():
    messages, events = run(ActionUploadStep(), tracker("Mouthoumet", "inform", slots={"etape_depot": 3.0}))
    said = texts(messages)
    assert "J'ai trouvé" in said and "Étape 3 sur 4" in said and "11-Mouthoumet-Convention-ENT-22-23.pdf" in said
    assert {e["name"]: e["value"] for e in events}["etape_depot"] == 3.0  # « étape suivante » goes on to step 4
    messages, events = run(ActionUploadStep(), tracker("Saint-Denis", "inform", slots={"etape_depot": 4.0}))
    assert [b["title"] for b in messages[0]["buttons"]] == ["Saint-Denis (11)", "Saint-Denis (30)"] and not events


@pytest.mark.parametrize("text, entities", [
    ("on a fait la demande le 12 septembre", []),
    ("3 écoles", [{"entity": "nombre", "value": "3"}]),
])
def test_a_date_or_number_given_during_the_upload_is_not_taken_for_a_commune(text, entities):
    """Said outside the walkthrough, it starts the situation with that fact; the walkthrough's step is kept."""
    t = tracker(text, "inform", slots={"etape_depot": 2.0})
    t.latest_message["entities"] = entities
    messages, events = run(ActionUploadStep(), t)
    assert messages == [] and events == [{"event": "followup", "timestamp": None, "name": "situation_form"}]


@pytest.mark.parametrize("text, intent, entities, expected", [
    ("Mouthoumet", "inform", [], {"recherche": "Mouthoumet"}),  # a place alone starts the form
    ("c'est pour Mende", "inform", [{"entity": "commune", "value": "Mende"}], {}),  # the entity's mapping has it
    ("on l'a faite le 10 septembre", "inform", [], {}),
    ("3", "inform", [], {}),
    ("3 écoles", "inform", [{"entity": "nombre", "value": "3"}], {}),
    ("quelle est notre situation ?", "ask_situation", [], {}),
    ("nous voudrions savoir ce qu'il faut faire pour nos écoles cette année", "inform", [], {}),
])
def test_what_starts_the_form_as_a_place(text, intent, entities, expected):
    t = tracker(text, intent, slots={"recherche": None})
    t.latest_message["entities"] = entities
    assert call(ValidateSituationForm().extract_recherche, t)[0] == expected


def test_another_collectivite_does_not_keep_the_previous_ones_answers():
    langogne = {"collectivite": "214800807", "commune_insee": "48080", "convention_precedente": True,
                "modifie_ecoles": False, "date_demande": "2022-09-15"}

    def validated(text: str) -> dict:
        """As the form starts again: Rasa has the new place from the entity, and validates every filled slot."""
        filled = {**langogne, "recherche": text.split()[-1]}
        required = SITUATION_DOMAIN["forms"]["situation_form"]["required_slots"]
        events = [{"event": "user", "text": text}] + [{"event": "slot", "name": k, "value": filled[k]}
                                                       for k in required]
        t = tracker(text, "ask_situation", slots=filled, events=events)
        found = asyncio.run(ValidateSituationForm().run(CollectingDispatcher(), t, SITUATION_DOMAIN))
        return {e["name"]: e["value"] for e in found if e["event"] == "slot"}

    quillan = validated("et pour Quillan")
    assert quillan["collectivite"] == "200059418" and quillan["convention_precedente"] is False
    assert quillan["modifie_ecoles"] is None and quillan["date_demande"] is None  # asked, not Langogne's
    again = validated("toujours Langogne")
    assert again["collectivite"] == "214800807" and again["date_demande"] == "2022-09-15"


def test_low_confidence_asks_with_suggestions_and_logs_without_personal_data(database_url):
    ranking = [{"name": "faq_prix", "confidence": 0.31}, {"name": "human_handoff", "confidence": 0.3},
               {"name": "ask_cost", "confidence": 0.3}, {"name": "greet", "confidence": 0.1},
               {"name": "faq_convention_duree", "confidence": 0.05}]
    text = "euh le truc des sous pour l'ent, écrivez à jean.dupont@mairie.fr ou au 06 12 34 56 78"
    messages, _ = run(ActionClarify(), tracker(text, "nlu_fallback", ranking=ranking))
    payloads = [b["payload"] for b in messages[-1]["buttons"]]
    assert payloads == ["/faq_prix", "/ask_cost", "/faq_convention_duree", "/human_handoff"]  # the handoff once, last
    with open_session(database_url) as session:
        logged = session.scalars(select(UnansweredQuestion.text)).all()
    assert any("[courriel]" in t and "[téléphone]" in t and "dupont" not in t for t in logged)


@pytest.mark.parametrize("second, leaves", [("goodbye", True), ("faq_prix", False)])
def test_thanks_and_goodbye_at_once_take_leave_rather_than_ask_which(second, leaves):
    ranking = [{"name": "nlu_fallback", "confidence": 0.4}, {"name": "thanks", "confidence": 0.53},
               {"name": second, "confidence": 0.47}]
    messages, events = run(ActionClarify(), tracker("merci au revoir", "nlu_fallback", ranking=ranking))
    assert (messages[0].get("response") == "utter_goodbye") is leaves
    assert events[-1]["event"] == "rewind"


def test_a_message_too_loose_for_the_classifier_that_states_the_situation_starts_it(database_url):
    text = "on est a st chely, on avait une convention l'an dernier, on rajoute une ecole, demande faite le 5 septembre"
    ranking = [{"name": "nlu_fallback", "confidence": 0.55}, {"name": "ask_situation", "confidence": 0.34},
               {"name": "inform", "confidence": 0.23}]
    messages, events = run(ActionClarify(), tracker(text, "nlu_fallback", ranking=ranking))
    assert not messages and events == [{"event": "followup", "timestamp": None, "name": "situation_form"}]
    result, _ = call(ValidateSituationForm().extract_date_demande, tracker(text, "nlu_fallback"))
    assert result == {"date_demande": "2022-09-05"}
    teachers = [{"name": "nlu_fallback", "confidence": 0.55},
                {"name": "faq_enseignants_fermeture_ete", "confidence": 0.4}, {"name": "inform", "confidence": 0.3}]
    messages, _ = run(ActionClarify(), tracker("le 8 juillet l'ENT ferme vraiment pour nous ?", "nlu_fallback",
                                               ranking=teachers))
    assert messages[-1]["buttons"]  # not the situation: the facts of a question on another topic


@pytest.mark.parametrize("text, intent, starts", [
    ("nous ajoutons deux écoles par rapport à 2021-2022, demande déposée le 16 août. Quel délai pour le retour ?",
     "ask_deadline_return", True),
    ("première adhésion, dossier déposé le 18 août : on perd l'accès quand ?", "ask_late", True),
    ("demande déposée le 16 août. Quel délai pour le retour ?", "ask_deadline_return", False),  # the situation unsaid
    ("nous ajoutons deux écoles par rapport à 2021-2022 : quel délai pour le retour ?", "ask_deadline_return", False),
    ("Convention l'an passé, la liste ne change pas, mais la demande n'est pas encore faite. Quel délai pour le "
     "retour ?", "ask_deadline_return", True),
    # Whatever topic the words resemble, when the question is one the situation answers.
    ("Nous avions la convention l'an dernier, mêmes écoles, demande du 5 septembre. Nos écoles peuvent-elles se "
     "connecter dès la rentrée ?", "faq_conventionnement_obligatoire", True),
    ("on avait une convention l'an dernier, mêmes écoles, demande faite le 5 septembre, qui doit signer ?",
     "faq_signataire", False),
])
def test_a_deadline_asked_with_every_fact_of_the_situation_gets_the_situation(text, intent, starts):
    messages, events = run(ActionAnswer(), tracker(text, intent))  # at once, without the general rule first
    assert (not messages and events == [{"event": "followup", "timestamp": None, "name": "situation_form"}]) is starts
    ranking = [{"name": "nlu_fallback", "confidence": 0.4}, {"name": intent, "confidence": 0.37},
               {"name": "faq_comptes_ete", "confidence": 0.36}]
    _, events = run(ActionClarify(), tracker(text, "nlu_fallback", ranking=ranking))
    assert (events == [{"event": "followup", "timestamp": None, "name": "situation_form"}]) is starts
    if starts:  # the form reads every fact of the message, whatever its intent, and asks nothing before answering
        slots, _ = run_form(text, intent, requested=None)
        assert slots["convention_precedente"] is not None and slots["date_demande"] is not None


def test_a_situation_s_date_asked_in_upload_words_gets_the_situation():
    text = "Mêmes écoles qu'en 2021-2022, dossier envoyé le 31 août. Vous me confirmez la date butoir pour déposer ?"
    assert run(ActionUploadStep(), tracker(text, "ask_upload")) == (
        [], [{"event": "followup", "timestamp": None, "name": "situation_form"}])
    assert texts(run(ActionUploadStep(), tracker("comment déposer la convention signée ?", "ask_upload"))[0]) \
        .startswith("Étape 1 sur 4")


def test_a_message_too_loose_for_the_classifier_that_names_a_place_starts_the_situation(database_url):
    ranking = [{"name": "nlu_fallback", "confidence": 0.55}, {"name": "ask_situation", "confidence": 0.25},
               {"name": "faq_parents_acces_ent", "confidence": 0.17}]
    text = "jsuis a millas on doit faire quoi pr l'ent cette annee"
    named = tracker(text, "nlu_fallback", ranking=ranking)
    named.latest_message["entities"] = [{"entity": "commune", "value": "millas", "start": 8, "end": 14}]
    messages, events = run(ActionClarify(), named)
    assert not messages and events == [{"event": "followup", "timestamp": None, "name": "situation_form"}]
    messages, _ = run(ActionClarify(), tracker("on doit faire quoi pr l'ent cette annee", "nlu_fallback",
                                               ranking=ranking))
    assert messages[-1]["buttons"]  # no place, no fact: which topic was meant is asked


@pytest.mark.parametrize("text, intent, ranking, count", [
    ("tarif pour 12 écoles svp", "faq_prix", None, 12),
    ("tarif pr 7 ecoles", "nlu_fallback", [{"name": "nlu_fallback", "confidence": 0.55},
                                           {"name": "ask_cost", "confidence": 0.5}], 7),
    ("Combien va nous coûter l'ENT pour nos 3 écoles ? On était déjà conventionnés.", "nlu_fallback",
     [{"name": "faq_conventionnement_obligatoire", "confidence": 0.51}, {"name": "ask_cost", "confidence": 0.43},
      {"name": "nlu_fallback", "confidence": 0.4}], 3),  # the cost second, too close to the first to decide
])
def test_the_price_asked_for_a_number_of_schools_is_their_cost(text, intent, ranking, count):
    action = ActionClarify() if intent == "nlu_fallback" else ActionAnswer()
    messages, events = run(action, tracker(text, intent, ranking=ranking))
    assert not messages and events == [{"event": "followup", "timestamp": None, "name": "cost_form"}]
    result, _ = call(ValidateCostForm().extract_nombre_ecoles, tracker(text, intent))
    assert result == {"nombre_ecoles": count}


def test_the_number_of_schools_is_read_before_the_price_per_school():
    text = "à 45 € par école, pour 3 écoles ça fait combien ?"
    result, _ = call(ValidateCostForm().extract_nombre_ecoles, tracker(text, "ask_cost"))
    assert result == {"nombre_ecoles": 3}


@pytest.mark.parametrize("text, expected", [
    ("on garde nos 2 écoles et on rajoute la maternelle. cout total pour l'annee ?", {}),  # asked, not 90 €
    ("Secrétaire : 10 écoles l'an dernier, une ferme. Quel coût pour 2022-2023 ?", {}),
    ("4 écoles en 2021-2022 et on en ajoute 2 cette année, combien on doit ?", {}),  # not 180 € for 4
    ("Nous étions conventionnés avec 4 écoles et nous passons à 5 cette année, quel coût ?", {"nombre_ecoles": 5}),
])
def test_a_number_of_schools_said_with_a_change_of_the_list_is_not_taken_for_this_year_s(text, expected):
    assert call(ValidateCostForm().extract_nombre_ecoles, tracker(text, "ask_cost"))[0] == expected
    answered = tracker("3", requested="nombre_ecoles")
    assert call(ValidateCostForm().extract_nombre_ecoles, answered)[0] == {"nombre_ecoles": 3}


@pytest.mark.parametrize("text, history", [
    ("Combien payait-on par école pour l'ENT en 2021-2022 ?", True), ("le prix de l'an dernier ?", True),
    ("c'est combien par école ?", False), ("quel est le tarif pour 2022-2023 ?", False),
])
def test_the_price_asked_of_last_year_is_the_price_history(text, history):
    said = texts(run(ActionAnswer(), tracker(text, "faq_prix"))[0])
    assert "45\u00a0€" in said and ("50\u00a0€" in said) is history


def test_the_price_without_a_number_of_schools_is_the_price():
    messages, events = run(ActionAnswer(), tracker("quel est le tarif pour 2022-2023 ?", "faq_prix"))
    assert "45" in texts(messages) and not events


def test_control_characters_are_not_stored(database_url):
    """PostgreSQL refuses a NUL character: a message carrying one must still get its answer and be logged."""
    text = "\x00\x07\x1b[31m question\tbizarre\n"
    messages, _ = run(ActionClarify(), tracker(text, "nlu_fallback", ranking=[{"name": "faq_prix", "confidence": 0.2}]))
    assert messages
    messages, _ = run(ActionHandoff(), tracker(text, "human_handoff", events=[{"event": "user", "text": text}]))
    assert messages
    with open_session(database_url) as session:
        logged = session.scalars(select(UnansweredQuestion.text)).all()
        request = session.scalars(select(HandoffRequest).order_by(HandoffRequest.id.desc())).first()
    assert "[31m question\tbizarre" in logged
    assert request.question.startswith("[31m question\tbizarre")


def test_an_unexpected_error_still_gets_a_french_reply(monkeypatch, caplog):
    """Rasa would predict a failing action again, up to ten times, and the user would get nothing."""
    def broken():
        raise ValueError("bogue de test")

    monkeypatch.setattr("actions.answers.assistant", broken)
    messages, events = run(ActionAnswer(), tracker("c'est combien ?", "faq_prix"))
    assert knowledge().answer("service_indisponible").text in texts(messages) and events == []
    assert "ValueError: bogue de test" in caplog.text  # logged with its traceback


def test_handoff_records_what_was_asked(database_url):
    events = [{"event": "user", "text": "Quel est le prix pour Mende ?"}, {"event": "bot", "text": "…"},
              {"event": "user", "text": "je veux parler à quelqu'un"}]
    messages, _ = run(ActionHandoff(), tracker("je veux parler à quelqu'un", "human_handoff", events=events,
                                               slots={"collectivite": "214800955"}))
    said = texts(messages)
    assert "correspondant numérique de sa circonscription" in said and "pôle d'assistance académique" in said
    assert "messagerie de son dossier sur Démarches simplifiées" in said and "Source : " in said
    with open_session(database_url) as session:
        request = session.scalars(select(HandoffRequest).order_by(HandoffRequest.id.desc())).first()
    assert request.question.startswith("Quel est le prix pour Mende ?") and request.collectivite_siren == "214800955"
    assert request.conversation != "test-user"  # only a hash of the conversation id is kept


def test_database_down_gives_a_french_message(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://postgres@127.0.0.1:1/absente")
    common.assistant.cache_clear()
    messages, events = run(ActionAnswer(), tracker("prix", "faq_prix"))
    assert events == [] and "Je ne peux pas consulter les informations pour le moment" in texts(messages)
