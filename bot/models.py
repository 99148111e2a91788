"""The convention database: campaigns, communes, collectivités, schools, and their demandes and conventions."""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import (
    Boolean, CheckConstraint, Column, Date, DateTime, ForeignKey, Index, Integer, String, Table, Text, text,
)
from sqlalchemy.orm import declarative_base, relationship

from bot.rules.campaign import CampaignTerms, school_year_label

Base = declarative_base()

COLLECTIVITE_TYPES = ("commune", "CC", "CA", "CU", "METRO", "syndicat")
SCHOOL_TYPES = ("maternelle", "elementaire", "primaire")
DEMANDE_STATUSES = ("deposee", "convention_signee", "classee_sans_suite")


class Campaign(Base):
    """One school year's conventionnement: its price and dates, as the documents of that year set them."""

    __tablename__ = "campaigns"
    __table_args__ = (
        CheckConstraint("price_per_school_cents > 0", name="price_positive"),
        CheckConstraint("return_delay_months > 0", name="delay_positive"),
        CheckConstraint("rentree_cutoff <= demande_deadline", name="cutoff_before_deadline"),
    )

    id = Column(Integer, primary_key=True)
    start_year = Column(Integer, nullable=False, unique=True)
    price_per_school_cents = Column(Integer, nullable=False)  # integer cents: exact on SQLite and PostgreSQL
    rentree_cutoff = Column(Date)
    demande_deadline = Column(Date)
    return_delay_months = Column(Integer)
    ent_closing_date = Column(Date)
    titre_perception_period = Column(String(80))
    sources = Column(String(40), nullable=False)

    @property
    def school_year(self) -> str:
        return school_year_label(self.start_year)

    @property
    def price_per_school(self) -> Decimal:
        return Decimal(self.price_per_school_cents) / 100

    @price_per_school.setter
    def price_per_school(self, value: Decimal) -> None:
        self.price_per_school_cents = int(Decimal(value) * 100)

    def terms(self) -> CampaignTerms:
        return CampaignTerms(
            start_year=self.start_year,
            price_per_school=self.price_per_school,
            rentree_cutoff=self.rentree_cutoff,
            demande_deadline=self.demande_deadline,
            return_delay_months=self.return_delay_months,
            ent_closing_date=self.ent_closing_date,
            titre_perception_period=self.titre_perception_period,
        )


class Collectivite(Base):
    """Who signs a convention: a commune, an EPCI, or a syndicate of communes."""

    __tablename__ = "collectivites"
    __table_args__ = (
        CheckConstraint(f"type IN {COLLECTIVITE_TYPES}", name="collectivite_type"),
        CheckConstraint("length(siren) = 9", name="siren_length"),
    )

    id = Column(Integer, primary_key=True)
    siren = Column(String(9), nullable=False, unique=True)
    siret = Column(String(14), unique=True)
    name = Column(String(200), nullable=False)
    type = Column(String(10), nullable=False)

    commune = relationship("Commune", foreign_keys="Commune.collectivite_id", back_populates="collectivite", uselist=False)
    member_communes = relationship("Commune", foreign_keys="Commune.epci_id", back_populates="epci")
    demandes = relationship("Demande", back_populates="collectivite")

    @property
    def signatory_title(self) -> str:
        return "maire" if self.type == "commune" else "président de l'exécutif"


class Commune(Base):
    __tablename__ = "communes"

    insee = Column(String(5), primary_key=True)
    name = Column(String(120), nullable=False, index=True)
    departement = Column(String(3), nullable=False)
    departement_name = Column(String(60), nullable=False)
    postal_codes = Column(String(60), nullable=False)
    population = Column(Integer)
    collectivite_id = Column(ForeignKey("collectivites.id"), nullable=False, unique=True)
    epci_id = Column(ForeignKey("collectivites.id"), index=True)
    mairie_address = Column(String(250))
    mairie_phone = Column(String(40))
    mairie_email = Column(String(200))
    mairie_website = Column(String(250))

    collectivite = relationship(Collectivite, foreign_keys=[collectivite_id], back_populates="commune")
    epci = relationship(Collectivite, foreign_keys=[epci_id], back_populates="member_communes")
    schools = relationship("School", back_populates="commune", order_by="School.uai")


