"""The members' statement and the council's reply in a report's open data (JSON).

Only a published statement is public; a draft or one open for endorsement is ``null``.
Endorsements are a count: who endorsed is never published.
"""

from __future__ import annotations

from portal.models import Report
from portal.statements import services


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def statement_json(report: Report) -> dict | None:
    statement = services.statement_for(report)
    if statement is None or not statement.is_published:
        return None
    return {
        "text": statement.text,
        "published_on": _iso(statement.published_at.date() if statement.published_at else None),
        "endorsements": services.endorsement_count(statement),
        "members": statement.member_count,
        "reply_due_on": _iso(statement.reply_due_on),
        "reply_lateness": services.reply_lateness(statement).value,
        "reply": statement.reply if statement.is_replied else None,
        "reply_published_on": _iso(
            statement.reply_published_at.date() if statement.reply_published_at else None
        ),
    }
