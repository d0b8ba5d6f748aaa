"""partners' commitments and their updates

Revision ID: 0032_commitments
Revises: 0031_jobs
Create Date: 2026-12-04 19:00:00

``commitments``: what an organisation that signed an assembly's charter will do about one of its
recommendations, and by when (one per organisation per recommendation). ``commitment_updates``:
its published updates (status, progress, summary), with ``commitment_evidence`` links.
"""

import sqlalchemy as sa
from alembic import op

revision = "0032_commitments"
down_revision = "0031_jobs"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "commitments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recommendation_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["recommendation_id"],
            ["recommendations.id"],
            name=op.f("fk_commitments_recommendation_id_recommendations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_commitments_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_commitments_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commitments")),
        sa.UniqueConstraint(
            "organisation_id",
            "recommendation_id",
            name=op.f("uq_commitments_organisation_id_recommendation_id"),
        ),
    )
    op.create_index(op.f("ix_commitments_recommendation_id"), "commitments", ["recommendation_id"])
    op.create_index(op.f("ix_commitments_organisation_id"), "commitments", ["organisation_id"])
    op.create_table(
        "commitment_updates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("commitment_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("published_at", sa.DateTime(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["commitment_id"],
            ["commitments.id"],
            name=op.f("fk_commitment_updates_commitment_id_commitments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_commitment_updates_author_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commitment_updates")),
    )
    op.create_index(
        op.f("ix_commitment_updates_commitment_id"), "commitment_updates", ["commitment_id"]
    )
    op.create_index(
        op.f("ix_commitment_updates_published_at"), "commitment_updates", ["published_at"]
    )
    op.create_table(
        "commitment_evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("update_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("url", sa.String(length=1000), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["update_id"],
            ["commitment_updates.id"],
            name=op.f("fk_commitment_evidence_update_id_commitment_updates"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commitment_evidence")),
    )
    op.create_index(op.f("ix_commitment_evidence_update_id"), "commitment_evidence", ["update_id"])


def downgrade():
    op.drop_index(op.f("ix_commitment_evidence_update_id"), table_name="commitment_evidence")
    op.drop_table("commitment_evidence")
    op.drop_index(op.f("ix_commitment_updates_published_at"), table_name="commitment_updates")
    op.drop_index(op.f("ix_commitment_updates_commitment_id"), table_name="commitment_updates")
    op.drop_table("commitment_updates")
    op.drop_index(op.f("ix_commitments_organisation_id"), table_name="commitments")
    op.drop_index(op.f("ix_commitments_recommendation_id"), table_name="commitments")
    op.drop_table("commitments")
