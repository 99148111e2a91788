"""RGPD purge: old conversations are gone from Rasa's own tracker store, recent ones are kept whole."""
import time
from datetime import datetime, timedelta, timezone

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.db import open_session
from bot.models import HandoffRequest, UnansweredQuestion
from bot.purge import purge

NOW = time.time()


def store_for(url: str) -> SQLTrackerStore:
    from sqlalchemy.engine import make_url
    parts = make_url(url)
    if parts.get_backend_name() == "sqlite":
        return SQLTrackerStore(Domain.empty(), dialect="sqlite", db=parts.database)
    return SQLTrackerStore(Domain.empty(), dialect="postgresql", host=parts.host, port=parts.port,
                           db=parts.database, username=parts.username, password=parts.password)


def conversation(sender: str, *ages_in_days: float) -> DialogueStateTracker:
    tracker = DialogueStateTracker(sender, slots=[])
    for age in ages_in_days:
        tracker.update(UserUttered(f"message d'il y a {age} jours", timestamp=NOW - age * 86400))
    return tracker


def test_old_conversations_are_purged_and_recent_ones_kept(database_url):
    import asyncio
    store = store_for(database_url)
    asyncio.run(store.save(conversation("ancienne", 200, 120)))
    asyncio.run(store.save(conversation("recente", 120, 2)))  # still going: kept whole
    old = datetime.now(timezone.utc) - timedelta(days=100)
    with open_session(database_url) as session:
        session.add_all([HandoffRequest(created_at=old, conversation="x", question="q"),
                         UnansweredQuestion(created_at=old, text="t")])
        session.commit()

    report = purge(database_url, database_url, days=90, now=NOW)

    assert report.conversations >= 1 and report.handoff_requests >= 1 and report.unanswered_questions >= 1
    assert asyncio.run(store.retrieve("ancienne")) is None
    kept = asyncio.run(store.retrieve("recente"))
    assert [e.text for e in kept.events if isinstance(e, UserUttered)] == [
        "message d'il y a 120 jours", "message d'il y a 2 jours"]


def test_retention_must_be_positive(database_url):
    with pytest.raises(ValueError, match="au moins un jour"):
        purge(database_url, database_url, days=0)
