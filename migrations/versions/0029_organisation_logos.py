"""organisation logos

Revision ID: 0029_organisation_logos
Revises: 0028_partners
Create Date: 2026-12-04 01:40:00

``organisation_logos`` holds each organisation's logo as served (a PNG or JPEG the portal decoded,
shrunk to 400 pixels at most and saved again); ``organisations.logo_digest`` is its SHA-256, so
pages can link to it without loading it.
"""

import sqlalchemy as sa
from alembic import op

revision = "0029_organisation_logos"
down_revision = "0028_partners"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("logo_digest", sa.String(length=64), nullable=True))
    op.create_table(
        "organisation_logos",
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("content_type", sa.String(length=20), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_organisation_logos_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("organisation_id", name=op.f("pk_organisation_logos")),
    )


def downgrade():
    op.drop_table("organisation_logos")
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.drop_column("logo_digest")
