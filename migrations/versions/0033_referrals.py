"""decisions referred to an organisation, and its response

Revision ID: 0033_referrals
Revises: 0032_commitments
Create Date: 2026-12-04 19:00:00

``referrals``: one a referred decision entry, naming the organisation asked to respond and the
date to respond by; the organisation's response once a partner writes it.
"""

import sqlalchemy as sa
from alembic import op

revision = "0033_referrals"
down_revision = "0032_commitments"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "referrals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("respond_by", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("notified_at", sa.DateTime(), nullable=True),
        sa.Column("response", sa.Text(), nullable=True),
        sa.Column("responded_at", sa.DateTime(), nullable=True),
        sa.Column("responded_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["response_entries.id"],
            name=op.f("fk_referrals_entry_id_response_entries"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_referrals_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["responded_by_id"],
            ["users.id"],
            name=op.f("fk_referrals_responded_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referrals")),
        sa.UniqueConstraint("entry_id", name=op.f("uq_referrals_entry_id")),
    )
    op.create_index(op.f("ix_referrals_organisation_id"), "referrals", ["organisation_id"])


def downgrade():
    op.drop_index(op.f("ix_referrals_organisation_id"), table_name="referrals")
    op.drop_table("referrals")
