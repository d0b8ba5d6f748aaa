"""Members' assessment rounds on a published report: opening, answering, closing, results.

A round belongs to one published report and lists the recommendations of its frozen snapshot.
Every active member of the assembly may rate the council's response to each one (with an
optional short reason) until the end of the closing date; they can save and come back, and
submit when they have rated every recommendation. Until the round closes only the number who
have taken part is shown; after it, :func:`results` gives the counts and percentages per
recommendation and per theme. Reasons are quoted only from members who agreed, never with
their names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, or_, select

from portal import events
from portal.extensions import db
from portal.models import (
    AssessmentAnswer,
    AssessmentParticipation,
    AssessmentRating,
    AssessmentRound,
    Membership,
    Recommendation,
    Report,
    Role,
    User,
)
from portal.problems import Problems
from portal.reports.services import load_snapshot
from portal.timeutil import today, utcnow

DEFAULT_DAYS = 21
MAX_REASON = 500
RATINGS = list(AssessmentRating)


# Which round, and who is in it


def round_for(report: Report) -> AssessmentRound | None:
    return db.session.scalar(select(AssessmentRound).where(AssessmentRound.report_id == report.id))


def default_closing_date(on: date | None = None) -> date:
    return (on or today()) + timedelta(days=DEFAULT_DAYS)


def members_of(assembly_id: int):
    """The assembly's active members (ids and addresses): the people who assess its reports."""
    return (
        select(User.id.label("user_id"), User.email.label("email"))
        .join(Membership, Membership.user_id == User.id)
        .where(
            Membership.assembly_id == assembly_id,
            User.role == Role.MEMBER,
            User.is_active_account.is_(True),
        )
    )


def recommendations_of(report: Report) -> list[dict]:
    """The recommendations the round asks about: the report's rows, as it was published, with
    each one's id in the live record (a recommendation removed since is left out)."""
    rows = load_snapshot(report)["rows"]
    ids = dict(
        db.session.execute(
            select(Recommendation.number, Recommendation.id).where(
                Recommendation.assembly_id == report.assembly_id
            )
        ).all()
    )
    return [
        {
            "id": ids[row["number"]],
            "number": row["number"],
            "title": row["title"],
            "theme": row["theme"] or "",
            "decision_label": row.get("decision_label") or "",
            "explanation": row.get("explanation") or "",
            "response_hint": _response_hint(row),
        }
        for row in rows
        if row["number"] in ids
    ]


def _response_hint(row: dict) -> str:
    """What the council said, as the report published it, and the question to the member."""
    if row.get("decision_label"):
        said = _("The council’s decision: %(decision)s.", decision=row["decision_label"])
        if row.get("explanation"):
            said += " " + row["explanation"]
    else:
        said = _("The council has not decided yet.")
    return said + " " + _("How well has the council responded?")


# Opening and closing


def open_round(report: Report, organiser: User | None, closes_on: date | None) -> AssessmentRound:
    """Open the members' assessment of ``report`` and tell the members (the caller commits)."""
    problems = {}
    if not report.is_published:
        problems["closes_on"] = _("You can only ask members to assess a published report")
    elif round_for(report) is not None:
        problems["closes_on"] = _("Members have already been asked to assess this report")
    elif closes_on is None:
        problems["closes_on"] = _("Enter the closing date")
    elif closes_on <= today():
        problems["closes_on"] = _("The closing date must be in the future")
    if problems:
        raise Problems(problems)
    assessment = AssessmentRound(
        report_id=report.id,
        closes_on=closes_on,
        opened_by_id=organiser.id if organiser else None,
        opened_at=utcnow(),
    )
    db.session.add(assessment)
    db.session.flush()
    events.emit("assessment_opened", assessment=assessment)
    return assessment


def close_round(assessment: AssessmentRound, now: datetime | None = None) -> None:
    """Close the round before its closing date (the caller commits)."""
    if assessment.is_closed:
        raise Problems({"close": _("This assessment has already closed")})
    assessment.closed_early_at = now or utcnow()
    db.session.flush()


# Answering


def participation_of(assessment: AssessmentRound, user: User) -> AssessmentParticipation | None:
    return db.session.scalar(
        select(AssessmentParticipation).where(
            AssessmentParticipation.round_id == assessment.id,
            AssessmentParticipation.user_id == user.id,
        )
    )


