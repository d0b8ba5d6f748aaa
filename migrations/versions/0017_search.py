"""search: full-text search of the public record

Revision ID: 0017_search
Revises: 0016_lead_answers
Create Date: 2026-12-03 12:50:00

PostgreSQL: GIN indexes over English tsvectors of recommendations (title and text) and
response entries (explanation and summary); portal/search/queries.py uses the same expressions.
SQLite: an FTS5 table ``search_index`` (porter stemming) kept in sync by triggers, filled from
the rows already there. Neither is described by the models (tests/test_schema.py knows).
"""

from alembic import op

revision = "0017_search"
down_revision = "0016_lead_answers"
branch_labels = None
depends_on = None

RECOMMENDATION_DOCUMENT = "coalesce(title, '') || ' ' || coalesce(text, '')"
ENTRY_DOCUMENT = "coalesce(explanation, '') || ' ' || coalesce(summary, '')"

SQLITE = [
    "CREATE VIRTUAL TABLE search_index USING fts5("
    "body, recommendation_id UNINDEXED, entry_id UNINDEXED, tokenize='porter unicode61')",
    "CREATE TRIGGER search_recommendation_added AFTER INSERT ON recommendations BEGIN "
    "INSERT INTO search_index (body, recommendation_id, entry_id) "
    "VALUES (coalesce(new.title, '') || ' ' || coalesce(new.text, ''), new.id, NULL); END",
    "CREATE TRIGGER search_recommendation_changed AFTER UPDATE OF title, text ON recommendations "
    "BEGIN DELETE FROM search_index WHERE recommendation_id = old.id AND entry_id IS NULL; "
    "INSERT INTO search_index (body, recommendation_id, entry_id) "
    "VALUES (coalesce(new.title, '') || ' ' || coalesce(new.text, ''), new.id, NULL); END",
    "CREATE TRIGGER search_recommendation_removed AFTER DELETE ON recommendations BEGIN "
    "DELETE FROM search_index WHERE recommendation_id = old.id; END",
    "CREATE TRIGGER search_entry_added AFTER INSERT ON response_entries "
    "WHEN new.published_at IS NOT NULL BEGIN "
    "INSERT INTO search_index (body, recommendation_id, entry_id) VALUES ("
    "coalesce(new.explanation, '') || ' ' || coalesce(new.summary, ''), "
    "new.recommendation_id, new.id); END",
    "CREATE TRIGGER search_entry_changed AFTER UPDATE ON response_entries BEGIN "
    "DELETE FROM search_index WHERE entry_id = old.id; "
    "INSERT INTO search_index (body, recommendation_id, entry_id) SELECT "
    "coalesce(new.explanation, '') || ' ' || coalesce(new.summary, ''), "
    "new.recommendation_id, new.id WHERE new.published_at IS NOT NULL; END",
    "CREATE TRIGGER search_entry_removed AFTER DELETE ON response_entries BEGIN "
    "DELETE FROM search_index WHERE entry_id = old.id; END",
    "INSERT INTO search_index (body, recommendation_id, entry_id) "
    f"SELECT {RECOMMENDATION_DOCUMENT}, id, NULL FROM recommendations",
    "INSERT INTO search_index (body, recommendation_id, entry_id) "
    f"SELECT {ENTRY_DOCUMENT}, recommendation_id, id FROM response_entries "
    "WHERE published_at IS NOT NULL",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS search_entry_removed",
    "DROP TRIGGER IF EXISTS search_entry_changed",
    "DROP TRIGGER IF EXISTS search_entry_added",
    "DROP TRIGGER IF EXISTS search_recommendation_removed",
    "DROP TRIGGER IF EXISTS search_recommendation_changed",
    "DROP TRIGGER IF EXISTS search_recommendation_added",
    "DROP TABLE IF EXISTS search_index",
]
POSTGRESQL = [
    "CREATE INDEX ix_recommendations_search ON recommendations "
    f"USING gin (to_tsvector('english', {RECOMMENDATION_DOCUMENT}))",
    "CREATE INDEX ix_response_entries_search ON response_entries "
    f"USING gin (to_tsvector('english', {ENTRY_DOCUMENT}))",
]
POSTGRESQL_DROP = [
    "DROP INDEX IF EXISTS ix_response_entries_search",
    "DROP INDEX IF EXISTS ix_recommendations_search",
]


def _run(statements):
    for statement in statements:
        op.execute(statement)


def upgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        _run(POSTGRESQL)
    elif dialect == "sqlite":
        _run(SQLITE)


def downgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        _run(POSTGRESQL_DROP)
    elif dialect == "sqlite":
        _run(SQLITE_DROP)
