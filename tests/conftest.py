"""Shared fixtures. Tests that need a server run for real; locally they may skip with the reason shown, but with
ENTBOT_REQUIRE_SERVICES=1 (set by CI) a missing server is a failure, never a skip."""
from __future__ import annotations

import os
import uuid
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from bot.db import open_session
from bot.seed import seed

POSTGRES_ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
CAMPAIGN_DAY = date(2022, 10, 3)  # a day inside the 2022-2023 campaign, for stable « days left »


def require_service(reason: str) -> None:
    """Skip with the reason, or fail when CI requires every service."""
    if os.environ.get("ENTBOT_REQUIRE_SERVICES") == "1":
        pytest.fail(f"{reason} (ENTBOT_REQUIRE_SERVICES=1: a missing service fails the run)")
    pytest.skip(reason)


def _postgres_database() -> tuple[str, callable]:
    """A new, empty PostgreSQL database for this test run, and how to drop it."""
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT", future=True)
    name = f"entbot_test_{uuid.uuid4().hex[:10]}"
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # noqa: BLE001 - any connection failure means the server is not there
        admin.dispose()
        require_service(f"PostgreSQL injoignable ({POSTGRES_ADMIN_URL}) : {exc.__class__.__name__}")
    url = admin.url.set(database=name).render_as_string(hide_password=False)

    def drop() -> None:
        from bot.db import engine_for
        engine_for(url).dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return url, drop


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(request, tmp_path_factory) -> str:
    """A seeded convention database on each engine the project supports."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'ent.sqlite3'}"
        seed(url, progress=False)
        yield url
        return
    url, drop = _postgres_database()
    try:
        seed(url, progress=False)
        yield url
    finally:
        drop()


@pytest.fixture
def session(database_url):
    with open_session(database_url) as session:
        yield session
        session.rollback()


@pytest.fixture
def empty_database_url(request, tmp_path) -> str:
    """A fresh SQLite database with the schema only."""
    from bot.migrate import upgrade
    url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    upgrade(url)
    return url


@pytest.fixture
def data_dir() -> Path:
    from bot.reference import DATA_DIR
    return DATA_DIR


@pytest.fixture(scope="session")
def running_bot(tmp_path_factory):
    """The whole assistant, started once for the end-to-end tests (REST, socket.io, browser)."""
    from tests.bot_process import MODEL, start_bot
    if not MODEL.exists():
        pytest.fail(f"Pas de modèle entraîné ({MODEL}) : `make test` l'entraîne avant les tests.")
    bot = start_bot(tmp_path_factory.mktemp("bot"))
    yield bot
    bot.stop()
