"""Counting the SQL statements sent to the database, for the tests that keep pages from N+1."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import current_app, has_app_context
from sqlalchemy import event

from portal.extensions import db


@contextmanager
def counting_queries(engine=None, *, rendering: bool = True) -> Iterator[list[str]]:
    """Every SQL statement sent inside the block, in order (``len()`` of it is the count).

    With ``rendering`` (the default) the page cache is emptied first, so a page requested in the
    block is rendered and its own statements are counted, not a cache hit's none.
    """
    engine = engine if engine is not None else db.engine
    page_cache = current_app.extensions.get("page_cache") if has_app_context() else None
    if rendering and page_cache is not None:
        page_cache.store.clear()
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)
