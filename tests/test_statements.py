"""What a town hall says of its situation in its own words (bot/statements.py)."""
import pytest

from bot.statements import (asks_about_the_situation, asks_something, asks_which_situation, dates_the_demande,
                            is_correction, is_keyboard_noise, is_question, speaks_of_the_situation, stated_not_filed,
                            stated_previous_convention, stated_school_list_change)

LAST_YEAR = 2021  # the school year before the 2022-2023 campaign of the documents


@pytest.mark.parametrize("text, expected", [
    ("on avait une convention l'an dernier et on ajoute une école, quelle est notre situation ?", True),
    ("Nous avions signé la convention l’année dernière", True),
    ("l'année scolaire passée nous étions sous convention", True),
    ("on est déjà conventionnés", True),
    ("nous sommes déjà adhérents à l'ENT", True),
    ("on utilise déjà l'ENT", True),
    ("nous voulons renouveler notre convention", True),
    ("convention 2021-2022 signée", True),
    ("On a conventionné l'an dernier et on garde les mêmes écoles", True),
    ("On avait signé pour 2021-2022 et cette année on ajoute l'école du hameau", True),
    ("on n'a pas signé l'an dernier", False),
    ("Nous n'avions pas adhéré l'an passé : dans quel cas sommes-nous ?", False),
    ("nous avions adhéré l'année dernière", True),
    ("nous n'avons pas conventionné l'an dernier", False),
    ("Castelnaudary était déjà inscrite avec les mêmes écoles", True),
    ("On était conventionnés et on ajoute l'école primaire", True),
    ("nous avions conventionné et nous ajoutons deux écoles", True),
    ("On avait l'ENT l'an dernier et on retire l'école qui ferme", True),
    ("pas de convention l an dernier chez nous", False),
    ("la commune n'avait pas l'ENT l'an dernier", False),
    ("Nouvelle commune sur l'ENT cette année", False), ("c'est notre 1ere adhesion", False),
    ("Mairie : l'an dernier pas d'ENT, demande envoyée le 8 septembre", False),
    ("nous portons l'ENT pour nos écoles depuis 2021-2022", True),
    ("on n'a jamais été sur l'ENT et la demande n'est pas encore faite", False),
    ("commune qui n'avait pas de convention, demande faite le 24 août", False),
    ("nous n'avions pas de convention l'an dernier, on est dans quel cas ?", False),
    ("l'an dernier on n'avait aucune convention", False),
    ("c'est notre première adhésion", False),
    ("on n'a jamais adhéré à l'ENT", False),
    ("on n'a jamais signé de convention", False),
    ("nous ne sommes pas adhérents", False),
    ("nous sommes nouveaux adhérents", False),
    ("premiere fois qu on adhere a l ent, on est en quelle situation", False),
    ("c'est la première fois que la commune demande l'ENT", False),
    ("c'est notre toute première année avec l'ENT", False),
    ("Commune qui adhère pour la première fois, formulaire transmis le 16 août", False),
    ("commune jamais conventionnée, demande faite le 14 septembre", False),
    # The schools compared with last year's: that year had its convention.
    ("Mêmes écoles qu'en 2021-2022, dossier envoyé le 31 août", True),
    ("nous ajoutons deux écoles par rapport à 2021-2022", True),
    ("par rapport à l'an dernier on a une école en plus", True),
    ("nos écoles n'avaient pas l'ENT l'an dernier", False),
    # This year's convention, or no statement at all: asked as usual.
    ("on n'a pas encore signé la convention, quelle est notre situation ?", None),
    ("on a signé la convention, comment la déposer ?", None),
    ("on a fait la demande mais jamais eu de réponse", None),
    ("quelle est notre situation ?", None),
    ("c'est la première fois que je vous écris", None),
    ("oui", None),
    ("le 13 octobre", None),
])
def test_a_convention_last_year_is_read_only_when_the_year_is_named(text, expected):
    assert stated_previous_convention(text, LAST_YEAR) is expected


def test_the_previous_school_year_comes_from_the_campaign_not_the_code():
    assert stated_previous_convention("convention 21-22 signée", 2021) is True
    assert stated_previous_convention("convention 2021-2022 signée", 2022) is None  # two years ago by then
    assert stated_previous_convention("convention 2022-2023 signée", 2022) is True


