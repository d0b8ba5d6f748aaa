"""data rights: assemblies.archived_at, and verdicts that outlive their member's account

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 19:00:00

``archived_at`` starts the retention period (DATA_RETENTION_MONTHS) after which the members'
personal data in an assembly is erased. An erased account's verdicts keep counting with no
person linked, so ``verdicts.user_id`` may be empty.
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("assemblies", schema=None) as batch_op:
        batch_op.add_column(sa.Column("archived_at", sa.DateTime(), nullable=True))
    with op.batch_alter_table("verdicts", schema=None) as batch_op:
        batch_op.alter_column("user_id", existing_type=sa.Integer(), nullable=True)


def downgrade():
    op.execute(sa.text("DELETE FROM verdicts WHERE user_id IS NULL"))
    with op.batch_alter_table("verdicts", schema=None) as batch_op:
        batch_op.alter_column("user_id", existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table("assemblies", schema=None) as batch_op:
        batch_op.drop_column("archived_at")
