"""queued notice items: the sessions a pending change notice tells about

Revision ID: c4d2e3f6a7b8
Revises: b3c1d2e4f5a6
Create Date: 2026-12-02 00:05:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4d2e3f6a7b8'
down_revision = 'b3c1d2e4f5a6'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('queued_notice_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('outbox_id', sa.Integer(), nullable=False),
    sa.Column('session_ref', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=24), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('headline', sa.Text(), nullable=False),
    sa.Column('gone', sa.Boolean(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['outbox_id'], ['outbox_messages.id'], name=op.f('fk_queued_notice_items_outbox_id_outbox_messages'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_queued_notice_items')),
    sa.UniqueConstraint('outbox_id', 'session_ref', name='uq_queued_notice_items_outbox_session')
    )
    with op.batch_alter_table('queued_notice_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_queued_notice_items_outbox_id'), ['outbox_id'], unique=False)


def downgrade():
    with op.batch_alter_table('queued_notice_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_queued_notice_items_outbox_id'))
    op.drop_table('queued_notice_items')
