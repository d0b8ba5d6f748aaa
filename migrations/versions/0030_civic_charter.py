"""civic charters and the organisations that ask to sign them

Revision ID: 0030_civic_charter
Revises: 0029_organisation_logos
Create Date: 2026-12-04 02:00:00

``charters``: one an assembly, the organiser's text (Markdown). ``charter_signatures``: a request
to sign (the organisation's details as typed, the contact, the statement of support, any logo),
``pending`` until an organiser approves it (``organisation_id``, ``signed_on``) or declines it
(``decline_reason``).
"""

import sqlalchemy as sa
from alembic import op

revision = "0030_civic_charter"
down_revision = "0029_organisation_logos"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "charters",
        sa.Column("assembly_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["assembly_id"],
            ["assemblies.id"],
            name=op.f("fk_charters_assembly_id_assemblies"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["users.id"],
            name=op.f("fk_charters_updated_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("assembly_id", name=op.f("pk_charters")),
    )
    op.create_table(
        "charter_signatures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assembly_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("organisation_name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("website", sa.String(length=500), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("logo_content_type", sa.String(length=20), nullable=True),
        sa.Column("logo_data", sa.LargeBinary(), nullable=True),
        sa.Column("contact_name", sa.String(length=120), nullable=False),
        sa.Column("contact_email", sa.String(length=254), nullable=False),
        sa.Column("statement", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("requested_at", sa.DateTime(), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decline_reason", sa.Text(), nullable=True),
        sa.Column("signed_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["assembly_id"],
            ["assemblies.id"],
            name=op.f("fk_charter_signatures_assembly_id_assemblies"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_charter_signatures_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["users.id"],
            name=op.f("fk_charter_signatures_decided_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_charter_signatures")),
    )
    op.create_index(
        "ix_charter_signatures_assembly_state", "charter_signatures", ["assembly_id", "state"]
    )
    op.create_index(
        op.f("ix_charter_signatures_organisation_id"), "charter_signatures", ["organisation_id"]
    )


def downgrade():
    op.drop_index(op.f("ix_charter_signatures_organisation_id"), table_name="charter_signatures")
    op.drop_index("ix_charter_signatures_assembly_state", table_name="charter_signatures")
    op.drop_table("charter_signatures")
    op.drop_table("charters")
