"""handoff requests and unanswered questions

Revision ID: 0002
Revises: 0001

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0002'
down_revision: Union[str, None] = '0001'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('handoff_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('conversation', sa.String(length=64), nullable=False),
    sa.Column('question', sa.Text(), nullable=False),
    sa.Column('collectivite_siren', sa.String(length=9), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('handoff_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_handoff_requests_conversation'), ['conversation'], unique=False)
        batch_op.create_index(batch_op.f('ix_handoff_requests_created_at'), ['created_at'], unique=False)

    op.create_table('unanswered_questions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('intent', sa.String(length=80), nullable=True),
    sa.Column('confidence', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('unanswered_questions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_unanswered_questions_created_at'), ['created_at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('unanswered_questions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_unanswered_questions_created_at'))

    op.drop_table('unanswered_questions')
    with op.batch_alter_table('handoff_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_handoff_requests_created_at'))
        batch_op.drop_index(batch_op.f('ix_handoff_requests_conversation'))

    op.drop_table('handoff_requests')
