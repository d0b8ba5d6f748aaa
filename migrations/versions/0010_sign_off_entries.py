"""sign-off of entries: submitted, approved (by whom, in what role) or returned with a reason

Revision ID: 0010_sign_off_entries
Revises: 0009_sign_off_settings
Create Date: 2026-12-03 12:00:00

An entry waiting for sign-off has ``submitted_at`` and no ``published_at``. Entries that exist
before this change were never waiting, so every new column starts empty.
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_sign_off_entries"
down_revision = "0009_sign_off_settings"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("response_entries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("submitted_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("signed_off_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("signed_off_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("signed_off_role", sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column("returned_reason", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("returned_at", sa.DateTime(), nullable=True))
        batch_op.create_index(batch_op.f("ix_response_entries_submitted_at"), ["submitted_at"])
        batch_op.create_foreign_key(
            batch_op.f("fk_response_entries_signed_off_by_id_users"),
            "users",
            ["signed_off_by_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade():
    with op.batch_alter_table("response_entries", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_response_entries_signed_off_by_id_users"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_response_entries_submitted_at"))
        for name in (
            "returned_at",
            "returned_reason",
            "signed_off_role",
            "signed_off_at",
            "signed_off_by_id",
            "submitted_at",
        ):
            batch_op.drop_column(name)
