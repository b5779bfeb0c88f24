"""sent mail keeps its headers only

Revision ID: e0189da0e79f
Revises: 08f6a528cc43
Create Date: 2026-12-02 13:44:42.022926

"""
from alembic import op
import sqlalchemy as sa

import summit.db


# revision identifiers, used by Alembic.
revision = 'e0189da0e79f'
down_revision = '08f6a528cc43'
branch_labels = None
depends_on = None


def upgrade():
    # Mail sent before this release still holds its whole text, private links included:
    # cut it to its header block, as the worker now does when a message leaves. Batched,
    # so a large outbox is not read into memory at once.
    from summit.outbox.delivery import headers_of

    bind = op.get_bind()
    outbox = sa.table(
        "outbox_messages",
        sa.column("id", sa.Integer),
        sa.column("status", sa.String),
        sa.column("body", sa.LargeBinary),
    )
    last = 0
    while True:
        rows = bind.execute(
            sa.select(outbox.c.id, outbox.c.body)
            .where(outbox.c.status == "sent", outbox.c.id > last)
            .order_by(outbox.c.id)
            .limit(500)
        ).all()
        if not rows:
            break
        for row in rows:
            kept = headers_of(bytes(row.body))
            if kept != bytes(row.body):
                bind.execute(outbox.update().where(outbox.c.id == row.id).values(body=kept))
        last = rows[-1].id


def downgrade():
    # The texts are gone; nothing to restore.
    pass
