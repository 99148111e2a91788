"""The recommended name of the scanned convention (001, tutorial: « 48-Mende-Convention-ENT-22-23.pdf »)."""
from __future__ import annotations

import re
import unicodedata

_LIGATURES = str.maketrans({"œ": "oe", "Œ": "Oe", "æ": "ae", "Æ": "Ae"})


def convention_filename(departement: str, commune_name: str, start_year: int) -> str:
    """Département, commune (no accent, apostrophe or space: they break some upload forms), school years."""
    ascii_name = unicodedata.normalize("NFKD", commune_name.translate(_LIGATURES)).encode("ascii", "ignore").decode()
    commune = re.sub(r"[^A-Za-z0-9]+", "-", ascii_name).strip("-")
    years = f"{start_year % 100:02d}-{(start_year + 1) % 100:02d}"
    return f"{departement.strip()}-{commune}-Convention-ENT-{years}.pdf"
