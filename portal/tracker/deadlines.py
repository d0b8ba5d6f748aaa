"""When the council must next report on a recommendation, and whether it is late.

The first response is due on the assembly's first-response date (by default
``FIRST_RESPONSE_MONTHS``, 3 months, after it concluded) until a decision is published; after that, a report is due one reporting cycle
(12 or 6 months) after the last one. Overdue after that date; long overdue 3 months later.
"""

from __future__ import annotations

import enum
from datetime import date, datetime, timedelta

from portal.timeutil import add_months, today

LONG_OVERDUE_MONTHS = 3


class Lateness(enum.StrEnum):
    """How late a report is. Templates call ``lateness(due)`` and show ``.label``."""

    ON_TIME = "on_time"
    OVERDUE = "overdue"
    LONG_OVERDUE = "long_overdue"

    @property
    def label(self) -> str:
        """The tag people see: "Overdue", "Long overdue", or nothing when on time."""
        return _LABELS[self]


_LABELS = {Lateness.ON_TIME: "", Lateness.OVERDUE: "Overdue", Lateness.LONG_OVERDUE: "Long overdue"}


def next_report_due(
    *,
    first_response_due: date | None,
    has_decision: bool,
    last_report_at: datetime | None,
    cadence_months: int,
) -> date | None:
    if not has_decision or last_report_at is None:
        return first_response_due
    return add_months(last_report_at.date(), cadence_months)


def lateness(due: date | None, on: date | None = None) -> Lateness:
    """How late a report due on ``due`` is on ``on`` (today). Also a template global."""
    if due is None:
        return Lateness.ON_TIME
    on = on or today()
    if on > add_months(due, LONG_OVERDUE_MONTHS):
        return Lateness.LONG_OVERDUE
    if on > due:
        return Lateness.OVERDUE
    return Lateness.ON_TIME


def long_overdue_cutoff(on: date | None = None) -> date:
    """Reports due before this date are long overdue on ``on``, exactly as ``lateness`` says.

    Subtracting 3 months can be a day or two out at the end of a month (31 May less 3 months is
    28 February, but 28 February plus 3 months is 28 May), so the date is nudged to agree.
    """
    on = on or today()
    cutoff = add_months(on, -LONG_OVERDUE_MONTHS)
    while lateness(cutoff, on) == Lateness.LONG_OVERDUE:
        cutoff += timedelta(days=1)
    while lateness(cutoff - timedelta(days=1), on) != Lateness.LONG_OVERDUE:
        cutoff -= timedelta(days=1)
    return cutoff
