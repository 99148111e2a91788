"""The lookup table of the académie's commune names (data/nlu/lookup_communes.yml), written from bot/data.

Rasa's RegexFeaturizer marks the words of a message that match a name of the table, and the entity extractor reads
that mark beside each word's own features: it then finds « Aniane » in « et pour Aniane ? » though no training
example names Aniane. The table is a feature, not an extractor: « la campagne » still names no commune, and the
database search (bot/search.py) decides which place a name is.

`python -m bot.commune_lookup` writes the table again after bot/data/communes.csv changed; a test says when to.
"""
from __future__ import annotations

import csv
import unicodedata
from pathlib import Path

from bot.reference import DATA_DIR
from bot.settings import PROJECT_ROOT

LOOKUP_FILE = PROJECT_ROOT / "data" / "nlu" / "lookup_communes.yml"
# Names that are everyday words of the questions asked (« la campagne 2022-2023 », « les portes ouvertes »): marked
# as names, they would teach the extractor that a campaign is a place.
EVERYDAY_WORDS = {"Campagne", "Portes"}


def _without_accents(name: str) -> str:
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()


def spellings(name: str) -> list[str]:
    """« Saint-Chély-d'Apcher » as written, without accents, and with spaces for hyphens, as users type it."""
    forms = [name, _without_accents(name)]
    forms += [form.replace("-", " ") for form in forms]
    return list(dict.fromkeys(forms))


def lookup_yaml(communes_csv: Path = DATA_DIR / "communes.csv") -> str:
    with open(communes_csv, encoding="utf-8", newline="") as handle:
        names = sorted({row["nom"] for row in csv.DictReader(handle)} - EVERYDAY_WORDS)
    entries = dict.fromkeys(form for name in names for form in spellings(name))
    lines = ["# Written by `python -m bot.commune_lookup` from bot/data/communes.csv: do not edit by hand.",
             'version: "3.1"', "nlu:", "  - lookup: commune", "    examples: |"]
    return "\n".join(lines + [f"      - {entry}" for entry in entries]) + "\n"


if __name__ == "__main__":
    LOOKUP_FILE.write_text(lookup_yaml(), encoding="utf-8")
    print(f"Table des communes écrite : {LOOKUP_FILE.relative_to(PROJECT_ROOT)}")
