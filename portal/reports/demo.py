"""Demo content for reports: the climate assembly's first response, published a year ago, and
its first annual report, published today, with what changed in between.

The response history (the tracker's demo step) is dated over the last year and a half, but a
draft is always built from the live record. So the first response's snapshot is set back to the
record as it stood at the end of its period, and dated then, before the annual report is drafted
and published through the services like any other.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    Assembly,
    Decision,
    ImplementationStatus,
    Recommendation,
    Report,
    ReportKind,
    ResponseEntry,
    User,
)
from portal.reports import services
from portal.timeutil import add_months, today
from portal.tracker.services import current_entries_of

FIRST_INTRODUCTION = """This is the council's first response to the **Northbridge Climate Assembly**.

For each recommendation it sets out what the council decided, why, and what has happened since.
"""

FIRST_CONCLUSION = """The council will report again within 12 months. You can follow every
recommendation on this portal in the meantime.
"""

ANNUAL_INTRODUCTION = """This is the council's first annual report on the **Northbridge Climate
Assembly**, one year after its first response.

It sets out, for every recommendation, what has happened this year and what changed since the
first response. Recommendations with nothing new say why.
"""

ANNUAL_CONCLUSION = """Cabinet will discuss this report at its meeting in January (see the
[cabinet papers](https://www.example.org/northbridge/cabinet)), and a public meeting on progress
is booked for the spring. The next annual report is due in 12 months.
"""

THEME_COMMENTS = {
    "Travel": "Travel is where most has happened this year: **20mph limits** are in place "
    "everywhere and free bus travel for under-19s starts soon. The railway line depends on "
    "national government.",
    "Homes": "The retrofit programme is **behind schedule** after the main contractor failed. "
    "A new contract is due to be signed next month.",
}

FIRST_NO_CHANGE = (
    "Cabinet has not yet considered this recommendation; it is on the agenda for spring."
)
ANNUAL_NO_CHANGE = (
    "Nothing new was published this year. The lead team expects to report by the spring."
)


def _cover_and_publish(report: Report, climate: Assembly, organiser: User, note: str) -> None:
    by_number = {
        recommendation.number: recommendation for recommendation in climate.recommendations
    }
    for row in services.uncovered(services.build_rows(report)):
        services.add_coverage_note(report, by_number[row["number"]], organiser, note)
    services.publish(report, organiser)


def _as_it_stood(report: Report, when: date) -> None:
    """Set a published report's snapshot back to the record as it stood on ``when``."""
    snapshot = services.load_snapshot(report)
    recommendations = {
        recommendation.number: recommendation
        for recommendation in db.session.scalars(
            select(Recommendation).where(Recommendation.assembly_id == report.assembly_id)
        )
    }
    cutoff = datetime.combine(when, time.max)
    for row in snapshot["rows"]:
        recommendation = recommendations[row["number"]]
        published = list(
            db.session.scalars(
                select(ResponseEntry)
                .where(
                    ResponseEntry.recommendation_id == recommendation.id,
                    ResponseEntry.published_at.is_not(None),
                    ResponseEntry.published_at <= cutoff,
                )
                .order_by(ResponseEntry.published_at, ResponseEntry.id)
            )
        )
        decision, update = current_entries_of(published)
        row["decision"] = decision.decision.value if decision and decision.decision else None
        row["decision_label"] = Decision(row["decision"]).label if row["decision"] else ""
        row["explanation"] = decision.explanation or "" if decision else ""
        row["status"] = update.status.value if update and update.status else None
        row["status_label"] = ImplementationStatus(row["status"]).label if row["status"] else ""
        row["progress"] = update.progress if update else None
        row["closed"] = False
        row["closure_reason"] = row["closure_reason_label"] = row["closed_on"] = None
        state = {key: row[key] for key in services.EMPTY_STATE}
        row["changes"] = services.changes_between(None, state)
    snapshot["summary"] = services.summary_of(snapshot["rows"])
    snapshot["report"]["published_on"] = when.isoformat()
    report.snapshot = json.dumps(snapshot, ensure_ascii=False)
    report.published_at = datetime.combine(when, time(11, 0))
    for version in report.versions:  # version 1, as it was published
        version.snapshot, version.created_at = report.snapshot, report.published_at


def add_reports_demo(climate, organiser, officers, members, rng) -> None:
    year_ago = add_months(today(), -12)
    first = services.create_report(
        climate,
        organiser,
        kind=ReportKind.FIRST_RESPONSE,
        title="The council’s first response to the Northbridge Climate Assembly",
        period_from=climate.concluded_on or year_ago - timedelta(days=180),
        period_to=year_ago - timedelta(days=3),
        introduction=FIRST_INTRODUCTION,
        conclusion=FIRST_CONCLUSION,
    )
    _cover_and_publish(first, climate, organiser, FIRST_NO_CHANGE)
    _as_it_stood(first, year_ago)
    db.session.flush()

    annual = services.create_report(
        climate,
        organiser,
        kind=ReportKind.ANNUAL,
        title="Northbridge Climate Assembly: the council’s annual report, year one",
        period_from=year_ago - timedelta(days=2),
        period_to=today(),
        introduction=ANNUAL_INTRODUCTION,
        conclusion=ANNUAL_CONCLUSION,
    )
    for theme, comment in THEME_COMMENTS.items():
        services.save_theme_comment(annual, theme, organiser, comment)
    _cover_and_publish(annual, climate, organiser, ANNUAL_NO_CHANGE)
    db.session.flush()
