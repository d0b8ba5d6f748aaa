"""The migrations build exactly the schema the models describe: every table, column, index,
constraint and foreign key, on SQLite and PostgreSQL alike."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from portal.extensions import db


def test_the_migrations_build_exactly_the_schema_the_models_describe(app_context):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "compare_server_default": False}
        )
        differences = compare_metadata(context, db.metadata)
        tables = set(inspect(connection).get_table_names()) - {"alembic_version"}
    assert differences == []
    assert tables == set(db.metadata.tables)
    assert len(tables) >= 20
