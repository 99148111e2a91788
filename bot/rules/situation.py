"""Situations A, B and C of the conventionnement procedure (document 001, summarised in 000).

| situation | demande            | what the schools get                                 | if the signed convention is not returned |
| A         | up to the deadline | last year's schools, from the rentrée                | their access withdrawn, demande + delay  |
| B         | before the cutoff  | last year's and new schools, from the rentrée        | all withdrawn if not back before deadline|
| B         | cutoff..deadline   | last year's from the rentrée, new ones on the demande| all withdrawn, demande + delay           |
| C         | before the cutoff  | the schools, from the rentrée                        | withdrawn if not back before deadline    |
| C         | cutoff..deadline   | access opened on the basis of the demande            | withdrawn, demande + delay               |

After the deadline the documents say nothing: the result is NotCovered, never a guess.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum

from bot.rules.calendar import add_months
from bot.rules.campaign import CampaignTerms


class Letter(str, Enum):
    A = "A"  # conventioned last year, same school list
    B = "B"  # conventioned last year, adds and/or removes schools
    C = "C"  # not conventioned last year


class Period(str, Enum):
    NOT_FILED = "not_filed"
    BEFORE_CUTOFF = "before_cutoff"
    BEFORE_DEADLINE = "before_deadline"


class Access(str, Enum):
    PREVIOUS_SCHOOLS_FROM_RENTREE = "previous_schools_from_rentree"
    ALL_SCHOOLS_FROM_RENTREE = "all_schools_from_rentree"
    PREVIOUS_FROM_RENTREE_NEW_ON_DEMANDE = "previous_from_rentree_new_on_demande"
    SCHOOLS_FROM_RENTREE = "schools_from_rentree"
    SCHOOLS_ON_DEMANDE = "schools_on_demande"


class WithdrawalScope(str, Enum):
    SCHOOLS = "schools"
    ALL_SCHOOLS = "all_schools"


class NotCoveredReason(str, Enum):
    NO_CAMPAIGN = "no_campaign"
    CAMPAIGN_WITHOUT_DATES = "campaign_without_dates"
    DEMANDE_AFTER_DEADLINE = "demande_after_deadline"


@dataclass(frozen=True)
class NotCovered:
    reason: NotCoveredReason
    school_year: str | None = None


@dataclass(frozen=True)
class ReturnDeadline:
    """When the signed convention is due.

    commitment: the demande date plus the delay, which the collectivité ticks on the form.
    withdrawal: the date after which the académie withdraws access. For B and C before the cutoff the
    table says « avant le 29 octobre » while the form says « deux mois »: both are kept and said.
    """

    commitment: date
    withdrawal: date
    scope: WithdrawalScope

    @property
    def sources_disagree(self) -> bool:
        return self.commitment != self.withdrawal


@dataclass(frozen=True)
class Assessment:
    letter: Letter
    school_year: str
    period: Period
    demande_deadline: date
    rentree_cutoff: date | None  # only where filing early changes what the schools get (B and C)
    access: Access | None  # None while the demande is not filed, when its day decides
    return_deadline: ReturnDeadline | None


def situation_letter(conventioned_last_year: bool, changes_school_list: bool) -> Letter:
    if not conventioned_last_year:
        return Letter.C
    return Letter.B if changes_school_list else Letter.A


def assess(
    terms: CampaignTerms | None,
    conventioned_last_year: bool,
    changes_school_list: bool,
    demande_date: date | None,
) -> Assessment | NotCovered:
    if terms is None:
        return NotCovered(NotCoveredReason.NO_CAMPAIGN)
    if not terms.has_conventionnement_dates:
        return NotCovered(NotCoveredReason.CAMPAIGN_WITHOUT_DATES, terms.school_year)
    letter = situation_letter(conventioned_last_year, changes_school_list)
    cutoff, deadline, delay = terms.rentree_cutoff, terms.demande_deadline, terms.return_delay_months
    if demande_date is not None and demande_date > deadline:
        return NotCovered(NotCoveredReason.DEMANDE_AFTER_DEADLINE, terms.school_year)

    period = _period(demande_date, cutoff)
    access = return_deadline = None
    if _ACCESS[letter, True] is _ACCESS[letter, False]:  # situation A: the same whenever the demande is made
        access = _ACCESS[letter, True]
    if demande_date is not None:
        early = period is Period.BEFORE_CUTOFF
        access = _ACCESS[letter, early]
        commitment = add_months(demande_date, delay)
        withdrawal = deadline if early and letter is not Letter.A else commitment
        scope = WithdrawalScope.ALL_SCHOOLS if letter is Letter.B else WithdrawalScope.SCHOOLS
        return_deadline = ReturnDeadline(commitment, withdrawal, scope)
    return Assessment(
        letter=letter,
        school_year=terms.school_year,
        period=period,
        demande_deadline=deadline,
        rentree_cutoff=None if letter is Letter.A else cutoff,
        access=access,
        return_deadline=return_deadline,
    )


def return_deadline_of_any_situation(terms: CampaignTerms | None, demande_date: date) -> date | None:
    """The day the signed convention is due for a demande made that day, when situations A, B and C agree on it
    (from the cutoff to the deadline); None when the situation decides (before the cutoff) or the documents say
    nothing (after the deadline)."""
    due = set()
    for conventioned, changes in ((True, False), (True, True), (False, False)):
        result = assess(terms, conventioned, changes, demande_date)
        if isinstance(result, NotCovered):
            return None
        due.update({result.return_deadline.commitment, result.return_deadline.withdrawal})
    return due.pop() if len(due) == 1 else None


def _period(demande_date: date | None, cutoff: date) -> Period:
    if demande_date is None:
        return Period.NOT_FILED
    return Period.BEFORE_CUTOFF if demande_date < cutoff else Period.BEFORE_DEADLINE


_ACCESS = {
    (Letter.A, True): Access.PREVIOUS_SCHOOLS_FROM_RENTREE,
    (Letter.A, False): Access.PREVIOUS_SCHOOLS_FROM_RENTREE,
    (Letter.B, True): Access.ALL_SCHOOLS_FROM_RENTREE,
    (Letter.B, False): Access.PREVIOUS_FROM_RENTREE_NEW_ON_DEMANDE,
    (Letter.C, True): Access.SCHOOLS_FROM_RENTREE,
    (Letter.C, False): Access.SCHOOLS_ON_DEMANDE,
}
