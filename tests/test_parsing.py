"""Dates and numbers as users write them in the chat."""
from datetime import date

import pytest

from bot.parsing import parse_count_it_comes_to, parse_date, parse_number, parse_school_count, parse_yes_no

TODAY = date(2022, 10, 3)


@pytest.mark.parametrize("text, expected", [
    ("le 10 septembre", date(2022, 9, 10)),
    ("10/09", date(2022, 9, 10)),
    ("10/09/2022", date(2022, 9, 10)),
    ("10-09-22", date(2022, 9, 10)),
    ("2022-08-29", date(2022, 8, 29)),
    ("fin juillet", date(2022, 7, 31)),
    ("fin fevrier", date(2023, 2, 28)),
    ("mi-octobre", date(2022, 10, 15)),
    ("mi octobre", date(2022, 10, 15)),
    ("début septembre", date(2022, 9, 1)),
    ("le 1er octobre", date(2022, 10, 1)),
    ("on l'a faite le 2 sept.", date(2022, 9, 2)),
    ("non pardon, le 13 octobre", date(2022, 10, 13)),
    ("hier", date(2022, 10, 2)),
    ("aujourd'hui", date(2022, 10, 3)),
    ("le 31 aout", date(2022, 8, 31)),
    ("le 15 janvier", date(2023, 1, 15)),
    # Relative to today, Monday 3 October 2022: what a town hall says of a demande just made or about to be.
    ("demain", date(2022, 10, 4)),
    ("après-demain", date(2022, 10, 5)),
    ("on l'a envoyée ce matin", date(2022, 10, 3)),
    ("il y a trois jours", date(2022, 9, 30)),
    ("il y a 2 semaines", date(2022, 9, 19)),
    ("ça fait quinze jours", date(2022, 9, 18)),
    ("trois jours que la demande est partie", date(2022, 9, 30)), ("voici deux semaines", date(2022, 9, 19)),
    ("déposée depuis 4 jours", date(2022, 9, 29)),
    ("dans une semaine", date(2022, 10, 10)),
    ("lundi dernier", date(2022, 9, 26)),
    ("vendredi dernier", date(2022, 9, 30)),
    ("mardi prochain", date(2022, 10, 4)),
    ("lundi prochain", date(2022, 10, 10)),
    ("le 12 septembre, il y a trois semaines", date(2022, 9, 12)),  # the date written out wins
    # A school year written short is not a date.
    ("convention en 21-22, demande du 13 septembre", date(2022, 9, 13)),
    ("sous convention en 21/22, dossier déposé le 15/09", date(2022, 9, 15)),
    # Days in words.
    ("le douze septembre", date(2022, 9, 12)),
    ("le premier octobre", date(2022, 10, 1)),
    ("le vingt-deux septembre", date(2022, 9, 22)),
    ("le trente et un août", date(2022, 8, 31)),
])
def test_dates_in_the_campaign_school_year(text, expected):
    assert parse_date(text, TODAY).in_school_year(2022) == expected


@pytest.mark.parametrize("text", ["31/02", "pas encore", "le 45 mai", "bonjour", "13/13/2022",
                                  "le trente et un septembre", "la semaine dernière", "il y a deux ans",
                                  "on ajoute sept écoles", "la convention de 21-22"])
def test_not_dates(text):
    assert parse_date(text, TODAY) is None


@pytest.mark.parametrize("text, expected", [
    ("3", 3), ("trois écoles", 3), ("pour 12 écoles", 12), ("une école", 1), ("pour une seule école", 1), ("deux", 2),
    ("vingt-deux", 22),
    ("dix-sept écoles", 17), ("vingt et une écoles", 21), ("soixante-dix", 70), ("quatre-vingt", 80),
    ("Combien ça coûte pour 3 écoles ?", 3), ("combien ca coute", None),
])
def test_numbers(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("tarif pour 12 écoles svp", 12), ("tarif pr 7 ecoles", 7), ("nos trois petites écoles", 3),
    ("pour une seule école", 1), ("le prix pour 2022-2023 pour 4 écoles ?", 4),
    ("quel est le tarif pour 2022-2023 ?", None), ("45 € par école ?", None),
    ("combien par école et par an ?", None),
    ("Nous passons de 3 à 4 écoles cette année, quel montant ?", 4), ("on passe de trois à cinq écoles", 5),
    ("Nous étions conventionnés avec 4 écoles et nous passons à 5 cette année", 5),
    ("on garde nos 2 écoles et on rajoute la maternelle", 2),  # read as such: the cost form asks the count instead
    ("Une maternelle et deux élémentaires, ça fait combien ?", 3), ("nos 2 maternelles", 2),
    ("trois écoles dont une maternelle", 3), ("quatre écoles élémentaires et une maternelle", 5),
    ("pour 120 élèves en primaire", None), ("l'école maternelle", None),
    ("45 € par école maternelle ?", None),
])
def test_a_number_of_schools(text, expected):
    assert parse_school_count(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("oui", True), ("Oui !", True), ("tout à fait", True), ("non", False), ("Non merci", False), ("peut-être", None),
])
def test_yes_no(text, expected):
    assert parse_yes_no(text) is expected


@pytest.mark.parametrize("text, expected", [
    ("nous avions 4 écoles et nous passons à 5", 5), ("on passe de 3 à 4 écoles", 4),
    ("on passe de trois à cinq écoles", 5),
    ("on garde nos 2 écoles et on rajoute la maternelle", None), ("10 écoles l'an dernier, une ferme", None),
    ("on a décidé de passer à l'ENT", None),
    ("on ajoute une école, soit 4 écoles en tout", 4), ("on en retire une, ce qui fait 5 écoles", 5),
    ("une nouvelle école, donc 3 écoles", 3),
])
def test_the_count_a_change_of_the_school_list_comes_to(text, expected):
    assert parse_count_it_comes_to(text) == expected