def answers_of(participation: AssessmentParticipation | None) -> dict[int, AssessmentAnswer]:
    """A member's answers by recommendation id."""
    if participation is None:
        return {}
    return {answer.recommendation_id: answer for answer in participation.answers}


@dataclass
class Answer:
    rating: str | None
    reason: str = ""


@dataclass
class Submission:
    """What a member sent: by recommendation number, a rating (or none yet) and a reason."""

    answers: dict[int, Answer] = field(default_factory=dict)
    may_quote: bool = False
    finish: bool = False


def rating_field(number: int) -> str:
    return f"rating-{number}"


def reason_field(number: int) -> str:
    return f"reason-{number}"


def save_answers(assessment: AssessmentRound, member: User, submission: Submission) -> bool:
    """Save a member's answers; with ``finish``, every recommendation must be rated.

    Returns whether the member has now finished. Raises :class:`Problems` (field names from
    :func:`rating_field` and :func:`reason_field`) and saves nothing when something is wrong.
    The caller commits.
    """
    if assessment.is_closed:
        raise Problems({"form": _("This assessment has closed, so your answers cannot be changed")})
    recommendations = recommendations_of(assessment.report)
    problems: dict[str, str] = {}
    cleaned: dict[int, Answer] = {}
    for recommendation in recommendations:
        number = recommendation["number"]
        given = submission.answers.get(number) or Answer(None)
        reason = (given.reason or "").strip()
        rating = given.rating or None
        if rating is not None and rating not in {r.value for r in RATINGS}:
            problems[rating_field(number)] = _(
                "Choose one of the answers for recommendation %(number)d", number=number
            )
        if len(reason) > MAX_REASON:
            problems[reason_field(number)] = _(
                "Your reason for recommendation %(number)d must be %(limit)d characters or "
                "fewer. It has %(length)d.",
                number=number,
                limit=MAX_REASON,
                length=len(reason),
            )
        elif reason and rating is None:
            problems[rating_field(number)] = _(
                "Choose an answer for recommendation %(number)d to go with your reason",
                number=number,
            )
        if submission.finish and rating is None and rating_field(number) not in problems:
            problems[rating_field(number)] = _(
                "Choose an answer for recommendation %(number)d, or choose No view",
                number=number,
            )
        cleaned[number] = Answer(rating, reason)
    if problems:
        raise Problems(problems)
    now = utcnow()
    participation = participation_of(assessment, member)
    if participation is None:
        participation = AssessmentParticipation(round_id=assessment.id, user_id=member.id)
        db.session.add(participation)
        db.session.flush()
    existing = answers_of(participation)
    for recommendation in recommendations:
        answer = cleaned[recommendation["number"]]
        saved = existing.get(recommendation["id"])
        if answer.rating is None:
            if saved is not None:
                db.session.delete(saved)
            continue
        if saved is None:
            saved = AssessmentAnswer(
                participation_id=participation.id, recommendation_id=recommendation["id"]
            )
            db.session.add(saved)
        saved.rating = AssessmentRating(answer.rating)
        saved.reason = answer.reason
    participation.may_quote = submission.may_quote
    participation.updated_at = now
    if submission.finish:
        participation.finished_at = participation.finished_at or now
    db.session.flush()
    db.session.expire(participation, ["answers"])
    return participation.finished_at is not None


# Taking part


def _took_part(assessment: AssessmentRound):
    """Members with at least one answer saved in the round."""
    return (
        select(AssessmentParticipation.user_id)
        .join(AssessmentAnswer, AssessmentAnswer.participation_id == AssessmentParticipation.id)
        .where(AssessmentParticipation.round_id == assessment.id)
        .distinct()
    )


@dataclass(frozen=True)
class Turnout:
    took_part: int
    members: int

    @property
    def so_far(self) -> str:
        return ngettext(
            "%(num)d of %(members)d members has taken part so far.",
            "%(num)d of %(members)d members have taken part so far.",
            self.took_part,
            members=self.members,
        )

    @property
    def final(self) -> str:
        return ngettext(
            "%(num)d of %(members)d members took part.",
            "%(num)d of %(members)d members took part.",
            self.took_part,
            members=self.members,
        )


