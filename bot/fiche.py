"""The helpdesk's card of a collectivité: who signs, its communes and schools, its conventions, what to tell it."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot.advice import Advice, Facts, advise
from bot.campaigns import campaigns_for
from bot.knowledge import Answer, knowledge
from bot.models import Collectivite, Commune, Demande, School, demande_communes
from bot.rules.filename import convention_filename
from bot.rules.identifiers import InvalidIdentifier, check_siren, check_siret, check_uai, recognise
from bot.search import Place, PlaceIndex


@dataclass(frozen=True)
class Found:
    collectivite_id: int
    commune_insee: str | None  # the commune asked about, when the query named one (or one of its schools)


@dataclass(frozen=True)
class Choice:
    label: str  # « Saint-Denis (11, Aude) »
    query: str  # what to look up to take this choice: « Saint-Denis 11 », or an EPCI's SIREN


@dataclass(frozen=True)
class Ambiguous:
    choices: list[Choice]


@dataclass(frozen=True)
class NotFound:
    message: str


class BadQuery(ValueError):
    """An identifier that fails its check; the message is French and meant for the user."""


_INDEXES: dict[str, PlaceIndex] = {}


def place_index(session: Session) -> PlaceIndex:
    """The names of communes and EPCI, indexed once per database: reference data does not change while running."""
    url = str(session.get_bind().url)
    if url not in _INDEXES:
        places = [Place(c.insee, c.name, c.departement, "commune") for c in session.scalars(select(Commune))]
        places += [Place(c.siren, c.name, "", "epci") for c in session.scalars(
            select(Collectivite).where(Collectivite.type != "commune"))]
        _INDEXES[url] = PlaceIndex(places)
    return _INDEXES[url]


def resolve(session: Session, query: str) -> Found | Ambiguous | NotFound:
    """A SIRET, SIREN, UAI or commune/EPCI name -> the collectivité that signs for it. Raises BadQuery."""
    identifier = recognise(query)
    try:
        if identifier and identifier.kind == "uai":
            school = session.get(School, check_uai(identifier.value))
            if school is None:
                return NotFound(f"Aucune école publique ouverte de l'académie n'a le code UAI {identifier.value}.")
            return _for_commune(session, school.commune)
        if identifier and identifier.kind in ("siret", "siren"):
            siren = check_siret(identifier.value)[:9] if identifier.kind == "siret" else check_siren(identifier.value)
            collectivite = session.scalar(select(Collectivite).where(Collectivite.siren == siren))
            if collectivite is None:
                return NotFound(f"Aucune collectivité de l'académie n'a le SIREN {siren}.")
            if collectivite.commune is not None:
                return _for_commune(session, collectivite.commune)
            return Found(collectivite.id, None)
    except InvalidIdentifier as exc:
        raise BadQuery(str(exc)) from exc

    matches = place_index(session).find(query)
    if not matches:
        return NotFound(f"Je ne trouve aucune commune ni intercommunalité de l'académie qui ressemble à « {query} ».")
    if len(matches) > 1:
        return Ambiguous([Choice(_label(m.place), m.place.key if m.place.kind == "epci"
                                 else place_query(m.place.name, m.place.departement)) for m in matches])
    place = matches[0].place
    if place.kind == "epci":
        return Found(session.scalar(select(Collectivite.id).where(Collectivite.siren == place.key)), None)
    return _for_commune(session, session.get(Commune, place.key))


def found_again(session: Session, siren: str, commune_insee: str | None) -> Found:
    """The collectivité and commune an earlier lookup found, from their identifiers, without searching a name."""
    if commune_insee:
        return _for_commune(session, session.get(Commune, commune_insee))
    return resolve(session, siren)


def place_query(name: str, departement: str) -> str:
    """What finds one commune by its name: « Saint-Denis 11 »."""
    return f"{name} {departement}"


def _label(place: Place) -> str:
    return f"{place.name} ({place.departement})" if place.departement else f"{place.name} (intercommunalité)"


def _for_commune(session: Session, commune: Commune) -> Found:
    """A commune is signed for by whoever signed its latest demande (its EPCI, say), else by itself."""
    signer = session.scalar(
        select(Demande.collectivite_id).join(demande_communes).where(demande_communes.c.commune_insee == commune.insee)
        .order_by(Demande.campaign_id.desc(), Demande.id.desc()).limit(1))
    return Found(signer or commune.collectivite_id, commune.insee)


@dataclass
class SchoolLine:
    uai: str
    name: str
    type: str
    commune: str
    pupils: int | None

    def as_dict(self) -> dict:
        return {"uai": self.uai, "nom": self.name, "type": self.type, "commune": self.commune, "eleves": self.pupils}


@dataclass
class DemandeLine:
    school_year: str
    dossier_number: str | None
    demande_date: date | None
    returned_date: date | None
    status: str
    schools: list[SchoolLine]
    is_demo: bool
    source: str

    def as_dict(self) -> dict:
        return {"annee_scolaire": self.school_year, "numero_dossier": self.dossier_number,
                "date_demande": self.demande_date and self.demande_date.isoformat(),
                "date_retour": self.returned_date and self.returned_date.isoformat(), "statut": self.status,
                "ecoles": [s.as_dict() for s in self.schools], "fictif": self.is_demo, "source": self.source}


@dataclass
class Fiche:
    name: str
    type: str
    siren: str
    signatory: str
    commune: dict | None
    communes: list[str]
    schools: list[SchoolLine]
    school_year: str | None
    previous: DemandeLine | None
    current: DemandeLine | None
    facts: Facts
    advice: Advice
    file_name: str | None
    script: list[Answer] = field(default_factory=list)

    @property
    def label(self) -> str:
        """« Mende (48) », or « CC … pour Mouthoumet (11) » when an EPCI signs for the commune asked about."""
        if self.commune is None:
            return self.name
        place = f"{self.commune['nom']} ({self.commune['departement']})"
        return place if self.type == "commune" else f"{self.name}, pour {place}"

    @property
    def query(self) -> str:
        """What finds this collectivité again, for the same commune: « Mouthoumet 11 », or its SIREN."""
        return place_query(self.commune["nom"], self.commune["departement"]) if self.commune else self.siren

    @property
    def is_demo(self) -> bool:
        return any(d is not None and d.is_demo for d in (self.previous, self.current))

    def as_dict(self) -> dict:
        return {
            "collectivite": {"nom": self.name, "type": self.type, "siren": self.siren, "signataire": self.signatory},
            "commune": self.commune,
            "communes_couvertes": self.communes,
            "ecoles": [s.as_dict() for s in self.schools],
            "annee_scolaire": self.school_year,
            "convention_precedente": self.previous and self.previous.as_dict(),
            "demande_en_cours": self.current and self.current.as_dict(),
            **self.advice.as_dict(),
            "nom_fichier_convention": self.file_name,
            "script": [s.as_dict() for s in self.script],
            "donnees_fictives": self.is_demo,
        }


def build_fiche(session: Session, found: Found, today: date) -> Fiche:
    collectivite = session.get(Collectivite, found.collectivite_id)
    campaigns = campaigns_for(session, today)
    demandes = session.scalars(
        select(Demande).where(Demande.collectivite_id == collectivite.id)
        .options(selectinload(Demande.schools).selectinload(School.commune), selectinload(Demande.communes),
                 selectinload(Demande.campaign))
        .order_by(Demande.id)).all()
    by_year = {d.campaign.start_year: d for d in demandes}  # the latest demande of each year wins
    current = by_year.get(campaigns.current.start_year) if campaigns.current else None
    previous = by_year.get(campaigns.previous.start_year) if campaigns.previous else None
    previous_ok = previous is not None and previous.status == "convention_signee"

    commune = session.get(Commune, found.commune_insee) if found.commune_insee else collectivite.commune
    latest = current or previous
    schools = list(latest.schools) if latest else list(commune.schools if commune else [])
    communes = [c.name for c in latest.communes] if latest else ([commune.name] if commune else [])

    changes = None
    if current is not None and previous_ok:
        changes = {s.uai for s in current.schools} != {s.uai for s in previous.schools}
    facts = Facts(
        conventioned_last_year=previous_ok,
        changes_school_list=changes,
        demande_date=current.demande_date if current else None,
        returned_date=current.returned_date if current else None,
        classee_sans_suite=current is not None and current.status == "classee_sans_suite",
        school_count=len(schools) or None,
    )
    advice = advise(campaigns, facts, today)
    file_name = None
    if commune is not None and campaigns.current is not None:
        file_name = convention_filename(commune.departement, commune.name, campaigns.current.start_year)
    script = list(advice.sentences)
    if file_name and advice.covered:
        script.append(knowledge().answer("nom_fichier", nom_fichier=file_name))
    fiche = Fiche(
        name=collectivite.name, type=collectivite.type, siren=collectivite.siren,
        signatory=collectivite.signatory_title,
        commune=_commune_card(commune), communes=communes,
        schools=[_school_line(s) for s in schools],
        school_year=campaigns.current.school_year if campaigns.current else None,
        previous=previous and _demande_line(previous), current=current and _demande_line(current),
        facts=facts, advice=advice, file_name=file_name, script=script,
    )
    if fiche.is_demo:
        fiche.script.insert(0, knowledge().answer("donnees_fictives"))
    return fiche


def _commune_card(commune: Commune | None) -> dict | None:
    if commune is None:
        return None
    return {"insee": commune.insee, "nom": commune.name, "departement": commune.departement,
            "nom_departement": commune.departement_name, "intercommunalite": commune.epci and commune.epci.name,
            "mairie": {"adresse": commune.mairie_address, "telephone": commune.mairie_phone,
                       "courriel": commune.mairie_email, "site": commune.mairie_website}}


def _school_line(school: School) -> SchoolLine:
    return SchoolLine(school.uai, school.name, school.type, school.commune.name, school.pupils)


def _demande_line(demande: Demande) -> DemandeLine:
    return DemandeLine(demande.campaign.school_year, demande.dossier_number, demande.demande_date,
                       demande.returned_date, demande.status, [_school_line(s) for s in demande.schools],
                       demande.is_demo, demande.source)
