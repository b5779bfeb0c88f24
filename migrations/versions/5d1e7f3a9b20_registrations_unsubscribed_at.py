"""registrations: unsubscribed from the organizers' messages

Revision ID: 5d1e7f3a9b20
Revises: 4c262acfef0e
Create Date: 2026-12-02 03:00:00

"""
from alembic import op
import sqlalchemy as sa

import summit.db


# revision identifiers, used by Alembic.
revision = '5d1e7f3a9b20'
down_revision = '4c262acfef0e'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('unsubscribed_at', summit.db.UTCDateTime(timezone=True), nullable=True)
        )


def downgrade():
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.drop_column('unsubscribed_at')
