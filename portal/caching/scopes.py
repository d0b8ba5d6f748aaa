"""Which cached pages a database change can alter: the scopes a transaction touched.

A scope is ``assembly:<slug>`` (everything about one assembly: its pages, reports, calendar,
open data) or ``shared`` (a change tied to no single assembly, such as a user's name or a
department: it may show on any assembly's pages). Every change also counts for ``any``, the scope
of the pages that span assemblies (the assemblies list, search, the home page).

The scopes are found generically from the session's own work, so no service has to remember to
invalidate anything:

- every ORM object inserted, updated or deleted in a flush: an ``Assembly`` is its own scope; any
  other row is followed along its foreign keys until one reaches ``assemblies`` (a response entry
  through its recommendation, an assessment answer through its participation, round and report);
  a row that reaches no assembly counts as ``shared``;
- every bulk ``insert()``, ``update()`` or ``delete()`` and every textual write run through the
  session counts as ``shared`` (its rows are not known), so it invalidates every cached page.

Bookkeeping that no visitor's page shows is left out: sessions, sign-in tokens, the outbox,
in-app notifications, digest and reminder logs, scheduled runs, pending uploads and background jobs, and the
columns of ``users`` that only the account itself sees (sign-in times, password, email
preferences). Writes that bypass the session (a hand edit in ``psql``, ``TRUNCATE``) are not
seen: run ``flask clear-page-cache`` after one.
"""

from __future__ import annotations

import contextlib

from sqlalchemy import Table, inspect, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import TextClause

SHARED = "shared"
ANY = "any"

# Tables no page for visitors shows; changes to them never invalidate a cached page.
UNSHOWN_TABLES = frozenset(
    {
        "user_sessions",
        "user_tokens",
        "outbox_messages",
        "mail_bodies",
        "notifications",
        "digest_runs",
        "reminder_logs",
        "scheduled_runs",
        "pending_uploads",
        "jobs",
    }
)

# Columns only the account itself sees: an update that changes nothing else is not shown.
UNSHOWN_COLUMNS = {
    "users": frozenset(
        {
            "last_sign_in_at",
            "last_seen_at",
            "session_token",
            "password_hash",
            "email_failed_at",
            "email_failed_reason",
            "email_frequency",
            "bulletins_opt_in",
            "reply_emails",
            "reminder_emails",
        }
    )
}

WRITE_WORDS = ("INSERT", "UPDATE", "DELETE", "REPLACE", "MERGE")


def assembly_scope(slug: str) -> str:
    return f"assembly:{slug}"


class ScopeFinder:
    """Finds the assemblies of the rows one flush wrote; remembers each row it looked up."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._rows: dict[tuple[str, object], frozenset[str] | None] = {}

    def of_object(self, instance, *, updated: bool = False) -> set[str]:
        """The scopes of one inserted, updated (``updated``) or deleted object."""
        state = inspect(instance)
        mapper = state.mapper
        table = mapper.local_table
        if not isinstance(table, Table) or table.name in UNSHOWN_TABLES:
            return set()
        if updated and not self._shown_change(state, table.name):
            return set()
        if table.name == "assemblies":
            slugs = {instance.slug}
            slugs.update(s for s in state.attrs.slug.history.deleted if s)
            return {assembly_scope(slug) for slug in slugs if slug}
        found = self._through_foreign_keys(
            table, lambda column: self._values(state, mapper, column)
        )
        return set(found) if found is not None else {SHARED}

    def _shown_change(self, state, table_name: str) -> bool:
        """Whether an update changed a column a visitor may see, or a collection (a
        many-to-many link, such as the recommendations a decision point affects)."""
        unshown = UNSHOWN_COLUMNS.get(table_name, frozenset())
        for attribute in state.mapper.column_attrs:
            history = state.attrs[attribute.key].history
            if history.has_changes() and attribute.columns[0].name not in unshown:
                return True
        return any(
            state.attrs[relationship.key].history.has_changes()
            for relationship in state.mapper.relationships
            if relationship.secondary is not None
        )

    @staticmethod
    def _values(state, mapper, column) -> list:
        """A foreign key's values: now and before this flush (a row moved between assemblies)."""
        try:
            attribute = mapper.get_property_by_column(column)
        except Exception:  # a column the mapper does not map
            return []
        history = state.attrs[attribute.key].history
        values = {*history.added, *history.unchanged, *history.deleted}
        if attribute.key in state.dict:
            values.add(state.dict[attribute.key])
        elif state.has_identity:
            # An expired attribute: load it (if the row is gone the change counts as shared).
            with contextlib.suppress(Exception):
                values.add(getattr(state.obj(), attribute.key))
        return [value for value in values if value is not None]

    def _through_foreign_keys(self, table: Table, values_of) -> frozenset[str] | None:
        """The scopes reached from a row's foreign keys; None if none reaches an assembly."""
        keys = sorted(table.foreign_keys, key=lambda key: key.column.table.name != "assemblies")
        for foreign_key in keys:
            parent = foreign_key.column.table
            if parent is table or parent.name in UNSHOWN_TABLES:
                continue
            scopes: set[str] = set()
            reached = False
            for value in values_of(foreign_key.parent):
                found = self._row(parent, foreign_key.column, value)
                if found is not None:
                    reached = True
                    scopes.update(found)
            if reached:
                return frozenset(scopes)
        return None

    def _row(self, table: Table, column, value) -> frozenset[str] | None:
        remembered = (f"{table.name}.{column.name}", value)
        if remembered in self._rows:
            return self._rows[remembered]
        self._rows[remembered] = None  # a cycle of foreign keys ends here
        found: frozenset[str] | None
        if table.name == "assemblies":
            slug = self.session.execute(
                select(table.c.slug).where(column == value)
            ).scalar_one_or_none()
            found = frozenset({assembly_scope(slug)}) if slug else None
        else:
            wanted = [key.parent for key in table.foreign_keys]
            row = (
                self.session.execute(select(*wanted).where(column == value)).one_or_none()
                if wanted
                else None
            )
            if row is None:
                found = None
            else:
                mapping = dict(zip(wanted, row, strict=True))
                found = self._through_foreign_keys(
                    table,
                    lambda c: [mapping[c]] if mapping.get(c) is not None else [],
                )
        self._rows[remembered] = found
        return found


def of_statement(statement) -> set[str]:
    """The scopes a statement run through the session may change (bulk and textual writes)."""
    if isinstance(statement, TextClause):
        words = statement.text.lstrip().split(None, 1)
        return {SHARED} if words and words[0].upper() in WRITE_WORDS else set()
    table = getattr(statement, "table", None)
    if isinstance(table, Table) and table.name in UNSHOWN_TABLES:
        return set()
    return {SHARED}
