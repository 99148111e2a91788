"""The knowledge base: every answer renders with the database's campaign values and names real sources."""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from bot.knowledge import KnowledgeBase, MissingFact, campaign_values, knowledge
from bot.rules.campaign import CampaignTerms

CURRENT = CampaignTerms(2022, Decimal(45), date(2022, 8, 29), date(2022, 10, 29), 2, None, "premier trimestre 2023")
PREVIOUS = CampaignTerms(2021, Decimal(50), ent_closing_date=date(2022, 7, 8))
CAMPAIGN = campaign_values(CURRENT, PREVIOUS)
# Values the rules compute at answer time, with an example each.
COMPUTED = {"jours": "dans 3 jours", "jours_rentree": "dans 3 jours", "jours_retrait": "dans 3 jours",
            "date_demande": "1er septembre 2022", "date_retour": "1er novembre 2022", "date_retrait": "29 octobre 2022",
            "date_retour_effectif": "2 septembre 2022", "portee": "aux écoles", "ecoles": "3 écoles",
            "montant": "135 €", "nom_fichier": "48-Mende-Convention-ENT-22-23.pdf", "annee_demandee": "2030-2031",
            "fiche": "Mende (48)", "etape": "1", "total": "4", "date": "1er septembre 2022",
            "exemple": "Saint-Jean-de-Védas", "recherche": "Saint", "nombre": "224"}
# A campaign's price and dates are database values: an answer never writes them out itself.
LITERAL_CAMPAIGN_VALUES = re.compile(r"\b(45|50) ?€|29 (août|octobre)|8 juillet|premier trimestre 2023|2022-2023|"
                                     r"2021-2022")


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return knowledge()


def test_every_entry_renders_and_cites_existing_documents(kb):
    for key, entry in kb.entries.items():
        assert entry.placeholders <= set(CAMPAIGN) | set(COMPUTED), (key, entry.placeholders)
        answer = kb.answer(key, **CAMPAIGN, **COMPUTED)
        assert answer.text and "{" not in answer.text, key
        for source in entry.sources:
            assert source in kb.sources, (key, source)


def test_sources_point_to_the_shipped_documents(kb):
    from bot.settings import PROJECT_ROOT
    assert set(kb.sources) == {"000", "001", "002", "003", "004"}
    for source in kb.sources.values():
        assert (PROJECT_ROOT / "docs" / "sources" / source.file).is_file()


def test_campaign_values_come_from_the_database_not_the_text(kb):
    for key, entry in kb.entries.items():
        assert not LITERAL_CAMPAIGN_VALUES.search(entry.text), (key, entry.text)


def test_hauts_de_france_answers_say_so(kb):
    for key, entry in kb.entries.items():
        if entry.sources == ("004",):
            assert "Hauts-de-France" in entry.text, key


def test_a_missing_value_is_never_printed(kb):
    values = campaign_values(CampaignTerms(2022, Decimal(45)), None)  # a campaign whose documents say nothing
    with pytest.raises(MissingFact):
        kb.answer("titre_perception", **values)


def test_contact_needs_no_database_value(kb):
    assert not kb.entries["contact"].placeholders  # said even when the database is down


def test_rendered_examples(kb):
    assert "45\u00a0€" in kb.answer("prix", **CAMPAIGN).text
    assert "50\u00a0€" in kb.answer("historique_prix", **CAMPAIGN).text
    assert "premier trimestre 2023" in kb.answer("titre_perception", **CAMPAIGN).text
    assert kb.answer("prix", **CAMPAIGN).source_line.startswith("Source : ")
