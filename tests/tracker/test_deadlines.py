"""When the next report is due, and when it is overdue or long overdue."""

from datetime import date, datetime, timedelta

import pytest

from portal.extensions import db
from portal.timeutil import add_months, today
from portal.tracker import queries
from portal.tracker.deadlines import Lateness, lateness, next_report_due
from portal.tracker.services import publish_decision, publish_update, refresh_current_state
from tests.support.data import create_assembly, create_recommendation, create_user


def test_the_first_response_is_due_three_months_after_the_assembly_concluded(app_context):
    assembly = create_assembly(concluded_on=date(2025, 6, 14))
    assert assembly.effective_first_response_due == date(2025, 9, 14)
    assert create_recommendation(assembly).next_report_due == date(2025, 9, 14)


def test_three_months_after_the_end_of_a_long_month_is_the_end_of_a_short_one(app_context):
    assembly = create_assembly(concluded_on=date(2025, 11, 30))
    assert assembly.effective_first_response_due == date(2026, 2, 28)


def test_organisers_can_set_the_first_response_date_themselves(app_context):
    assembly = create_assembly(concluded_on=date(2025, 6, 14), first_response_due=date(2025, 8, 1))
    assert create_recommendation(assembly).next_report_due == date(2025, 8, 1)


def publish_at(entry, when: datetime):
    entry.published_at = when
    db.session.flush()
    refresh_current_state(entry.recommendation)
    db.session.commit()
    return entry


@pytest.fixture
def officer(app_context):
    return create_user(role="officer")


def test_after_a_decision_the_next_report_is_due_a_year_after_the_last_one(officer):
    recommendation = create_recommendation(create_assembly(), lead_officer=officer)
    publish_at(
        publish_decision(recommendation, officer, decision="accepted"), datetime(2025, 9, 1, 9)
    )
    assert recommendation.next_report_due == date(2026, 9, 1)
    publish_at(
        publish_update(recommendation, officer, status="planned", progress=5, summary="Planned"),
        datetime(2026, 2, 10, 9),
    )
    assert recommendation.next_report_due == date(2027, 2, 10)


def test_assemblies_reporting_every_six_months_are_due_six_months_after_the_last_report(officer):
    assembly = create_assembly(update_cadence_months=6)
    recommendation = create_recommendation(assembly, lead_officer=officer)
    publish_at(
        publish_decision(recommendation, officer, decision="accepted"), datetime(2025, 9, 1, 9)
    )
    assert recommendation.next_report_due == date(2026, 3, 1)


def test_progress_updates_before_any_decision_do_not_stop_the_first_response_being_due(officer):
    recommendation = create_recommendation(create_assembly(), lead_officer=officer)
    publish_at(
        publish_update(recommendation, officer, status="planned", progress=0, summary="Soon"),
        datetime(2025, 8, 1, 9),
    )
    assert recommendation.next_report_due == date(2025, 9, 14)


def test_a_correction_does_not_restart_the_reporting_clock(officer):
    recommendation = create_recommendation(create_assembly(), lead_officer=officer)
    original = publish_at(
        publish_decision(recommendation, officer, decision="accepted"), datetime(2025, 9, 1, 9)
    )
    publish_at(
        publish_decision(
            recommendation,
            officer,
            decision="modified",
            explanation="Later date Cabinet agreed this in March.",
            corrects=original,
            correction_note="Wrong decision typed",
        ),
        datetime(2025, 12, 1, 9),
    )
    assert recommendation.current_decision == "modified"
    assert recommendation.next_report_due == date(2026, 9, 1)


def test_a_report_is_overdue_the_day_after_it_was_due():
    due = date(2026, 3, 31)
    assert lateness(due, on=due) == Lateness.ON_TIME
    assert lateness(due, on=due + timedelta(days=1)) == Lateness.OVERDUE


def test_a_report_is_long_overdue_more_than_three_months_after_it_was_due():
    due = date(2026, 3, 31)
    assert lateness(due, on=date(2026, 6, 30)) == Lateness.OVERDUE
    assert lateness(due, on=date(2026, 7, 1)) == Lateness.LONG_OVERDUE


def test_nothing_is_late_when_no_date_is_set():
    assert lateness(None) == Lateness.ON_TIME
    assert (
        next_report_due(
            first_response_due=None, has_decision=False, last_report_at=None, cadence_months=12
        )
        is None
    )


def test_the_tracker_filters_agree_with_the_overdue_flags_around_every_boundary(app_context):
    assembly = create_assembly()
    now = today()
    dues = {}
    for number, offset_days in enumerate(range(-140, 10, 1), start=1):
        due = now + timedelta(days=offset_days)
        dues[number] = due
        create_recommendation(assembly, number, next_report_due=due)
    for months in (3, 4):
        boundary = add_months(now, -months)
        for shift, number in ((-1, 1001), (0, 1002), (1, 1003)):
            number += months * 10
            dues[number] = boundary + timedelta(days=shift)
            create_recommendation(assembly, number, next_report_due=dues[number])

    def shown(overdue: str) -> set[int]:
        filters = queries.TrackerFilters(overdue=overdue)
        page = queries.tracker_page(filters, queries.Sorting(), per_page=1000)
        return {rec.number for rec in page.recommendations}

    assert shown("overdue") == {n for n, d in dues.items() if lateness(d) != Lateness.ON_TIME}
    assert shown("long_overdue") == {
        n for n, d in dues.items() if lateness(d) == Lateness.LONG_OVERDUE
    }
