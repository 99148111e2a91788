"""Dates as the académie's files write them."""
from __future__ import annotations

import re
from datetime import date


def parse_date_field(text: str) -> date:
    """« 2022-10-13 » or « 13/10/2022 »; raises ValueError with a French message."""
    value = text.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return date.fromisoformat(value)
        match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", value)
        if match:
            day, month, year = map(int, match.groups())
            return date(year, month, day)
    except ValueError:
        raise ValueError(f"« {value} » n'est pas une date qui existe.") from None
    raise ValueError(f"« {value} » n'est pas une date : écrivez-la JJ/MM/AAAA ou AAAA-MM-JJ.")
