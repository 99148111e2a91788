"""What the chat assistant says, from plain values: the Rasa actions read slots, call one method, send the replies.

Every reply that states a fact ends with the line naming its source documents (helpdesk agents read it out).
"""
from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass, replace
from datetime import date, datetime, timezone
from typing import Callable

from sqlalchemy.orm import Session

from bot.advice import Facts, advise
from bot.campaigns import campaigns_for
from bot.db import open_session
from bot.fiche import Ambiguous, BadQuery, Fiche, NotFound, build_fiche, found_again, place_index, resolve
from bot.french import format_date, format_days, format_euros, plural
from bot.knowledge import Answer, KnowledgeBase, MissingFact, knowledge
from bot.models import HandoffRequest, UnansweredQuestion
from bot.parsing import PartialDate
from bot.personal_data import mask_personal_data, readable
from bot.rules.calendar import days_left
from bot.rules.cost import annual_cost
from bot.rules.filename import convention_filename
from bot.rules.situation import return_deadline_of_any_situation, situation_letter
from bot.settings import load_settings

UPLOAD_STEPS = 4
MAX_CHOICES = 8  # more homonyms than this are not offered as buttons: the name is asked in full


@dataclass(frozen=True)
class Button:
    title: str
    payload: str


@dataclass(frozen=True)
class Reply:
    text: str
    buttons: tuple[Button, ...] = ()


@dataclass(frozen=True)
class Identification:
    """The result of looking a user's SIRET, UAI or commune up, and what the database knows of it."""

    status: str  # "found", "ambiguous", "not_found" or "invalid"
    replies: tuple[Reply, ...] = ()
    siren: str | None = None
    commune_insee: str | None = None
    query: str | None = None  # what finds the same collectivité and commune again
    conventioned_last_year: bool | None = None
    changes_school_list: bool | None = None
    demande_date: date | None = None


def compose(answers: list[Answer], buttons: tuple[Button, ...] = ()) -> Reply:
    """Sentences one per line, then one line with their sources."""
    sources = list(dict.fromkeys(source for answer in answers for source in answer.sources))
    text = "\n".join(answer.text for answer in answers)
    if sources:
        text += "\n\nSource : " + " ; ".join(source.citation for source in sources)
    return Reply(text, buttons)


