"""Small helpers for scrutiny tests."""

from __future__ import annotations

import re
from contextlib import contextmanager

from sqlalchemy import event, func, select

from portal.extensions import db


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where)) or 0


@contextmanager
def counting_queries():
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def text_of(response) -> str:
    """The page's visible words, tags removed and whitespace collapsed."""
    html = response.get_data(as_text=True)
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    words = re.sub(r"<[^>]+>", " ", html)
    words = words.replace("&#39;", "'").replace("&quot;", '"').replace("&amp;", "&")
    return re.sub(r"\s+", " ", words)


def sign_out(client) -> None:
    from tests.helpers import post_form

    post_form(client, "/logout")
    with client.session_transaction() as session:
        assert "_user_id" not in session


def signed_in_as(client, user) -> None:
    """Start a session for ``user`` as the sign-in form would, without hashing a password
    each time (the sign-in itself is tested in tests/auth)."""
    from flask import g

    with client.session_transaction() as session:
        session.clear()
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
    g.pop("_login_user", None)  # tests share one app context, so forget who was signed in
