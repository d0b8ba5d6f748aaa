"""background jobs

Revision ID: 0031_jobs
Revises: 0030_civic_charter
Create Date: 2026-12-04 19:00:00

``jobs``: long work queued by a request (a confirmed spreadsheet, roster or recommendations
import) and done by the worker: its kind, state, who started it, the assembly, progress
(``done`` of ``total``), a plain-English summary, the checked upload it applies (``payload``,
cleared when it finishes), the worker's claim, and when it was queued, started and finished.
"""

import sqlalchemy as sa
from alembic import op

revision = "0031_jobs"
down_revision = "0030_civic_charter"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("started_by_id", sa.Integer(), nullable=True),
        sa.Column("assembly_id", sa.Integer(), nullable=True),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("payload", sa.Text(), nullable=True),
        sa.Column("claimed_by", sa.String(length=32), nullable=True),
        sa.Column("claimed_until", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=True),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["started_by_id"],
            ["users.id"],
            name=op.f("fk_jobs_started_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["assembly_id"],
            ["assemblies.id"],
            name=op.f("fk_jobs_assembly_id_assemblies"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobs")),
    )
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.create_index("ix_jobs_state_created_at", ["state", "created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_jobs_started_by_id"), ["started_by_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_jobs_assembly_id"), ["assembly_id"], unique=False)


def downgrade():
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_jobs_assembly_id"))
        batch_op.drop_index(batch_op.f("ix_jobs_started_by_id"))
        batch_op.drop_index("ix_jobs_state_created_at")
    op.drop_table("jobs")