class Assistant:
    def __init__(self, database_url: str | None = None, today: Callable[[], date] | None = None,
                 kb: KnowledgeBase | None = None):
        self.database_url = database_url
        self.today = today or load_settings().today
        self.kb = kb or knowledge()

    def _session(self) -> Session:
        return open_session(self.database_url)

    def _values(self, session: Session) -> dict[str, str | None]:
        return campaigns_for(session, self.today()).values()

    def _button(self, key: str, payload: str) -> Button:
        return Button(self.kb.answer(key).text, payload)

    def _not_covered(self, values: dict[str, str | None]) -> Reply:
        return compose([self.kb.answer("non_couvert", **values), self.kb.answer("contact", **values)])

    def topic(self, key: str, buttons: tuple[Button, ...] = (), question: str | None = None) -> list[Reply]:
        """A knowledge entry with this campaign's values; where a value is missing, say so and give the contact, and
        keep the question for the académie's report: what the campaign in the database does not tell yet."""
        with self._session() as session:
            values = self._values(session)
        try:
            return [compose([self.kb.answer(key, **values)], buttons)]
        except MissingFact:
            if question:
                self.record_unanswered(question, f"non_couvert:{key}", None)
            return [self._not_covered(values)]

    def return_deadline(self, demande_date: date) -> list[Reply] | None:
        """« on a fait la demande le 10 octobre, on renvoie la convention quand ? »: the day itself, when it does not
        depend on the situation; None when it does (the situation's questions then tell)."""
        today = self.today()
        with self._session() as session:
            campaigns = campaigns_for(session, today)
        due = return_deadline_of_any_situation(campaigns.current, demande_date)
        if due is None:
            return None
        return [compose([self.kb.answer("retour_pour_date", date_demande=format_date(demande_date),
                                        date_retour=format_date(due), jours=format_days(days_left(due, today)),
                                        **campaigns.values())])]

    def campaign_start_year(self) -> int:
        """The first year of the campaign in force's school year (2022 for 2022-2023)."""
        with self._session() as session:
            return campaigns_for(session, self.today()).asked_start_year

    def campaign_day(self, partial: PartialDate) -> date:
        """A date written without its year is taken in the school year of the campaign in force."""
        return partial.in_school_year(self.campaign_start_year())

    @functools.lru_cache(maxsize=256)
    def place_named_in(self, text: str) -> str | None:
        """A commune or EPCI named in a message by its name (« la situation de la commune de Millas »). Kept per
        message: a form asks it several times of the same message, and the places do not change while running."""
        with self._session() as session:
            return place_index(session).named_in(text)

    def identify(self, query: str, questions_instead: bool = False) -> Identification:
        """`questions_instead`: a place not found can be done without, the situation then asking its questions (its
        question for the commune, asked again next, has the button to go on without)."""
        with self._session() as session:
            try:
                found = resolve(session, query)
            except BadQuery as exc:
                return Identification("invalid", (Reply(str(exc)),))
            if isinstance(found, NotFound):
                extra = " " + self.kb.answer("hors_base").text if questions_instead else ""
                return Identification("not_found", (Reply(found.message + extra),))
            if isinstance(found, Ambiguous) and len(found.choices) > MAX_CHOICES:
                return Identification("ambiguous", (Reply(self.kb.answer(
                    "preciser_commune", recherche=query, nombre=str(len(found.choices)),
                    exemple=found.choices[0].label.rsplit(" (", 1)[0]).text),))
            if isinstance(found, Ambiguous):
                buttons = tuple(Button(c.label, f'/inform{{"commune":"{c.query}"}}') for c in found.choices)
                return Identification("ambiguous", (Reply(self.kb.answer("choisir_commune").text, buttons),))
            fiche = build_fiche(session, found, self.today())
        facts = fiche.facts
        known = fiche.current is not None
        return Identification(
            "found", (Reply(self._recognised(fiche)),), siren=fiche.siren,
            commune_insee=fiche.commune and fiche.commune["insee"], query=fiche.query,
            conventioned_last_year=facts.conventioned_last_year,
            changes_school_list=facts.changes_school_list if known else None,
            demande_date=facts.demande_date if known else None,
        )

    def _recognised(self, fiche: Fiche) -> str:
        parts = [fiche.label]
        if fiche.previous is not None and fiche.previous.status == "convention_signee":
            parts.append(self.kb.answer("fiche_convention_signee", annee=fiche.previous.school_year).text)
        elif fiche.advice.situation == "C":
            # The situation is known at once, before the questions on the deadlines.
            parts.append(self.kb.answer("fiche_sans_convention").text)
        if fiche.current is not None and fiche.current.demande_date:
            parts.append(self.kb.answer("fiche_demande", annee=fiche.current.school_year,
                                        date=format_date(fiche.current.demande_date)).text)
        text = self.kb.answer("commune_reconnue", fiche=", ".join(parts)).text
        if fiche.is_demo:
            text += "\n" + self.kb.answer("donnees_fictives").text
        return text

    def situation(self, siren: str | None, commune_insee: str | None, conventioned_last_year: bool | None,
                  changes_school_list: bool | None, demande_date: date | None,
                  school_count: int | None = None) -> list[Reply]:
        """The situation, access, deadlines and cost: the database's facts, completed by what the user said.

        Last year's convention is the database's to say for a collectivité it knows; where the user said otherwise,
        the answer says which it relies on and offers a person to check it. A demande date the user gives is taken
        (the database may not have caught up yet), and the answer says the database had another. So is a number of
        schools the user gives.
        """
        today = self.today()
        with self._session() as session:
            campaigns = campaigns_for(session, today)
            said = {"changes_school_list": changes_school_list, "demande_date": demande_date,
                    "school_count": school_count}
            fiche = None
            if siren:
                fiche = build_fiche(session, found_again(session, siren, commune_insee), today)
                facts = replace(fiche.facts, **{k: v for k, v in said.items() if v is not None})
                if facts.changes_school_list and fiche.current is None and school_count is None:
                    # The database counts last year's schools, and the list changes: this year's count is unknown.
                    facts = replace(facts, school_count=None)
                if facts.returned_date and facts.demande_date and facts.returned_date < facts.demande_date:
                    # A return recorded before the demande the user dates belongs to another demande.
                    facts = replace(facts, returned_date=None)
            else:
                facts = Facts(conventioned_last_year=bool(conventioned_last_year), **said)
        advice = advise(campaigns, facts, today, self.kb)
        answers = list(advice.sentences)
        buttons = (self._button("sujet_ask_upload", "/ask_upload"),) if advice.covered else ()
        if fiche is not None and fiche.file_name and advice.covered and facts.returned_date is None:
            answers.append(self.kb.answer("nom_fichier", nom_fichier=fiche.file_name))
        if fiche is not None and conventioned_last_year not in (None, facts.conventioned_last_year):
            # The user says otherwise of last year's convention: the database decides, and the answer says so.
            key = "base_convention_signee" if facts.conventioned_last_year else "base_sans_convention"
            answers.insert(0, self.kb.answer(key, **campaigns.values()))
            buttons += (self._button("sujet_human_handoff", "/human_handoff"),)
        if fiche is not None and fiche.facts.demande_date not in (None, facts.demande_date):
            answers.insert(0, self.kb.answer("base_autre_date", date=format_date(fiche.facts.demande_date)))
        return [compose(answers, buttons)]

    def situation_said(self, conventioned_last_year: bool, changes_school_list: bool | None) -> list[Reply]:
        """The situation that the user's own words decide (« on avait une convention l'an dernier et on garde les
        mêmes écoles »), said before the collectivité is asked for its deadlines; nothing without a campaign."""
        if conventioned_last_year and changes_school_list is None:
            key = "situation_A_ou_B"
        else:
            key = f"situation_{situation_letter(conventioned_last_year, bool(changes_school_list)).value}"
        with self._session() as session:
            values = self._values(session)
        try:
            return [compose([self.kb.answer(key, **values)])]
        except MissingFact:
            return []

    def cost(self, school_count: int | None, siren: str | None = None, commune_insee: str | None = None) -> list[Reply]:
        with self._session() as session:
            campaigns = campaigns_for(session, self.today())
            values = campaigns.values()
            if school_count is None and siren:
                fiche = build_fiche(session, found_again(session, siren, commune_insee), self.today())
                school_count = len(fiche.schools) or None
        if campaigns.current is None or school_count is None:
            return [self._not_covered(values)]
        if school_count < 1:
            return [Reply(self.kb.answer("cout_zero").text)]
        amount = annual_cost(school_count, campaigns.current.price_per_school)
        answers = [self.kb.answer("cout", ecoles=plural(school_count, "école"), montant=format_euros(amount), **values)]
        try:
            answers.append(self.kb.answer("titre_perception", **values))
        except MissingFact:
            pass
        return [compose(answers)]

    def upload_step(self, step: int, commune_insee: str | None) -> list[Reply]:
        """Step 1 to 4 of the tutorial, one at a time; then the checks and the two things that go wrong."""
        with self._session() as session:
            values = self._values(session)
            file_name = None
            if commune_insee:
                from bot.models import Commune
                commune = session.get(Commune, commune_insee)
                campaigns = campaigns_for(session, self.today())
                if commune and campaigns.current:
                    file_name = convention_filename(commune.departement, commune.name, campaigns.current.start_year)
        if step > UPLOAD_STEPS:
            return [compose([self.kb.answer("depot_verifications", **values)],
                            (self._button("sujet_faq_attestation_absente", "/faq_attestation_absente"),
                             self._button("sujet_faq_convention_erreur", "/faq_convention_erreur")))]
        example = file_name or self.kb.answer("nom_fichier_exemple").text
        answer = self.kb.answer(f"depot_etape_{step}", nom_fichier=example, **values)
        header = self.kb.answer("depot_etape_titre", etape=str(step), total=str(UPLOAD_STEPS)).text
        text = compose([answer]).text
        if step == 3 and file_name is None:
            text += "\n" + self.kb.answer("nom_fichier_commune_inconnue").text
        next_key = "bouton_etape_suivante" if step < UPLOAD_STEPS else "bouton_verifications"
        return [Reply(f"{header}\n{text}", (self._button(next_key, "/next_step"),))]

    def handoff(self, conversation_id: str, question: str, siren: str | None) -> list[Reply]:
        """Records the request so that nothing the user asked is lost, and gives the contact."""
        with self._session() as session:
            values = self._values(session)
            session.add(HandoffRequest(created_at=datetime.now(timezone.utc), conversation=_hash(conversation_id),
                                       question=readable(question)[:4000] or "(aucune question)",
                                       collectivite_siren=siren))
            session.commit()
        return [compose([self.kb.answer("transfert", **values), self.kb.answer("contact", **values)])]

    def record_unanswered(self, text: str, intent: str | None, confidence: float | None) -> None:
        with self._session() as session:
            session.add(UnansweredQuestion(created_at=datetime.now(timezone.utc),
                                           text=mask_personal_data(readable(text))[:1000], intent=intent,
                                           confidence=None if confidence is None else round(confidence * 100)))
            session.commit()


def _hash(conversation_id: str) -> str:
    return hashlib.sha256(conversation_id.encode()).hexdigest()
