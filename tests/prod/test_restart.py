"""Production: everything stops and starts again (deploy/run-prod), and a conversation goes on where it was."""
from __future__ import annotations

import asyncio

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from sqlalchemy.engine import make_url

from bot.settings import PROJECT_ROOT
from tests.prod.conftest import Chat


def stored(prod, sender: str):
    url = make_url(prod.env["TRACKER_STORE_URL"])
    store = SQLTrackerStore(Domain.load(str(PROJECT_ROOT / "domain.yml")), dialect="postgresql", host=url.host,
                            port=url.port, db=url.database, username=url.username, password=url.password)
    try:
        return asyncio.run(store.retrieve(sender))
    finally:
        store.engine.dispose()


def test_a_conversation_resumes_after_a_full_restart(prod):
    steps = ["bonjour", "je veux connaître notre situation"]  # a form starts: it asks for the commune
    control, resumed = Chat(prod.url), Chat(prod.url)
    for step in steps:
        control.text(step)
        resumed.text(step)
    expected = control.text("/deny")  # what comes next when nothing stops in between
    before = stored(prod, resumed.sender)

    prod.stop()
    prod.start()  # same databases: migrations are a no-op, nothing is seeded again

    after = stored(prod, resumed.sender)
    assert [e.as_dict() for e in after.events] == [e.as_dict() for e in before.events]
    assert after.current_slot_values() == before.current_slot_values()
    assert after.active_loop_name == before.active_loop_name
    assert resumed.text("/deny") == expected  # the conversation goes on exactly where it was
