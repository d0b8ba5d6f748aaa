"""Leads who accept: a newly chosen lead officer is emailed a link to accept the recommendation
or say "This isn't mine" (with a reason, and optionally who it should be).

Until they accept, staff see "Lead not yet confirmed"; after :data:`ANSWER_WORKING_DAYS` working
days without an answer it is flagged on the organiser dashboard and in the weekly organiser
summary. "This isn't mine" clears the lead, records a :class:`LeadDecline` and tells the
organisers (the ``lead_declined`` event).

The link is signed (itsdangerous, with the time it was made) and names the recommendation, the
lead and when they were chosen: a forged or damaged link is refused, one older than
:data:`LINK_DAYS` days has expired, and one for a lead who has since been replaced says so.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import ColumnElement, and_

from portal import events
from portal.extensions import db
from portal.models import LeadDecline, Recommendation, User
from portal.problems import Problems, check_text
from portal.timeutil import today as today_
from portal.timeutil import utcnow
from portal.working_days import add_working_days

ANSWER_WORKING_DAYS = 10
LINK_DAYS = 30
MAX_REASON = 2000
MAX_SUGGESTED = 200
_SALT = "portal-lead-answer"


class LinkProblem(enum.StrEnum):
    INVALID = "invalid"
    EXPIRED = "expired"


class LeadLinkError(Exception):
    def __init__(self, problem: LinkProblem):
        super().__init__(problem.value)
        self.problem = problem


@dataclass(frozen=True)
class LeadLink:
    """What a valid link names: the recommendation, and whether its lead is still that person."""

    recommendation: Recommendation
    officer: User
    still_lead: bool


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def _stamp(moment: datetime | None) -> str:
    return moment.isoformat(timespec="seconds") if moment else ""


def mark_assigned(recommendation: Recommendation, now: datetime | None = None) -> None:
    """The lead just changed: start waiting for the new lead's answer (none for no lead)."""
    has_lead = recommendation.lead_officer_id is not None
    recommendation.lead_assigned_at = (now or utcnow()).replace(microsecond=0) if has_lead else None
    recommendation.lead_accepted_at = None


def link_token(recommendation: Recommendation) -> str:
    """The token for the current lead's link, ``/tracker/lead/<token>``."""
    return _serializer().dumps(
        {
            "r": recommendation.id,
            "u": recommendation.lead_officer_id,
            "t": _stamp(recommendation.lead_assigned_at),
        }
    )


def read_link(token: str) -> LeadLink:
    """What ``token`` names; :class:`LeadLinkError` if it is forged, damaged or expired."""
    try:
        payload = _serializer().loads(token, max_age=LINK_DAYS * 24 * 3600)
    except SignatureExpired as error:
        raise LeadLinkError(LinkProblem.EXPIRED) from error
    except BadSignature as error:
        raise LeadLinkError(LinkProblem.INVALID) from error
    if not isinstance(payload, dict) or not isinstance(payload.get("r"), int):
        raise LeadLinkError(LinkProblem.INVALID)
    recommendation = db.session.get(Recommendation, payload["r"])
    officer_id = payload.get("u")
    officer = db.session.get(User, officer_id) if isinstance(officer_id, int) else None
    if recommendation is None or officer is None:
        raise LeadLinkError(LinkProblem.INVALID)
    still_lead = recommendation.lead_officer_id == officer.id and payload.get("t") == _stamp(
        recommendation.lead_assigned_at
    )
    return LeadLink(recommendation, officer, still_lead)


def accept(recommendation: Recommendation, officer: User, now: datetime | None = None) -> None:
    """The lead accepts; the caller commits. Accepting twice keeps the first time."""
    if recommendation.lead_officer_id != officer.id:
        raise PermissionError("only the lead can accept")
    if recommendation.lead_accepted_at is None:
        recommendation.lead_accepted_at = now or utcnow()


def decline(
    recommendation: Recommendation,
    officer: User,
    reason: str | None,
    suggested_lead: str | None = "",
    now: datetime | None = None,
) -> LeadDecline:
    """ "This isn't mine": clear the lead, record why and tell the organisers; the caller commits."""
    if recommendation.lead_officer_id != officer.id:
        raise PermissionError("only the lead can decline")
    problems = check_text(
        reason,
        field="decline_reason",
        empty=_("Say why this recommendation is not yours"),
        limit=MAX_REASON,
        name=_("The reason"),
    )
    suggested = (suggested_lead or "").strip()
    if len(suggested) > MAX_SUGGESTED:
        problems["suggested_lead"] = _(
            "Who it should be must be %(limit)d characters or fewer", limit=MAX_SUGGESTED
        )
    if problems:
        raise Problems(problems)
    record = LeadDecline(
        recommendation_id=recommendation.id,
        officer_id=officer.id,
        officer_name=officer.name,
        reason=(reason or "").strip(),
        suggested_lead=suggested,
        assigned_at=recommendation.lead_assigned_at,
        declined_at=now or utcnow(),
    )
    db.session.add(record)
    recommendation.lead_officer_id = None
    recommendation.lead_officer = None
    recommendation.lead_assigned_at = None
    recommendation.lead_accepted_at = None
    db.session.flush()
    events.emit("lead_declined", decline=record)
    return record


def answer_due(recommendation: Recommendation) -> date | None:
    """The last working day the lead has to answer before it is flagged."""
    if not recommendation.lead_unconfirmed or recommendation.lead_assigned_at is None:
        return None
    return add_working_days(recommendation.lead_assigned_at.date(), ANSWER_WORKING_DAYS)


def unanswered_cutoff(on: date | None = None) -> datetime:
    """Leads chosen before this moment and still unconfirmed on ``on`` are flagged: more than
    :data:`ANSWER_WORKING_DAYS` working days have passed without an answer."""
    on = on or today_()
    # The latest day whose answer date has passed: add_working_days never goes backwards.
    day = on - timedelta(days=1)
    while add_working_days(day, ANSWER_WORKING_DAYS) >= on:
        day -= timedelta(days=1)
    return datetime.combine(day + timedelta(days=1), time.min)


def unconfirmed_clause() -> ColumnElement[bool]:
    return and_(
        Recommendation.lead_officer_id.is_not(None),
        Recommendation.lead_assigned_at.is_not(None),
        Recommendation.lead_accepted_at.is_(None),
    )


def unanswered_clause(on: date | None = None) -> ColumnElement[bool]:
    return and_(
        unconfirmed_clause(),
        Recommendation.closed_at.is_(None),
        Recommendation.lead_assigned_at < unanswered_cutoff(on),
    )
