"""one revision per event; the schedule revision token table is retired

Revision ID: b3c1d2e4f5a6
Revises: 3e419c7c26f4
Create Date: 2026-12-01 23:30:00

"""
from alembic import op
import sqlalchemy as sa

import summit.db


# revision identifiers, used by Alembic.
revision = 'b3c1d2e4f5a6'
down_revision = '3e419c7c26f4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('revision', sa.Integer(), server_default='1', nullable=False))
        batch_op.add_column(sa.Column('revised_at', summit.db.UTCDateTime(timezone=True), nullable=True))
    # Existing events: their last edit is the best known moment of their content.
    op.execute("UPDATE events SET revised_at = updated_at")
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.alter_column('revised_at', existing_type=summit.db.UTCDateTime(timezone=True), nullable=False)
        batch_op.create_check_constraint(batch_op.f('ck_events_revision_positive'), 'revision >= 1')
    op.drop_table('schedule_revisions')


def downgrade():
    op.create_table('schedule_revisions',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_schedule_revisions_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_id', name=op.f('pk_schedule_revisions'))
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_events_revision_positive'), type_='check')
        batch_op.drop_column('revised_at')
        batch_op.drop_column('revision')
