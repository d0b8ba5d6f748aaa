"""failing addresses: when a person's email address failed, and why

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 19:00:00

A permanent SMTP refusal (5xx) or a bounce report (``flask mail-bounce``) marks the address
as failing; nothing more is emailed to it until the person changes or confirms it.
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("email_failed_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("email_failed_reason", sa.Text(), nullable=True))
        batch_op.create_index(batch_op.f("ix_users_email_failed_at"), ["email_failed_at"])


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_users_email_failed_at"))
        batch_op.drop_column("email_failed_reason")
        batch_op.drop_column("email_failed_at")
