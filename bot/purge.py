"""RGPD: conversations, contact requests and unanswered questions older than a number of days are deleted.

Rasa's SQL tracker store keeps every event of a conversation in its `events` table (sender_id, timestamp in Unix
seconds). A conversation whose last event is older than the limit is deleted whole, never cut in the middle.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import Column, Float, Integer, MetaData, String, Table, delete, func, inspect, select
from sqlalchemy.orm import Session

from bot.db import engine_for
from bot.models import HandoffRequest, UnansweredQuestion

_events = Table("events", MetaData(), Column("id", Integer, primary_key=True), Column("sender_id", String(255)),
                Column("timestamp", Float))


@dataclass
class PurgeReport:
    conversations: int = 0
    events: int = 0
    handoff_requests: int = 0
    unanswered_questions: int = 0


def purge(database_url: str, tracker_url: str, days: int, now: float | None = None) -> PurgeReport:
    if days < 1:
        raise ValueError("La durée de conservation doit être d'au moins un jour.")
    limit = (now or time.time()) - days * 86400
    report = PurgeReport()
    tracker = engine_for(tracker_url)
    if inspect(tracker).has_table("events"):
        with tracker.begin() as connection:
            old = select(_events.c.sender_id).group_by(_events.c.sender_id).having(
                func.max(_events.c.timestamp) < limit)
            senders = [row[0] for row in connection.execute(old)]
            for start in range(0, len(senders), 500):
                chunk = senders[start:start + 500]
                report.events += connection.execute(delete(_events).where(_events.c.sender_id.in_(chunk))).rowcount
            report.conversations = len(senders)
    cutoff = datetime.fromtimestamp(limit, timezone.utc)
    with Session(engine_for(database_url)) as session:
        report.handoff_requests = session.execute(
            delete(HandoffRequest).where(HandoffRequest.created_at < cutoff)).rowcount
        report.unanswered_questions = session.execute(
            delete(UnansweredQuestion).where(UnansweredQuestion.created_at < cutoff)).rowcount
        session.commit()
    return report


