"""Rasa's socket.io channel as the widget uses it (session_request, then user_uttered with that session id),
checked without a browser so that a silent channel is reported as such."""
from __future__ import annotations

import queue
import uuid

import socketio


def test_a_persistent_session_gets_its_replies(running_bot):
    replies: queue.Queue = queue.Queue()
    confirmed: queue.Queue = queue.Queue()
    client = socketio.Client(reconnection=False)
    client.on("bot_uttered", replies.put)
    client.on("session_confirm", confirmed.put)
    session_id = uuid.uuid4().hex
    client.connect(running_bot.rasa_url, transports=["websocket"])
    try:
        client.emit("session_request", {"session_id": session_id})
        assert confirmed.get(timeout=10) == session_id
        client.emit("user_uttered", {"message": "bonjour", "session_id": session_id})
        try:
            first = replies.get(timeout=30)
        except queue.Empty:
            raise AssertionError(
                "Aucune réponse sur le canal socket.io alors que la session est confirmée : le socket n'a pas "
                "rejoint la salle de sa session (Rasa 3.6 appelle AsyncServer.enter_room sans await, or c'est une "
                "coroutine dans python-socketio 5.18 : « was never awaited » dans le journal de Rasa).") from None
        assert "ENT-école" in first["text"]
    finally:
        client.disconnect()
