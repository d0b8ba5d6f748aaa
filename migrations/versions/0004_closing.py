"""closing: a recommendation's final outcome (closed, with a reason) and reopening

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 10:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("recommendations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("closed_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("closure_reason", sa.String(length=30), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_recommendations_closed_at"), ["closed_at"], unique=False
        )

    with op.batch_alter_table("response_entries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("closure_reason", sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column("superseded_by", sa.String(length=500), nullable=True))


def downgrade():
    with op.batch_alter_table("response_entries", schema=None) as batch_op:
        batch_op.drop_column("superseded_by")
        batch_op.drop_column("closure_reason")

    with op.batch_alter_table("recommendations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recommendations_closed_at"))
        batch_op.drop_column("closure_reason")
        batch_op.drop_column("closed_at")
