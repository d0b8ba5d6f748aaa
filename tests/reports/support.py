"""Shared set-up for the report tests: an assembly with three recommendations and its people."""

from __future__ import annotations

from datetime import date

from portal.extensions import db
from portal.reports import services
from portal.timeutil import today
from tests.support.data import (
    create_assembly,
    create_recommendation,
    create_user,
    decided,
    updated,
)

PERIOD_START = date(2025, 6, 14)


def report_form(**overrides) -> dict:
    end = today()
    data = {
        "kind": "first-response",
        "title": "The council’s first response",
        "period_from": [str(PERIOD_START.day), str(PERIOD_START.month), str(PERIOD_START.year)],
        "period_to": [str(end.day), str(end.month), str(end.year)],
        "introduction": "Thank you to **every member**.",
        "conclusion": "We will report again next year.",
    }
    data.update(overrides)
    return data


def climate_world(*, public: bool = True):
    assembly = create_assembly("climate-2025", name="Northbridge Climate Assembly", public=public)
    officer = create_user(role="officer", name="David Osei", department="Transport")
    organiser = create_user(role="organiser", name="Olivia Grant")
    member = create_user("member@example.org", assemblies=[assembly])
    recommendations = [
        create_recommendation(assembly, 1, title="Free buses for under-25s", lead_officer=officer),
        create_recommendation(
            assembly, 2, title="Insulate every council home", lead_officer=officer, theme="Homes"
        ),
        create_recommendation(assembly, 3, title="Plant 10,000 trees", lead_officer=officer),
    ]
    return assembly, officer, organiser, member, recommendations


def publish_two_reports(world):
    """A first response, then an annual report in which two recommendations moved on."""
    assembly, officer, organiser, _member, recommendations = world
    decided(recommendations[0], officer, decision="accepted", explanation="We agree and fund it.")
    decided(
        recommendations[1],
        officer,
        decision="not_accepted",
        explanation="The council cannot borrow enough for this.",
    )
    first = services.create_report(
        assembly,
        organiser,
        kind="first-response",
        title="The council’s first response",
        period_from=date(2025, 1, 1),
        period_to=today(),
    )
    services.add_coverage_note(first, recommendations[2], organiser, "Cabinet meets in May.")
    services.publish(first, organiser)
    updated(recommendations[0], officer, status="in_progress", progress=40, summary="Buses run.")
    decided(
        recommendations[2],
        officer,
        decision="partly_accepted",
        explanation="We will plant half of them by 2030.",
    )
    annual = services.create_report(
        assembly,
        organiser,
        kind="annual",
        title="Annual report, year one",
        period_from=today(),
        period_to=today(),
        introduction="Thank you to **every member**.\n\n- Buses\n- Trees\n\n<script>x</script>",
        conclusion="See [the plan](https://example.org/plan).",
    )
    services.add_coverage_note(annual, recommendations[1], organiser, "Nothing new on homes.")
    services.publish(annual, organiser)
    db.session.commit()
    return annual
