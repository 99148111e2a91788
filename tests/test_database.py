"""The schema, its constraints and the seeded data, on SQLite and on PostgreSQL."""
from datetime import date

import pytest
from sqlalchemy import func, inspect, select
from sqlalchemy.exc import IntegrityError

from bot.campaigns import campaigns_for
from bot.db import engine_for
from bot.migrate import upgrade
from bot.models import Campaign, Collectivite, Commune, Demande, School
from bot.seed import seed


def test_seeded_reference_data(session):
    counts = {model.__name__: session.scalar(select(func.count()).select_from(model))
              for model in (Commune, School, Collectivite, Campaign)}
    assert counts == {"Commune": 1502, "School": 1852, "Collectivite": 1502 + 64, "Campaign": 2}
    mouthoumet = session.get(School, "0110422Z")
    assert (mouthoumet.commune.name, mouthoumet.pupils) == ("Mouthoumet", 73)
    assert mouthoumet.commune.epci.siren == "200035863"


def test_campaigns_come_from_the_documents(session):
    campaigns = {c.school_year: c for c in session.scalars(select(Campaign))}
    current = campaigns["2022-2023"]
    assert current.price_per_school == 45 and campaigns["2021-2022"].price_per_school == 50
    assert (current.rentree_cutoff, current.demande_deadline, current.return_delay_months) == (
        date(2022, 8, 29), date(2022, 10, 29), 2)
    assert campaigns["2021-2022"].ent_closing_date == date(2022, 7, 8)


@pytest.mark.parametrize("today, asked, expected", [
    (date(2022, 10, 3), None, (2022, 2021)),
    (date(2021, 12, 1), None, (2021, None)),  # the year before 2021-2022 is not in the documents
    (date(2030, 1, 1), None, (2022, 2021)),  # no later campaign yet: the latest one is in force
    (date(2022, 10, 3), 2021, (2021, None)),
    (date(2022, 10, 3), 2023, (None, 2022)),  # asked for a year not yet in the database
    (date(2019, 1, 1), None, (None, None)),
])
def test_campaign_in_force_and_the_one_before(session, today, asked, expected):
    campaigns = campaigns_for(session, today, asked)
    assert (campaigns.current and campaigns.current.start_year, campaigns.previous and campaigns.previous.start_year
            ) == expected
    assert campaigns.asked_start_year == (asked or expected[0] or today.year)

def test_the_real_convention_of_mouthoumet(session):
    demande = session.scalar(select(Demande).join(Collectivite).where(Collectivite.siren == "200035863"))
    assert demande.campaign.school_year == "2021-2022" and not demande.is_demo
    assert [s.uai for s in demande.schools] == ["0110422Z"]
    assert demande.returned_date == date(2021, 9, 13)


def test_demo_rows_are_marked(session):
    demo = session.scalars(select(Demande).where(Demande.is_demo)).all()
    assert len(demo) == 20 and all(d.dossier_number.startswith("DEMO-") for d in demo)


def _demande(session, **overrides) -> Demande:
    values = dict(collectivite_id=session.scalar(select(Collectivite.id).where(Collectivite.siren == "211100011")),
                  campaign_id=session.scalar(select(Campaign.id).where(Campaign.start_year == 2022)),
                  status="deposee", source="test")
    values.update(overrides)
    return Demande(**values)


@pytest.mark.parametrize("overrides", [
    {"status": "convention_signee"},  # signed without a return date
    {"status": "deposee", "returned_date": date(2022, 9, 1)},
    {"status": "perdue"},
    {"demande_date": date(2022, 9, 1), "returned_date": date(2022, 8, 1), "status": "convention_signee"},
    {"campaign_id": 999},  # foreign keys are enforced on SQLite too
])
def test_constraints(session, overrides):
    session.add(_demande(session, **overrides))
    with pytest.raises(IntegrityError):
        session.flush()


def test_one_active_demande_per_collectivite_and_year(session):
    session.add_all([_demande(session, status="classee_sans_suite"), _demande(session)])
    session.flush()  # a demande classée sans suite may be followed by a new one
    session.add(_demande(session))
    with pytest.raises(IntegrityError):
        session.flush()


def test_migrations_and_seed_run_again_without_loss(database_url):
    upgrade(database_url)
    seed(database_url, progress=False)
    tables = set(inspect(engine_for(database_url)).get_table_names())
    assert {"campaigns", "communes", "schools", "demandes", "alembic_version"} <= tables