def turnout(assessment: AssessmentRound) -> Turnout:
    """How many have taken part, out of the assembly's members (and anyone who answered and has
    left since, so the first number is never larger than the second)."""
    took = _took_part(assessment).subquery()
    members = members_of(assessment.report.assembly_id).subquery()
    took_part = db.session.scalar(select(func.count()).select_from(took)) or 0
    everyone = (
        db.session.scalar(
            select(func.count()).select_from(
                select(User.id)
                .where(
                    or_(
                        User.id.in_(select(members.c.user_id)),
                        User.id.in_(select(took.c.user_id)),
                    )
                )
                .subquery()
            )
        )
        or 0
    )
    return Turnout(took_part, everyone)


def not_finished(assessment: AssessmentRound):
    """Members (ids and addresses) who have not submitted their assessment."""
    finished = select(AssessmentParticipation.user_id).where(
        AssessmentParticipation.round_id == assessment.id,
        AssessmentParticipation.finished_at.is_not(None),
    )
    members = members_of(assessment.report.assembly_id)
    return members.where(User.id.not_in(finished))


# Results, once a round has closed


def _percent(count: int, total: int) -> int:
    return round(100 * count / total) if total else 0


def _tally(counts: dict[str, int]) -> dict:
    total = sum(counts.values())
    return {
        "answers": total,
        "counts": [
            {
                "rating": rating.value,
                "label": rating.label,
                "count": counts.get(rating.value, 0),
                "percent": _percent(counts.get(rating.value, 0), total),
            }
            for rating in RATINGS
        ],
    }


def results(assessment: AssessmentRound) -> dict:
    """Counts and percentages per recommendation and per theme, how many took part, and the
    reasons members agreed may be quoted (without names). Only for a closed round."""
    if not assessment.is_closed:
        raise Problems({"results": _("The results are shown when the assessment closes")})
    recommendations = recommendations_of(assessment.report)
    counts: dict[int, dict[str, int]] = {}
    for recommendation_id, rated, how_many in db.session.execute(
        select(AssessmentAnswer.recommendation_id, AssessmentAnswer.rating, func.count())
        .join(AssessmentParticipation)
        .where(AssessmentParticipation.round_id == assessment.id)
        .group_by(AssessmentAnswer.recommendation_id, AssessmentAnswer.rating)
    ):
        counts.setdefault(recommendation_id, {})[AssessmentRating(rated).value] = how_many
    quotes: dict[int, list[str]] = {}
    for recommendation_id, reason in db.session.execute(
        select(AssessmentAnswer.recommendation_id, AssessmentAnswer.reason)
        .join(AssessmentParticipation)
        .where(
            AssessmentParticipation.round_id == assessment.id,
            AssessmentParticipation.may_quote.is_(True),
            AssessmentAnswer.reason != "",
        )
        .order_by(AssessmentAnswer.recommendation_id, func.lower(AssessmentAnswer.reason))
    ):
        quotes.setdefault(recommendation_id, []).append(reason)
    rows = []
    themes: dict[str, dict[str, int]] = {}
    theme_numbers: dict[str, list[int]] = {}
    for recommendation in recommendations:
        mine = counts.get(recommendation["id"], {})
        theme = recommendation["theme"] or _("Other recommendations")
        rows.append(
            {
                "number": recommendation["number"],
                "title": recommendation["title"],
                "theme": theme,
                **_tally(mine),
                "quotes": quotes.get(recommendation["id"], []),
            }
        )
        into = themes.setdefault(theme, {})
        for value, how_many in mine.items():
            into[value] = into.get(value, 0) + how_many
        theme_numbers.setdefault(theme, []).append(recommendation["number"])
    people = turnout(assessment)
    return {
        "turnout": people,
        "took_part": people.took_part,
        "members": people.members,
        "opened_on": assessment.opened_at.date(),
        "closes_on": assessment.closes_on,
        "closed_on": assessment.closed_on,
        "ratings": [{"rating": r.value, "label": r.label} for r in RATINGS],
        "recommendations": rows,
        "themes": [
            {"theme": name, "numbers": theme_numbers[name], **_tally(tally)}
            for name, tally in themes.items()
        ],
    }
