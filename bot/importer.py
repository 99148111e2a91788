"""Import of the académie's list of demandes and conventions from CSV: all rows are valid, or nothing is written.

The header (UTF-8, comma-separated; the order of columns is free):

    numero_dossier      optional; the Démarches simplifiées dossier number, unique
    annee_scolaire      required; 2022-2023 (a campaign known to the database)
    siren_collectivite  required; 9 digits, the collectivité that signs (commune, EPCI or syndicat)
    date_demande        optional; JJ/MM/AAAA or AAAA-MM-JJ
    date_retour         optional; the day the signed convention came back
    statut              optional; deposee, convention_signee or classee_sans_suite
                        (default: convention_signee with a date_retour, deposee without)
    ecoles              required; the UAI of the schools listed, separated by « ; »
    communes            optional; INSEE codes of the communes covered, « ; »-separated (default: the schools' communes)
    fictif              optional; oui for demonstration rows (default non)
    source              optional; where the row comes from

A row is matched to a demande already in the database by its dossier number, or else by its collectivité and
year: importing the same file twice changes nothing.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session
from tqdm import tqdm

from bot.dates import parse_date_field
from bot.models import DEMANDE_STATUSES, Campaign, Collectivite, Commune, Demande, School
from bot.rules.campaign import parse_school_year
from bot.rules.identifiers import InvalidIdentifier, check_siren, check_uai

COLUMNS = ("numero_dossier", "annee_scolaire", "siren_collectivite", "date_demande", "date_retour", "statut",
           "ecoles", "communes", "fictif", "source")
REQUIRED = ("annee_scolaire", "siren_collectivite", "ecoles")


@dataclass(frozen=True)
class RowError:
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"Ligne {self.line}, champ « {self.field} » : {self.message}"


class ImportRejected(Exception):
    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__(f"{len(errors)} erreur(s) : rien n'a été importé.")


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0


@dataclass
class _Row:
    line: int
    dossier_number: str | None
    campaign: Campaign
    collectivite: Collectivite
    demande_date: date | None
    returned_date: date | None
    status: str
    schools: list[School]
    communes: list[Commune]
    is_demo: bool
    source: str


@dataclass
class _Checker:
    """Validates one row's fields against the reference data, collecting every error rather than stopping."""

    campaigns: dict[int, Campaign]
    collectivites: dict[str, Collectivite]
    schools: dict[str, School]
    communes: dict[str, Commune]
    errors: list[RowError] = field(default_factory=list)

    def row(self, line: int, raw: dict[str, str], default_source: str) -> _Row | None:
        before = len(self.errors)
        get = lambda name: (raw.get(name) or "").strip()  # noqa: E731
        for name in REQUIRED:
            if not get(name):
                self.error(line, name, "valeur obligatoire manquante.")
        campaign = self.campaign(line, get("annee_scolaire")) if get("annee_scolaire") else None
        collectivite = self.collectivite(line, get("siren_collectivite")) if get("siren_collectivite") else None
        demande_date = self.date(line, "date_demande", get("date_demande"))
        returned_date = self.date(line, "date_retour", get("date_retour"))
        status = get("statut") or ("convention_signee" if returned_date else "deposee")
        if status not in DEMANDE_STATUSES:
            self.error(line, "statut", f"« {status} » n'est pas un statut connu ({', '.join(DEMANDE_STATUSES)}).")
        elif status == "convention_signee" and not get("date_retour"):
            self.error(line, "date_retour", "une convention signée doit avoir sa date de retour.")
        elif status != "convention_signee" and returned_date is not None:
            self.error(line, "statut", f"« {status} » alors qu'une date de retour est donnée : "
                                        "le statut devrait être convention_signee.")
        if demande_date and returned_date and returned_date < demande_date:
            self.error(line, "date_retour", "la date de retour est antérieure à la date de la demande.")
        schools = self.schools_of(line, get("ecoles"))
        communes = self.communes_of(line, get("communes")) if get("communes") else \
            list({s.commune_insee: s.commune for s in schools}.values())
        if collectivite is not None:
            self.coverage(line, collectivite, schools, communes)
        fictif = get("fictif").lower() or "non"
        if fictif not in ("oui", "non"):
            self.error(line, "fictif", f"« {fictif} » : écrivez oui ou non.")
        if len(self.errors) > before:
            return None
        return _Row(line, get("numero_dossier") or None, campaign, collectivite, demande_date, returned_date,
                    status, schools, communes, fictif == "oui", get("source") or default_source)

    def error(self, line: int, name: str, message: str) -> None:
        self.errors.append(RowError(line, name, message))

    def campaign(self, line: int, text: str) -> Campaign | None:
        try:
            start_year = parse_school_year(text)
        except ValueError as exc:
            return self.error(line, "annee_scolaire", str(exc))
        if start_year not in self.campaigns:
            return self.error(line, "annee_scolaire", f"aucune campagne {text} n'est enregistrée dans la base.")
        return self.campaigns[start_year]

    def collectivite(self, line: int, text: str) -> Collectivite | None:
        try:
            siren = check_siren(text)
        except InvalidIdentifier as exc:
            return self.error(line, "siren_collectivite", str(exc))
        if siren not in self.collectivites:
            return self.error(line, "siren_collectivite", f"aucune collectivité de l'académie n'a le SIREN {siren}.")
        return self.collectivites[siren]

    def date(self, line: int, name: str, text: str) -> date | None:
        if not text:
            return None
        try:
            return parse_date_field(text)
        except ValueError as exc:
            return self.error(line, name, str(exc))

    def schools_of(self, line: int, text: str) -> list[School]:
        found = []
        for item in filter(None, (part.strip() for part in text.split(";"))):
            try:
                uai = check_uai(item)
            except InvalidIdentifier as exc:
                self.error(line, "ecoles", str(exc))
                continue
            if uai not in self.schools:
                self.error(line, "ecoles", f"l'école {uai} n'est pas une école publique ouverte de l'académie.")
            else:
                found.append(self.schools[uai])
        return found

    def communes_of(self, line: int, text: str) -> list[Commune]:
        found = []
        for code in filter(None, (part.strip() for part in text.split(";"))):
            if code not in self.communes:
                self.error(line, "communes", f"« {code} » n'est pas le code INSEE d'une commune de l'académie.")
            else:
                found.append(self.communes[code])
        return found

    def coverage(self, line: int, collectivite: Collectivite, schools: list[School], communes: list[Commune]) -> None:
        covered = {c.insee for c in communes}
        for school in schools:
            if school.commune_insee not in covered:
                self.error(line, "ecoles", f"l'école {school.uai} est à {school.commune.name}, "
                                           "commune absente de la colonne communes.")
        if collectivite.type == "syndicat":
            return  # a syndicate's member communes are not in the reference data
        for commune in communes:
            if collectivite.id not in (commune.collectivite_id, commune.epci_id):
                self.error(line, "communes", f"{commune.name} ne relève pas de {collectivite.name}.")


