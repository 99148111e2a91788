"""RGPD: `entbot purger` removes old conversations from the production tracker store (PostgreSQL)."""
from __future__ import annotations

import asyncio
import subprocess

from bot.settings import PROJECT_ROOT
from tests.bot_process import BIN
from tests.prod.conftest import Chat, user_turns
from tests.test_purge import conversation, store_for


def test_entbot_purger_removes_old_conversations_from_postgresql(prod):
    store = store_for(prod.env["TRACKER_STORE_URL"])
    asyncio.run(store.save(conversation("ancienne-prod", 400, 200)))
    store.engine.dispose()
    recent = Chat(prod.url)
    recent.text("bonjour")

    env = {**prod.env, "ENTBOT_RETENTION_DAYS": "90"}
    result = subprocess.run([str(BIN / "entbot"), "purger"], cwd=PROJECT_ROOT, env=env, capture_output=True,
                            text=True, timeout=120)

    assert result.returncode == 0, result.stderr
    assert "Conservation 90 jours" in result.stdout
    assert user_turns(prod.env["TRACKER_STORE_URL"], "ancienne-prod") == []
    assert user_turns(prod.env["TRACKER_STORE_URL"], recent.sender) == ["bonjour"]
    assert recent.text("merci")  # the recent conversation goes on after the purge
