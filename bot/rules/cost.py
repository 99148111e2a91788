"""The annual cost for a collectivité: the number of schools listed times the campaign's price per school."""
from __future__ import annotations

from decimal import Decimal


def annual_cost(school_count: int, price_per_school: Decimal) -> Decimal:
    if school_count < 1:
        raise ValueError("Le nombre d'écoles doit être d'au moins 1.")
    return school_count * price_per_school