def import_demandes(session: Session, source: Path | str | io.TextIOBase, progress: bool | None = None) -> ImportReport:
    """Validates the whole file, then writes it in one transaction. Raises ImportRejected listing every error."""
    if isinstance(source, (str, Path)):
        with open(source, encoding="utf-8-sig", newline="") as handle:
            return import_demandes(session, handle, progress)
    default_source = f"Import {getattr(source, 'name', 'CSV')}"
    reader = csv.DictReader(source)
    missing = [name for name in REQUIRED if name not in (reader.fieldnames or [])]
    unknown = [name for name in (reader.fieldnames or []) if name not in COLUMNS]
    if missing or unknown:
        raise ImportRejected(
            [RowError(1, name, "colonne obligatoire absente de l'en-tête.") for name in missing]
            + [RowError(1, name, f"colonne inconnue (colonnes possibles : {', '.join(COLUMNS)}).") for name in unknown]
        )
    checker = _Checker(
        campaigns={c.start_year: c for c in session.scalars(select(Campaign))},
        collectivites={c.siren: c for c in session.scalars(select(Collectivite))},
        schools={s.uai: s for s in session.scalars(select(School))},
        communes={c.insee: c for c in session.scalars(select(Commune))},
    )
    rows = [checker.row(line, raw, default_source)
            for line, raw in enumerate(tqdm(list(reader), desc="Vérification", unit=" ligne", disable=_quiet(progress)),
                                       start=2)]
    rows = [row for row in rows if row is not None]
    _check_across_rows(rows, checker)
    matches = {row.line: _existing(session, row, checker) for row in rows}
    if checker.errors:
        session.rollback()
        raise ImportRejected(sorted(checker.errors, key=lambda e: e.line))

    report = ImportReport()
    for row in tqdm(rows, desc="Écriture", unit=" ligne", disable=_quiet(progress)):
        demande = matches[row.line]
        if demande is None:
            demande = Demande()
            session.add(demande)
            report.created += 1
        else:
            report.updated += 1
        demande.dossier_number = row.dossier_number
        demande.campaign = row.campaign
        demande.collectivite = row.collectivite
        demande.demande_date = row.demande_date
        demande.returned_date = row.returned_date
        demande.status = row.status
        demande.schools = row.schools
        demande.communes = row.communes
        demande.is_demo = row.is_demo
        demande.source = row.source
    session.commit()
    return report


def _quiet(progress: bool | None) -> bool | None:
    return None if progress is None else not progress  # None: tqdm shows the bar only on a terminal


def _check_across_rows(rows: list[_Row], checker: _Checker) -> None:
    seen_dossiers: dict[str, int] = {}
    seen_active: dict[tuple[int, int], int] = {}
    for row in rows:
        if row.dossier_number:
            if row.dossier_number in seen_dossiers:
                checker.error(row.line, "numero_dossier",
                              f"le dossier {row.dossier_number} figure déjà ligne {seen_dossiers[row.dossier_number]}.")
            seen_dossiers.setdefault(row.dossier_number, row.line)
        if row.status != "classee_sans_suite":
            key = (row.collectivite.id, row.campaign.id)
            if key in seen_active:
                checker.error(row.line, "siren_collectivite",
                              f"{row.collectivite.name} a déjà une demande {row.campaign.school_year} en cours "
                              f"ligne {seen_active[key]}.")
            seen_active.setdefault(key, row.line)


def _existing(session: Session, row: _Row, checker: _Checker) -> Demande | None:
    """The demande this row updates, if any; an error when it would clash with another one."""
    if row.dossier_number:
        found = session.scalar(select(Demande).where(Demande.dossier_number == row.dossier_number))
        if found is not None:
            return found
    active = session.scalar(select(Demande).where(
        Demande.collectivite_id == row.collectivite.id,
        Demande.campaign_id == row.campaign.id,
        Demande.status != "classee_sans_suite",
    ))
    if active is None or row.status == "classee_sans_suite" and active.dossier_number != row.dossier_number:
        return None
    if row.dossier_number and active.dossier_number and active.dossier_number != row.dossier_number:
        checker.error(row.line, "numero_dossier",
                      f"{row.collectivite.name} a déjà une demande {row.campaign.school_year} en cours "
                      f"(dossier {active.dossier_number}).")
        return None
    return active
