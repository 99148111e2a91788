"""`entbot`: the helpdesk's command line, its output, JSON and exit codes."""
import json
from datetime import datetime, timedelta, timezone
from uuid import uuid4

import pytest

from bot import cli
from bot.assistant import Assistant
from bot.db import open_session
from bot.models import UnansweredQuestion


@pytest.fixture(autouse=True)
def use_test_database(database_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.delenv("ENTBOT_TODAY", raising=False)


def run(capsys, *args):
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_fiche_of_mouthoumet_reads_the_script_with_its_sources(capsys):
    code, out, _ = run(capsys, "fiche", "mouthoumet", "--date", "2022-10-03")
    assert code == cli.OK
    assert "CC Région Lézignanaise, Corbières et Minervois" in out
    assert "0110422Z" in out and "Convention précédente : 2021-2022, convention signée" in out
    assert "Situation : A ou B" in out
    assert "29 octobre 2022 — Dernier jour pour la demande d'adhésion (dans 26 jours)" in out
    assert "Coût annuel : 45\u00a0€" in out
    assert "11-Mouthoumet-Convention-ENT-22-23.pdf" in out
    assert "Source : " in out


def test_fiche_json(capsys):
    code, out, _ = run(capsys, "fiche", "st", "chely", "--date", "2022-10-03", "--json")
    data = json.loads(out)
    assert code == cli.OK
    assert data["commune"]["nom"] == "Saint-Chély-d'Apcher"
    assert data["situation"] == "A ou B" and data["donnees_fictives"] is True
    assert data["echeances"] == [{"libelle": "Dernier jour pour la demande d'adhésion", "date": "2022-10-29",
                                  "jours_restants": 26}]
    assert data["cout_annuel_euros"] == "90"
    assert all(p["ligne_source"].startswith("Source : ") for p in data["script"] if p["sources"])


def test_fiche_by_uai_and_by_siret(capsys):
    for query in ("0480205M", "21480095500038"):
        code, out, _ = run(capsys, "fiche", query, "--date", "2022-10-03", "--json")
        assert code == cli.OK, out
        assert json.loads(out)["collectivite"]["nom"] == "Mende"


def test_ambiguous_not_found_and_invalid(capsys):
    code, out, _ = run(capsys, "fiche", "Saint-Denis")
    assert code == cli.AMBIGUOUS and "Saint-Denis (11)" in out and 'entbot fiche "Saint-Denis 30"' in out
    code, _, err = run(capsys, "fiche", "Paris")
    assert code == cli.NOT_FOUND and "Je ne trouve aucune commune" in err
    code, _, err = run(capsys, "fiche", "0110422A")
    assert code == cli.INVALID and "devrait être Z" in err
    code, out, _ = run(capsys, "fiche", "21110260300051", "--json")
    assert code == cli.INVALID and "clé de contrôle" in json.loads(out)["erreur"]


def test_situation_from_facts(capsys):
    code, out, _ = run(capsys, "situation", "--convention-precedente", "oui", "--modifie-ecoles", "oui",
                       "--date-demande", "05/09/2022", "--ecoles", "3", "--date", "2022-10-03", "--json")
    data = json.loads(out)
    assert code == cli.OK and data["situation"] == "B"
    assert data["echeances"][0]["date"] == "2022-11-05" and data["cout_annuel_euros"] == "135"


def test_situation_not_covered(capsys):
    code, out, _ = run(capsys, "situation", "--convention-precedente", "non", "--date-demande", "2022-10-30",
                       "--date", "2022-11-02")
    assert code == cli.NOT_FOUND
    assert "n'est pas prévue par les documents" in out
    code, out, _ = run(capsys, "situation", "--convention-precedente", "non", "--annee", "2030-2031")
    assert code == cli.NOT_FOUND and "2030-2031" in out


def test_bad_input_is_said_in_french(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["situation", "--convention-precedente", "peut-être"])
    assert exit_info.value.code == cli.INVALID
    assert "répondez oui ou non" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        cli.main(["fiche", "mende", "--date", "31/02/2022"])
    assert "n'est pas une date qui existe" in capsys.readouterr().err


def test_import_command(capsys, tmp_path):
    bad = tmp_path / "demandes.csv"
    bad.write_text("annee_scolaire,siren_collectivite,ecoles\n2022-2023,211100012,0110069R\n", encoding="utf-8")
    code, _, err = run(capsys, "importer", str(bad))
    assert code == cli.INVALID
    assert "Ligne 2, champ « siren_collectivite »" in err and "rien n'a été importé" in err
    code, _, err = run(capsys, "importer", str(tmp_path / "absent.csv"))
    assert code == cli.INVALID and "n'existe pas" in err


def test_report_counts_the_questions_not_understood_without_personal_data(capsys, database_url):
    marker = uuid4().hex[:8]
    for text in (f"Question {marker} : écrivez à jean.dupont@mairie.fr", f"QUESTION {marker} : écrivez à j.d@x.fr"):
        Assistant(database_url).record_unanswered(text, "nlu_fallback", 0.31)
    with open_session(database_url) as session:  # older than the period asked for
        session.add(UnansweredQuestion(created_at=datetime.now(timezone.utc) - timedelta(days=40),
                                       text=f"ancienne {marker}"))
        session.commit()
    code, out, _ = run(capsys, "rapport", "--jours", "30", "--json")
    mine = [item for item in json.loads(out)["questions"] if marker in item["texte"]]
    assert code == cli.OK and mine == [{"texte": f"question {marker} : écrivez à [courriel]", "nombre": 2}]
    code, out, _ = run(capsys, "rapport", "--jours", "60")
    assert f"  2 ×  question {marker} : écrivez à [courriel]" in out and f"  1 ×  ancienne {marker}" in out
    assert "Questions sans réponse (non comprises, hors sujet, autre langue, absentes de la campagne en base) ces " \
           "60 derniers jours" in out
    assert "Demandes de contact à traiter : " in out
