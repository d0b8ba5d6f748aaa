"""internal notes: what staff write on a recommendation that the public never sees

Revision ID: 0014_internal_notes
Revises: 0013_escalations
Create Date: 2026-12-03 11:50:00

Dated notes signed by name, in Markdown. ``author_name`` is a snapshot, so a note keeps its
signature when its author's account is closed (``author_id`` becomes empty).
"""

import sqlalchemy as sa
from alembic import op

revision = "0014_internal_notes"
down_revision = "0013_escalations"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "internal_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recommendation_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("author_name", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_internal_notes_author_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["recommendation_id"],
            ["recommendations.id"],
            name=op.f("fk_internal_notes_recommendation_id_recommendations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_internal_notes")),
    )
    with op.batch_alter_table("internal_notes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_internal_notes_author_id"), ["author_id"])
        batch_op.create_index(batch_op.f("ix_internal_notes_created_at"), ["created_at"])
        batch_op.create_index(
            batch_op.f("ix_internal_notes_recommendation_id"), ["recommendation_id"]
        )


def downgrade():
    with op.batch_alter_table("internal_notes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_internal_notes_recommendation_id"))
        batch_op.drop_index(batch_op.f("ix_internal_notes_created_at"))
        batch_op.drop_index(batch_op.f("ix_internal_notes_author_id"))
    op.drop_table("internal_notes")
