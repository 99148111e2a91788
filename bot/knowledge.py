"""The knowledge base: every sentence the assistant says about ENT-école, with the documents it comes from.

Entries live in bot/knowledge/*.yml. A text may hold placeholders ({prix}, {date_limite_demande}, ...): campaign
values come from the database, computed ones from the rules. A placeholder without a value means the documents
say nothing of it, and rendering raises MissingFact rather than printing a guess.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from string import Formatter
from typing import Any

import yaml

from bot.french import format_date, format_euros, format_months
from bot.rules.campaign import CampaignTerms

KNOWLEDGE_DIR = Path(__file__).resolve().parent / "knowledge"


class MissingFact(KeyError):
    """A placeholder has no value: the documents are silent on it."""


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    publisher: str
    date: str
    region: str
    file: str
    url: str | None = None

    @property
    def citation(self) -> str:
        return f"{self.title} ({self.publisher}, {self.date})"


@dataclass(frozen=True)
class Entry:
    key: str
    topic: str
    text: str
    sources: tuple[str, ...]

    @property
    def placeholders(self) -> set[str]:
        return {name for _, name, _, _ in Formatter().parse(self.text) if name}


@dataclass(frozen=True)
class Answer:
    key: str
    text: str
    sources: tuple[Source, ...]

    @property
    def source_line(self) -> str:
        return "Source : " + " ; ".join(source.citation for source in self.sources) if self.sources else ""

    def as_dict(self) -> dict[str, Any]:
        return {"cle": self.key, "texte": self.text, "sources": [s.id for s in self.sources],
                "ligne_source": self.source_line}


class _Values(dict):
    def __missing__(self, name: str) -> str:
        raise MissingFact(name)

    def __getitem__(self, name: str) -> str:
        value = super().__getitem__(name)
        if value is None:
            raise MissingFact(name)
        return value


class KnowledgeBase:
    def __init__(self, entries: dict[str, Entry], sources: dict[str, Source]):
        self.entries = entries
        self.sources = sources

    @classmethod
    def load(cls, directory: Path = KNOWLEDGE_DIR) -> "KnowledgeBase":
        sources = {key: Source(id=key, **value) for key, value in _yaml(directory / "sources.yml").items()}
        entries: dict[str, Entry] = {}
        for path in sorted(directory.glob("*.yml")):
            if path.name == "sources.yml":
                continue
            document = _yaml(path)
            for item in document["entries"]:
                if item["key"] in entries:
                    raise ValueError(f"{path.name}: la clé {item['key']} existe déjà.")
                entries[item["key"]] = Entry(item["key"], document["topic"], item["text"].strip(),
                                             tuple(item.get("sources", ())))
        return cls(entries, sources)

    def __contains__(self, key: str) -> bool:
        return key in self.entries

    def answer(self, key: str, **values: Any) -> Answer:
        entry = self.entries[key]
        text = entry.text.format_map(_Values(values)) if entry.placeholders else entry.text
        return Answer(key, text, tuple(self.sources[s] for s in entry.sources))


@lru_cache(maxsize=1)
def knowledge() -> KnowledgeBase:
    return KnowledgeBase.load()


def campaign_values(current: CampaignTerms | None, previous: CampaignTerms | None) -> dict[str, str | None]:
    """The placeholders a campaign fills, written for French readers; None where the documents are silent."""
    def maybe(value, render):
        return None if value is None else render(value)

    return {
        "annee": maybe(current, lambda c: c.school_year),
        "prix": maybe(current, lambda c: format_euros(c.price_per_school)),
        "date_limite_rentree": maybe(current and current.rentree_cutoff, format_date),
        "date_limite_demande": maybe(current and current.demande_deadline, format_date),
        "delai_retour": maybe(current and current.return_delay_months, format_months),
        "titre_perception": maybe(current and current.titre_perception_period, lambda p: f"au {p}"),
        "annee_precedente": maybe(previous, lambda c: c.school_year),
        "prix_precedent": maybe(previous, lambda c: format_euros(c.price_per_school)),
        "fermeture_ent": maybe(previous and previous.ent_closing_date, format_date),
    }


def _yaml(path: Path) -> Any:
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)
