"""Creates and fills the embedded database: migrations, reference data, campaigns, the real convention, the demo set."""
from __future__ import annotations

from bot.db import open_session
from bot.importer import import_demandes
from bot.migrate import upgrade
from bot.reference import DATA_DIR, load_campaigns, load_reference

DEMANDE_FILES = ("demandes-reelles.csv", "demandes-demo.csv")


def seed(url: str | None = None, progress: bool | None = None) -> None:
    upgrade(url)
    with open_session(url) as session:
        load_reference(session)
        load_campaigns(session)
        for name in DEMANDE_FILES:
            import_demandes(session, DATA_DIR / name, progress=progress)
