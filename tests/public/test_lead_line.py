"""The public recommendation page says who leads the council's response, or that nobody does yet."""

from __future__ import annotations

import pytest

from tests.support.data import create_assembly, create_recommendation, create_user
from tests.support.text import section


@pytest.fixture
def climate(app_context):
    return create_assembly("climate", name="Northbridge Climate Assembly")


@pytest.fixture
def officer(app_context):
    return create_user(
        "sarah.whitfield@council.example",
        role="officer",
        name="Sarah Whitfield",
        department="Highways",
    )


def _lead(client, number: int) -> str:
    html = client.get(f"/assemblies/climate/recommendations/{number}").get_data(as_text=True)
    return section(html, "Lead ", "What has happened")


def test_the_lead_is_named_by_role_and_department_but_not_by_name(client, climate, officer):
    create_recommendation(climate, 1, lead_officer=officer, lead_department="Transport")
    create_recommendation(climate, 2, lead_officer=officer, lead_department="")

    assert _lead(client, 1) == "Lead Council officer, Transport "
    assert _lead(client, 2) == "Lead Council officer, Highways "  # the officer's own department
    page = client.get("/assemblies/climate/recommendations/1").get_data(as_text=True)
    assert "Sarah Whitfield" not in page


def test_the_council_can_choose_to_show_the_lead_officers_name(
    app, client, climate, officer, monkeypatch
):
    monkeypatch.setitem(app.config, "PUBLIC_SHOW_LEAD_NAMES", True)
    create_recommendation(climate, 1, lead_officer=officer, lead_department="Transport")

    assert _lead(client, 1) == "Lead Sarah Whitfield, council officer, Transport "


def test_a_recommendation_nobody_leads_says_so_instead_of_dropping_the_line(client, climate):
    create_recommendation(climate, 1, lead_officer=None, lead_department="")
    create_recommendation(climate, 2, lead_officer=None, lead_department="Transport")

    assert _lead(client, 1) == "Lead No lead assigned yet "
    assert _lead(client, 2) == "Lead No lead assigned yet (Transport) "
