"""End-to-end through Rasa's REST channel: the trained model, the action server and the database, all running.

The wordings are written here, apart from the training data, the way mayors, secretaries and teachers type.
"""
from __future__ import annotations

import json
import re
import urllib.request
import uuid

import pytest

NBSP = "\u00a0"


class Conversation:
    def __init__(self, rasa_url: str):
        self.url = f"{rasa_url}/webhooks/rest/webhook"
        self.sender = f"e2e-{uuid.uuid4().hex[:8]}"

    def say(self, message: str) -> list[dict]:
        body = json.dumps({"sender": self.sender, "message": message}).encode()
        request = urllib.request.Request(self.url, data=body, headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            assert response.status == 200
            return json.loads(response.read())

    def text(self, message: str) -> str:
        replies = self.say(message)
        assert replies, f"no reply to « {message} »"
        return "\n".join(r.get("text", "") for r in replies)


@pytest.fixture
def chat(running_bot) -> Conversation:
    return Conversation(running_bot.rasa_url)


@pytest.mark.parametrize("question, fact", [
    ("bonjour", "assistant ENT-école"),
    ("c'est quoi le tarif par école pour l'année ?", f"45{NBSP}€"),
    ("Combien ça coûte pour 3 écoles ?", f"135{NBSP}€"),
    ("on doit renvoyer la convention quand au plus tard ?", "deux mois"),
    ("qui doit signer la convention côté mairie ?", "maire"),
    ("est ce que mes fichiers restent d'une année à l'autre", "Hauts-de-France"),
    ("l'ENT ferme quand cet été ?", "8 juillet 2022"),
    ("comment les parents se connectent avec educonnect", "EduConnect"),
])
def test_single_questions_get_the_fact_and_its_source(chat, question, fact):
    answer = chat.text(question)
    assert fact in answer
    if fact != "assistant ENT-école":
        assert "Source : " in answer


def test_situation_of_a_commune_known_to_the_database(chat):
    assert "commune" in chat.text("quelle est notre situation pour la convention ?").lower()
    answer = chat.text("Langogne")
    assert "situation A" in answer and "15 novembre 2022" in answer


def test_form_with_an_interruption_and_a_correction(chat):
    chat.text("je veux connaître notre situation")
    assert "convention" in chat.text("/deny")  # continue without a commune: asked about last year
    assert "liste des écoles" in chat.text("oui")
    assert "date" in chat.text("oui, on rajoute une école").lower()
    interrupted = chat.text("au fait, combien ça coûte par école ?")
    assert f"45{NBSP}€" in interrupted and "date" in interrupted.lower()  # answered, then the form goes on
    answer = chat.text("on l'a déposée le 10 septembre")
    assert "situation B" in answer and "10 novembre 2022" in answer
    corrected = chat.text("non pardon, c'était le 13 octobre")
    assert "13 décembre 2022" in corrected


def test_facts_given_with_the_question_are_not_asked_again(chat):
    asked = chat.text("on avait une convention l'an dernier et on ajoute une école, on est dans quel cas ?")
    assert "commune" in asked.lower()
    asked = chat.text("/deny")  # continue without a commune: last year's convention and the school list are known
    assert "quelle date" in asked.lower() and "année scolaire dernière" not in asked and "liste" not in asked
    assert "situation B" in chat.text("le 12 septembre")


def test_a_fact_corrected_in_words_within_the_form(chat):
    chat.text("je veux connaître notre situation")
    chat.text("/deny")
    assert "liste des écoles" in chat.text("oui")
    asked = chat.text("non pardon, on n'avait pas de convention")  # the « non » corrects, it does not answer
    assert "quelle date" in asked.lower()  # no school list to ask about without last year's convention
    assert "situation C" in chat.text("le 12 septembre")


def test_a_fact_corrected_in_words_after_the_answer(chat):
    chat.text("quelle est notre situation ?")
    chat.text("/deny")
    chat.text("oui")
    chat.text("oui, on ajoute une école")
    assert "situation B" in chat.text("le 12 septembre")
    assert "situation C" in chat.text("non pardon, on n'avait pas de convention")
    assert "autre question" in chat.text("non merci")


def test_a_date_corrected_after_the_answer_for_a_commune_whose_epci_signs(chat):
    chat.text("quelle est notre situation ?")
    assert "pour Mouthoumet (11)" in chat.text("Mouthoumet")
    chat.text("non, la même liste")
    assert "12 novembre 2022" in chat.text("le 12 septembre")
    corrected = chat.text("non pardon, on l'a déposée le 13 octobre")
    assert "situation A" in corrected and "13 décembre 2022" in corrected and "J'ai trouvé" not in corrected


def test_a_fact_corrected_in_words_that_resemble_a_question_of_the_faq(chat):
    chat.text("quelle est notre situation ?")
    chat.text("/deny")
    chat.text("oui")
    chat.text("non, la même liste")
    assert "situation A" in chat.text("le 12 septembre")
    corrected = chat.text("en fait on a rajouté la maternelle")  # worded like the FAQ on adding schools
    assert "situation B" in corrected and "12 novembre 2022" in corrected


def test_a_demande_not_made_yet_said_in_words(chat):
    assert "J'ai trouvé : Quillan (11)" in chat.text("quelle est la situation de la commune de Quilan ?")
    answer = chat.text("on va la faire la semaine prochaine")  # « à la semaine prochaine » is a goodbye
    assert "situation C" in answer and "29 octobre 2022" in answer and "déposée le" not in answer


def test_a_deadline_asked_for_a_named_commune_gives_its_own_dates(chat):
    asked = chat.text("quelle est la date limite de retour de la convention pour Quillan ?")
    assert "deux mois qui suivent la demande" in asked  # the general rule at once
    assert "J'ai trouvé : Quillan (11)" in asked and "quelle date" in asked.lower()
    answer = chat.text("le 12 septembre")
    assert "situation C" in answer and "12 novembre 2022" in answer


def test_the_demande_s_day_given_with_the_return_deadline_is_not_asked_again_for_the_commune(chat):
    assert "avant le 15 novembre 2022" in chat.text("quand doit on rendre la convention, la demande a été faite "
                                                    "mi-septembre")
    answer = chat.text("on est à Clapiers")
    assert "J'ai trouvé : Clapiers (34)" in answer and "15 novembre 2022" in answer and "quelle date" not in answer


def test_the_cost_for_a_commune_no_training_example_names(chat):
    assert "J'ai trouvé : Gignac (34)" in chat.text("combien ça coûte pour trois écoles à Gignac ?")
    other = chat.text("et pour Aniane ?")  # found by the lookup of commune names
    assert "J'ai trouvé : Aniane (34)" in other and "coût annuel" in other and "quelle date" not in other.lower()


def test_the_cost_for_a_commune_named_in_the_question(chat):
    answer = chat.text("combien ça coûte pour Quillan ?")
    assert "J'ai trouvé : Quillan (11)" in answer and f"90{NBSP}€" in answer and "Combien d'écoles" not in answer
    other = chat.text("et pour Mende ?")  # the cost again, for another commune
    assert "J'ai trouvé : Mende (48)" in other and f"315{NBSP}€" in other and "situation" not in other


def test_upload_walkthrough_by_its_buttons(chat):
    first = chat.say("comment je transmets la convention signée ?")
    assert first[0]["text"].startswith("Étape 1 sur 4")
    assert first[-1]["buttons"][0]["payload"] == "/next_step"
    assert chat.text("/next_step").startswith("Étape 2 sur 4")


def test_a_date_given_during_the_upload_gives_the_situation_then_the_walkthrough_goes_on(chat):
    chat.text("comment je transmets la convention signée ?")
    assert chat.text("/next_step").startswith("Étape 2 sur 4")
    asked = chat.text("on a fait la demande le 12 septembre")
    assert "Quelle est votre commune" in asked and "Je ne trouve" not in asked
    chat.text("/deny")
    chat.text("oui")
    answer = chat.text("non, la même liste")
    assert "situation A" in answer and "12 novembre 2022" in answer  # the date given during the upload is kept
    assert chat.text("/next_step").startswith("Étape 3 sur 4")


@pytest.mark.parametrize("message", [
    "<script>alert('x')</script>",
    "' OR 1=1; DROP TABLE demandes; --",
    "\x00\x07\x1b[31m",
    "a" * 5000,
    "What is the price of the ENT for my town?",
    "¿Cuánto cuesta el ENT?",
    "quelle est la recette de la ratatouille ?",
    "t'es vraiment nul",
    "   ",
])
def test_hostile_and_odd_inputs_get_a_clean_french_reply(chat, message):
    replies = chat.say(message)
    text = " ".join(r.get("text", "") for r in replies)
    assert text.strip(), f"no reply to {message[:40]!r}"
    assert re.search(r"[àâçéèêëîïôûù]|\b(je|vous|le|la|les|de|pour)\b", text), text
