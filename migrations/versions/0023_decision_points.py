"""decision points: the policy calendar of each assembly

Revision ID: 0023_decision_points
Revises: 0022_report_sign_off
Create Date: 2026-12-03 20:15:00

A row of ``decision_points`` is a meeting where a body (cabinet, full council, a committee, a
partner's board) decides something affecting some of the assembly's recommendations
(``decision_point_recommendations``), and afterwards what it decided.
"""

import sqlalchemy as sa
from alembic import op

revision = "0023_decision_points"
down_revision = "0022_report_sign_off"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "decision_points",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assembly_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.String(length=20), nullable=False),
        sa.Column("body_name", sa.String(length=200), nullable=False),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("papers_url", sa.String(length=500), nullable=True),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("outcome_recorded_at", sa.DateTime(), nullable=True),
        sa.Column("outcome_recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("reminded_at", sa.DateTime(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["assembly_id"], ["assemblies.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["outcome_recorded_by_id"], ["users.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_decision_points_assembly_starts", "decision_points", ["assembly_id", "starts_at"]
    )
    op.create_table(
        "decision_point_recommendations",
        sa.Column("decision_point_id", sa.Integer(), nullable=False),
        sa.Column("recommendation_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["decision_point_id"], ["decision_points.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["recommendation_id"], ["recommendations.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("decision_point_id", "recommendation_id"),
    )
    op.create_index(
        "ix_decision_point_recommendations_recommendation_id",
        "decision_point_recommendations",
        ["recommendation_id"],
    )


def downgrade():
    op.drop_index(
        "ix_decision_point_recommendations_recommendation_id",
        table_name="decision_point_recommendations",
    )
    op.drop_table("decision_point_recommendations")
    op.drop_index("ix_decision_points_assembly_starts", table_name="decision_points")
    op.drop_table("decision_points")
