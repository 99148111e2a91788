"""Rasa's Redis lock store, taking and giving back a conversation's ticket in one atomic Redis call each.

Why: with several Rasa instances, a conversation's messages are handled one at a time, in order, thanks to a ticket
lock kept in Redis. Rasa 3.6's RedisLockStore reads the lock, changes it in Python and writes it back: seven
blocking Redis calls per message (9 % of an instance's CPU under load here), and two instances taking a ticket for
the same conversation at the same moment can both read the same lock and be given the same ticket. Here a Lua script
takes the ticket and another gives it back, each run by Redis as one atomic step; a message that has to wait for an
earlier one of its conversation waits as in Rasa.

The lock is stored exactly as Rasa stores it (same key, same JSON), so Rasa's own code reads it: an instance running
Rasa's store and one running this one share their locks. Expired tickets (an instance that died while handling a
message) are dropped as Rasa drops them, by the clock of the instance that asks. Named in endpoints.prod.yml
(`type: rasa_components.lock_store.AtomicRedisLockStore`), with the options of Rasa's Redis lock store.
"""
from __future__ import annotations

import time
from contextlib import asynccontextmanager
from typing import AsyncGenerator, Text

from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

# A ticket is kept while now <= its expiry (Rasa: Ticket.has_expired is now > expires). Tickets are JSON strings
# inside the lock's JSON, as TicketLock.dumps writes them.
_KEEP_LIVE = """
local function live(raw, now, dropped)
  local kept = {}
  if raw then
    for _, encoded in ipairs(cjson.decode(raw).tickets) do
      local ticket = cjson.decode(encoded)
      if ticket.expires >= now and ticket.number ~= dropped then table.insert(kept, ticket) end
    end
  end
  return kept
end
local function store(key, conversation_id, tickets)
  if #tickets == 0 then return redis.call('DEL', key) end
  local encoded = {}
  for i, ticket in ipairs(tickets) do encoded[i] = cjson.encode(ticket) end
  return redis.call('SET', key, cjson.encode({conversation_id = conversation_id, tickets = encoded}))
end
"""
# KEYS[1] the lock; ARGV: conversation id, now, lifetime. Returns the new ticket and the ticket now served.
_ISSUE = _KEEP_LIVE + """
local tickets = live(redis.call('GET', KEYS[1]), tonumber(ARGV[2]), nil)
local number = 0
if #tickets > 0 then number = tickets[#tickets].number + 1 end
table.insert(tickets, {number = number, expires = tonumber(ARGV[2]) + tonumber(ARGV[3])})
store(KEYS[1], ARGV[1], tickets)
return {number, tickets[1].number}
"""
# KEYS[1] the lock; ARGV: conversation id, now, the ticket given back. Deletes the lock when no one waits.
_RELEASE = _KEEP_LIVE + """
return store(KEYS[1], ARGV[1], live(redis.call('GET', KEYS[1]), tonumber(ARGV[2]), tonumber(ARGV[3])))
"""


class AtomicRedisLockStore(RedisLockStore):
    """RedisLockStore whose tickets are taken and given back by atomic scripts."""

    def __init__(self, endpoint_config: EndpointConfig) -> None:
        """Rasa builds a lock store of a custom type from its endpoint configuration alone."""
        super().__init__(host=endpoint_config.url, **endpoint_config.kwargs)
        self._issue = self.red.register_script(_ISSUE)
        self._release = self.red.register_script(_RELEASE)

    def issue_ticket(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME) -> int:
        return self._take(conversation_id, lock_lifetime)[0]

    @asynccontextmanager
    async def lock(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME,
                   wait_time_in_seconds: float = 1) -> AsyncGenerator[None, None]:
        """Holds the conversation's lock (Rasa's callers do not use the lock object that Rasa's store yields)."""
        ticket, now_serving = self._take(conversation_id, lock_lifetime)
        try:
            if ticket != now_serving:  # an earlier message of this conversation is being handled: wait as Rasa waits
                await self._acquire_lock(conversation_id, ticket, wait_time_in_seconds)
            yield
        finally:
            self.cleanup(conversation_id, ticket)

    def update_lock(self, conversation_id: Text) -> None:
        """Nothing to write while waiting: expired tickets are skipped by every reader, and dropped by the scripts.
        (Rasa rewrites the lock here, which could erase a ticket issued meanwhile by another instance.)"""

    def cleanup(self, conversation_id: Text, ticket_number: int) -> None:
        self._release(keys=[self.key_prefix + conversation_id], args=[conversation_id, time.time(), ticket_number])

    def _take(self, conversation_id: Text, lock_lifetime: float) -> tuple[int, int]:
        try:
            ticket, now_serving = self._issue(keys=[self.key_prefix + conversation_id],
                                              args=[conversation_id, time.time(), lock_lifetime])
        except Exception as exc:  # as Rasa's issue_ticket: any failure to take a ticket is a LockError
            raise LockError(f"Error while acquiring lock. Error:\n{exc}") from exc
        return int(ticket), int(now_serving)
