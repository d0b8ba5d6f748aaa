"""Demo content for reports: the climate assembly's first response, published."""

from __future__ import annotations

from datetime import timedelta

from portal.extensions import db
from portal.models import ReportKind
from portal.reports import services
from portal.timeutil import today

INTRODUCTION = """This is the council's first response to the **Northbridge Climate Assembly**.

For each recommendation it sets out what the council decided, why, and what has happened since.
"""

CONCLUSION = """The council will report again within 12 months. You can follow every
recommendation on this portal in the meantime.
"""

NO_CHANGE = "Cabinet has not yet considered this recommendation; it is on the agenda for spring."


def add_reports_demo(climate, organiser, officers, members, rng) -> None:
    report = services.create_report(
        climate,
        organiser,
        kind=ReportKind.FIRST_RESPONSE,
        title="The council’s first response to the Northbridge Climate Assembly",
        period_from=climate.concluded_on or today() - timedelta(days=365),
        period_to=today(),
        introduction=INTRODUCTION,
        conclusion=CONCLUSION,
    )
    for row in services.uncovered(services.build_rows(report)):
        recommendation = next(r for r in climate.recommendations if r.number == row["number"])
        services.add_coverage_note(report, recommendation, organiser, NO_CHANGE)
    services.publish(report, organiser)
    db.session.flush()
