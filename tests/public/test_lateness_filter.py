"""Filtering and counting "long overdue" in SQL agrees with the tag every list shows."""

from __future__ import annotations

from datetime import date, timedelta

from portal.tracker.deadlines import Lateness, lateness, long_overdue_cutoff


def test_the_long_overdue_cutoff_agrees_with_lateness_on_every_day_of_a_leap_and_a_plain_year():
    disagreements = []
    on = date(2027, 1, 1)
    while on < date(2029, 1, 1):
        cutoff = long_overdue_cutoff(on)
        for offset in range(-4, 5):
            due = cutoff + timedelta(days=offset)
            if (due < cutoff) != (lateness(due, on) == Lateness.LONG_OVERDUE):
                disagreements.append((on, due))
        on += timedelta(days=1)
    assert disagreements == []
