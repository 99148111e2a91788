"""Configuration from environment variables, with defaults that work on one machine with nothing to start."""
from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    database_url: str
    tracker_store_url: str
    retention_days: int
    today_override: date | None

    def today(self) -> date:
        """The date the rules count from; ENTBOT_TODAY replays a past campaign in a demonstration."""
        return self.today_override or date.today()


def load_settings() -> Settings:
    var = PROJECT_ROOT / "var"
    today = os.environ.get("ENTBOT_TODAY")
    return Settings(
        database_url=os.environ.get("DATABASE_URL") or f"sqlite:///{var / 'ent-ecole.sqlite3'}",
        tracker_store_url=os.environ.get("TRACKER_STORE_URL") or f"sqlite:///{var / 'conversations.sqlite3'}",
        retention_days=int(os.environ.get("ENTBOT_RETENTION_DAYS") or 90),
        today_override=date.fromisoformat(today) if today else None,
    )
