"""the action version each recorded move took an action to

Revision ID: 0027_action_change_versions
Revises: 0026_report_versions
Create Date: 2026-12-04 01:35:00

``action_changes.version`` is the action's version after the move (empty for moves recorded
before it was kept): an out-of-date spreadsheet row says who moved the action on since the
version it was exported from.
"""

import sqlalchemy as sa
from alembic import op

revision = "0027_action_change_versions"
down_revision = "0026_report_versions"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("action_changes") as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table("action_changes") as batch_op:
        batch_op.drop_column("version")
