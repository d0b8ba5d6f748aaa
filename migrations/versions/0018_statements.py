"""statements: the members' statement on a published report, and the council's reply

Revision ID: 0018_statements
Revises: 0017_search
Create Date: 2026-12-03 15:30:00

New tables only: one statement per report (its text, endorsement count and reply), the
organiser's edits of its text, members' proposals and comments, and endorsements.
"""

import sqlalchemy as sa
from alembic import op

revision = "0018_statements"
down_revision = "0017_search"
branch_labels = None
depends_on = None


def _user(column: str, table: str, ondelete: str = "SET NULL") -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], ["users.id"], name=op.f(f"fk_{table}_{column}_users"), ondelete=ondelete
    )


def _statement(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["statement_id"],
        ["statements.id"],
        name=op.f(f"fk_{table}_statement_id_statements"),
        ondelete="CASCADE",
    )


def upgrade():
    op.create_table(
        "statements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("opened_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("edited_by_id", sa.Integer(), nullable=True),
        sa.Column("edited_at", sa.DateTime(), nullable=True),
        sa.Column("endorsement_opened_at", sa.DateTime(), nullable=True),
        sa.Column("published_at", sa.DateTime(), nullable=True),
        sa.Column("endorsement_count", sa.Integer(), nullable=True),
        sa.Column("member_count", sa.Integer(), nullable=True),
        sa.Column("reply_due_on", sa.Date(), nullable=True),
        sa.Column("reply", sa.Text(), nullable=False),
        sa.Column("reply_by_id", sa.Integer(), nullable=True),
        sa.Column("reply_published_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["reports.id"],
            name=op.f("fk_statements_report_id_reports"),
            ondelete="CASCADE",
        ),
        _user("opened_by_id", "statements"),
        _user("edited_by_id", "statements"),
        _user("reply_by_id", "statements"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statements")),
        sa.UniqueConstraint("report_id", name=op.f("uq_statements_report_id")),
    )

    op.create_table(
        "statement_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("statement_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("edited_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        _statement("statement_versions"),
        _user("edited_by_id", "statement_versions"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statement_versions")),
    )
    op.create_table(
        "statement_posts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("statement_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("hidden_at", sa.DateTime(), nullable=True),
        sa.Column("hidden_by_id", sa.Integer(), nullable=True),
        _statement("statement_posts"),
        _user("author_id", "statement_posts"),
        _user("hidden_by_id", "statement_posts"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statement_posts")),
    )
    op.create_table(
        "statement_endorsements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("statement_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        _statement("statement_endorsements"),
        _user("user_id", "statement_endorsements", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statement_endorsements")),
        sa.UniqueConstraint(
            "statement_id", "user_id", name=op.f("uq_statement_endorsements_statement_id_user_id")
        ),
    )
    for table in ("statement_versions", "statement_posts", "statement_endorsements"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(batch_op.f(f"ix_{table}_statement_id"), ["statement_id"])
    with op.batch_alter_table("statement_endorsements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_statement_endorsements_user_id"), ["user_id"])


def downgrade():
    with op.batch_alter_table("statement_endorsements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_statement_endorsements_user_id"))
    for table in ("statement_endorsements", "statement_posts", "statement_versions"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f"ix_{table}_statement_id"))
        op.drop_table(table)
    op.drop_table("statements")
