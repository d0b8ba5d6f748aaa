"""The rules of the policy calendar: adding and editing decision points, recording outcomes,
and what the calendar page, the recommendation panel and the organisers' figure list.

Times are entered and shown in UK time (Europe/London) and stored in UTC.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.models import (
    Assembly,
    DecisionBody,
    DecisionPoint,
    Recommendation,
    User,
    decision_point_recommendations,
)
from portal.problems import Problems
from portal.templating import format_date, format_time
from portal.timeutil import utcnow
from portal.tracker.services import is_web_address

UK = ZoneInfo("Europe/London")
OUTCOME_DUE_DAYS = 14  # an outcome not recorded this many days after the date is flagged
REMINDER_DAYS = 14  # followers are emailed this many days before

MAX_BODY_NAME = 200
MAX_WHAT = 5_000
MAX_URL = 500
MAX_OUTCOME = 20_000
MAX_ID = 2**31 - 1


def to_utc(local: datetime) -> datetime:
    """A UK wall-clock time as the naive UTC datetime the database stores."""
    return local.replace(tzinfo=UK).astimezone(UTC).replace(tzinfo=None)


def to_uk(stored: datetime) -> datetime:
    """A stored (UTC) time as UK wall-clock time, aware."""
    return stored.replace(tzinfo=UTC).astimezone(UK)


def uk_date(point: DecisionPoint) -> date:
    return to_uk(point.starts_at).date()


def when_text(point: DecisionPoint) -> str:
    """12 March 2027 at 6:30pm (UK time)."""
    local = to_uk(point.starts_at).replace(tzinfo=None)
    return _("%(date)s at %(time)s", date=format_date(local), time=format_time(local))


def numbers_text(point: DecisionPoint) -> str:
    """Recommendation 7, or Recommendations 7, 12 and 14."""
    numbers = [str(r.number) for r in point.recommendations]
    if not numbers:
        return ""
    if len(numbers) == 1:
        return _("Recommendation %(number)s", number=numbers[0])
    return _(
        "Recommendations %(numbers)s and %(last)s",
        numbers=", ".join(numbers[:-1]),
        last=numbers[-1],
    )


def summary(point: DecisionPoint) -> str:
    """Cabinet: Recommendations 7 and 12."""
    numbers = numbers_text(point)
    return f"{point.body_title}: {numbers}" if numbers else point.body_title


@dataclass
class PointInput:
    body: str
    body_name: str
    local_start: datetime | None
    what: str
    papers_url: str
    recommendation_ids: list[int]


def _check(assembly: Assembly, data: PointInput) -> tuple[dict[str, str], list[Recommendation]]:
    problems: dict[str, str] = {}
    if data.body not in {body.value for body in DecisionBody}:
        problems["body"] = _("Choose which body decides")
    name = data.body_name.strip()
    if data.body in (DecisionBody.COMMITTEE.value, DecisionBody.PARTNER_BOARD.value) and not name:
        problems["body_name"] = _("Enter the name of the committee or board")
    if data.body == DecisionBody.OTHER.value and not name:
        problems["body_name"] = _("Enter the name of the body")
    if len(name) > MAX_BODY_NAME:
        problems["body_name"] = _(
            "Name of the body must be %(limit)d characters or fewer", limit=MAX_BODY_NAME
        )
    if data.local_start is None:
        problems.setdefault("starts_on", _("Enter the date of the meeting"))
    what = data.what.strip()
    if not what:
        problems["what"] = _("Enter what will be decided")
    elif len(what) > MAX_WHAT:
        problems["what"] = _(
            "What will be decided must be %(limit)s characters or fewer", limit=f"{MAX_WHAT:,}"
        )
    url = data.papers_url.strip()
    if url and (len(url) > MAX_URL or not is_web_address(url)):
        problems["papers_url"] = _(
            "Enter a web address starting with http:// or https://, of %(limit)d characters "
            "or fewer",
            limit=MAX_URL,
        )
    chosen: list[Recommendation] = []
    if not data.recommendation_ids:
        problems["recommendations"] = _("Choose at least one recommendation it affects")
    else:
        wanted = set(data.recommendation_ids)
        in_range = {i for i in wanted if 0 < i <= MAX_ID}  # a hand-made request may send any
        chosen = list(
            db.session.scalars(
                select(Recommendation).where(
                    Recommendation.assembly_id == assembly.id,
                    Recommendation.id.in_(in_range),
                )
            )
        )
        if len(chosen) != len(wanted):
            problems["recommendations"] = _("Choose recommendations from the list")
    return problems, chosen


def problems_with(assembly: Assembly, data: PointInput) -> dict[str, str]:
    """What is wrong with ``data``, by form field (empty when it can be saved)."""
    return _check(assembly, data)[0]


def _apply(point: DecisionPoint, data: PointInput, chosen: list[Recommendation]) -> None:
    assert data.local_start is not None
    body = DecisionBody(data.body)
    point.body = body
    point.body_name = data.body_name.strip()
    new_start = to_utc(data.local_start)
    if point.starts_at is not None and new_start != point.starts_at:
        point.reminded_at = None  # a moved meeting is worth a reminder for its new date
    point.starts_at = new_start
    point.what = data.what.strip()
    point.papers_url = data.papers_url.strip() or None
    point.recommendations = sorted(chosen, key=lambda r: r.number)
    point.updated_at = utcnow()


def add_point(assembly: Assembly, author: User, data: PointInput) -> DecisionPoint:
    problems, chosen = _check(assembly, data)
    if problems:
        raise Problems(problems)
    point = DecisionPoint(assembly_id=assembly.id, created_by_id=author.id, outcome="")
    _apply(point, data, chosen)
    db.session.add(point)
    db.session.flush()
    return point


def edit_point(point: DecisionPoint, data: PointInput) -> None:
    problems, chosen = _check(point.assembly, data)
    if problems:
        raise Problems(problems)
    _apply(point, data, chosen)


def record_outcome(point: DecisionPoint, author: User, outcome: str) -> None:
    text = (outcome or "").strip()
    if not text:
        raise Problems({"outcome": _("Enter what was decided")})
    if len(text) > MAX_OUTCOME:
        raise Problems(
            {
                "outcome": _(
                    "The outcome must be %(limit)s characters or fewer", limit=f"{MAX_OUTCOME:,}"
                )
            }
        )
    if point.starts_at > utcnow():
        raise Problems({"outcome": _("You can record the outcome once the meeting has happened")})
    point.outcome = text
    point.outcome_recorded_at = utcnow()
    point.outcome_recorded_by_id = author.id


def point_in(assembly: Assembly, point_id: int) -> DecisionPoint | None:
    return db.session.scalar(
        select(DecisionPoint).where(
            DecisionPoint.id == point_id, DecisionPoint.assembly_id == assembly.id
        )
    )


def _points(assembly: Assembly) -> Select:
    return (
        select(DecisionPoint)
        .where(DecisionPoint.assembly_id == assembly.id)
        .options(selectinload(DecisionPoint.recommendations))
    )


@dataclass
class Calendar:
    upcoming: list[DecisionPoint]
    past: list[DecisionPoint]


def calendar_of(assembly: Assembly, now: datetime | None = None) -> Calendar:
    """Upcoming decision points soonest first, then past ones newest first (two queries)."""
    now = now or utcnow()
    upcoming = list(
        db.session.scalars(
            _points(assembly)
            .where(DecisionPoint.starts_at >= now)
            .order_by(DecisionPoint.starts_at, DecisionPoint.id)
        )
    )
    past = list(
        db.session.scalars(
            _points(assembly)
            .where(DecisionPoint.starts_at < now)
            .order_by(DecisionPoint.starts_at.desc(), DecisionPoint.id.desc())
        )
    )
    return Calendar(upcoming, past)


def all_points(assembly: Assembly) -> list[DecisionPoint]:
    """Every decision point, in date order (for the feed and open data)."""
    return list(
        db.session.scalars(_points(assembly).order_by(DecisionPoint.starts_at, DecisionPoint.id))
    )


def outcome_missing_since(now: datetime | None = None) -> datetime:
    """Meetings before this time should have their outcome recorded by now."""
    return (now or utcnow()) - timedelta(days=OUTCOME_DUE_DAYS)


def _missing(query: Select, now: datetime | None = None) -> Select:
    return query.where(
        DecisionPoint.starts_at < outcome_missing_since(now),
        DecisionPoint.outcome_recorded_at.is_(None),
    )


def has_happened(point: DecisionPoint, now: datetime | None = None) -> bool:
    return point.starts_at <= (now or utcnow())


def is_outcome_missing(point: DecisionPoint, now: datetime | None = None) -> bool:
    return point.outcome_recorded_at is None and point.starts_at < outcome_missing_since(now)


def admin_points(assembly: Assembly, *, missing: bool = False) -> list[DecisionPoint]:
    query = _points(assembly).order_by(DecisionPoint.starts_at.desc(), DecisionPoint.id.desc())
    if missing:
        query = _missing(query)
    return list(db.session.scalars(query))


def missing_outcome_counts() -> dict[int, int]:
    """For the organiser home: per assembly, meetings over 14 days ago with no outcome."""
    query = _missing(
        select(DecisionPoint.assembly_id, func.count(DecisionPoint.id)).group_by(
            DecisionPoint.assembly_id
        )
    )
    return {assembly_id: number for assembly_id, number in db.session.execute(query)}


def upcoming_for(recommendation: Recommendation, now: datetime | None = None) -> list:
    """The decision points still to come that affect ``recommendation``, soonest first."""
    return list(
        db.session.scalars(
            select(DecisionPoint)
            .join(
                decision_point_recommendations,
                decision_point_recommendations.c.decision_point_id == DecisionPoint.id,
            )
            .where(
                decision_point_recommendations.c.recommendation_id == recommendation.id,
                DecisionPoint.starts_at >= (now or utcnow()),
            )
            .options(selectinload(DecisionPoint.recommendations))
            .order_by(DecisionPoint.starts_at, DecisionPoint.id)
        )
    )


def recommendation_choices(assembly: Assembly) -> list[tuple[int, str]]:
    return [
        (r.id, _("Recommendation %(number)d: %(title)s", number=r.number, title=r.title))
        for r in db.session.scalars(
            select(Recommendation)
            .where(Recommendation.assembly_id == assembly.id)
            .order_by(Recommendation.number)
        )
    ]
