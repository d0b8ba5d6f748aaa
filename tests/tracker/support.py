"""Helpers for the tracker tests: addresses, forms as the pages render them, query counting."""

from __future__ import annotations

import html
import re
from contextlib import contextmanager

from sqlalchemy import event

from portal.extensions import db
from tests.helpers import post_form


def workspace_url(recommendation) -> str:
    return f"/tracker/assemblies/{recommendation.assembly.slug}/recommendations/{recommendation.number}"


def hidden_value(page: str, name: str) -> str:
    match = re.search(rf'name="{name}"[^>]*value="([^"]*)"', page) or re.search(
        rf'value="([^"]*)"[^>]*name="{name}"', page
    )
    assert match, f"no hidden field {name} on the page"
    return match.group(1)


def open_workspace(client, recommendation) -> str:
    response = client.get(workspace_url(recommendation))
    assert response.status_code == 200
    return response.get_data(as_text=True)


def publish_decision(client, recommendation, action="publish", version=None, **fields):
    """Open the workspace, fill in the decision form and submit it, as the officer would."""
    if version is None:
        version = hidden_value(open_workspace(client, recommendation), "decision_version")
    data = {"decision_version": version, "action": action, **fields}
    return post_form(client, workspace_url(recommendation) + "/decision", data)


def publish_update(client, recommendation, action="publish", version=None, **fields):
    if version is None:
        version = hidden_value(open_workspace(client, recommendation), "update_version")
    data = {"update_version": version, "action": action, **fields}
    return post_form(client, workspace_url(recommendation) + "/update", data)


def text_of(response) -> str:
    """The page as a person reads it: tags removed, entities decoded, spaces collapsed."""
    page = response if isinstance(response, str) else response.get_data(as_text=True)
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"\s*</?(a|span|strong|b|em)\b[^>]*>\s*", _inline_tag, page)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _inline_tag(match) -> str:
    """Inline tags join text; the spaces around them are kept only where the page has them."""
    text = match.group(0)
    before = text[: len(text) - len(text.lstrip())]
    after = text[len(text.rstrip()) :]
    return " " if before or after else ""


@contextmanager
def counting_queries():
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def fresh(instance):
    """Reload ``instance`` after the app changed it in another session."""
    db.session.expire_all()
    return db.session.get(type(instance), instance.id)
