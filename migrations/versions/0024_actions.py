"""actions under a recommendation, their history, and the assembly's roll-up setting

Revision ID: 0024_actions
Revises: 0023_decision_points
Create Date: 2026-12-03 20:20:00

``actions`` are the steps that deliver a recommendation; ``action_changes`` keeps each move of
one (status and progress, before and after). ``assemblies.progress_from_actions`` makes a
recommendation's progress the mean of its actions' (kept in ``recommendations.actions_progress``).
"""

import sqlalchemy as sa
from alembic import op

revision = "0024_actions"
down_revision = "0023_decision_points"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column(
        "assemblies",
        sa.Column(
            "progress_from_actions", sa.Boolean(), nullable=False, server_default=sa.false()
        ),
    )
    op.add_column("recommendations", sa.Column("actions_progress", sa.Integer(), nullable=True))
    op.create_table(
        "actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recommendation_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("moved_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["recommendation_id"],
            ["recommendations.id"],
            name=op.f("fk_actions_recommendation_id_recommendations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_actions_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actions")),
    )
    op.create_index(op.f("ix_actions_recommendation_id"), "actions", ["recommendation_id"])
    op.create_index(op.f("ix_actions_due_on"), "actions", ["due_on"])
    op.create_table(
        "action_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=True),
        sa.Column("changed_by_id", sa.Integer(), nullable=True),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.Column("from_status", sa.String(length=20), nullable=False),
        sa.Column("to_status", sa.String(length=20), nullable=False),
        sa.Column("from_progress", sa.Integer(), nullable=False),
        sa.Column("to_progress", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["actions.id"],
            name=op.f("fk_action_changes_action_id_actions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["response_entries.id"],
            name=op.f("fk_action_changes_entry_id_response_entries"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["changed_by_id"],
            ["users.id"],
            name=op.f("fk_action_changes_changed_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_changes")),
    )
    op.create_index(op.f("ix_action_changes_action_id"), "action_changes", ["action_id"])


def downgrade():
    op.drop_index(op.f("ix_action_changes_action_id"), table_name="action_changes")
    op.drop_table("action_changes")
    op.drop_index(op.f("ix_actions_due_on"), table_name="actions")
    op.drop_index(op.f("ix_actions_recommendation_id"), table_name="actions")
    op.drop_table("actions")
    op.drop_column("recommendations", "actions_progress")
    op.drop_column("assemblies", "progress_from_actions")
