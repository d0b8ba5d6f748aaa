"""reports: the council's first response, annual and final reports, and coverage notes

Revision ID: 0015_reports
Revises: 0014_internal_notes
Create Date: 2026-12-03 12:00:00

New tables only: a published report keeps its rows as JSON in ``snapshot``; a coverage note says
why a recommendation has nothing new in a report's period.
"""

import sqlalchemy as sa
from alembic import op

revision = "0015_reports"
down_revision = "0014_internal_notes"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assembly_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("period_from", sa.Date(), nullable=False),
        sa.Column("period_to", sa.Date(), nullable=False),
        sa.Column("introduction", sa.Text(), nullable=False),
        sa.Column("conclusion", sa.Text(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("published_at", sa.DateTime(), nullable=True),
        sa.Column("snapshot", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["assembly_id"],
            ["assemblies.id"],
            name=op.f("fk_reports_assembly_id_assemblies"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_reports_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reports")),
        sa.UniqueConstraint("assembly_id", "number", name=op.f("uq_reports_assembly_id_number")),
    )
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reports_assembly_id"), ["assembly_id"], unique=False)

    op.create_table(
        "report_coverage_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("recommendation_id", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_report_coverage_notes_author_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["recommendation_id"],
            ["recommendations.id"],
            name=op.f("fk_report_coverage_notes_recommendation_id_recommendations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["reports.id"],
            name=op.f("fk_report_coverage_notes_report_id_reports"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_coverage_notes")),
        sa.UniqueConstraint(
            "report_id",
            "recommendation_id",
            name=op.f("uq_report_coverage_notes_report_id_recommendation_id"),
        ),
    )
    with op.batch_alter_table("report_coverage_notes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_report_coverage_notes_recommendation_id"),
            ["recommendation_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_report_coverage_notes_report_id"), ["report_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("report_coverage_notes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_coverage_notes_report_id"))
        batch_op.drop_index(batch_op.f("ix_report_coverage_notes_recommendation_id"))

    op.drop_table("report_coverage_notes")
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reports_assembly_id"))

    op.drop_table("reports")
