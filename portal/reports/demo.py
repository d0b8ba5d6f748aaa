"""Demo content for reports, dated as real history: the climate assembly's first response,
published about three months after the assembly (just after the cabinet's first decisions), and
its first annual report, published five weeks ago, with what changed in between; two weeks
after it was published the organiser corrected the annual report's conclusion (version 2), so
the corrections and the earlier version show.

The response history (the tracker's demo step) is dated over the last year and a half, but a
draft is always built from the live record. So each report's snapshot is set back to the record
as it stood on the day it was published, and dated then, before the next report is drafted: the
annual report's "what changed" compares it with the first response as published.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta

from sqlalchemy import select, update

from portal.extensions import db
from portal.models import (
    Assembly,
    Decision,
    ImplementationStatus,
    Notification,
    NotificationKind,
    Recommendation,
    Report,
    ReportKind,
    ResponseEntry,
    User,
)
from portal.reports import services, versions
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

ANNUAL_CONCLUSION = """Cabinet will discuss this report at its meeting in {month} (see the
[cabinet papers](https://www.example.org/northbridge/cabinet)), and a public meeting on progress
is booked for the spring. The next annual report is due in 12 months.
"""
CORRECTION_REASON = (
    "The conclusion gave the wrong month for the cabinet meeting that will discuss this report: "
    "it is February, not January."
)

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


def _as_it_stood(report: Report, when: date) -> datetime:
    """Set a published report's snapshot (and its version 1) back to the record as it stood on
    ``when``, compared with the previous report as it was published."""
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
        closed = recommendation.closed_at is not None and recommendation.closed_at <= cutoff
        row["closed"] = closed
        if not closed:
            row["closure_reason"] = row["closure_reason_label"] = row["closed_on"] = None
        state = {key: row[key] for key in services.EMPTY_STATE}
        row["changes"] = services.changes_between(row["previous"], state)
    snapshot["summary"] = services.summary_of(snapshot["rows"])
    snapshot["report"]["published_on"] = when.isoformat()
    report.snapshot = json.dumps(snapshot, ensure_ascii=False)
    published_at = report.published_at = datetime.combine(when, time(11, 0))
    for version in report.versions:  # version 1, as it was published
        version.snapshot, version.created_at = report.snapshot, published_at
    return published_at


def _dated_notifications(report: Report, kind: NotificationKind, when: datetime) -> None:
    db.session.execute(
        update(Notification)
        .where(Notification.subject_id == report.id, Notification.kind == kind)
        .values(created_at=when)
        .execution_options(synchronize_session=False)
    )


def add_reports_demo(climate, organiser, officers, members, rng) -> None:
    # The cabinet's first decisions (the tracker's demo step) were 14 months and 20 days ago,
    # about three months after the assembly; the first response followed two days later.
    first_on = add_months(today(), -14) - timedelta(days=18)
    first = services.create_report(
        climate,
        organiser,
        kind=ReportKind.FIRST_RESPONSE,
        title="The council’s first response to the Northbridge Climate Assembly",
        period_from=climate.concluded_on or first_on - timedelta(days=90),
        period_to=first_on,
        introduction=FIRST_INTRODUCTION,
        conclusion=FIRST_CONCLUSION,
    )
    _cover_and_publish(first, climate, organiser, FIRST_NO_CHANGE)
    _dated_notifications(first, NotificationKind.REPORT, _as_it_stood(first, first_on))
    db.session.flush()

    annual_on = today() - timedelta(weeks=5)
    annual = services.create_report(
        climate,
        organiser,
        kind=ReportKind.ANNUAL,
        title="Northbridge Climate Assembly: the council’s annual report, year one",
        period_from=first_on + timedelta(days=1),
        period_to=annual_on,
        introduction=ANNUAL_INTRODUCTION,
        conclusion=ANNUAL_CONCLUSION.format(month="January"),
    )
    for theme, comment in THEME_COMMENTS.items():
        services.save_theme_comment(annual, theme, organiser, comment)
    _cover_and_publish(annual, climate, organiser, ANNUAL_NO_CHANGE)
    _dated_notifications(annual, NotificationKind.REPORT, _as_it_stood(annual, annual_on))
    db.session.flush()

    corrected = versions.correct(
        annual,
        organiser,
        versions.Correction(
            reason=CORRECTION_REASON,
            introduction=ANNUAL_INTRODUCTION,
            conclusion=ANNUAL_CONCLUSION.format(month="February"),
            theme_comments=dict(THEME_COMMENTS),
        ),
    )
    corrected.created_at = datetime.combine(today() - timedelta(weeks=3), time(15, 30))
    _dated_notifications(annual, NotificationKind.REPORT_CORRECTED, corrected.created_at)
    db.session.flush()
