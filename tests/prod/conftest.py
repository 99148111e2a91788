"""The production set-up (deploy/run-prod: nginx, two Rasa instances, the action server, PostgreSQL, Redis), started
once for the tests of this folder on free ports, with databases created for the run and dropped afterwards."""
from __future__ import annotations

import json
import urllib.error
import urllib.request
import uuid

import pytest
from sqlalchemy import create_engine, text

from tests.conftest import require_service
from tests.prod.stack import ProdStack, drop_stack_data, missing_services, new_stack


@pytest.fixture(scope="session")
def prod(tmp_path_factory) -> ProdStack:
    reason = missing_services()
    if reason:
        require_service(f"Production impossible à démarrer ici : {reason}")
    stack = new_stack(tmp_path_factory.mktemp("prod"))
    try:
        stack.start()
        yield stack
    finally:
        stack.stop()
        drop_stack_data(stack)


def post(url: str, payload: dict, headers: dict | None = None, timeout: float = 90) -> tuple[int, object, dict]:
    """POST JSON; returns status, decoded body and headers, whatever the status."""
    request = urllib.request.Request(url, data=json.dumps(payload).encode(),
                                     headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.loads(response.read() or b"null"), dict(response.headers)
    except urllib.error.HTTPError as error:
        body = error.read()
        try:
            decoded = json.loads(body)
        except ValueError:
            decoded = body.decode(errors="replace")
        return error.code, decoded, dict(error.headers)


class Chat:
    """One conversation through the load balancer's REST webhook."""

    def __init__(self, base_url: str, sender: str | None = None):
        self.url = f"{base_url}/webhooks/rest/webhook"
        self.sender = sender or f"prod-{uuid.uuid4().hex[:10]}"

    def say(self, message: str) -> tuple[int, str]:
        status, replies, _ = post(self.url, {"sender": self.sender, "message": message})
        return status, "\n".join(r.get("text", "") for r in replies or [] if isinstance(r, dict))

    def text(self, message: str) -> str:
        status, answer = self.say(message)
        assert status == 200, (status, answer)
        assert answer.strip(), f"aucune réponse à « {message[:40]} »"
        return answer


def user_turns(tracker_url: str, sender: str) -> list[str]:
    """The user messages of a conversation as Rasa stored them in its `events` table, in order."""
    engine = create_engine(tracker_url, future=True)
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT data FROM events WHERE sender_id = :sender AND type_name = 'user' "
                                           "ORDER BY id"), {"sender": sender})
            return [json.loads(row[0])["text"] for row in rows]
    finally:
        engine.dispose()


@pytest.fixture
def chat(prod) -> Chat:
    return Chat(prod.url)
