"""deadline extensions: an organiser moves a report or answer date, with a public reason

Revision ID: 0012_deadline_extensions
Revises: 0011_subscriptions
Create Date: 2026-12-03 12:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0012_deadline_extensions"
down_revision = "0011_subscriptions"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "deadline_extensions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recommendation_id", sa.Integer(), nullable=True),
        sa.Column("question_id", sa.Integer(), nullable=True),
        sa.Column("old_date", sa.Date(), nullable=False),
        sa.Column("new_date", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("organiser_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "(recommendation_id IS NULL) <> (question_id IS NULL)",
            name="ck_deadline_extensions_one_deadline",
        ),
        sa.ForeignKeyConstraint(["organiser_id"], ["users.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["question_id"], ["questions.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["recommendation_id"], ["recommendations.id"], ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("deadline_extensions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_deadline_extensions_recommendation_id"), ["recommendation_id"]
        )
        batch_op.create_index(batch_op.f("ix_deadline_extensions_question_id"), ["question_id"])


def downgrade():
    with op.batch_alter_table("deadline_extensions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_deadline_extensions_question_id"))
        batch_op.drop_index(batch_op.f("ix_deadline_extensions_recommendation_id"))
    op.drop_table("deadline_extensions")
