"""Calendar arithmetic for deadlines."""
from __future__ import annotations

import calendar
from datetime import date


def add_months(start: date, months: int) -> date:
    """Same day `months` calendar months later, or the month's last day when it has no such day.

    31 August + 2 months is 31 October; 31 December + 2 months is the last day of February.
    """
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def days_left(deadline: date, today: date) -> int:
    """Days from today to the deadline: 0 on the day itself, negative once it has passed."""
    return (deadline - today).days
