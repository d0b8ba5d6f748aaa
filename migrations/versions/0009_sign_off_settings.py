"""sign-off settings: which of an assembly's entries an approver must approve first

Revision ID: 0009_sign_off_settings
Revises: 0008
Create Date: 2026-12-03 11:45:00

Assemblies that exist before this change need no sign-off, so nothing changes for a council
until its organisers opt in.
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_sign_off_settings"
down_revision = "0008"
branch_labels = None
depends_on = None

COLUMNS = ("sign_off_decisions", "sign_off_updates", "sign_off_reports")


def upgrade():
    with op.batch_alter_table("assemblies", schema=None) as batch_op:
        for name in COLUMNS:
            batch_op.add_column(
                sa.Column(name, sa.Boolean(), nullable=False, server_default=sa.false())
            )


def downgrade():
    with op.batch_alter_table("assemblies", schema=None) as batch_op:
        for name in reversed(COLUMNS):
            batch_op.drop_column(name)
