"""attendee messages

Revision ID: 5b1f0c2d9e47
Revises: 88a35ba8b444
Create Date: 2026-12-02 00:35:00.000000

"""
from alembic import op
import sqlalchemy as sa

import summit.db


# revision identifiers, used by Alembic.
revision = '5b1f0c2d9e47'
down_revision = '88a35ba8b444'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('attendee_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('segment', sa.String(length=120), nullable=False),
    sa.Column('segment_label', sa.String(length=300), nullable=False),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('recipients', sa.Integer(), nullable=False),
    sa.Column('sent_at', summit.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('sent_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('recipients >= 0', name=op.f('ck_attendee_messages_recipients_not_negative')),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_attendee_messages_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sent_by_id'], ['organizers.id'], name=op.f('fk_attendee_messages_sent_by_id_organizers'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attendee_messages'))
    )
    with op.batch_alter_table('attendee_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attendee_messages_event_id'), ['event_id'], unique=False)


def downgrade():
    with op.batch_alter_table('attendee_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attendee_messages_event_id'))

    op.drop_table('attendee_messages')
