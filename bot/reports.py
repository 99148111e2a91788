"""What the académie reads of the assistant's use: questions it did not understand, requests for a person."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.models import HandoffRequest, UnansweredQuestion


def report(session: Session, days: int) -> dict:
    since = datetime.now(timezone.utc) - timedelta(days=days)
    grouped = session.execute(
        select(func.lower(UnansweredQuestion.text), func.count()).where(UnansweredQuestion.created_at >= since)
        .group_by(func.lower(UnansweredQuestion.text)).order_by(func.count().desc(), func.lower(UnansweredQuestion.text))
    ).all()
    pending = session.scalar(select(func.count()).select_from(HandoffRequest).where(HandoffRequest.status == "a_traiter"))
    return {
        "jours": days,
        "questions_non_comprises": sum(count for _, count in grouped),
        "questions": [{"texte": text, "nombre": count} for text, count in grouped],
        "demandes_de_contact_a_traiter": pending,
    }
