"""Database migrations with Alembic: run at start-up and by `entbot migrate`, never by dropping tables."""
from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

from bot.settings import load_settings

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", (url or load_settings().database_url).replace("%", "%%"))
    return config


def upgrade(url: str | None = None) -> None:
    command.upgrade(alembic_config(url), "head")
