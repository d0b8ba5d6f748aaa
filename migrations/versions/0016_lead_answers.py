"""leads who accept: when a lead was chosen and accepted, and leads who said it isn't theirs

Revision ID: 0016_lead_answers
Revises: 0015_reports
Create Date: 2026-12-03 12:10:00

Leads chosen before this change have no ``lead_assigned_at``: they count as confirmed, so
nothing is flagged for a council until it next chooses a lead.
"""

import sqlalchemy as sa
from alembic import op

revision = "0016_lead_answers"
down_revision = "0015_reports"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("recommendations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("lead_assigned_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("lead_accepted_at", sa.DateTime(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_recommendations_lead_assigned_at"), ["lead_assigned_at"]
        )
    op.create_table(
        "lead_declines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recommendation_id", sa.Integer(), nullable=False),
        sa.Column("officer_id", sa.Integer(), nullable=True),
        sa.Column("officer_name", sa.String(length=200), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("suggested_lead", sa.String(length=200), nullable=False),
        sa.Column("assigned_at", sa.DateTime(), nullable=True),
        sa.Column("declined_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["officer_id"],
            ["users.id"],
            name=op.f("fk_lead_declines_officer_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["recommendation_id"],
            ["recommendations.id"],
            name=op.f("fk_lead_declines_recommendation_id_recommendations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lead_declines")),
    )
    with op.batch_alter_table("lead_declines", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lead_declines_declined_at"), ["declined_at"])
        batch_op.create_index(batch_op.f("ix_lead_declines_officer_id"), ["officer_id"])
        batch_op.create_index(
            batch_op.f("ix_lead_declines_recommendation_id"), ["recommendation_id"]
        )


def downgrade():
    with op.batch_alter_table("lead_declines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lead_declines_recommendation_id"))
        batch_op.drop_index(batch_op.f("ix_lead_declines_officer_id"))
        batch_op.drop_index(batch_op.f("ix_lead_declines_declined_at"))
    op.drop_table("lead_declines")
    with op.batch_alter_table("recommendations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recommendations_lead_assigned_at"))
        batch_op.drop_column("lead_accepted_at")
        batch_op.drop_column("lead_assigned_at")
