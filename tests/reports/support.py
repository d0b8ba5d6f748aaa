"""Shared set-up for the report tests: an assembly with three recommendations and its people."""

from __future__ import annotations

from datetime import date

from portal.timeutil import today
from tests.support.data import create_assembly, create_recommendation, create_user

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
