"""assessments: members' assessment rounds on a published report, their answers and consent

Revision ID: 0019_assessments
Revises: 0018_statements
Create Date: 2026-12-03 15:30:00

New tables only: one round per report, one participation per member and round (finished, may
their reasons be quoted), one answer per participation and recommendation.
"""

import sqlalchemy as sa
from alembic import op

revision = "0019_assessments"
down_revision = "0018_statements"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "assessment_rounds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("closes_on", sa.Date(), nullable=False),
        sa.Column("opened_by_id", sa.Integer(), nullable=True),
        sa.Column("opened_at", sa.DateTime(), nullable=False),
        sa.Column("closed_early_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["opened_by_id"],
            ["users.id"],
            name=op.f("fk_assessment_rounds_opened_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["reports.id"],
            name=op.f("fk_assessment_rounds_report_id_reports"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_rounds")),
        sa.UniqueConstraint("report_id", name=op.f("uq_assessment_rounds_report_id")),
    )
    op.create_table(
        "assessment_participations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("may_quote", sa.Boolean(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["assessment_rounds.id"],
            name=op.f("fk_assessment_participations_round_id_assessment_rounds"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_assessment_participations_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_participations")),
        sa.UniqueConstraint(
            "round_id", "user_id", name=op.f("uq_assessment_participations_round_id_user_id")
        ),
    )
    with op.batch_alter_table("assessment_participations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_assessment_participations_round_id"), ["round_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_assessment_participations_user_id"), ["user_id"], unique=False
        )
    op.create_table(
        "assessment_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participation_id", sa.Integer(), nullable=False),
        sa.Column("recommendation_id", sa.Integer(), nullable=False),
        sa.Column("rating", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(
            ["participation_id"],
            ["assessment_participations.id"],
            name=op.f("fk_assessment_answers_participation_id_assessment_participations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recommendation_id"],
            ["recommendations.id"],
            name=op.f("fk_assessment_answers_recommendation_id_recommendations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_answers")),
        sa.UniqueConstraint(
            "participation_id",
            "recommendation_id",
            name=op.f("uq_assessment_answers_participation_id_recommendation_id"),
        ),
    )
    with op.batch_alter_table("assessment_answers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_assessment_answers_participation_id"), ["participation_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_assessment_answers_recommendation_id"),
            ["recommendation_id"],
            unique=False,
        )


def downgrade():
    with op.batch_alter_table("assessment_answers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_answers_recommendation_id"))
        batch_op.drop_index(batch_op.f("ix_assessment_answers_participation_id"))
    op.drop_table("assessment_answers")
    with op.batch_alter_table("assessment_participations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_participations_user_id"))
        batch_op.drop_index(batch_op.f("ix_assessment_participations_round_id"))
    op.drop_table("assessment_participations")
    op.drop_table("assessment_rounds")
