"""Shared set-up for the statement tests: a published first response and the assembly's people."""

from __future__ import annotations

from datetime import date, timedelta

from portal.extensions import db
from portal.reports import services as reports
from portal.timeutil import utcnow
from tests.reports.support import climate_world
from tests.support.data import create_user

REPORT = "/assemblies/climate-2025/reports/1"
STATEMENT = REPORT + "/statement"


def statement_world(*, public: bool = True):
    """The climate assembly with a published report, two more members and another assembly's."""
    assembly, officer, organiser, member, recommendations = climate_world(public=public)
    second = create_user("second@example.org", name="Sam Second", assemblies=[assembly])
    report = reports.create_report(
        assembly,
        organiser,
        kind="first-response",
        title="The council’s first response",
        period_from=date(2025, 1, 1),
        period_to=utcnow().date(),
    )
    for recommendation in recommendations:
        reports.add_coverage_note(report, recommendation, organiser, "Cabinet meets in May.")
    reports.publish(report, organiser)
    db.session.commit()
    return {
        "assembly": assembly,
        "officer": officer,
        "organiser": organiser,
        "member": member,
        "second": second,
        "report": report,
    }


def published_weeks_ago(statement, weeks: int) -> None:
    """Move time: the statement was published ``weeks`` ago, and its reply due date with it."""
    shift = timedelta(weeks=weeks)
    statement.published_at -= shift
    statement.reply_due_on -= shift
    db.session.commit()
