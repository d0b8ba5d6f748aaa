"""report sign-off: a report draft sent to the approvers, approved (by whom) or returned with a
reason

Revision ID: 0022_report_sign_off
Revises: 0021_report_themes
Create Date: 2026-12-03 20:30:00

A report waiting for sign-off is a draft with ``submitted_at`` set. Approving it publishes it and
records ``signed_off_by_id`` and ``signed_off_at``; returning it clears ``submitted_at`` and keeps
the approver's ``returned_reason`` and ``returned_at`` for the organiser.
"""

import sqlalchemy as sa
from alembic import op

revision = "0022_report_sign_off"
down_revision = "0021_report_themes"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.add_column(sa.Column("submitted_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("signed_off_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("signed_off_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("returned_reason", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("returned_at", sa.DateTime(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_reports_signed_off_by_id_users"),
            "users",
            ["signed_off_by_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade():
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_reports_signed_off_by_id_users"), type_="foreignkey"
        )
        for name in (
            "returned_at",
            "returned_reason",
            "signed_off_at",
            "signed_off_by_id",
            "submitted_at",
        ):
            batch_op.drop_column(name)
