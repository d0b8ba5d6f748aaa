"""Demo content: a closed members' assessment of the climate assembly's latest published report,
with several members' answers (dated while it was open, when the report is old enough for its
round to have closed), and an open one on the report before it (if there is one)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from portal.assessments import services
from portal.extensions import db
from portal.models import AssessmentParticipation, AssessmentRound, ReportState
from portal.reports.services import reports_of
from portal.timeutil import today, utcnow

REASONS = {
    "adequate": [
        "The council has funded this and set a date.",
        "Clear plan with money behind it.",
    ],
    "partly_adequate": [
        "A good start, but the timetable is too slow.",
        "Only part of what we asked for.",
    ],
    "not_adequate": [
        "No money and no date: this is a delay, not a decision.",
        "The explanation does not answer what the assembly asked.",
    ],
    "no_view": [""],
}
WEIGHTS = [4, 3, 2, 1]


def _answer(assessment, member, recommendations, rng, *, finish: bool, share: float = 1.0):
    answers = {}
    for recommendation in recommendations:
        if rng.random() > share:
            continue
        rating = rng.choices([r.value for r in services.RATINGS], weights=WEIGHTS)[0]
        # About one answer in eight has a reason, so the quoted reasons read like a real round's.
        reason = rng.choice(REASONS[rating]) if rng.random() < 0.12 else ""
        answers[recommendation["number"]] = services.Answer(rating, reason)
    services.save_answers(
        assessment,
        member,
        services.Submission(answers=answers, may_quote=rng.random() < 0.6, finish=finish),
    )


def add_assessments_demo(climate, organiser, officers, members, rng) -> None:
    published = [r for r in reports_of(climate) if r.state == ReportState.PUBLISHED]
    if not published:
        return
    latest, *earlier = sorted(published, key=lambda report: report.number, reverse=True)
    opened = latest.published_at or utcnow()
    closed = AssessmentRound(
        report_id=latest.id,
        closes_on=today() + timedelta(days=1),  # open while the members answer
        opened_by_id=organiser.id,
        opened_at=opened,
    )
    db.session.add(closed)
    db.session.flush()
    recommendations = services.recommendations_of(latest)
    for member in members[:-2]:
        _answer(closed, member, recommendations, rng, finish=True)
    closed.closes_on = services.default_closing_date(opened.date())
    if not closed.is_closed:  # the organiser closed it early, so the demo shows the results
        closed.closed_early_at = max(utcnow(), opened)
    else:  # the members answered while it was open, in its first fortnight
        participations = db.session.scalars(
            select(AssessmentParticipation)
            .where(AssessmentParticipation.round_id == closed.id)
            .order_by(AssessmentParticipation.id)
        )
        for index, participation in enumerate(participations):
            answered = opened + timedelta(days=1 + index % 14, hours=index % 9)
            participation.updated_at = answered
            if participation.finished_at is not None:
                participation.finished_at = answered
    db.session.flush()
    if earlier:
        other = services.open_round(
            earlier[0], organiser, services.default_closing_date(today() - timedelta(days=5))
        )
        for member in members[1:4]:
            _answer(
                other, member, services.recommendations_of(earlier[0]), rng, finish=False, share=0.6
            )
    db.session.flush()
