"""Rasa input channels that always answer the user in French, even when a service behind Rasa is down.

Why this package exists: in Rasa 3.6, when a custom action's server is unreachable, the processor logs the
exception, drops the action's events and goes on — the user gets no reply at all. When the lock store (Redis) or
the tracker store is unreachable, Rasa's REST channel answers « 200 » with an empty list and logs the message
text. The channels here keep Rasa's URL paths (/webhooks/rest/webhook and /socket.io, so the widget does not
change) and wrap the handling of each user message:

- the bot produced no reply → « information indisponible pour le moment » and the contact, from the knowledge base
  (no database needed). Nothing is remembered: the next message goes through Rasa again, so the bot recovers by
  itself as soon as the action server is back;
- handling failed (Redis lock store or tracker store down) → the same French text; REST answers HTTP 503, and the
  log says which part failed, never what the user wrote (RGPD).

The socket.io channel also fixes Rasa 3.6's `session_request` handler, which never joins the session's room with
the python-socketio 5 the project pins: without the fix, socket.io clients get no reply at all.

They are registered by module path in credentials.yml. Loading them also installs three replacements of Rasa 3.6
internals that give the same results with less CPU per message: channels/action_results.py checks each action
server response against its schema without re-checking the schema itself every time (three times less CPU per
message here), channels/event_types.py remembers the class of each event type when a conversation is rebuilt
from its stored events, and channels/rule_lookup.py checks only the dialogue rules that can match the latest turns.
"""
from channels import action_results, event_types, rule_lookup

action_results.install()
event_types.install()
rule_lookup.install()
