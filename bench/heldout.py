"""The held-out French paraphrases (tests/paraphrases/), never used for training.

Two sets: `heldout.yml`, written apart from the training data but used to steer it (the wordings of its misses were
described to the writers of later examples), and `heldout_blind.yml`, written by someone who saw neither the
training data nor the first set, and never used to choose anything.
"""
from __future__ import annotations

import yaml

from bot.settings import PROJECT_ROOT

SETS = {"reformulations": PROJECT_ROOT / "tests" / "paraphrases" / "heldout.yml",
        "reformulations à l'aveugle": PROJECT_ROOT / "tests" / "paraphrases" / "heldout_blind.yml"}


def load(name: str) -> list[dict]:
    with open(SETS[name], encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def fact_found(text: str, facts: list[str]) -> bool:
    """Every expected fact is in the text (case and the no-break space before € ignored)."""
    plain = text.replace("\u00a0", " ").lower()
    return all(fact.replace("\u00a0", " ").lower() in plain for fact in facts)
