"""Organisers choose leads and add or edit recommendations by hand."""

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import Recommendation
from tests.support.data import create_assembly, create_recommendation, create_user, fresh
from tests.support.http import post_form, sign_in
from tests.support.text import text_of
from tests.tracker.support import workspace_url


@pytest.fixture
def organiser(client, app_context):
    organiser = create_user(role="organiser", name="Olivia Grant")
    sign_in(client, organiser)
    return organiser


@pytest.fixture
def assembly(app_context):
    return create_assembly("climate-2025", name="Northbridge Climate Assembly")


def test_an_organiser_gives_a_recommendation_to_an_officer(client, organiser, assembly):
    officer = create_user(role="officer", name="David Osei", department="Housing")
    recommendation = create_recommendation(assembly, 4, lead_department="")
    page = client.get(workspace_url(recommendation) + "/lead")
    assert "David Osei (Housing)" in text_of(page)
    response = post_form(
        client,
        workspace_url(recommendation) + "/lead",
        {"lead_officer": str(officer.id), "lead_department": ""},
    )
    assert response.status_code == 302
    assert "Recommendation 4 is now led by David Osei." in text_of(
        client.get(response.headers["Location"])
    )
    rec = fresh(recommendation)
    assert rec.lead_officer_id == officer.id
    assert rec.lead_department == "Housing"


def test_an_organiser_changes_the_lead_and_its_department(
    client, another_client, organiser, assembly
):
    first = create_user(role="officer", name="First Officer")
    second = create_user(role="officer", name="Second Officer", department="Planning")
    recommendation = create_recommendation(assembly, 4, lead_officer=first)
    post_form(
        client,
        workspace_url(recommendation) + "/lead",
        {"lead_officer": str(second.id), "lead_department": "Planning and Regeneration"},
    )
    rec = fresh(recommendation)
    assert rec.lead_officer_id == second.id
    assert rec.lead_department == "Planning and Regeneration"
    sign_in(another_client, second)
    assert "You lead 1 recommendation." in text_of(another_client.get("/tracker/mine"))


def test_only_officers_can_be_chosen_as_leads(client, organiser, assembly):
    member = create_user(role="member", name="A Member")
    recommendation = create_recommendation(assembly, 4)
    assert "A Member" not in text_of(client.get(workspace_url(recommendation) + "/lead"))
    response = post_form(
        client, workspace_url(recommendation) + "/lead", {"lead_officer": str(member.id)}
    )
    assert response.status_code == 200
    assert "Choose a council officer from the list" in text_of(response)
    assert fresh(recommendation).lead_officer_id is None


def test_an_organiser_adds_a_recommendation_by_hand(client, organiser, assembly):
    create_recommendation(assembly, 1)
    page = client.get("/tracker/assemblies/climate-2025/recommendations/new")
    assert 'value="2"' in page.get_data(as_text=True)
    response = post_form(
        client,
        "/tracker/assemblies/climate-2025/recommendations/new",
        {
            "number": "2",
            "title": "+20% tree cover",
            "text": "=SUM(A1:A9) and “curly quotes” by Zoë",
            "theme": "Nature",
            "support": "97",
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/recommendations/2/lead")
    rec = db.session.scalar(select(Recommendation).where(Recommendation.number == 2))
    assert rec.title == "+20% tree cover"
    assert rec.text == "=SUM(A1:A9) and “curly quotes” by Zoë"
    assert rec.support == 97
    assert rec.next_report_due == assembly.effective_first_response_due
    assert "+20% tree cover" in text_of(client.get("/tracker/"))
    assert "+20% tree cover" in text_of(client.get(workspace_url(rec)))


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"number": "1"}, "This assembly already has a recommendation 1"),
        ({"number": ""}, "Enter the recommendation’s number, like 7"),
        ({"number": "seven"}, "Number must be a whole number, like 7"),
        ({"number": "0"}, "Number must be a whole number from 1 to 100,000"),
        ({"title": "  "}, "Enter the recommendation’s title"),
        ({"title": "x" * 301}, "Title must be 300 characters or fewer"),
        ({"support": "101"}, "Support must be between 0 and 100"),
        ({"support": "lots"}, "Support must be a whole number, like 85"),
    ],
)
def test_a_recommendation_with_a_problem_is_refused_with_a_clear_message(
    client, organiser, assembly, fields, message
):
    create_recommendation(assembly, 1)
    data = {"number": "2", "title": "A title", "text": "", "theme": "", "support": "", **fields}
    response = post_form(client, "/tracker/assemblies/climate-2025/recommendations/new", data)
    assert response.status_code == 200
    assert message in text_of(response)
    assert "There is a problem" in text_of(response)
    assert len(db.session.scalars(select(Recommendation)).all()) == 1


def test_the_same_number_may_be_used_in_another_assembly(client, organiser, assembly):
    create_recommendation(create_assembly("other"), 1)
    response = post_form(
        client,
        "/tracker/assemblies/climate-2025/recommendations/new",
        {"number": "1", "title": "First"},
    )
    assert response.status_code == 302


def test_an_organiser_edits_a_recommendation(client, organiser, assembly):
    recommendation = create_recommendation(assembly, 3, title="Old title")
    page = client.get(workspace_url(recommendation) + "/edit").get_data(as_text=True)
    assert 'value="Old title"' in page
    response = post_form(
        client,
        workspace_url(recommendation) + "/edit",
        {
            "number": "30",
            "title": "New title",
            "text": "New text",
            "theme": "Travel",
            "support": "",
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/recommendations/30")
    rec = fresh(recommendation)
    assert (rec.number, rec.title, rec.support) == (30, "New title", None)


def test_html_in_a_recommendation_and_its_department_is_shown_as_text(client, organiser, assembly):
    officer = create_user(role="officer")
    post_form(
        client,
        "/tracker/assemblies/climate-2025/recommendations/new",
        {
            "number": "5",
            "title": "<i>Title</i>",
            "text": "<script>alert(1)</script>",
            "theme": "<b>T</b>",
        },
    )
    rec = db.session.scalar(select(Recommendation))
    post_form(
        client,
        workspace_url(rec) + "/lead",
        {"lead_officer": str(officer.id), "lead_department": "<em>Dept</em>"},
    )
    for url in ("/tracker/", workspace_url(rec)):
        raw = client.get(url).get_data(as_text=True)
        assert "<i>Title</i>" not in raw and "&lt;i&gt;Title&lt;/i&gt;" in raw
        assert "<em>Dept</em>" not in raw and "&lt;em&gt;Dept&lt;/em&gt;" in raw
    raw = client.get(workspace_url(rec)).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in raw
    assert "&lt;b&gt;T&lt;/b&gt;" in raw


def test_the_organiser_dashboard_links_to_each_assemblys_recommendations(
    client, organiser, assembly
):
    page = client.get("/admin/").get_data(as_text=True)
    assert 'href="/tracker/?assembly=climate-2025"' in page
    tracker = client.get("/tracker/?assembly=climate-2025")
    assert "Add a recommendation to Northbridge Climate Assembly" in text_of(tracker)
