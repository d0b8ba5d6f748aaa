"""An assembly's overall progress figure and what changed on its public record lately.

Overall progress is the mean of the progress (0 to 100%) in each recommendation's current
published update, a recommendation without one counting as 0%. "Completed" counts the
recommendations whose current published status is Completed or that were closed as completed.

What changed lists the published entries (decisions, progress updates, closures, reopenings and
corrections) of the last 30 or 90 days, newest first. Drafts, entries waiting for sign-off and
internal notes are never read: every query asks for published entries only.

Each is one SQL statement, whatever the size of the assembly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import cast

from flask_babel import gettext as _
from sqlalchemy import case, func, select
from sqlalchemy.orm import aliased

from portal.actions.progress import progress_column
from portal.extensions import db
from portal.models import (
    Assembly,
    ClosureReason,
    EntryKind,
    ImplementationStatus,
    Recommendation,
    ResponseEntry,
)
from portal.timeutil import utcnow

PERIODS = (30, 90)
"""The periods, in days, that "What changed" can show; the first is the default."""

MOST_CHANGES = 50
"""At most this many changes are listed; older ones are on each recommendation's page."""


@dataclass(frozen=True)
class OverallProgress:
    total: int
    completed: int
    percent: int


def overall_progress(assembly: Assembly) -> OverallProgress:
    """The assembly's overall progress figure and how many recommendations are completed."""
    completed = (Recommendation.current_status == ImplementationStatus.COMPLETED) | (
        Recommendation.closed_at.is_not(None)
        & (Recommendation.closure_reason == ClosureReason.COMPLETED)
    )
    total, progress_sum, done = db.session.execute(
        select(
            func.count(Recommendation.id),
            func.coalesce(func.sum(func.coalesce(progress_column(assembly), 0)), 0),
            func.coalesce(func.sum(case((completed, 1), else_=0)), 0),
        ).where(Recommendation.assembly_id == assembly.id)
    ).one()
    total, progress_sum, done = int(total), int(progress_sum), int(done)
    # The mean rounded to the nearest whole per cent, halves up, in integers.
    percent = (2 * progress_sum + total) // (2 * total) if total else 0
    return OverallProgress(total=total, completed=done, percent=percent)


def changed_period(value: str | None) -> int:
    """The number of days asked for in ``?changed=``; anything else is the default, 30."""
    for days in PERIODS:
        if value == str(days):
            return days
    return PERIODS[0]


@dataclass(frozen=True)
class Change:
    """One published entry as the "What changed" list shows it."""

    entry_id: int
    published_at: datetime
    number: int
    title: str
    description: str


@dataclass(frozen=True)
class RecentChanges:
    days: int
    changes: list[Change]
    more: bool
    """True when there were more than ``MOST_CHANGES`` and the oldest are not listed."""


def describe(entry: ResponseEntry, corrected_kind: EntryKind | None) -> str:
    """'Decision: Accepted', 'Progress update: In progress, 40% done', 'Closed: Completed'."""
    if entry.kind == EntryKind.CLOSURE:
        return _("Closed: %(reason)s", reason=entry.closure_reason_label)
    if entry.kind == EntryKind.REOPENING:
        return _("Reopened")
    if entry.kind == EntryKind.DECISION:
        text = _("Decision: %(decision)s", decision=entry.decision_label)
    else:
        text = _(
            "Progress update: %(status)s, %(progress)d%% done",
            status=entry.status_label,
            progress=entry.progress or 0,
        )
    if corrected_kind is None:
        return text
    if corrected_kind == EntryKind.DECISION:
        return _("Correction to a decision. %(text)s", text=text)
    return _("Correction to a progress update. %(text)s", text=text)


# The entry a correction corrects. Built once: adapting the entry's columns to a new alias costs
# more than the query itself (about a tenth of the assembly page's time when built per request).
_CORRECTED = aliased(ResponseEntry, name="corrected")


def recent_changes(assembly: Assembly, days: int, now: datetime | None = None) -> RecentChanges:
    """Published entries of the last ``days`` days, newest first, at most ``MOST_CHANGES``."""
    since = (now or utcnow()) - timedelta(days=days)
    corrected = _CORRECTED
    rows = db.session.execute(
        select(ResponseEntry, Recommendation.number, Recommendation.title, corrected.kind)
        .join(Recommendation, Recommendation.id == ResponseEntry.recommendation_id)
        .outerjoin(corrected, corrected.id == ResponseEntry.corrects_id)
        .where(
            Recommendation.assembly_id == assembly.id,
            ResponseEntry.published_at.is_not(None),
            ResponseEntry.published_at >= since,
        )
        .order_by(ResponseEntry.published_at.desc(), ResponseEntry.id.desc())
        .limit(MOST_CHANGES + 1)
    ).all()
    changes = [
        Change(
            entry_id=entry.id,
            # The query asks for published entries only.
            published_at=cast(datetime, entry.published_at),
            number=number,
            title=title,
            description=describe(entry, corrected_kind),
        )
        for entry, number, title, corrected_kind in rows[:MOST_CHANGES]
    ]
    return RecentChanges(days=days, changes=changes, more=len(rows) > MOST_CHANGES)
