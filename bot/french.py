"""How dates, amounts and counts are written for French readers."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)
NUMBER_WORDS = ("zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze", "douze")
NBSP = "\u00a0"


def format_date(day: date) -> str:
    """« 1er novembre 2022 », « 29 octobre 2022 »."""
    number = "1er" if day.day == 1 else str(day.day)
    return f"{number} {MONTHS[day.month - 1]} {day.year}"


def format_euros(amount: Decimal | int | float) -> str:
    """« 45 € », « 1 350 € », « 1,50 € » (no-break spaces, decimal comma only when there are cents)."""
    value = Decimal(str(amount)).quantize(Decimal("0.01"))
    units, cents = divmod(abs(value) * 100, 100)
    grouped = f"{int(units):,}".replace(",", NBSP)
    text = grouped if cents == 0 else f"{grouped},{int(cents):02d}"
    return f"{'-' if value < 0 else ''}{text}{NBSP}€"


def format_months(months: int) -> str:
    """« deux mois »."""
    return f"{NUMBER_WORDS[months] if months < len(NUMBER_WORDS) else months} mois"


def format_days(days: int) -> str:
    """A count of days left, in words a caller understands: « aujourd'hui », « demain », « dans 12 jours », « il y a 3 jours »."""
    if days == 0:
        return "aujourd'hui"
    if days == 1:
        return "demain"
    if days > 0:
        return f"dans {days} jours"
    return "hier" if days == -1 else f"il y a {-days} jours"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    return f"{count} {singular if count <= 1 else (plural_form or singular + 's')}"
