"""The console's lookup: the same resolve → build_fiche as `entbot fiche --json`, mapped to HTTP statuses."""
from __future__ import annotations

from sqlalchemy.exc import OperationalError

from bot.cli import STATUS_LABELS
from bot.db import open_session
from bot.dates import parse_date_field
from bot.fiche import Ambiguous, BadQuery, Fiche, NotFound, build_fiche, resolve
from bot.french import format_date, format_days, format_euros
from bot.settings import load_settings

OK, BAD_QUERY, CHOOSE, NOT_FOUND, UNAVAILABLE = 200, 400, 300, 404, 503


def lookup(query: str | None, day: str | None, database_url: str | None = None) -> tuple[int, dict]:
    """(HTTP status, JSON body). Every error body is {"erreur": French sentence}; homonyms add "choix"."""
    query = (query or "").strip()
    if not query:
        return BAD_QUERY, {"erreur": "Indiquez un SIRET, un SIREN, un code UAI ou un nom de commune."}
    try:
        today = parse_date_field(day) if day else load_settings().today()
    except ValueError as exc:
        return BAD_QUERY, {"erreur": str(exc)}
    try:
        with open_session(database_url) as session:
            try:
                found = resolve(session, query)
            except BadQuery as exc:
                return BAD_QUERY, {"erreur": str(exc)}
            if isinstance(found, NotFound):
                return NOT_FOUND, {"erreur": found.message}
            if isinstance(found, Ambiguous):
                return CHOOSE, {"erreur": f"Plusieurs résultats pour « {query} » : choisissez.",
                                "choix": [c.__dict__ for c in found.choices]}
            fiche = build_fiche(session, found, today)
    except OperationalError:
        return UNAVAILABLE, {"erreur": "La base des conventions est injoignable pour le moment. Réessayez dans "
                                       "quelques minutes."}
    return OK, {"date_du_jour": today.isoformat(), **fiche.as_dict(), "affichage": _display(fiche)}


def _display(fiche: Fiche) -> dict:
    """The card's texts, worded by the same helpers as the CLI so that the page formats nothing itself."""
    def demande(line) -> dict | None:
        if line is None:
            return None
        return {"statut": STATUS_LABELS[line.status],
                "date_demande": line.demande_date and format_date(line.demande_date),
                "date_retour": line.returned_date and format_date(line.returned_date)}

    return {
        "titre": fiche.label,
        "echeances": [{"libelle": d.label, "date": format_date(d.day), "jours": format_days(d.days_left)}
                      for d in fiche.advice.deadlines],
        "cout": None if fiche.advice.cost is None else format_euros(fiche.advice.cost),
        "convention_precedente": demande(fiche.previous),
        "demande_en_cours": demande(fiche.current),
    }