@pytest.mark.parametrize("text, expected", [
    ("on n'a pas de convention", False),
    ("non pardon, on avait bien une convention", True),
    ("nous avions une convention", True),
    ("je ne sais pas", None),
])
def test_in_answer_to_the_question_the_year_goes_without_saying(text, expected):
    assert stated_previous_convention(text, LAST_YEAR, asked=True) is expected
    assert stated_previous_convention(text, LAST_YEAR) is None


@pytest.mark.parametrize("text, expected", [
    ("on ajoute une école cette année", True),
    ("nous allons retirer l'école du hameau", True),
    ("une nouvelle école ouvre à la rentrée", True),
    ("on avait la convention l'an passé et on ajoute la maternelle", True),
    ("il y a deux écoles en plus", True),
    ("fermeture d'une école en juillet", True),
    ("10 écoles l'an dernier, une ferme", True), ("4 écoles en 2021-2022 et on en ajoute 2 cette année", True),
    ("cette année l'une est remplacée par le nouveau groupe scolaire", True),
    ("oui on modifie la liste", True),
    ("la liste des écoles change", True),
    ("on garde les mêmes écoles", False),
    ("Non, la même liste", False),
    ("Liste des écoles inchangée, et nous avions signé la convention", False),
    ("la liste d'écoles reste identique", False),
    ("sans changement", False),
    ("pas de changement pour les écoles", False),
    ("on n'ajoute aucune école", False),
    ("on ne modifie pas la liste", False),
    ("pas de nouvelle école", False),
    ("nos écoles ne changent pas", False),
    ("ce ne sont pas les mêmes écoles qu'en 2021-2022", True),
    ("conventionnés en 21/22, on garde tout", False),
    ("même périmètre d'écoles", False),
    ("plus la même liste", True),
    ("quelle est notre situation ?", None),
    ("c'est la première fois que je vous écris", None),
    ("on veut inscrire nos écoles", None),
    ("oui", None),
])
def test_a_change_of_the_school_list(text, expected):
    assert stated_school_list_change(text) is expected


def test_corrections_and_questions():
    assert is_correction("non pardon, le 13 octobre") and is_correction("en fait on avait une convention")
    assert not is_correction("non") and not is_correction("on ajoute une école")
    assert is_question("comment ajouter une école") and is_question("on ajoute une école ?")
    assert not is_question("on ajoute une école")


@pytest.mark.parametrize("text, expected", [
    ("et pour Mende ?", False), ("pareil pour Quillan", False), ("et combien pour Mende ?", False),
    ("et pour la commune de Mende ?", False),
    ("et quelle est la situation de Quillan ?", True), ("et la date limite pour Mende ?", True),
    ("on est dans quel cas à Mende ?", True), ("et pour renvoyer la convention de Quillan ?", True),
])
def test_what_speaks_of_the_situation(text, expected):
    assert speaks_of_the_situation(text) is expected


@pytest.mark.parametrize("text, expected", [
    ("elles sont dans quel cas ?", True), ("quelle est notre situation ?", True), ("on est en situation B ?", True),
    ("quelle date limite pour renvoyer la convention ?", False), ("comment ajouter une école ?", False),
])
def test_what_asks_which_situation(text, expected):
    assert asks_which_situation(text) is expected


@pytest.mark.parametrize("text, expected", [
    ("Mêmes écoles, demande du 5 septembre. Nos écoles peuvent-elles se connecter dès la rentrée ?", True),
    ("Mêmes écoles, dossier envoyé le 31 août. Vous me confirmez la date butoir ?", True),
    ("convention l'an dernier, demande du 17 octobre : sans convention, l'accès saute quand ?", True),
    ("mêmes écoles, demande du 5 septembre, qui doit signer ?", False),
    ("mêmes écoles, demande du 5 septembre. Quand recevrons-nous le titre de perception ?", False),
    ("on ajoute une école le 5 septembre. Combien ça coûte ?", False),
    ("Si on ne renvoie pas la convention, l'accès est coupé quand ? Déjà adhérents, même liste.", True),
])
def test_what_asks_about_the_situation(text, expected):
    assert asks_about_the_situation(text) is expected


