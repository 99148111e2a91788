"""Calendar, cost, file names, identifiers and French formatting."""
from datetime import date
from decimal import Decimal

import pytest

from bot.french import format_date, format_days, format_euros
from bot.rules.calendar import add_months, days_left
from bot.rules.campaign import parse_school_year
from bot.rules.cost import annual_cost
from bot.rules.filename import convention_filename
from bot.rules.identifiers import InvalidIdentifier, check_siren, check_siret, check_uai, luhn_valid, recognise


@pytest.mark.parametrize("start, months, expected", [
    (date(2022, 8, 31), 2, date(2022, 10, 31)),
    (date(2022, 12, 31), 2, date(2023, 2, 28)),
    (date(2023, 12, 31), 2, date(2024, 2, 29)),
    (date(2022, 10, 29), 2, date(2022, 12, 29)),
    (date(2022, 11, 30), 3, date(2023, 2, 28)),
    (date(2022, 7, 31), 2, date(2022, 9, 30)),
])
def test_add_months(start, months, expected):
    assert add_months(start, months) == expected


def test_days_left():
    assert days_left(date(2022, 10, 29), date(2022, 10, 3)) == 26
    assert days_left(date(2022, 10, 29), date(2022, 10, 29)) == 0
    assert days_left(date(2022, 10, 29), date(2022, 10, 30)) == -1


@pytest.mark.parametrize("schools, price, expected", [
    (1, Decimal(45), Decimal(45)), (3, Decimal(45), Decimal(135)), (7, Decimal(45), Decimal(315)),
    (1, Decimal(50), Decimal(50)), (30, Decimal(45), Decimal(1350)),
])
def test_cost(schools, price, expected):
    assert annual_cost(schools, price) == expected


def test_cost_needs_a_school():
    with pytest.raises(ValueError, match="au moins 1"):
        annual_cost(0, Decimal(45))


@pytest.mark.parametrize("dep, name, year, expected", [
    ("48", "Mende", 2022, "48-Mende-Convention-ENT-22-23.pdf"),
    ("48", "Saint-Chély-d'Apcher", 2022, "48-Saint-Chely-d-Apcher-Convention-ENT-22-23.pdf"),
    ("30", "Les Salles-du-Gardon", 2023, "30-Les-Salles-du-Gardon-Convention-ENT-23-24.pdf"),
    ("11", "L'Œil-de-Bœuf", 2022, "11-L-Oeil-de-Boeuf-Convention-ENT-22-23.pdf"),
    ("34", "Saint-Guilhem-le-Désert", 2099, "34-Saint-Guilhem-le-Desert-Convention-ENT-99-00.pdf"),
    ("66", "  Prats-de-Mollo-la-Preste ", 2022, "66-Prats-de-Mollo-la-Preste-Convention-ENT-22-23.pdf"),
])
def test_file_name(dep, name, year, expected):
    assert convention_filename(dep, name, year) == expected


def test_luhn():
    assert luhn_valid("211102603") and not luhn_valid("211102604")


@pytest.mark.parametrize("value", ["21110260300050", "211 102 603 00050", "35600000000047"])
def test_valid_siret(value):
    assert len(check_siret(value)) == 14


@pytest.mark.parametrize("value, message", [
    ("2111026030005", "exactement 14 chiffres"),
    ("21110260300051", "clé de contrôle"),
    ("2111026030005A", "exactement 14 chiffres"),
    ("35600000000048", "clé de contrôle"),
])
def test_invalid_siret(value, message):
    with pytest.raises(InvalidIdentifier, match=message):
        check_siret(value)


def test_siren():
    assert check_siren("211102603") == "211102603"
    with pytest.raises(InvalidIdentifier, match="clé de contrôle"):
        check_siren("211102604")
    with pytest.raises(InvalidIdentifier, match="9 chiffres"):
        check_siren("21110260")


def test_uai():
    assert check_uai("0110422z") == "0110422Z"
    with pytest.raises(InvalidIdentifier, match="devrait être Z"):
        check_uai("0110422A")
    with pytest.raises(InvalidIdentifier, match="7 chiffres suivis d'une lettre"):
        check_uai("011042Z")


def test_every_real_identifier_passes(data_dir):
    import csv
    with open(data_dir / "ecoles.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            check_uai(row["uai"])
            if row["siret"]:
                check_siret(row["siret"])


def test_recognise():
    assert recognise("0110422Z").kind == "uai"
    assert recognise("211 102 603").kind == "siren"
    assert recognise("21110260300050").kind == "siret"
    assert recognise("Mende") is None
    assert recognise("2111026030005").kind == "siret"  # a digit missing: the SIRET's check says how many it has
    with pytest.raises(InvalidIdentifier, match="14 chiffres .* il en a 13"):
        check_siret("2111026030005")


def test_school_year():
    assert parse_school_year("2022-2023") == parse_school_year("22-23") == parse_school_year("2022/2023") == 2022
    with pytest.raises(ValueError, match="2022-2023"):
        parse_school_year("2022-2024")


def test_french_formatting():
    assert format_date(date(2022, 11, 1)) == "1er novembre 2022"
    assert format_date(date(2022, 10, 29)) == "29 octobre 2022"
    assert format_euros(Decimal(1350)) == "1\u00a0350\u00a0€"
    assert format_euros(Decimal("1.5")) == "1,50\u00a0€"
    assert [format_days(n) for n in (0, 1, 12, -1, -3)] == [
        "aujourd'hui", "demain", "dans 12 jours", "hier", "il y a 3 jours"]
