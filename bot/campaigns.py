"""Which campaign is in force: read from the database, since each school year has its own dates and price."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.advice import Campaigns
from bot.models import Campaign


def campaigns_for(session: Session, today: date, start_year: int | None = None) -> Campaigns:
    """The campaign asked for, or else the latest one started by today's calendar year, and the one before it.

    Demandes for a school year are filed from the June before its rentrée, so on 20 June 2022 the campaign in
    force is 2022-2023.
    """
    recent = session.scalars(select(Campaign).where(Campaign.start_year <= (start_year or today.year))
                             .order_by(Campaign.start_year.desc()).limit(2)).all()
    if start_year is None:
        start_year = recent[0].start_year if recent else today.year
    by_year = {c.start_year: c for c in recent}
    current, previous = by_year.get(start_year), by_year.get(start_year - 1)
    return Campaigns(current=current and current.terms(), previous=previous and previous.terms(),
                     asked_start_year=start_year)
