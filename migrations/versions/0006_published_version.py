"""published_version: the recommendation version each published entry moved it to

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 15:30:00

An uploaded spreadsheet row carries the version of the recommendation it was exported from;
entries published at a later version are what was published since.
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("response_entries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("published_version", sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table("response_entries", schema=None) as batch_op:
        batch_op.drop_column("published_version")
