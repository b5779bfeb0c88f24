"""registrations: the address bounced (a permanent SMTP refusal)

Revision ID: 6e2f8a4b0c31
Revises: 5d1e7f3a9b20
Create Date: 2026-12-02 03:10:00

"""
from alembic import op
import sqlalchemy as sa

import summit.db


# revision identifiers, used by Alembic.
revision = '6e2f8a4b0c31'
down_revision = '5d1e7f3a9b20'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('bounced_at', summit.db.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column('bounce_reason', sa.String(length=500), nullable=False, server_default='')
        )
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.alter_column('bounce_reason', server_default=None)


def downgrade():
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.drop_column('bounce_reason')
        batch_op.drop_column('bounced_at')
