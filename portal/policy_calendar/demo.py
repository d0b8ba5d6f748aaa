"""Demo content: the climate assembly's policy calendar, with two meetings to come, two past
ones whose outcome is recorded and one, over 14 days ago, still missing its outcome."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import select

from portal.extensions import db
from portal.models import DecisionBody, DecisionPoint, Recommendation
from portal.policy_calendar import services
from portal.timeutil import today, utcnow

POINTS = [
    # (days from today, UK time, body, name, what, recommendation positions, outcome)
    (
        12,
        time(18, 30),
        DecisionBody.CABINET,
        "",
        "Cabinet decides whether to fund the home insulation scheme in next year’s budget.",
        [0, 2],
        "",
    ),
    (
        40,
        time(10, 0),
        DecisionBody.COMMITTEE,
        "Planning Committee",
        "The committee reviews the local plan’s policy on car-free town centres.",
        [1],
        "",
    ),
    (
        -20,
        time(19, 0),
        DecisionBody.FULL_COUNCIL,
        "",
        "Full council votes on the climate action plan that includes these recommendations.",
        [0, 1, 3],
        "Full council **adopted** the climate action plan by 38 votes to 9.\n\n"
        "The plan commits funding to recommendations 1 and 2 from April.",
    ),
    (
        -45,
        time(14, 0),
        DecisionBody.PARTNER_BOARD,
        "Northbridge Buses Board",
        "The bus operator’s board decides on the new evening timetable.",
        [2],
        "The board agreed an evening service every 30 minutes on two routes, starting in "
        "September.",
    ),
    (
        -17,
        time(18, 0),
        DecisionBody.CABINET,
        "",
        "Cabinet decides how to spend the active travel grant.",
        [3, 4],
        "",  # no outcome recorded yet: flagged to organisers
    ),
]


def add_calendar_demo(climate, organiser, officers, members, rng) -> None:
    recommendations = list(
        db.session.scalars(
            select(Recommendation)
            .where(Recommendation.assembly_id == climate.id)
            .order_by(Recommendation.number)
        )
    )
    if not recommendations:
        return
    for days, at, body, name, what, positions, outcome in POINTS:
        local = datetime.combine(today() + timedelta(days=days), at)
        starts_at = services.to_utc(local)
        point = DecisionPoint(
            assembly_id=climate.id,
            body=body,
            body_name=name,
            starts_at=starts_at,
            what=what,
            papers_url="https://democracy.example.org/meetings/" + local.strftime("%Y-%m-%d"),
            outcome=outcome,
            outcome_recorded_at=starts_at + timedelta(days=3) if outcome else None,
            outcome_recorded_by_id=organiser.id if outcome else None,
            created_by_id=organiser.id,
            created_at=min(utcnow(), starts_at) - timedelta(days=30),
            updated_at=min(utcnow(), starts_at) - timedelta(days=30),
            recommendations=[recommendations[i] for i in positions if i < len(recommendations)]
            or recommendations[:1],
        )
        db.session.add(point)
    db.session.flush()
