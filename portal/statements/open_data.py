"""The members' statement and the council's reply in open data: the report's JSON and CSV, and
the assembly's ``recommendations.json``.

Only a published statement is public; a draft or one open for endorsement is ``null`` (empty
cells in the CSV). Endorsements are a count: who endorsed is never published.
"""

from __future__ import annotations

from portal.models import Report, Statement
from portal.statements import services
from portal.tracker.deadlines import Lateness

CSV_COLUMNS = [
    "statement_endorsements",
    "statement_published_on",
    "statement_reply_due_on",
    "statement_reply_published_on",
    "statement_reply_overdue",
]
"""Trailing columns of the report's CSV: the same on every row, empty with no published statement."""


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def _published(report: Report) -> Statement | None:
    statement = services.statement_for(report)
    return statement if statement is not None and statement.is_published else None


def statement_state(statement: Statement) -> dict:
    """Where a published statement stands: its count, when it was published, when the reply is
    due, when it was published and whether it is overdue."""
    return {
        "endorsements": services.endorsement_count(statement),
        "published_on": _iso(statement.published_at.date() if statement.published_at else None),
        "reply_due_on": _iso(statement.reply_due_on),
        "reply_published_on": _iso(
            statement.reply_published_at.date() if statement.reply_published_at else None
        ),
        "reply_overdue": services.reply_lateness(statement) != Lateness.ON_TIME,
    }


def statement_json(report: Report) -> dict | None:
    statement = _published(report)
    if statement is None:
        return None
    return {
        "text": statement.text,
        "members": statement.member_count,
        "reply_lateness": services.reply_lateness(statement).value,
        "reply": statement.reply if statement.is_replied else None,
    } | statement_state(statement)


def statement_csv_cells(report: Report) -> list[str]:
    """The values of :data:`CSV_COLUMNS` for the report's statement (all empty without one)."""
    statement = _published(report)
    if statement is None:
        return [""] * len(CSV_COLUMNS)
    state = statement_state(statement)
    return [
        str(state["endorsements"]),
        state["published_on"] or "",
        state["reply_due_on"] or "",
        state["reply_published_on"] or "",
        "yes" if state["reply_overdue"] else "no",
    ]
