"""What the académie's report keeps of a message: no personal data, and the question still readable."""
import pytest

from bot.personal_data import mask_personal_data, readable


@pytest.mark.parametrize("text, expected", [
    ("écrivez à jean.dupont@mairie.fr ou au 06 12 34 56 78", "écrivez à [courriel] ou au [téléphone]"),
    ("rappelez le +33 4 67 12 34 56", "rappelez le [téléphone]"),
    ("Mme Durand demande le prix pour 3 écoles", "[nom] demande le prix pour 3 écoles"),
    ("Bonjour, je m'appelle Jean Dupont et je suis maire de Quillan",
     "Bonjour, je m'appelle [nom] et je suis maire de Quillan"),
    ("je m'appelle jean dupont, quel est le prix ?", "je m'appelle [nom], quel est le prix ?"),
    ("nom : Dupont", "nom : [nom]"),
    ("je suis Marie Durand, secrétaire de mairie de Mende", "je suis [nom], secrétaire de mairie de Mende"),
    ("Cordialement,\nJean-Pierre Martin\nSecrétaire de mairie", "Cordialement,\n[nom]\nSecrétaire de mairie"),
    ("Bien à vous, Sophie Lambert", "Bien à vous, [nom]"),
    ("envoyez le courrier au 12 bis rue des Écoles, 11190 Mouthoumet svp", "envoyez le courrier au [adresse] svp"),
    ("j'habite 3 avenue du Général de Gaulle et je voudrais savoir le prix",
     "j'habite [adresse] et je voudrais savoir le prix"),
    ("mon numéro de sécurité sociale est 1 85 05 78 006 084 36", "mon numéro de sécurité sociale est [numéro]"),
])
def test_personal_data_is_masked(text, expected):
    assert mask_personal_data(text) == expected


@pytest.mark.parametrize("text", [
    "le SIRET 211 102 603 00050 et l'UAI 0110422Z",  # a collectivité and a school, not a person
    "je suis Maire de Quillan, quel est le prix ?",  # a role, not a name
    "M. le maire demande la date limite",
    "Merci. Bonne journée",
    "merci pour tout",
    "nous avons 2 places et 3 cours le mardi",
    "quel est le prix pour Saint-Chély-d'Apcher en 2022 ?",
    "on a fait la demande le 12/09/2022 pour 3 écoles",
])
def test_what_names_no_person_is_kept(text):
    assert mask_personal_data(text) == text


def test_readable_drops_control_characters_but_keeps_lines():
    assert readable("\x00\x07\x1b[31m question\tbizarre\n") == "[31m question\tbizarre\n"
