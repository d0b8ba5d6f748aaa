"""Time helpers. The database stores naive UTC datetimes, the same on SQLite and PostgreSQL."""

import calendar
from datetime import UTC, date, datetime


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def today() -> date:
    return utcnow().date()


def add_months(start: date, months: int) -> date:
    """The same day ``months`` later, clamped to the end of shorter months (31 Jan + 1 = 28/29 Feb)."""
    month_index = start.month - 1 + months
    year = start.year + month_index // 12
    month = month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)
