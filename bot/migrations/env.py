"""Alembic environment: the URL comes from the caller (bot.migrate), never from a file in the repository."""
from alembic import context
from sqlalchemy import pool

from bot.db import make_engine
from bot.models import Base

config = context.config
connectable = config.attributes.get("connection") or make_engine(config.get_main_option("sqlalchemy.url"))


def run(connection) -> None:
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True,
                      compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


if hasattr(connectable, "connect"):
    with connectable.connect() as connection:
        run(connection)
else:
    run(connectable)
