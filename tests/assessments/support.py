"""Shared set-up for the assessment tests: a published report on an assembly with three
recommendations in two themes, and several members."""

from __future__ import annotations

from datetime import date, timedelta

from portal.extensions import db
from portal.reports import services as reports
from tests.support.data import create_assembly, create_recommendation, create_user, decided

REPORT = "/assemblies/climate-2025/reports/1"
ANSWER = REPORT + "/assessment"
RESULTS = REPORT + "/assessment/results"
MANAGE = "/admin/assemblies/climate-2025/reports/1/assessment"


def published_world(*, public: bool = True, members: int = 4) -> dict:
    assembly = create_assembly("climate-2025", name="Northbridge Climate Assembly", public=public)
    officer = create_user(role="officer", name="David Osei", department="Transport")
    organiser = create_user(role="organiser", name="Olivia Grant")
    people = [
        create_user(f"member{n}@example.org", name=f"Member {n} Tester", assemblies=[assembly])
        for n in range(1, members + 1)
    ]
    recommendations = [
        create_recommendation(assembly, 1, title="Free buses for under-25s", lead_officer=officer),
        create_recommendation(
            assembly, 2, title="Insulate every council home", lead_officer=officer, theme="Homes"
        ),
        create_recommendation(assembly, 3, title="Plant 10,000 trees", lead_officer=officer),
    ]
    for recommendation in recommendations:
        decided(recommendation, officer, decision="accepted", explanation="We agree.")
    report = reports.create_report(
        assembly,
        organiser,
        kind="first-response",
        title="The council’s first response",
        period_from=date(2025, 1, 1),
        period_to=date.today() + timedelta(days=1),
    )
    reports.publish(report, organiser)
    db.session.commit()
    return {
        "assembly": assembly,
        "officer": officer,
        "organiser": organiser,
        "members": people,
        "recommendations": recommendations,
        "report": report,
    }


def answers(ratings: dict[int, str], reasons: dict[int, str] | None = None, **extra) -> dict:
    """The answer form's fields: a rating and reason per recommendation number."""
    data = {}
    for number, rating in ratings.items():
        data[f"rating-{number}"] = rating
    for number, reason in (reasons or {}).items():
        data[f"reason-{number}"] = reason
    data.update(extra)
    return data


def move_back(assessment, days: int) -> None:
    """Time passes: the round was opened, and closes, ``days`` earlier than it was."""
    assessment.opened_at -= timedelta(days=days)
    assessment.closes_on -= timedelta(days=days)
    db.session.commit()
