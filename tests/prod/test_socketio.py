"""Production: the widget's socket.io channel through nginx (sticky to one instance, long polling then websocket)."""
from __future__ import annotations

import threading
import uuid

import socketio


def test_socketio_through_nginx_with_polling_then_websocket(prod):
    replies: list[str] = []
    answered = threading.Event()
    client = socketio.Client(reconnection=False)
    client.on("bot_uttered", lambda data: (replies.append(data.get("text", "")), answered.set()))
    session = uuid.uuid4().hex
    client.connect(prod.url, socketio_path="socket.io", transports=["polling", "websocket"],
                   headers={"Origin": prod.env["SITE_ORIGIN"]}, wait_timeout=20)
    try:
        client.emit("session_request", {"session_id": session})
        for _ in range(3):  # several exchanges: each must reach the instance holding the session
            answered.clear()
            client.emit("user_uttered", {"message": "bonjour", "session_id": session})
            assert answered.wait(60), "pas de réponse par socket.io"
        assert any("assistant ENT-école" in text for text in replies)
        assert client.transport() == "websocket"
    finally:
        client.disconnect()
