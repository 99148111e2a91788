"""Loading the reference data shipped in bot/data: communes, EPCI, schools, mairies, and the campaigns."""
from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from bot.dates import parse_date_field
from bot.models import Campaign, Collectivite, Commune, School
from bot.rules.campaign import parse_school_year

DATA_DIR = Path(__file__).resolve().parent / "data"


def _rows(name: str, data_dir: Path) -> list[dict[str, str]]:
    with open(data_dir / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_reference(session: Session, data_dir: Path = DATA_DIR) -> bool:
    """Communes, EPCI, schools and mairie contacts, once: returns False when they are already there."""
    if session.scalar(select(func.count()).select_from(Commune)):
        return False
    communes, epcis = _rows("communes.csv", data_dir), _rows("epci.csv", data_dir)
    mairies = {row["code_insee"]: row for row in _rows("mairies.csv", data_dir)}
    session.execute(insert(Collectivite), [
        {"siren": e["epci_siren"], "name": e["nom"], "type": e["type"]} for e in epcis
    ] + [
        {"siren": c["siren_commune"], "name": c["nom"], "type": "commune"} for c in communes
    ])
    ids = dict(session.execute(select(Collectivite.siren, Collectivite.id)).all())
    session.execute(insert(Commune), [{
        "insee": c["code_insee"],
        "name": c["nom"],
        "departement": c["code_departement"],
        "departement_name": c["nom_departement"],
        "postal_codes": c["codes_postaux"],
        "population": int(c["population"]) if c["population"] else None,
        "collectivite_id": ids[c["siren_commune"]],
        "epci_id": ids.get(c["epci_siren"]),
        "mairie_address": mairies.get(c["code_insee"], {}).get("mairie_adresse") or None,
        "mairie_phone": mairies.get(c["code_insee"], {}).get("mairie_telephone") or None,
        "mairie_email": mairies.get(c["code_insee"], {}).get("mairie_email") or None,
        "mairie_website": mairies.get(c["code_insee"], {}).get("mairie_site") or None,
    } for c in communes])
    session.execute(insert(School), [{
        "uai": s["uai"],
        "name": s["nom"],
        "type": s["type"],
        "commune_insee": s["code_insee_commune"],
        "pupils": int(s["nombre_eleves"]) if s["nombre_eleves"] else None,
        "siret": s["siret"] or None,
        "address": s["adresse"] or None,
        "circonscription": s["circonscription"] or None,
    } for s in _rows("ecoles.csv", data_dir)])
    session.commit()
    return True


def load_campaigns(session: Session, data_dir: Path = DATA_DIR) -> None:
    """Each school year's price and dates from campagnes.csv, added or updated by year."""
    optional_date = lambda text: parse_date_field(text) if text else None  # noqa: E731
    for row in _rows("campagnes.csv", data_dir):
        start_year = parse_school_year(row["annee_scolaire"])
        campaign = session.scalar(select(Campaign).where(Campaign.start_year == start_year)) or Campaign(
            start_year=start_year)
        campaign.price_per_school = Decimal(row["prix_par_ecole"])
        campaign.rentree_cutoff = optional_date(row["date_limite_rentree"])
        campaign.demande_deadline = optional_date(row["date_limite_demande"])
        campaign.return_delay_months = int(row["delai_retour_mois"]) if row["delai_retour_mois"] else None
        campaign.ent_closing_date = optional_date(row["fermeture_ent"])
        campaign.titre_perception_period = row["titre_perception"] or None
        campaign.sources = row["sources"]
        session.add(campaign)
    session.commit()
