"""Prepares a production start (called by deploy/run-prod): databases, migrations, Rasa's table, nginx config.

Why one Python step: it creates the PostgreSQL databases when missing, applies the Alembic migrations (never a
drop), seeds the convention database only when it is empty, and creates Rasa's `events` table before the Rasa
instances start — two instances creating it at the same moment on an empty database can collide. It then writes
nginx.conf under PROD_VAR and prints the shell exports that endpoints.prod.yml reads.
"""
from __future__ import annotations

import json
import os
import shlex
import sys
from pathlib import Path

from jinja2 import Template
from sqlalchemy import create_engine, inspect, select, text
from sqlalchemy.engine import URL, make_url

from bot.settings import PROJECT_ROOT

sys.path.insert(0, str(PROJECT_ROOT))  # channels/ is a top-level package of the project, like actions/
TEMPLATE = Path(__file__).resolve().parent / "nginx.conf.template"


def ensure_database(url: URL) -> None:
    """CREATE DATABASE when it does not exist yet (connects to the server's `postgres` database)."""
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT", future=True)
    try:
        with admin.connect() as connection:
            exists = connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :name"),
                                        {"name": url.database}).first()
            if not exists:
                connection.execute(text(f'CREATE DATABASE "{url.database}"'))
                print(f"Base {url.database} créée.", file=sys.stderr)
    finally:
        admin.dispose()


def prepare_conventions(database_url: str) -> None:
    from bot.db import engine_for
    from bot.migrate import upgrade
    from bot.models import Commune
    from bot.seed import seed

    upgrade(database_url)
    with engine_for(database_url).connect() as connection:
        empty = connection.execute(select(Commune.insee).limit(1)).first() is None
    if empty:
        print("Base des conventions vide : chargement des données de référence…", file=sys.stderr)
        seed(database_url, progress=False)


def prepare_tracker_store(url: URL) -> None:
    from rasa.core.tracker_store import SQLTrackerStore
    engine = create_engine(url, future=True)
    try:
        SQLTrackerStore.SQLEvent.__table__.create(engine, checkfirst=True)
        assert inspect(engine).has_table("events")
    finally:
        engine.dispose()


def endpoint_exports(tracker: URL, redis_url: str) -> dict[str, str]:
    """The parts of the URLs that endpoints.prod.yml reads (Rasa takes host, port, db… separately)."""
    redis = make_url(redis_url)
    return {
        "RASA_TRACKER_HOST": tracker.host or "127.0.0.1", "RASA_TRACKER_PORT": str(tracker.port or 5432),
        "RASA_TRACKER_DB": tracker.database or "", "RASA_TRACKER_USER": tracker.username or "",
        "RASA_TRACKER_PASSWORD": tracker.password or "",
        "RASA_REDIS_HOST": redis.host or "127.0.0.1", "RASA_REDIS_PORT": str(redis.port or 6379),
        "RASA_REDIS_DB": (redis.database or "1").strip("/"), "RASA_REDIS_PASSWORD": redis.password or "",
    }


def unavailable_body() -> str:
    """The JSON nginx answers when no Rasa instance answers: the widget shows it like a bot message."""
    from channels.resilient import unavailable_text
    return json.dumps([{"recipient_id": "", "text": unavailable_text()}], ensure_ascii=False)


def nginx_literal(value: str) -> str:
    """A single-quoted nginx string: nginx turns \\n into a newline and reads $ as a variable."""
    if "$" in value:
        raise ValueError("le texte de repli ne doit pas contenir de $ (variable nginx)")
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def render_nginx(var: Path) -> Path:
    rasa_ports = os.environ["RASA_PORTS"].split()
    config = Template(TEMPLATE.read_text(encoding="utf-8"), keep_trailing_newline=True).render(
        var=var, listen=os.environ["PROD_LISTEN"], rasa_ports=rasa_ports, web_port=os.environ["WEB_PORT"],
        unavailable=nginx_literal(unavailable_body()))
    (var / "nginx").mkdir(parents=True, exist_ok=True)
    path = var / "nginx.conf"
    path.write_text(config, encoding="utf-8")
    return path


def main() -> None:
    var = (PROJECT_ROOT / os.environ["PROD_VAR"]).resolve()
    (var / "logs").mkdir(parents=True, exist_ok=True)
    database_url, tracker = os.environ["DATABASE_URL"], make_url(os.environ["TRACKER_STORE_URL"])
    for url in (make_url(database_url), tracker):
        if url.get_backend_name() != "postgresql":
            raise SystemExit(f"La production attend PostgreSQL : {url.render_as_string()} n'en est pas une.")
        ensure_database(url)
    prepare_conventions(database_url)
    prepare_tracker_store(tracker)
    render_nginx(var)
    for name, value in endpoint_exports(tracker, os.environ["REDIS_URL"]).items():
        print(f"export {name}={shlex.quote(value)}")


if __name__ == "__main__":
    main()
