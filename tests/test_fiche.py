"""Finding a collectivité the way callers name it, and its card."""
from datetime import date

import pytest

from bot.rules.identifiers import uai_check_letter
from bot.fiche import Ambiguous, BadQuery, Found, NotFound, build_fiche, resolve
from tests.conftest import CAMPAIGN_DAY


def found_name(session, query):
    from bot.models import Collectivite
    result = resolve(session, query)
    assert isinstance(result, Found), result
    return session.get(Collectivite, result.collectivite_id).name


@pytest.mark.parametrize("query", ["mouthoumet", "Mouthoumet", "MOUTHOUMET", "mouthomet", "0110422Z", "0110422z",
                                   "21110260300050", "211102603", "Mouthoumet (11)", "mouthoumet 11260"])
def test_mouthoumet_is_signed_for_by_its_communaute_de_communes(session, query):
    assert found_name(session, query) == "CC Région Lézignanaise, Corbières et Minervois"


@pytest.mark.parametrize("query, name", [
    ("st chely", "Saint-Chély-d'Apcher"),
    ("saint chely d apcher", "Saint-Chély-d'Apcher"),
    ("Mende", "Mende"),
    ("mende 48", "Mende"),
    ("ste croix vallee", "Sainte-Croix-Vallée-Française"),
    ("Aigues Mortes", "Aigues-Mortes"),
    ("perpignan", "Perpignan"),
    ("Beziers", "Béziers"),
    ("montpelier", "Montpellier"),
    ("CC Lodévois et Larzac", "CC Lodévois et Larzac"),
])
def test_names_as_callers_write_them(session, query, name):
    assert found_name(session, query) == name


@pytest.mark.parametrize("text, named", [
    ("quelle est la situation de la commune de Millas ?", "Millas"),
    ("combien ça coûte pour Le Pouget, on a trois écoles", "Le Pouget"),
    ("la mairie de saint-chély-d'apcher a fait la demande", "saint-chély-d'apcher"),
    ("la date limite de l'académie de Montpellier ?", None),  # the académie, not the commune
    ("qu'est-ce qui change à la rentrée ?", None),
    ("la situation de millas", None),  # lower case, not introduced as a place: too loose to take
    ("quelle est la situation de la commune de Quilan ?", "Quilan"),  # introduced: the search offers Quillan
    ("la mairie de Trifouilly-les-Oies a fait la demande", "Trifouilly-les-Oies"),
    ("la commune de ma tante", None),
    ("nous sommes une petite commune de l'Aude (Axat), première adhésion", "Axat"),
    ("le prix (hors taxes) ?", None),
])
def test_a_place_named_in_a_message_by_its_exact_name(session, text, named):
    from bot.fiche import place_index
    assert place_index(session).named_in(text) == named


def test_homonyms_across_departements_are_listed(session):
    result = resolve(session, "Saint-Denis")
    assert isinstance(result, Ambiguous)
    assert {c.label for c in result.choices} == {"Saint-Denis (11)", "Saint-Denis (30)"}
    assert found_name(session, "Saint-Denis 30") == "Saint-Denis"


def test_nothing_found_and_bad_identifiers(session):
    assert isinstance(resolve(session, "Paris"), NotFound)
    paris_school = "0750001" + uai_check_letter("0750001")  # a well-formed UAI outside the académie
    assert isinstance(resolve(session, paris_school), NotFound)
    with pytest.raises(BadQuery, match="devrait être"):
        resolve(session, "0110422A")
    with pytest.raises(BadQuery, match="clé de contrôle"):
        resolve(session, "21110260300051")


def card(session, query, today=CAMPAIGN_DAY):
    return build_fiche(session, resolve(session, query), today)


def test_card_of_mouthoumet(session):
    fiche = card(session, "mouthoumet")
    assert fiche.previous.school_year == "2021-2022" and fiche.current is None
    assert [s.uai for s in fiche.schools] == ["0110422Z"]
    assert fiche.advice.situation == "A ou B"
    assert fiche.file_name == "11-Mouthoumet-Convention-ENT-22-23.pdf"
    assert fiche.advice.cost == 45
    assert fiche.signatory == "président de l'exécutif"
    assert not fiche.is_demo
    assert all(s.text for s in fiche.script)


@pytest.mark.parametrize("query, situation, covered, deadlines", [
    ("Mende", "A", True, []),
    ("Langogne", "A", True, [date(2022, 11, 15)]),
    ("Aimargues", "B", True, []),
    ("Bessan", "B", True, [date(2022, 10, 28), date(2022, 10, 29)]),
    ("Anduze", "B", True, [date(2022, 11, 5)]),
    ("Estagel", "C", True, []),
    ("Millas", "C", True, [date(2022, 12, 10)]),
    ("Capendu", None, False, []),
    ("st chely", "A ou B", True, [date(2022, 10, 29)]),
    ("Assas", "C", True, [date(2022, 10, 31)]),
])
def test_demo_cards_cover_every_situation(session, query, situation, covered, deadlines):
    fiche = card(session, query)
    assert (fiche.advice.situation, fiche.advice.covered) == (situation, covered)
    assert [d.day for d in fiche.advice.deadlines] == deadlines
    if fiche.advice.deadlines:
        assert fiche.advice.deadlines[-1].days_left == (deadlines[-1] - CAMPAIGN_DAY).days


def test_overdue_and_classee_sans_suite(session):
    bram = card(session, "Bram")
    assert "retire l'accès à l'ENT aux écoles" in " ".join(s.text for s in bram.script)
    couiza = card(session, "Couiza")
    assert couiza.current.status == "classee_sans_suite"
    assert "classée sans suite" in " ".join(s.text for s in couiza.script)


def test_a_communaute_de_communes_signs_for_several_communes(session):
    fiche = card(session, "CC Lodévois et Larzac")
    assert fiche.communes == ["Le Bosc", "Le Caylar"] and fiche.advice.situation == "C"
