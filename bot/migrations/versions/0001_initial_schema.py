"""initial schema

Revision ID: 0001
Revises: 

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0001'
down_revision: Union[str, None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('campaigns',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('start_year', sa.Integer(), nullable=False),
    sa.Column('price_per_school_cents', sa.Integer(), nullable=False),
    sa.Column('rentree_cutoff', sa.Date(), nullable=True),
    sa.Column('demande_deadline', sa.Date(), nullable=True),
    sa.Column('return_delay_months', sa.Integer(), nullable=True),
    sa.Column('ent_closing_date', sa.Date(), nullable=True),
    sa.Column('titre_perception_period', sa.String(length=80), nullable=True),
    sa.Column('sources', sa.String(length=40), nullable=False),
    sa.CheckConstraint('price_per_school_cents > 0', name='price_positive'),
    sa.CheckConstraint('rentree_cutoff <= demande_deadline', name='cutoff_before_deadline'),
    sa.CheckConstraint('return_delay_months > 0', name='delay_positive'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('start_year')
    )
    op.create_table('collectivites',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('siren', sa.String(length=9), nullable=False),
    sa.Column('siret', sa.String(length=14), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('type', sa.String(length=10), nullable=False),
    sa.CheckConstraint("type IN ('commune', 'CC', 'CA', 'CU', 'METRO', 'syndicat')", name='collectivite_type'),
    sa.CheckConstraint('length(siren) = 9', name='siren_length'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('siren'),
    sa.UniqueConstraint('siret')
    )
    op.create_table('communes',
    sa.Column('insee', sa.String(length=5), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('departement', sa.String(length=3), nullable=False),
    sa.Column('departement_name', sa.String(length=60), nullable=False),
    sa.Column('postal_codes', sa.String(length=60), nullable=False),
    sa.Column('population', sa.Integer(), nullable=True),
    sa.Column('collectivite_id', sa.Integer(), nullable=False),
    sa.Column('epci_id', sa.Integer(), nullable=True),
    sa.Column('mairie_address', sa.String(length=250), nullable=True),
    sa.Column('mairie_phone', sa.String(length=40), nullable=True),
    sa.Column('mairie_email', sa.String(length=200), nullable=True),
    sa.Column('mairie_website', sa.String(length=250), nullable=True),
    sa.ForeignKeyConstraint(['collectivite_id'], ['collectivites.id'], ),
    sa.ForeignKeyConstraint(['epci_id'], ['collectivites.id'], ),
    sa.PrimaryKeyConstraint('insee'),
    sa.UniqueConstraint('collectivite_id')
    )
    with op.batch_alter_table('communes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_communes_epci_id'), ['epci_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_communes_name'), ['name'], unique=False)

    op.create_table('demandes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('collectivite_id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('dossier_number', sa.String(length=40), nullable=True),
    sa.Column('demande_date', sa.Date(), nullable=True),
    sa.Column('returned_date', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('is_demo', sa.Boolean(), nullable=False),
    sa.Column('source', sa.String(length=120), nullable=False),
    sa.CheckConstraint("(status = 'convention_signee') = (returned_date IS NOT NULL)", name='signed_has_date'),
    sa.CheckConstraint("status IN ('deposee', 'convention_signee', 'classee_sans_suite')", name='demande_status'),
    sa.CheckConstraint('returned_date IS NULL OR demande_date IS NULL OR returned_date >= demande_date', name='returned_after_demande'),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], ),
    sa.ForeignKeyConstraint(['collectivite_id'], ['collectivites.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('dossier_number')
    )
    with op.batch_alter_table('demandes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_demandes_campaign_id'), ['campaign_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_demandes_collectivite_id'), ['collectivite_id'], unique=False)
        batch_op.create_index('one_active_demande', ['collectivite_id', 'campaign_id'], unique=True, sqlite_where=sa.text("status != 'classee_sans_suite'"), postgresql_where=sa.text("status != 'classee_sans_suite'"))

    op.create_table('demande_communes',
    sa.Column('demande_id', sa.Integer(), nullable=False),
    sa.Column('commune_insee', sa.String(length=5), nullable=False),
    sa.ForeignKeyConstraint(['commune_insee'], ['communes.insee'], ),
    sa.ForeignKeyConstraint(['demande_id'], ['demandes.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('demande_id', 'commune_insee')
    )
    op.create_table('schools',
    sa.Column('uai', sa.String(length=8), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('type', sa.String(length=12), nullable=False),
    sa.Column('commune_insee', sa.String(length=5), nullable=False),
    sa.Column('pupils', sa.Integer(), nullable=True),
    sa.Column('siret', sa.String(length=14), nullable=True),
    sa.Column('address', sa.String(length=250), nullable=True),
    sa.Column('circonscription', sa.String(length=200), nullable=True),
    sa.CheckConstraint("type IN ('maternelle', 'elementaire', 'primaire')", name='school_type'),
    sa.CheckConstraint('length(uai) = 8', name='uai_length'),
    sa.CheckConstraint('pupils >= 0', name='pupils_not_negative'),
    sa.ForeignKeyConstraint(['commune_insee'], ['communes.insee'], ),
    sa.PrimaryKeyConstraint('uai')
    )
    with op.batch_alter_table('schools', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_schools_commune_insee'), ['commune_insee'], unique=False)

    op.create_table('demande_schools',
    sa.Column('demande_id', sa.Integer(), nullable=False),
    sa.Column('uai', sa.String(length=8), nullable=False),
    sa.ForeignKeyConstraint(['demande_id'], ['demandes.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uai'], ['schools.uai'], ),
    sa.PrimaryKeyConstraint('demande_id', 'uai')
    )


def downgrade() -> None:
    op.drop_table('demande_schools')
    with op.batch_alter_table('schools', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_schools_commune_insee'))

    op.drop_table('schools')
    op.drop_table('demande_communes')
    with op.batch_alter_table('demandes', schema=None) as batch_op:
        batch_op.drop_index('one_active_demande', sqlite_where=sa.text("status != 'classee_sans_suite'"), postgresql_where=sa.text("status != 'classee_sans_suite'"))
        batch_op.drop_index(batch_op.f('ix_demandes_collectivite_id'))
        batch_op.drop_index(batch_op.f('ix_demandes_campaign_id'))

    op.drop_table('demandes')
    with op.batch_alter_table('communes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_communes_name'))
        batch_op.drop_index(batch_op.f('ix_communes_epci_id'))

    op.drop_table('communes')
    op.drop_table('collectivites')
    op.drop_table('campaigns')