@pytest.mark.parametrize("text, asked, expected", [
    ("pas encore", True, True),
    ("Pas encore.", True, True),
    ("non, pas encore", True, True),
    ("on n'a pas encore déposé", True, True),
    ("elle n'est pas encore faite", True, True),
    ("non, on ne l'a pas faite", True, True),
    ("pas encore fait", True, True),
    ("nous n'avons pas encore fait de demande", False, True),
    ("la demande n'a pas été envoyée", False, True),
    ("on va la faire la semaine prochaine", False, True),  # no day to compute from: not made yet
    ("nous la ferons bientôt", False, True),
    # Said to another question, a bare « pas encore » or « pas déposé » may be of anything.
    ("pas encore", False, False),
    ("on n'a pas encore déposé", False, False),
    # The convention follows a demande.
    ("on n'a pas encore reçu la convention", True, False),
    ("on n'a pas encore envoyé la convention", True, False),
    ("on a fait la demande mais la convention n'est pas encore envoyée", True, False),
    ("je vais la faire signer par le maire", True, False),
    ("on n'a pas encore déposé, c'est grave ?", True, False),  # a question, answered as one
    ("le 12 septembre", True, False),
    ("je ne sais pas", True, False),
    # A statement before the message's question.
    ("Mêmes écoles, mais la demande n'est pas encore faite. Quel délai pour la convention ?", False, True),
    ("on avait pas de convention l'an dernier et la demande n'est pas encore faite. quelle situation ?", False, True),
])
def test_a_demande_not_made_yet(text, asked, expected):
    assert stated_not_filed(text, asked) is expected


@pytest.mark.parametrize("text, expected", [
    ("aaaaaaaaaaaaa", True),
    ("qsdfghjklm", True),
    ("mmmmm ????", True),
    ("how much is it?", False),
    ("bonjour", False),
    ("Mende", False),
    ("ok", False),  # too short to say anything of
    ("PDF", False),
    ("???", False),
])
def test_keyboard_noise(text, expected):
    assert is_keyboard_noise(text) is expected


@pytest.mark.parametrize("text, expected", [
    ("on a fait la demande le 10 octobre, on renvoie la convention quand ?", True),
    ("demande faite le 3/10, c'est quoi la date limite de retour ?", True),
    ("pour notre demande du 12 septembre, jusqu'à quand ?", True),
    ("nous avons déposé le dossier le 2 septembre", True),
    ("dossier déposé le 20 septembre, combien de temps pour retourner la convention ?", True),
    ("Nous avons transmis notre demande d'adhésion le 15 septembre dernier : la convention doit parvenir quand ?", True),
    ("demande transmise le 3/10, date limite de retour ?", True),
    ("Dossier validé le 5 septembre : quelle échéance pour la convention signée ?", True),
    ("demande déposée lundi dernier : quelle date limite pour renvoyer la convention ?", True),
    ("la demande est partie vendredi dernier, le maire doit signer quand ?", True),
    ("dossier transmis sur Démarches simplifiées le 28 septembre, jusqu'à quand pour signer ?", True),
    ("une partie en maternelle le 3 mai ?", False),
    ("Notre demande date de début septembre, combien de temps pour la convention ?", True),
    ("Hypothèse : dépôt du formulaire le 25 octobre. Quelle date butoir pour la convention ?", True),
    ("dépôt de la convention le 10 décembre, c'est bon ?", False),
    ("Ça fait une semaine pile que notre dossier est parti. Le retour signé, c'est pour quand ?", True),
    ("faut-il renvoyer la convention avant le 10 décembre ?", False),
    ("la demande est à faire avant le 29 octobre ?", False),
    ("et si on dépasse le 10 décembre ?", False),
    ("on déposera la demande le 17 octobre, l'accès saute quand ?", True),
    ("nous remplirons le dossier le 20 octobre", True),
    ("on va deposer le dossier le 10 octobre. on est quelle situation", True),
    ("dépôt de la demande prévu le 12 octobre", True),
    ("Déjà adhérents, même liste, demande le 2 août.", True), ("La demande partira le 12 octobre.", True),
])
def test_a_date_said_to_be_the_demande_s(text, expected):
    assert dates_the_demande(text) is expected


@pytest.mark.parametrize("text, expected", [
    ("bonjour je suis maire, combien ça coûte ?", True),
    ("bonjour je suis parent d'élève, je n'arrive pas à me connecter", True),
    ("bonjour, je voudrais des renseignements sur l'ENT", False),  # the greeting's own presentation answers it
    ("bonjour, je suis secrétaire de mairie", False),
    ("Bonjour !", False),
])
def test_a_question_or_a_problem_said_as_a_statement(text, expected):
    assert asks_something(text) is expected
