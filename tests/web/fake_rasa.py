"""A stand-in for Rasa's socket.io channel (same events, same payloads), to test the widget without a model.

`python -m tests.web.fake_rasa PORT LOG`: every session_request and user message is appended to LOG (JSON lines),
so that a test can count what reached the server. Replies: « /demo » → text with a line break, links and quick
replies, in two messages as Rasa splits on blank lines; anything else → « Reçu : <message> ». Its REST webhook answers « Reçu : <message> » with a « Oui » button.
"""
from __future__ import annotations

import asyncio
import json
import sys

import socketio
from aiohttp import web

DEMO = ("Première ligne\nDeuxième ligne : https://www.ac-montpellier.fr/ent-ecole-122639.\n\n"
        "Lien refusé : javascript:alert(1) et (https://example.org/page).")


def make_app(log_path: str) -> web.Application:
    sio = socketio.AsyncServer(async_mode="aiohttp", cors_allowed_origins="*")
    app = web.Application(middlewares=[_cors])
    sio.attach(app)

    def record(kind: str, data) -> None:
        with open(log_path, "a", encoding="utf-8") as log:
            log.write(json.dumps({"event": kind, "data": data}, ensure_ascii=False) + "\n")

    @sio.on("session_request")
    async def session_request(sid, data):
        session_id = (data or {}).get("session_id")
        record("session_request", session_id)
        await sio.enter_room(sid, session_id)
        await sio.emit("session_confirm", session_id, room=sid)

    @sio.on("user_uttered")
    async def user_uttered(sid, data):
        record("user_uttered", data)
        room = data["session_id"]
        if data["message"] == "/demo":
            parts = DEMO.split("\n\n")
            await sio.emit("bot_uttered", {"text": parts[0]}, room=room)
            await sio.emit("bot_uttered", {"text": parts[1], "quick_replies": [
                {"content_type": "text", "title": "Étape suivante", "payload": "/next_step"},
                {"content_type": "text", "title": "<b>Gras</b>", "payload": "/bold"}]}, room=room)
            return
        if data["message"] == "/lent":
            await asyncio.sleep(1)
        await sio.emit("bot_uttered", {"text": f"Reçu : {data['message']}"}, room=room)

    async def health(_request):
        return web.json_response({"status": "ok"})

    async def rest_webhook(request):
        data = await request.json()
        record("rest", data)
        return web.json_response([{"recipient_id": data["sender"], "text": f"Reçu : {data['message']}",
                                   "buttons": [{"title": "Oui", "payload": "/affirm"}]}])

    app.router.add_get("/", health)
    app.router.add_post("/webhooks/rest/webhook", rest_webhook)
    app.router.add_route("OPTIONS", "/webhooks/rest/webhook", rest_webhook)  # answered by _cors
    return app


@web.middleware
async def _cors(request, handler):
    """As `rasa run --cors`: the page is served from another origin (the web server's port)."""
    if request.path.startswith("/socket.io"):
        return await handler(request)  # python-socketio answers CORS itself
    response = web.Response() if request.method == "OPTIONS" else await handler(request)
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Allow-Headers"] = "Content-Type"
    return response


if __name__ == "__main__":
    web.run_app(make_app(sys.argv[2]), host="127.0.0.1", port=int(sys.argv[1]), print=None)
