"""The Rasa training data, domain, rules and knowledge base stay in step with each other."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.knowledge import knowledge
from bot.settings import PROJECT_ROOT

DATA = PROJECT_ROOT / "data"


def _load(path: Path):
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def nlu_examples() -> dict[str, list[str]]:
    examples: dict[str, list[str]] = {}
    for path in sorted((DATA / "nlu").glob("*.yml")):
        for block in _load(path).get("nlu", []):
            if "intent" in block:
                lines = [line[2:].strip() for line in block["examples"].splitlines() if line.startswith("- ")]
                examples.setdefault(block["intent"], []).extend(lines)
    return examples


def rule_intents() -> set[str]:
    found = set()

    def walk(steps):
        for step in steps:
            if "intent" in step:
                found.add(step["intent"])
            for branch in step.get("or", []):
                walk([branch])

    for path in sorted((DATA / "rules").glob("*.yml")):
        for rule in _load(path).get("rules", []):
            walk(rule.get("steps", []))
    return found


def test_domain_intents_match_the_nlu_data():
    domain = set(_load(PROJECT_ROOT / "domain.yml")["intents"])
    assert domain == set(nlu_examples())


def test_every_faq_intent_has_an_answer_and_a_rule():
    kb = knowledge()
    faq = {intent for intent in nlu_examples() if intent.startswith("faq_")}
    assert faq, "no FAQ intent"
    assert {intent[4:] for intent in faq} <= set(kb.entries)
    assert faq <= rule_intents()


def test_every_intent_can_be_suggested_with_a_label():
    kb = knowledge()
    for intent in nlu_examples():
        if intent.startswith(("faq_", "ask_")) or intent in ("human_handoff", "bot_capabilities"):
            assert f"sujet_{intent}" in kb, intent


def test_no_example_twice():
    seen: dict[str, str] = {}
    for intent, lines in nlu_examples().items():
        for line in lines:
            key = " ".join(line.lower().split())
            assert key not in seen, f"« {line} » under {intent} and {seen[key]}"
            seen[key] = intent


@pytest.mark.parametrize("held_out_set", ["heldout.yml", "heldout_blind.yml"])
def test_held_out_paraphrases_are_not_training_examples(held_out_set):
    import re
    plain = lambda text: " ".join(re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", text).lower().split())  # noqa: E731
    training = {plain(line) for lines in nlu_examples().values() for line in lines}
    held_out = _load(PROJECT_ROOT / "tests" / "paraphrases" / held_out_set)
    intents = set(nlu_examples())
    assert len(held_out) >= 150
    for item in held_out:
        assert plain(item["text"]) not in training, item["text"]
        assert item["intent"] in intents, item


def test_every_answer_from_the_documents_names_its_source():
    """Helpdesk agents read the source line to callers: only what the assistant says of itself goes without one."""
    from actions.answers import knowledge_key
    kb = knowledge()
    about_itself = {"capacites", "hors_sujet", "insulte", "langue"}
    keys = {knowledge_key(intent) for intent in nlu_examples()} - {None} - about_itself
    assert len(keys) > 40 and [key for key in sorted(keys) if not kb.entries[key].sources] == []


def test_the_lookup_of_commune_names_is_written_from_the_reference_data():
    from bot.commune_lookup import LOOKUP_FILE, lookup_yaml
    assert LOOKUP_FILE.read_text(encoding="utf-8") == lookup_yaml(), "python -m bot.commune_lookup"


def test_the_lookup_spells_names_as_users_type_them_and_leaves_out_everyday_words():
    from bot.commune_lookup import LOOKUP_FILE, spellings
    assert spellings("Saint-Chély-d'Apcher") == ["Saint-Chély-d'Apcher", "Saint-Chely-d'Apcher",
                                                 "Saint Chély d'Apcher", "Saint Chely d'Apcher"]
    entries = {line[8:] for line in LOOKUP_FILE.read_text(encoding="utf-8").splitlines() if line.startswith("      - ")}
    assert {"Aniane", "Sete", "Saint Jean de Fos"} <= entries and "Campagne" not in entries
