"""Engine and sessions for the convention database (SQLite by default, PostgreSQL in production)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.settings import load_settings


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, future=True)
        event.listen(engine, "connect", _sqlite_enforce_foreign_keys)
        return engine
    return create_engine(url, future=True, pool_pre_ping=True)


def _sqlite_enforce_foreign_keys(dbapi_connection, _record) -> None:
    dbapi_connection.execute("PRAGMA foreign_keys = ON")


@lru_cache(maxsize=None)
def engine_for(url: str) -> Engine:
    return make_engine(url)


def session_factory(url: str | None = None) -> sessionmaker:
    return sessionmaker(engine_for(url or load_settings().database_url), future=True, expire_on_commit=False)


def open_session(url: str | None = None) -> Session:
    return session_factory(url)()
