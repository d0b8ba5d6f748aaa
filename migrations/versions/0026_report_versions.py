"""report versions: each published report's version 1 and every correction after it

Revision ID: 0026_report_versions
Revises: 0025_action_versions
Create Date: 2026-12-04 01:20:00

``report_versions`` keeps every published version of a report (the frozen snapshot as it stood,
who published or corrected it, when, and the reason for a correction). Reports already published
get their version 1 from their snapshot.
"""

import sqlalchemy as sa
from alembic import op

revision = "0026_report_versions"
down_revision = "0025_action_versions"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "report_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("snapshot", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column(
            "retook_recommendations", sa.Boolean(), nullable=False, server_default=sa.false()
        ),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_report_versions_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["reports.id"],
            name=op.f("fk_report_versions_report_id_reports"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_versions")),
        sa.UniqueConstraint(
            "report_id", "version", name=op.f("uq_report_versions_report_id_version")
        ),
    )
    op.create_index(op.f("ix_report_versions_report_id"), "report_versions", ["report_id"])
    reports = sa.table(
        "reports",
        sa.column("id", sa.Integer),
        sa.column("state", sa.String),
        sa.column("snapshot", sa.Text),
        sa.column("signed_off_by_id", sa.Integer),
        sa.column("created_by_id", sa.Integer),
        sa.column("published_at", sa.DateTime),
    )
    versions = sa.table(
        "report_versions",
        sa.column("report_id", sa.Integer),
        sa.column("version", sa.Integer),
        sa.column("snapshot", sa.Text),
        sa.column("retook_recommendations", sa.Boolean),
        sa.column("created_by_id", sa.Integer),
        sa.column("created_at", sa.DateTime),
    )
    op.execute(
        versions.insert().from_select(
            [
                "report_id",
                "version",
                "snapshot",
                "retook_recommendations",
                "created_by_id",
                "created_at",
            ],
            sa.select(
                reports.c.id,
                sa.literal(1, sa.Integer),
                reports.c.snapshot,
                sa.false(),
                sa.func.coalesce(reports.c.signed_off_by_id, reports.c.created_by_id),
                reports.c.published_at,
            ).where(
                reports.c.state == "published",
                reports.c.snapshot.is_not(None),
                reports.c.published_at.is_not(None),
            ),
        )
    )


def downgrade():
    op.drop_index(op.f("ix_report_versions_report_id"), table_name="report_versions")
    op.drop_table("report_versions")
