"""Production, faults: the action server, the convention database, Redis, every Rasa instance down."""
from __future__ import annotations

import os
import signal
import subprocess
import time

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.settings import PROJECT_ROOT
from tests.bot_process import BIN, MODEL, free_port, wait_until_up
from tests.prod.conftest import Chat, post
from tests.prod.french import says_unavailable

QUESTION = "c'est quoi le tarif par école pour l'année ?"  # answered by an action, from the database
FACT = "45\u00a0€"


def test_action_server_down_then_back_by_itself(prod):
    chat = Chat(prod.url)
    assert FACT in chat.text(QUESTION)
    os.kill(prod.pid("actions"), signal.SIGKILL)  # run-prod restarts it after 2 s
    assert says_unavailable(chat.text(QUESTION))
    prod.wait_until_up(f"http://127.0.0.1:{prod.env['ACTIONS_PORT']}/health")
    assert FACT in chat.text(QUESTION)


def test_convention_database_down_then_back(prod):
    name = make_url(prod.env["DATABASE_URL"]).database
    admin = create_engine(make_url(prod.env["DATABASE_URL"]).set(database="postgres"), isolation_level="AUTOCOMMIT",
                          future=True)
    chat = Chat(prod.url)
    try:
        with admin.connect() as connection:  # the server refuses the action server's connections to this database
            connection.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false'))
            connection.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :name"),
                               {"name": name})
        assert says_unavailable(chat.text(QUESTION))
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
        admin.dispose()
    assert FACT in chat.text(QUESTION)


def test_redis_down_fails_clearly(prod, tmp_path):
    """A Rasa instance whose lock store (Redis) is unreachable answers every message with HTTP 503 and the French
    « unavailable » text, and says in its log which part failed; nothing of the conversation is stored."""
    port, closed = free_port(), free_port()
    log = tmp_path / "rasa-sans-redis.log"
    env = {**prod.env, **exported_endpoint_variables(prod), "RASA_REDIS_PORT": str(closed),
           "ACTION_SERVER_URL": f"http://127.0.0.1:{prod.env['ACTIONS_PORT']}/webhook"}
    process = subprocess.Popen(
        [str(BIN / "rasa"), "run", "--model", str(MODEL), "--endpoints", "endpoints.prod.yml", "--credentials",
         "credentials.yml", "--interface", "127.0.0.1", "--port", str(port)],
        cwd=PROJECT_ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
    try:
        wait_until_up(f"http://127.0.0.1:{port}/", process, log)
        status, replies, _ = post(f"http://127.0.0.1:{port}/webhooks/rest/webhook",
                                  {"sender": "sans-redis", "message": "bonjour"})
        assert status == 503
        assert says_unavailable("\n\n".join(r["text"] for r in replies))
        failure = next(line for line in log.read_text().splitlines() if "Message non traité" in line)
        assert "rasa.core.lock_store.LockError" in failure and "redis.exceptions.ConnectionError" in failure
    finally:
        process.terminate()
        process.wait(timeout=30)


def exported_endpoint_variables(prod) -> dict[str, str]:
    """The variables endpoints.prod.yml reads, as deploy/prepare.py derives them for run-prod."""
    result = subprocess.run([str(BIN / "python"), "deploy/prepare.py"], cwd=PROJECT_ROOT, env=prod.env, check=True,
                            capture_output=True, text=True)
    pairs = (line.removeprefix("export ").split("=", 1) for line in result.stdout.splitlines())
    return {name: value.strip("'") for name, value in pairs}


def test_every_rasa_instance_down_gives_a_french_503_from_nginx(prod):
    for port in prod.rasa_ports:
        os.kill(prod.pid(f"rasa-{port}"), signal.SIGKILL)  # run-prod restarts them after 2 s
    status, replies, _ = post(f"{prod.url}/webhooks/rest/webhook", {"sender": "panne", "message": "bonjour"})
    assert status == 503 and says_unavailable(replies[0]["text"])
    for port in prod.rasa_ports:
        prod.wait_until_up(f"http://127.0.0.1:{port}/", timeout=300)
    time.sleep(6)  # nginx tries an instance again 5 s after it failed (fail_timeout)
    assert "assistant ENT-école" in Chat(prod.url).text("bonjour")
