"""The import of the académie's demandes: every bad row named by line and field, and all or nothing."""
import io

import pytest
from sqlalchemy import delete, func, select

from bot.importer import ImportRejected, import_demandes
from bot.models import Demande

HEADER = "numero_dossier,annee_scolaire,siren_collectivite,date_demande,date_retour,statut,ecoles,communes,fictif,source\n"


def count(session) -> int:
    return session.scalar(select(func.count()).select_from(Demande))


def run(session, body: str, header: str = HEADER):
    return import_demandes(session, io.StringIO(header + body), progress=False)


@pytest.fixture
def cleanup(session):
    yield
    session.rollback()
    session.execute(delete(Demande).where(Demande.dossier_number.like("TEST-%")).execution_options(
        synchronize_session=False))
    session.commit()


def test_valid_file_is_written_and_a_second_import_changes_nothing(session, cleanup):
    before = count(session)
    body = ("TEST-1,2022-2023,211100011,14/09/2022,,,0110069R,,non,test\n"
            "TEST-2,2022-2023,211100045,2022-06-01,2022-07-01,convention_signee,0110072U,11004,non,\n")
    report = run(session, body)
    assert (report.created, report.updated) == (2, 0)
    assert count(session) == before + 2
    first = session.scalar(select(Demande).where(Demande.dossier_number == "TEST-1"))
    assert first.status == "deposee" and [s.uai for s in first.schools] == ["0110069R"]
    assert [c.insee for c in first.communes] == ["11001"]
    again = run(session, body)
    assert (again.created, again.updated) == (0, 2)
    assert count(session) == before + 2


@pytest.mark.parametrize("row, line_field, words", [
    (",2022-2023,211100012,,,,0110069R,,,", "siren_collectivite", "clé de contrôle"),
    (",2022-2023,123456782,,,,0110069R,,,", "siren_collectivite", "aucune collectivité"),
    (",2030-2031,211100011,,,,0110069R,,,", "annee_scolaire", "aucune campagne 2030-2031"),
    (",deux mille,211100011,,,,0110069R,,,", "annee_scolaire", "n'est pas une année scolaire"),
    (",2022-2023,211100011,31/02/2022,,,0110069R,,,", "date_demande", "pas une date qui existe"),
    (",2022-2023,211100011,le 3 mai,,,0110069R,,,", "date_demande", "JJ/MM/AAAA"),
    (",2022-2023,211100011,2022-09-01,2022-08-01,,0110069R,,,", "date_retour", "antérieure"),
    (",2022-2023,211100011,,,signee,0110069R,,,", "statut", "n'est pas un statut connu"),
    (",2022-2023,211100011,,,convention_signee,0110069R,,,", "date_retour", "doit avoir sa date"),
    (",2022-2023,211100011,,2022-09-01,deposee,0110069R,,,", "statut", "convention_signee"),
    (",2022-2023,211100011,,,,0110069A,,,", "ecoles", "devrait être R"),
    (",2022-2023,211100011,,,,0480205M,,,", "communes", "ne relève pas"),
    (",2022-2023,211100011,,,,0110069R,11004,,", "ecoles", "absente de la colonne communes"),
    (",2022-2023,211100011,,,,0110069R,99999,,", "communes", "code INSEE"),
    (",2022-2023,211100011,,,,,,,", "ecoles", "obligatoire"),
    (",2022-2023,211100011,,,,0110069R,,peut-être,", "fictif", "oui ou non"),
])
def test_each_bad_row_is_named_and_nothing_is_written(session, row, line_field, words):
    before = count(session)
    good = "TEST-9,2022-2023,211100052,2022-09-01,,,0110073V,,,\n"
    with pytest.raises(ImportRejected) as rejected:
        run(session, good + row + "\n")
    messages = [str(e) for e in rejected.value.errors]
    assert any(m.startswith(f"Ligne 3, champ « {line_field} »") and words in m for m in messages), messages
    assert count(session) == before  # the valid first row was not written either


def test_rows_that_clash_with_each_other(session):
    body = ("TEST-1,2022-2023,211100011,,,,0110069R,,,\n"
            "TEST-1,2022-2023,211100052,,,,0110073V,,,\n"
            "TEST-3,2022-2023,211100011,,,,0110069R,,,\n")
    with pytest.raises(ImportRejected) as rejected:
        run(session, body)
    messages = [str(e) for e in rejected.value.errors]
    assert "Ligne 3, champ « numero_dossier » : le dossier TEST-1 figure déjà ligne 2." in messages
    assert any(m.startswith("Ligne 4, champ « siren_collectivite »") and "ligne 2" in m for m in messages)


def test_a_second_active_demande_for_the_same_year_is_refused(session):
    # Mende already has DEMO-2223-01 for 2022-2023 in the demonstration set.
    with pytest.raises(ImportRejected, match="1 erreur"):
        run(session, "TEST-5,2022-2023,214800955,,,,0480205M,,,\n")


def test_bad_header(session):
    with pytest.raises(ImportRejected) as rejected:
        run(session, "x,y\n", header="annee_scolaire,ecole\n")
    messages = [str(e) for e in rejected.value.errors]
    assert "Ligne 1, champ « siren_collectivite » : colonne obligatoire absente de l'en-tête." in messages
    assert any("« ecole » : colonne inconnue" in m for m in messages)


def test_progress_bar_is_shown_when_asked(session, capsys):
    with pytest.raises(ImportRejected):
        import_demandes(session, io.StringIO(HEADER + ",2022-2023,211100012,,,,0110069R,,,\n"), progress=True)
    assert "Vérification" in capsys.readouterr().err
