"""A school year's conventionnement terms as plain values (read from the database, never written in code)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class CampaignTerms:
    """What one campaign's documents set. A field is None where the documents say nothing of it.

    rentree_cutoff: a demande made strictly before this day gives access from the rentrée
        (« avant le 29 août »); from this day on, access opens on the basis of the demande.
    demande_deadline: the last day a demande can be made (« jusqu'au 29 octobre », inclusive).
    return_delay_months: the signed convention is due this many calendar months after the demande.
    """

    start_year: int
    price_per_school: Decimal
    rentree_cutoff: date | None = None
    demande_deadline: date | None = None
    return_delay_months: int | None = None
    ent_closing_date: date | None = None
    titre_perception_period: str | None = None

    @property
    def school_year(self) -> str:
        return school_year_label(self.start_year)

    @property
    def has_conventionnement_dates(self) -> bool:
        return None not in (self.rentree_cutoff, self.demande_deadline, self.return_delay_months)


def school_year_label(start_year: int) -> str:
    return f"{start_year}-{start_year + 1}"


def parse_school_year(text: str) -> int:
    """« 2022-2023 » or « 2022/2023 » or « 22-23 » -> 2022. Raises ValueError with a French message."""
    cleaned = text.strip().replace("/", "-").replace(" ", "")
    parts = cleaned.split("-")
    if len(parts) == 2 and all(p.isdigit() for p in parts):
        first, second = (int(p) + (2000 if len(p) == 2 else 0) for p in parts)
        if len(parts[0]) in (2, 4) and second == first + 1:
            return first
    raise ValueError(f"« {text} » n'est pas une année scolaire : écrivez-la comme 2022-2023.")
