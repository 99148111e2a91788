"""Production, security and personal data: what is exposed, to whom, on which address, and what the logs keep."""
from __future__ import annotations

import asyncio
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from sqlalchemy.engine import make_url

from tests.prod.conftest import Chat, post
from tests.prod.french import is_french

RASA_API = ["/conversations/essai/tracker", "/conversations/essai/messages", "/model/parse", "/model", "/status",
            "/version", "/domain", "/webhooks/socketio/", "/webhooks/callback/webhook"]


def status_of(url: str, method: str = "GET") -> int:
    data = b'{"text": "bonjour"}' if method == "POST" else None
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=data, method=method), timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.parametrize("path", RASA_API)
def test_rasa_http_api_is_not_reachable_through_nginx(prod, path):
    for method in ("GET", "POST"):
        assert status_of(prod.url + path, method) in (403, 404), (method, path)


def test_rasa_http_api_is_off_on_each_instance(prod):
    for port in prod.rasa_ports:
        for path in ("/conversations/essai/tracker", "/model/parse", "/status"):
            assert status_of(f"http://127.0.0.1:{port}{path}", "POST" if path == "/model/parse" else "GET") in (
                401, 403, 404), (port, path)


def test_only_post_reaches_the_rest_webhook(prod):
    assert status_of(f"{prod.url}/webhooks/rest/webhook") == 403


def test_cors_header_only_for_the_configured_origin(prod):
    url = f"{prod.url}/webhooks/rest/webhook"
    site = prod.env["SITE_ORIGIN"]
    _, _, headers = post(url, {"sender": f"cors-{uuid.uuid4().hex[:6]}", "message": "bonjour"}, {"Origin": site})
    assert headers.get("Access-Control-Allow-Origin") == site
    _, _, headers = post(url, {"sender": f"cors-{uuid.uuid4().hex[:6]}", "message": "bonjour"},
                         {"Origin": "https://pirate.example.com"})
    assert "Access-Control-Allow-Origin" not in headers


def listening_addresses(port: int) -> set[str]:
    """Local addresses listening on a TCP port, from /proc/net/tcp and tcp6."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:
                found.add(address)
    return found


def test_action_server_and_rasa_listen_on_localhost_only(prod):
    localhost = {"0100007F"}  # 127.0.0.1 as /proc writes it
    assert listening_addresses(int(prod.env["ACTIONS_PORT"])) == localhost
    for port in prod.rasa_ports:
        assert listening_addresses(port) == localhost


def test_logs_hold_no_message_text(prod):
    marker = f"Zorglub{uuid.uuid4().hex[:8]}"
    chat = Chat(prod.url)
    chat.text(f"Bonjour, je suis Mme {marker}, combien ça coûte pour 2 écoles ?")
    chat.text(f"{marker} habite à Langogne")
    assert marker not in prod.logs()


HOSTILE = [
    "<script>alert('x')</script>",
    "' OR 1=1; DROP TABLE events; --",
    "Robert'); DELETE FROM demandes WHERE ('1'='1",
    "\x00\x07\x1b[31m",
    "<img src=x onerror=alert(1)>",
    "a" * 5000,
    "What is the price of the ENT for my town?",
    "¿Cuánto cuesta el ENT?",
    "Сколько это стоит?",
    "ENT 的价格是多少？",
    "   ",
]


def test_hostile_inputs_get_a_clean_french_reply_and_the_tracker_still_loads(prod):
    chat = Chat(prod.url)
    for message in HOSTILE:
        status, answer = chat.say(message)
        assert status == 200 and answer.strip() and is_french(answer), (message[:40], status, answer[:200])
    assert "assistant ENT-école" in chat.text("bonjour")
    url = make_url(prod.env["TRACKER_STORE_URL"])
    store = SQLTrackerStore(Domain.empty(), dialect="postgresql", host=url.host, port=url.port, db=url.database,
                            username=url.username, password=url.password)
    tracker = asyncio.run(store.retrieve(chat.sender))
    stored = [m for m in HOSTILE if m.strip()]  # a blank message is answered by the channel, never stored
    assert sum(isinstance(event, UserUttered) for event in tracker.events) == len(stored) + 1
    store.engine.dispose()
