"""The held-out French paraphrases (tests/paraphrases/heldout.yml), never used for training."""
from __future__ import annotations

import yaml

from bot.settings import PROJECT_ROOT

PATH = PROJECT_ROOT / "tests" / "paraphrases" / "heldout.yml"


def load() -> list[dict]:
    with open(PATH, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def fact_found(text: str, facts: list[str]) -> bool:
    """Every expected fact is in the text (case and the no-break space before € ignored)."""
    plain = text.replace("\u00a0", " ").lower()
    return all(fact.replace("\u00a0", " ").lower() in plain for fact in facts)
