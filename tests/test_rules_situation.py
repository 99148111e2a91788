"""Every row of the situations table (001) and its boundary dates, on the 2022-2023 terms."""
from datetime import date
from decimal import Decimal

import pytest

from bot.rules.campaign import CampaignTerms
from bot.rules.situation import (
    Access, Letter, NotCovered, NotCoveredReason, Period, WithdrawalScope, assess, return_deadline_of_any_situation,
    situation_letter,
)

TERMS = CampaignTerms(start_year=2022, price_per_school=Decimal(45), rentree_cutoff=date(2022, 8, 29),
                      demande_deadline=date(2022, 10, 29), return_delay_months=2)


@pytest.mark.parametrize("conventioned, changes, letter", [
    (True, False, Letter.A), (True, True, Letter.B), (False, False, Letter.C), (False, True, Letter.C),
])
def test_letter(conventioned, changes, letter):
    assert situation_letter(conventioned, changes) is letter


@pytest.mark.parametrize("demande, access, commitment, withdrawal", [
    (date(2022, 6, 20), Access.PREVIOUS_SCHOOLS_FROM_RENTREE, date(2022, 8, 20), date(2022, 8, 20)),
    (date(2022, 9, 15), Access.PREVIOUS_SCHOOLS_FROM_RENTREE, date(2022, 11, 15), date(2022, 11, 15)),
    (date(2022, 10, 29), Access.PREVIOUS_SCHOOLS_FROM_RENTREE, date(2022, 12, 29), date(2022, 12, 29)),
])
def test_situation_a_withdraws_two_months_after_the_demande(demande, access, commitment, withdrawal):
    result = assess(TERMS, True, False, demande)
    assert (result.letter, result.access) == (Letter.A, access)
    assert result.rentree_cutoff is None  # for A the 29 August changes nothing
    assert (result.return_deadline.commitment, result.return_deadline.withdrawal) == (commitment, withdrawal)
    assert result.return_deadline.scope is WithdrawalScope.SCHOOLS


def test_situation_b_before_the_cutoff_opens_all_schools_and_keeps_both_return_dates():
    result = assess(TERMS, True, True, date(2022, 7, 1))
    assert result.access is Access.ALL_SCHOOLS_FROM_RENTREE
    assert result.return_deadline.commitment == date(2022, 9, 1)
    assert result.return_deadline.withdrawal == date(2022, 10, 29)
    assert result.return_deadline.sources_disagree
    assert result.return_deadline.scope is WithdrawalScope.ALL_SCHOOLS


def test_situation_b_after_the_cutoff_opens_new_schools_on_the_demande():
    result = assess(TERMS, True, True, date(2022, 9, 5))
    assert result.access is Access.PREVIOUS_FROM_RENTREE_NEW_ON_DEMANDE
    assert result.return_deadline.commitment == result.return_deadline.withdrawal == date(2022, 11, 5)
    assert result.return_deadline.scope is WithdrawalScope.ALL_SCHOOLS


def test_situation_c_before_the_cutoff():
    result = assess(TERMS, False, False, date(2022, 8, 1))
    assert result.access is Access.SCHOOLS_FROM_RENTREE
    assert result.return_deadline.withdrawal == date(2022, 10, 29)
    assert result.return_deadline.commitment == date(2022, 10, 1)
    assert result.return_deadline.scope is WithdrawalScope.SCHOOLS


def test_situation_c_after_the_cutoff():
    result = assess(TERMS, False, False, date(2022, 10, 10))
    assert result.access is Access.SCHOOLS_ON_DEMANDE
    assert result.return_deadline.withdrawal == date(2022, 12, 10)


@pytest.mark.parametrize("day, period", [
    (date(2022, 8, 28), Period.BEFORE_CUTOFF),   # « avant le 29 août »
    (date(2022, 8, 29), Period.BEFORE_DEADLINE),  # the table's second column starts on the 29th
    (date(2022, 8, 30), Period.BEFORE_DEADLINE),
    (date(2022, 10, 29), Period.BEFORE_DEADLINE),  # « jusqu'au 29 octobre »
])
def test_boundaries_of_the_periods(day, period):
    for conventioned, changes in ((True, True), (False, False)):
        assert assess(TERMS, conventioned, changes, day).period is period


def test_29_august_for_b_is_on_the_demande_and_28_august_from_the_rentree():
    assert assess(TERMS, True, True, date(2022, 8, 28)).access is Access.ALL_SCHOOLS_FROM_RENTREE
    assert assess(TERMS, True, True, date(2022, 8, 29)).access is Access.PREVIOUS_FROM_RENTREE_NEW_ON_DEMANDE


def test_a_demande_after_the_deadline_is_not_covered():
    for conventioned, changes in ((True, False), (True, True), (False, False)):
        result = assess(TERMS, conventioned, changes, date(2022, 10, 30))
        assert result == NotCovered(NotCoveredReason.DEMANDE_AFTER_DEADLINE, "2022-2023")


def test_unknown_year_and_year_without_dates_are_not_covered():
    assert assess(None, True, False, None) == NotCovered(NotCoveredReason.NO_CAMPAIGN)
    old = CampaignTerms(start_year=2021, price_per_school=Decimal(50))
    assert assess(old, False, False, date(2021, 9, 1)).reason is NotCoveredReason.CAMPAIGN_WITHOUT_DATES


def test_not_filed_gives_the_deadlines_to_file():
    result = assess(TERMS, False, False, None)
    assert result.period is Period.NOT_FILED and result.access is None and result.return_deadline is None
    assert (result.rentree_cutoff, result.demande_deadline) == (date(2022, 8, 29), date(2022, 10, 29))
    # In situation A the access does not depend on the demande's day: it is known before it is made.
    assert assess(TERMS, True, False, None).access is Access.PREVIOUS_SCHOOLS_FROM_RENTREE


def test_month_end_of_the_return_delay():
    assert assess(TERMS, False, False, date(2022, 8, 31)).return_deadline.withdrawal == date(2022, 10, 31)


@pytest.mark.parametrize("demande, due", [
    (date(2022, 10, 10), date(2022, 12, 10)),  # after the cutoff: two months, whatever the situation
    (date(2022, 8, 29), date(2022, 10, 29)),
    (date(2022, 8, 28), None),  # before it, B and C also have the withdrawal on 29 October: the situation decides
    (date(2022, 10, 30), None),  # after the deadline the documents say nothing
])
def test_a_return_deadline_that_does_not_depend_on_the_situation(demande, due):
    assert return_deadline_of_any_situation(TERMS, demande) == due
