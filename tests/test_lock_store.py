"""The atomic Redis lock store (rasa_components/lock_store.py) keeps Rasa's ticket order, against a real Redis."""
from __future__ import annotations

import asyncio
import threading
import time

import pytest
from rasa.core.lock_store import LockError, LockStore, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

from rasa_components.lock_store import AtomicRedisLockStore
from tests.conftest import require_service
from tests.prod.stack import REDIS_HOST, REDIS_PORT, empty_redis_db, redis_command


@pytest.fixture
def redis_db() -> int:
    try:
        db = empty_redis_db()
    except OSError as exc:
        require_service(f"Redis injoignable ({REDIS_HOST}:{REDIS_PORT}) : {exc.__class__.__name__}")
    yield db
    redis_command("FLUSHDB", db=db)


def stores(db: int, port: int = REDIS_PORT) -> tuple[AtomicRedisLockStore, RedisLockStore]:
    """This store as endpoints.prod.yml names it, and Rasa's, on the same Redis database."""
    settings = dict(url=REDIS_HOST, port=port, db=db, key_prefix="entbot", socket_timeout=1)
    atomic = LockStore.create(EndpointConfig(type="rasa_components.lock_store.AtomicRedisLockStore", **settings))
    rasa = LockStore.create(EndpointConfig(type="redis", **settings))
    assert isinstance(atomic, AtomicRedisLockStore) and type(rasa) is RedisLockStore
    return atomic, rasa


async def hold(store: RedisLockStore, conversation: str, name: str, log: list[str], seconds: float) -> None:
    async with store.lock(conversation, wait_time_in_seconds=0.02):
        log.append(f"{name} entre")
        await asyncio.sleep(seconds)
        log.append(f"{name} sort")


def test_a_lock_is_stored_as_rasa_stores_it_and_removed_after(redis_db):
    atomic, rasa = stores(redis_db)

    async def scenario() -> None:
        async with atomic.lock("conv"):
            seen = rasa.get_lock("conv")  # Rasa's own code reads the lock taken by the script
            assert [ticket.number for ticket in seen.tickets] == [0] and seen.now_serving == 0
            assert seen.conversation_id == "conv" and seen.tickets[0].expires > time.time()
        assert rasa.get_lock("conv") is None

    asyncio.run(scenario())


@pytest.mark.parametrize("first, second", [("atomic", "atomic"), ("atomic", "rasa"), ("rasa", "atomic")])
def test_messages_of_one_conversation_are_handled_one_at_a_time_in_order(redis_db, first, second):
    """Also with one instance on Rasa's store and the other on this one: they share their locks."""
    named = dict(zip(("atomic", "rasa"), stores(redis_db)))
    log: list[str] = []

    async def scenario() -> None:
        await asyncio.gather(hold(named[first], "conv", "premier", log, 0.2),
                             hold(named[second], "conv", "second", log, 0.0),
                             hold(named[second], "autre", "autre conversation", log, 0.0))

    asyncio.run(scenario())
    assert [line for line in log if "autre" not in line] == ["premier entre", "premier sort", "second entre",
                                                            "second sort"]
    assert log.index("autre conversation sort") < log.index("premier sort")  # other conversations do not wait
    assert named["rasa"].get_lock("conv") is None


def test_a_ticket_left_by_a_dead_instance_expires(redis_db):
    atomic, rasa = stores(redis_db)
    rasa.issue_ticket("conv", lock_lifetime=0.3)  # taken, never given back
    log: list[str] = []
    started = time.monotonic()
    asyncio.run(hold(atomic, "conv", "suivant", log, 0.0))
    assert log == ["suivant entre", "suivant sort"] and time.monotonic() - started >= 0.25
    assert rasa.get_lock("conv") is None


def test_tickets_taken_at_the_same_moment_are_all_different(redis_db):
    """Rasa's read-change-write can give two instances the same ticket; the script cannot."""
    tickets: list[int] = []

    def instance() -> None:
        store = stores(redis_db)[0]
        for _ in range(50):
            tickets.append(store.issue_ticket("conv", lock_lifetime=60))

    threads = [threading.Thread(target=instance) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(tickets) == list(range(200))


def test_redis_down_is_a_lock_error_as_in_rasa():
    store = stores(0, port=1)[0]

    async def scenario() -> None:
        async with store.lock("conv"):
            pass

    with pytest.raises(LockError):
        asyncio.run(scenario())