class School(Base):
    __tablename__ = "schools"
    __table_args__ = (
        CheckConstraint(f"type IN {SCHOOL_TYPES}", name="school_type"),
        CheckConstraint("pupils >= 0", name="pupils_not_negative"),
        CheckConstraint("length(uai) = 8", name="uai_length"),
    )

    uai = Column(String(8), primary_key=True)
    name = Column(String(200), nullable=False)
    type = Column(String(12), nullable=False)
    commune_insee = Column(ForeignKey("communes.insee"), nullable=False, index=True)
    pupils = Column(Integer)
    siret = Column(String(14))
    address = Column(String(250))
    circonscription = Column(String(200))

    commune = relationship(Commune, back_populates="schools")


demande_communes = Table(
    "demande_communes",
    Base.metadata,
    Column("demande_id", ForeignKey("demandes.id", ondelete="CASCADE"), primary_key=True),
    Column("commune_insee", ForeignKey("communes.insee"), primary_key=True),
)

demande_schools = Table(
    "demande_schools",
    Base.metadata,
    Column("demande_id", ForeignKey("demandes.id", ondelete="CASCADE"), primary_key=True),
    Column("uai", ForeignKey("schools.uai"), primary_key=True),
)


class Demande(Base):
    """A demande d'adhésion and the convention that follows it, for one collectivité and one campaign.

    returned_date is the day the signed convention came back (for a past year known only from the signed
    convention itself, the day it was signed). At most one demande per collectivité and campaign is active:
    a demande classée sans suite may be followed by a new one.
    """

    __tablename__ = "demandes"
    __table_args__ = (
        CheckConstraint(f"status IN {DEMANDE_STATUSES}", name="demande_status"),
        CheckConstraint("returned_date IS NULL OR demande_date IS NULL OR returned_date >= demande_date",
                        name="returned_after_demande"),
        CheckConstraint("(status = 'convention_signee') = (returned_date IS NOT NULL)", name="signed_has_date"),
        Index("one_active_demande", "collectivite_id", "campaign_id", unique=True,
              sqlite_where=text("status != 'classee_sans_suite'"),
              postgresql_where=text("status != 'classee_sans_suite'")),
    )

    id = Column(Integer, primary_key=True)
    collectivite_id = Column(ForeignKey("collectivites.id"), nullable=False, index=True)
    campaign_id = Column(ForeignKey("campaigns.id"), nullable=False, index=True)
    dossier_number = Column(String(40), unique=True)
    demande_date = Column(Date)
    returned_date = Column(Date)
    status = Column(String(20), nullable=False)
    is_demo = Column(Boolean, nullable=False, default=False)
    source = Column(String(120), nullable=False)

    collectivite = relationship(Collectivite, back_populates="demandes")
    campaign = relationship(Campaign)
    communes = relationship(Commune, secondary=demande_communes, order_by=Commune.name)
    schools = relationship(School, secondary=demande_schools, order_by=School.uai)


class HandoffRequest(Base):
    """A user asked for a person: what they asked is kept so that the helpdesk can answer it."""

    __tablename__ = "handoff_requests"

    id = Column(Integer, primary_key=True)
    created_at = Column(DateTime(timezone=True), nullable=False, index=True)
    conversation = Column(String(64), nullable=False, index=True)  # a hash of the conversation id, not the id
    question = Column(Text, nullable=False)
    collectivite_siren = Column(String(9))
    status = Column(String(20), nullable=False, default="a_traiter")


class UnansweredQuestion(Base):
    """A message the assistant left without an answer (not understood, out of scope, in another language, or on a
    value the campaign in the database lacks), with personal data masked, for the académie to read."""

    __tablename__ = "unanswered_questions"

    id = Column(Integer, primary_key=True)
    created_at = Column(DateTime(timezone=True), nullable=False, index=True)
    text = Column(Text, nullable=False)
    intent = Column(String(80))
    confidence = Column(Integer)  # percent
