"""The migrations build exactly the schema the models describe: every table, column, index,
constraint and foreign key, on SQLite and PostgreSQL alike."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from portal.extensions import db

# The full-text search indexes (migration 0017_search), which no model describes: on SQLite an
# FTS5 table and its shadow tables, written by triggers; on PostgreSQL two GIN expression indexes.
SEARCH_TABLES = {
    "search_index",
    "search_index_data",
    "search_index_idx",
    "search_index_content",
    "search_index_docsize",
    "search_index_config",
}


SEARCH_INDEXES = {"ix_recommendations_search", "ix_response_entries_search"}


def _not_search(name, type_, parent_names) -> bool:
    return not (
        (type_ == "table" and name in SEARCH_TABLES)
        or (type_ == "index" and name in SEARCH_INDEXES)
    )


def test_the_migrations_build_exactly_the_schema_the_models_describe(app_context):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={
                "compare_type": True,
                "compare_server_default": False,
                "include_name": _not_search,
            },
        )
        differences = compare_metadata(context, db.metadata)
        tables = set(inspect(connection).get_table_names()) - {"alembic_version"} - SEARCH_TABLES
    assert differences == []
    assert tables == set(db.metadata.tables)
    assert len(tables) >= 20
