"""Rasa's SQL tracker store, which keeps the conversations it has just handled in memory.

Why: for every message, Rasa 3.6's SQLTrackerStore reads all the events of the conversation's current session,
decodes them and replays them into a new tracker, then counts the stored events again before saving the new ones.
Under load that was a quarter of a Rasa instance's CPU, growing with the length of the conversation. This store
keeps each tracker it has read or saved, with the id of its last stored event, and on the next message only asks
the database for the events stored after it (by another instance, behind the load balancer); there usually are
none. What Rasa reads stays the same: the current session's events, replayed in their stored order.

The database stays the reference. A tracker is read anew when it was changed without being saved (a message whose
handling failed), when a new session starts, after `IDLE_SECONDS` without a message, and when the cache is full.
Named in endpoints.yml and endpoints.prod.yml (`type: rasa_components.tracker_store.CachedSQLTrackerStore`), with
the options of Rasa's SQL tracker store.
"""
from __future__ import annotations

import itertools
import json
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, List, Optional, Text

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import Event, SessionStarted, deserialise_events
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

CONVERSATIONS = 1000  # trackers kept per instance, the least recently used dropped first
IDLE_SECONDS = 600.0


@dataclass
class _Known:
    tracker: DialogueStateTracker
    last_id: int  # id of the conversation's last stored event
    stored: int  # events of the current session in the database
    length: int  # len(tracker.events) when it was last read or saved
    used_at: float


class CachedSQLTrackerStore(SQLTrackerStore):
    """SQLTrackerStore with the current session of recent conversations kept in memory."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._known: OrderedDict[Text, _Known] = OrderedDict()

    async def retrieve(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        known = self._recall(sender_id)
        if known is not None:
            with self.session_scope() as session:
                rows = (session.query(self.SQLEvent.id, self.SQLEvent.type_name, self.SQLEvent.data)
                        .filter(self.SQLEvent.sender_id == sender_id, self.SQLEvent.id > known.last_id)
                        .order_by(self.SQLEvent.id).all())
            if not any(row.type_name == SessionStarted.type_name for row in rows):
                for event in deserialise_events([json.loads(row.data) for row in rows]):
                    known.tracker.update(event)
                if rows:
                    known.last_id, known.stored = rows[-1].id, known.stored + len(rows)
                self._remember(sender_id, known)
                return known.tracker
        return self._read(sender_id)

    async def save(self, tracker: DialogueStateTracker) -> None:
        known = self._known.pop(tracker.sender_id, None)
        if known is None or known.tracker is not tracker:
            await super().save(tracker)  # a tracker this store did not read: Rasa's own way
            return
        await self.stream_events(tracker)
        new_events = list(itertools.islice(tracker.events, known.stored, None))
        with self.session_scope() as session:
            rows = [self._row(tracker.sender_id, event) for event in new_events]
            session.add_all(rows)
            session.flush()  # the new rows' ids, read before the commit expires them
            if rows:
                known.last_id = rows[-1].id
            session.commit()
        if any(isinstance(event, SessionStarted) for event in new_events):
            return  # Rasa reads only the new session: so will the next retrieve
        known.stored += len(new_events)
        self._remember(tracker.sender_id, known)

    def _read(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        """The current session from the database, as SQLTrackerStore._retrieve reads it."""
        with self.session_scope() as session:
            rows = self._event_query(session, sender_id, fetch_events_from_all_sessions=False).all()
            if not rows or not self.domain:
                return None
            tracker = DialogueStateTracker.from_dict(sender_id, [json.loads(row.data) for row in rows],
                                                     self.domain.slots)
            self._remember(sender_id, _Known(tracker, rows[-1].id, len(rows), 0, 0.0))
        return tracker

    def _recall(self, sender_id: Text) -> Optional[_Known]:
        known = self._known.pop(sender_id, None)
        if known is None or known.length != len(known.tracker.events):
            return None  # changed since it was saved: its handling failed
        return known

    def _remember(self, sender_id: Text, known: _Known) -> None:
        now = time.monotonic()
        known.length, known.used_at = len(known.tracker.events), now
        self._known[sender_id] = known
        # Least recently used first: drop the idle ones, and the oldest beyond the limit.
        while self._known and (len(self._known) > CONVERSATIONS
                               or now - next(iter(self._known.values())).used_at > IDLE_SECONDS):
            self._known.popitem(last=False)

    def _row(self, sender_id: Text, event: Event) -> "SQLTrackerStore.SQLEvent":
        """The database row of an event, as SQLTrackerStore.save writes it."""
        data = event.as_dict()
        return self.SQLEvent(sender_id=sender_id, type_name=event.type_name, timestamp=data.get("timestamp"),
                             intent_name=data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
                             action_name=data.get("name"), data=json.dumps(data))
