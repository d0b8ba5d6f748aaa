"""report themes: the order a report lists its recommendations in, and a commentary per theme

Revision ID: 0021_report_themes
Revises: 0020_decision_records
Create Date: 2026-12-03 16:00:00

``reports.order_by`` is ``theme`` (the default, as every report so far) or ``number``; a row of
``report_theme_comments`` is the organiser's Markdown commentary on one theme of one report.
"""

import sqlalchemy as sa
from alembic import op

revision = "0021_report_themes"
down_revision = "0020_decision_records"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("order_by", sa.String(length=20), nullable=False, server_default="theme")
        )

    op.create_table(
        "report_theme_comments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("theme", sa.String(length=200), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_report_theme_comments_author_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["reports.id"],
            name=op.f("fk_report_theme_comments_report_id_reports"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_theme_comments")),
        sa.UniqueConstraint(
            "report_id", "theme", name=op.f("uq_report_theme_comments_report_id_theme")
        ),
    )
    with op.batch_alter_table("report_theme_comments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_report_theme_comments_report_id"), ["report_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("report_theme_comments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_theme_comments_report_id"))
    op.drop_table("report_theme_comments")
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.drop_column("order_by")
