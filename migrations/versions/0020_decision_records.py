"""decision records: who decided, the date, and a link to the report or minutes

Revision ID: 0020_decision_records
Revises: 0019_assessments
Create Date: 2026-12-03 15:30:00

All three are empty for decisions published before they were asked for. Columns are added and
dropped with plain ALTER TABLE (SQLite 3.35+ drops columns itself): a batch rebuild of
``response_entries`` on SQLite would lose the search triggers of 0017_search.
"""

import sqlalchemy as sa
from alembic import op

revision = "0020_decision_records"
down_revision = "0019_assessments"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column(
        "response_entries", sa.Column("decision_maker", sa.String(length=30), nullable=True)
    )
    op.add_column("response_entries", sa.Column("decided_on", sa.Date(), nullable=True))
    op.add_column(
        "response_entries",
        sa.Column("decision_record_url", sa.String(length=1000), nullable=True),
    )


def downgrade():
    op.drop_column("response_entries", "decision_record_url")
    op.drop_column("response_entries", "decided_on")
    op.drop_column("response_entries", "decision_maker")
