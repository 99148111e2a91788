"""From a collectivité's facts to what the helpdesk reads to it: situation, deadlines with days left, cost.

The rules decide; the knowledge base words; this module only puts the two together in the order a caller needs.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from bot.french import format_date, format_days, format_euros, plural
from bot.knowledge import Answer, KnowledgeBase, MissingFact, campaign_values, knowledge
from bot.rules.calendar import days_left
from bot.rules.campaign import CampaignTerms, school_year_label
from bot.rules.cost import annual_cost
from bot.rules.situation import Assessment, Letter, NotCovered, Period, assess


@dataclass(frozen=True)
class Campaigns:
    """The campaign in force on a day and the one before it (None where the database has none)."""

    current: CampaignTerms | None
    previous: CampaignTerms | None
    asked_start_year: int

    def values(self) -> dict[str, str | None]:
        return campaign_values(self.current, self.previous)


@dataclass(frozen=True)
class Facts:
    conventioned_last_year: bool
    changes_school_list: bool | None  # None: not known yet (situation A or B)
    demande_date: date | None = None
    returned_date: date | None = None
    classee_sans_suite: bool = False
    school_count: int | None = None


@dataclass(frozen=True)
class Deadline:
    label: str
    day: date
    days_left: int

    def as_dict(self) -> dict:
        return {"libelle": self.label, "date": self.day.isoformat(), "jours_restants": self.days_left}


@dataclass
class Advice:
    situation: str | None
    covered: bool
    deadlines: list[Deadline] = field(default_factory=list)
    cost: Decimal | None = None
    sentences: list[Answer] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "situation": self.situation,
            "couvert_par_les_documents": self.covered,
            "echeances": [d.as_dict() for d in self.deadlines],
            "cout_annuel_euros": None if self.cost is None else str(self.cost),
            "phrases": [s.as_dict() for s in self.sentences],
        }


def advise(campaigns: Campaigns, facts: Facts, today: date, kb: KnowledgeBase | None = None) -> Advice:
    kb = kb or knowledge()
    values = campaigns.values()
    say = _Speaker(kb, values)
    changes = bool(facts.changes_school_list)
    result = assess(campaigns.current, facts.conventioned_last_year, changes, facts.demande_date)
    if isinstance(result, NotCovered):
        say("non_couvert_" + result.reason.value, annee_demandee=school_year_label(campaigns.asked_start_year))
        say("contact")
        return Advice(situation=None, covered=False, sentences=say.sentences)

    letter = result.letter.value
    if facts.changes_school_list is None and result.letter is not Letter.C:
        letter = "A ou B"
        say("situation_A_ou_B")
    else:
        say(f"situation_{letter}")
    advice = Advice(situation=letter, covered=True, sentences=say.sentences)

    if result.period is Period.NOT_FILED:
        _not_filed(result, letter, today, say, advice)
    else:
        _filed(result, facts, today, say, advice)
    if advice.covered and facts.school_count:
        advice.cost = annual_cost(facts.school_count, campaigns.current.price_per_school)
        say("cout", ecoles=plural(facts.school_count, "école"), montant=format_euros(advice.cost))
    elif advice.covered:  # the schools are not known (yet): the price for each
        say("cout_par_ecole")
    if campaigns.current.start_year + 1 < today.year:
        say("campagne_passee")
    return advice


def _not_filed(result: Assessment, letter: str, today: date, say: "_Speaker", advice: Advice) -> None:
    deadline = result.demande_deadline
    if days_left(deadline, today) < 0:
        advice.covered = False
        say("non_couvert_demande_after_deadline")
        say("contact")
        return
    advice.deadlines.append(Deadline("Dernier jour pour la demande d'adhésion", deadline, days_left(deadline, today)))
    if result.access is not None:
        say("acces_" + result.access.value)
    if letter == "A" or result.rentree_cutoff is None:
        say("demande_a_faire_A", jours=format_days(days_left(deadline, today)))
    else:
        cutoff = result.rentree_cutoff
        advice.deadlines.insert(0, Deadline("Demande avant ce jour pour un accès dès la rentrée", cutoff,
                                            days_left(cutoff, today)))
        say("demande_a_faire_BC", jours=format_days(days_left(deadline, today)),
            jours_rentree=format_days(days_left(cutoff, today)))
    say("retour_apres_demande")


def _filed(result: Assessment, facts: Facts, today: date, say: "_Speaker", advice: Advice) -> None:
    say("demande_faite", date_demande=format_date(facts.demande_date))
    say("acces_" + result.access.value)
    due = result.return_deadline
    if facts.returned_date is not None:
        say("retour_fait", date_retour_effectif=format_date(facts.returned_date))
        return
    if facts.classee_sans_suite:
        say("classee_sans_suite_constat", date_demande=format_date(facts.demande_date))
        say("contact")
        return
    advice.deadlines.append(Deadline("Retour de la convention signée", due.commitment,
                                     days_left(due.commitment, today)))
    if due.sources_disagree:
        advice.deadlines.append(Deadline("Retrait des accès sans convention signée", due.withdrawal,
                                         days_left(due.withdrawal, today)))
        say("retour_deux_dates", date_retour=format_date(due.commitment),
            jours=format_days(days_left(due.commitment, today)), date_retrait=format_date(due.withdrawal),
            jours_retrait=format_days(days_left(due.withdrawal, today)))
    else:
        say("retour_un_delai", date_retour=format_date(due.commitment),
            jours=format_days(days_left(due.commitment, today)))
    if days_left(due.withdrawal, today) < 0:
        say("retour_depasse", date_retrait=format_date(due.withdrawal),
            portee=say.text("portee_" + due.scope.value))
        say("contact")
    else:
        say("retrait_" + due.scope.value, date_retrait=format_date(due.withdrawal))


class _Speaker:
    """Renders knowledge entries with the campaign values and keeps them in order."""

    def __init__(self, kb: KnowledgeBase, values: dict[str, str | None]):
        self.kb, self.values, self.sentences = kb, values, []

    def __call__(self, key: str, **computed: str) -> None:
        self.sentences.append(self.kb.answer(key, **{**self.values, **computed}))

    def text(self, key: str) -> str:
        return self.kb.answer(key).text


__all__ = ["Advice", "Campaigns", "Deadline", "Facts", "MissingFact", "advise"]
