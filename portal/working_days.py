"""Working days: Monday to Friday, less the bank holidays of the authority's nation.

The nation is ``PUBLIC_HOLIDAYS_REGION`` (``england-and-wales``, ``scotland`` or
``northern-ireland``); the bank holidays come from the maintained calendar of the ``holidays``
package. Every deadline counted in working days (a question's answer date, a lead's 10 days)
uses these functions, so the date shown to a person is the one used for lateness.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays
from flask import Flask, current_app, has_app_context

DEFAULT_REGION = "england-and-wales"
# The config value -> the holidays package's UK subdivision.
REGIONS = {"england-and-wales": "ENG", "scotland": "SCT", "northern-ireland": "NIR"}


class UnknownRegion(RuntimeError):
    """``PUBLIC_HOLIDAYS_REGION`` names no nation we know."""


def init_app(app: Flask) -> None:
    """Refuse to start with a region we do not know, rather than count the wrong days."""
    region = app.config.get("PUBLIC_HOLIDAYS_REGION") or DEFAULT_REGION
    if region not in REGIONS:
        raise UnknownRegion(
            f"PUBLIC_HOLIDAYS_REGION is {region!r}, which is not a region the portal knows. "
            f"Set it to one of: {', '.join(REGIONS)}."
        )


def _region(region: str | None) -> str:
    if region is None:
        region = (
            current_app.config.get("PUBLIC_HOLIDAYS_REGION") if has_app_context() else None
        ) or DEFAULT_REGION
    if region not in REGIONS:
        raise UnknownRegion(f"Unknown PUBLIC_HOLIDAYS_REGION {region!r}")
    return region


@lru_cache(maxsize=64)
def _bank_holidays(region: str, year: int) -> frozenset[date]:
    return frozenset(holidays.UK(subdiv=REGIONS[region], years=year))


def is_working_day(day: date, region: str | None = None) -> bool:
    """Monday to Friday and not a bank holiday (nor a substitute day) in the region."""
    return day.weekday() < 5 and day not in _bank_holidays(_region(region), day.year)


def add_working_days(start: date, days: int, region: str | None = None) -> date:
    """The date ``days`` working days after ``start`` (``start`` itself does not count)."""
    region = _region(region)
    current = start
    remaining = max(0, days)
    while remaining:
        current += timedelta(days=1)
        if is_working_day(current, region):
            remaining -= 1
    return current


def working_days_between(start: date, end: date, region: str | None = None) -> int:
    """Working days after ``start`` up to and including ``end`` (negative if ``end`` is earlier).

    ``working_days_between(a, add_working_days(a, n)) == n``.
    """
    if end < start:
        return -working_days_between(end, start, region)
    region = _region(region)
    count = 0
    current = start
    while current < end:
        current += timedelta(days=1)
        if is_working_day(current, region):
            count += 1
    return count
