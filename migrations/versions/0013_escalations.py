"""escalations: senior contacts per department, and late recommendations escalated to them

Revision ID: 0013_escalations
Revises: 0012_deadline_extensions
Create Date: 2026-12-03 12:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0013_escalations"
down_revision = "0012_deadline_extensions"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "department_contacts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("department", sa.String(length=120), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("department"),
    )
    op.create_table(
        "escalations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recommendation_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("department", sa.String(length=120), nullable=False),
        sa.Column("contact_role", sa.String(length=200), nullable=False),
        sa.Column("contact_email", sa.String(length=320), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("organiser_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["contact_id"], ["department_contacts.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["organiser_id"], ["users.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(
            ["recommendation_id"], ["recommendations.id"], ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("escalations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_escalations_recommendation_id"), ["recommendation_id"])
        batch_op.create_index(batch_op.f("ix_escalations_created_at"), ["created_at"])


def downgrade():
    with op.batch_alter_table("escalations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_escalations_created_at"))
        batch_op.drop_index(batch_op.f("ix_escalations_recommendation_id"))
    op.drop_table("escalations")
    op.drop_table("department_contacts")
