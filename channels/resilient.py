"""REST and socket.io channels that answer « service indisponible » rather than nothing (see the package doc)."""
from __future__ import annotations

import functools
import logging
import uuid
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels import rest, socketio
from rasa.core.channels.channel import CollectingOutputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

logger = logging.getLogger(__name__)
Handler = Callable[[UserMessage], Awaitable[Any]]


@functools.lru_cache(maxsize=1)
def unavailable_text() -> str:
    """« Information unavailable for a moment » and the contact, with their sources; no database needed."""
    from bot.assistant import compose
    from bot.knowledge import knowledge
    kb = knowledge()
    return compose([kb.answer("service_indisponible"), kb.answer("contact")]).text


@functools.lru_cache(maxsize=1)
def empty_message_text() -> str:
    from bot.knowledge import knowledge
    return knowledge().answer("message_vide").text


class _Watched(OutputChannel):
    """Passes the bot's messages on to the real channel and remembers whether there was any."""

    def __init__(self, channel: OutputChannel) -> None:
        self.channel = channel
        self.sent = False

    def name(self) -> Text:  # type: ignore[override]  # the real channel's name, stored in the tracker
        return self.channel.name()

    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        self.sent = True
        await self.channel.send_response(recipient_id, message)


async def answer(on_new_message: Handler, message: UserMessage) -> bool:
    """Handles a user message so that the user always gets a reply; False when it could not be handled at all."""
    if not (message.text or "").strip():  # nothing to understand (and Rasa 3.6's linear classifier fails on it)
        await message.output_channel.send_text_message(message.sender_id, empty_message_text())
        return True
    watched = _Watched(message.output_channel)
    message.output_channel = watched
    try:
        await on_new_message(message)
    except Exception as exc:  # noqa: BLE001 - whatever failed, the user gets a French answer, not silence
        # The classes name which part failed (LockError caused by redis ConnectionError, OperationalError…); the
        # exceptions' own texts may quote the conversation, so they are not logged.
        logger.error("Message non traité : %s (magasin de verrous Redis ou de conversations injoignable ?). "
                     "Réponse « service indisponible » envoyée.", _causes(exc))
        await watched.channel.send_text_message(message.sender_id, unavailable_text())
        return False
    if not watched.sent:
        logger.warning("Aucune réponse produite (serveur d'actions injoignable ?) : réponse « service "
                       "indisponible » envoyée.")
        await watched.channel.send_text_message(message.sender_id, unavailable_text())
    return True


def _causes(exc: BaseException) -> str:
    """« rasa.core.lock_store.LockError ← redis.exceptions.ConnectionError »: the chain of exception classes."""
    chain = []
    while exc is not None and len(chain) < 5:
        chain.append(f"{type(exc).__module__}.{type(exc).__name__}")
        exc = exc.__cause__ or exc.__context__
    return " ← ".join(chain)


class RestInput(rest.RestInput):
    """Rasa's REST channel (same name, same path), always answering; HTTP 503 when the message was not handled.

    Streaming (`?stream=true`) is not offered: the widget does not use it.
    """

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        webhook = Blueprint("entbot_rest_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            collector = CollectingOutputChannel()
            message = UserMessage(self._extract_message(request), collector, await self._extract_sender(request),
                                  input_channel=self._extract_input_channel(request),
                                  metadata=self.get_metadata(request))
            handled = await answer(on_new_message, message)
            return response.json(collector.messages, status=200 if handled else 503)

        return webhook


class SocketIOInput(socketio.SocketIOInput):
    """Rasa's socket.io channel (same name, same path, same events), always answering."""

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        blueprint = super().blueprint(functools.partial(answer, on_new_message))
        sio = self.sio

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: Text, data: Optional[Dict]) -> None:
            """Replaces Rasa 3.6's handler, which calls python-socketio 5's `enter_room` — a coroutine — without
            awaiting it: the client never joined its session's room and never received the bot's messages."""
            data = data or {}
            if data.get("session_id") is None:
                data["session_id"] = uuid.uuid4().hex
            if self.session_persistence:
                await sio.enter_room(sid, data["session_id"], namespace=self.namespace)
            await sio.emit("session_confirm", data["session_id"], room=sid, namespace=self.namespace)

        return blueprint
