"""each action's version, so an old spreadsheet row never undoes a newer change

Revision ID: 0025_action_versions
Revises: 0024_actions
Create Date: 2026-12-04 01:10:00

``actions.version`` goes up by one each time the action is changed (its title, owner, due date,
status or progress). The tracker export writes it beside each action row; an upload refuses a
changed action row taken from an older version. Existing actions start at version 1.
"""

import sqlalchemy as sa
from alembic import op

revision = "0025_action_versions"
down_revision = "0024_actions"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("actions") as batch_op:
        batch_op.add_column(
            sa.Column("version", sa.Integer(), nullable=False, server_default=sa.text("1"))
        )


def downgrade():
    with op.batch_alter_table("actions") as batch_op:
        batch_op.drop_column("version")
