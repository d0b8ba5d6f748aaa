"""Organisers put decision points on an assembly's policy calendar; everyone who may see the
assembly sees what is coming up and what was decided; officers record outcomes."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import DecisionPoint
from tests.policy_calendar.support import ADMIN, CALENDAR, calendar_world
from tests.support.data import create_decision_point, create_user
from tests.support.http import post_form, sign_in
from tests.support.queries import counting_queries


@pytest.fixture
def world(app_context):
    return calendar_world()


def _form(world, **changes) -> dict:
    seven, twelve, _ = world["recommendations"]
    data = {
        "body": "committee",
        "body_name": "Planning Committee",
        "starts_on": ["12", "3", str(datetime.now().year + 1)],
        "starts_at": "6:30pm",
        "what": "Whether the local plan makes the town centre car-free.",
        "papers_url": "https://democracy.example.org/planning/12-march",
        "recommendations": [str(seven.id), str(twelve.id)],
    }
    data.update(changes)
    return data


def test_an_organiser_adds_a_decision_point_and_the_public_sees_it_in_uk_time(client, world):
    sign_in(client, world["organiser"])
    response = post_form(client, ADMIN + "/new", _form(world))
    assert response.status_code == 302
    point = db.session.scalar(select(DecisionPoint))
    # 6:30pm in March is GMT, so 18:30 UTC; the page shows it as the organiser typed it.
    assert point.starts_at.hour == 18 and point.starts_at.minute == 30
    assert [r.number for r in point.recommendations] == [7, 12]

    visitor = client.application.test_client()
    page = visitor.get(CALENDAR).get_data(as_text=True)
    assert "Planning Committee: 12 March" in page
    assert "at 6:30pm" in page
    assert "Recommendation 7: Insulate every council home" in page
    assert "https://democracy.example.org/planning/12-march" in page
    assert "Subscribe to this calendar" in page


def test_a_summer_meeting_is_stored_an_hour_earlier_in_utc(client, world):
    sign_in(client, world["organiser"])
    post_form(
        client, ADMIN + "/new", _form(world, starts_on=["12", "7", str(datetime.now().year + 1)])
    )
    point = db.session.scalar(select(DecisionPoint))
    assert (point.starts_at.hour, point.starts_at.minute) == (17, 30)  # BST is UTC+1
    assert "at 6:30pm" in client.get(CALENDAR).get_data(as_text=True)


def test_every_mistake_is_listed_at_once_and_nothing_typed_is_lost(client, world):
    sign_in(client, world["organiser"])
    response = post_form(
        client,
        ADMIN + "/new",
        _form(
            world,
            body_name="",
            starts_at="half six",
            papers_url="javascript:alert(1)",
            recommendations=[],
            what="Keep this text",
        ),
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    for message in (
        "Enter the name of the committee or board",
        "Enter a time like 18:30 or 6:30pm",
        "Enter a web address starting with http:// or https://",
        "Choose at least one recommendation it affects",
    ):
        assert message in page
    assert "Keep this text" in page
    assert db.session.scalar(select(DecisionPoint)) is None


def test_a_recommendation_of_another_assembly_cannot_be_chosen(client, world):
    from tests.support.data import create_assembly, create_recommendation

    other = create_recommendation(create_assembly("other"), 1)
    sign_in(client, world["organiser"])
    page = post_form(client, ADMIN + "/new", _form(world, recommendations=[str(other.id)]))
    assert "Choose recommendations from the list" in page.get_data(as_text=True)
    assert db.session.scalar(select(DecisionPoint)) is None


def test_the_calendar_lists_upcoming_soonest_first_then_past_newest_first(client, world):
    seven, twelve, fourteen = world["recommendations"]
    assembly = world["assembly"]
    create_decision_point(assembly, [seven], days_from_now=30, what="Later meeting")
    create_decision_point(assembly, [twelve], days_from_now=5, what="Sooner meeting")
    create_decision_point(
        assembly,
        [fourteen],
        days_from_now=-40,
        what="Older meeting",
        outcome="Agreed **all** of it.",
    )
    create_decision_point(assembly, [seven], days_from_now=-3, what="Recent meeting")

    page = client.get(CALENDAR).get_data(as_text=True)
    order = [page.index(what) for what in ("Sooner", "Later", "Recent", "Older")]
    assert order == sorted(order)
    assert "<strong>all</strong>" in page
    assert "Outcome not recorded yet" in page


def test_the_calendar_of_a_private_assembly_is_only_for_people_inside_it(client, app_context):
    world = calendar_world(public=False)
    create_decision_point(world["assembly"], world["recommendations"][:1])
    assert client.get(CALENDAR).status_code == 404
    assert client.get(CALENDAR + ".ics").status_code == 404
    sign_in(client, create_user("outsider@example.org"))
    assert client.get(CALENDAR).status_code == 404
    sign_in(client, world["members"][0])
    assert client.get(CALENDAR).status_code == 200
    assert client.get(CALENDAR + ".ics").status_code == 200


def test_an_officer_records_an_outcome_sanitised_and_shown_publicly(client, world):
    point = create_decision_point(world["assembly"], world["recommendations"][:2], days_from_now=-2)
    sign_in(client, world["officer"])
    calendar = client.get(CALENDAR).get_data(as_text=True)
    assert "Record the outcome" in calendar
    url = f"{ADMIN}/{point.id}/outcome"
    empty = post_form(client, url, {"outcome": "  "})
    assert "Enter what was decided" in empty.get_data(as_text=True)

    response = post_form(
        client, url, {"outcome": "Cabinet **agreed** it. <script>alert(1)</script>"}
    )
    assert response.status_code == 302
    page = client.application.test_client().get(CALENDAR).get_data(as_text=True)
    assert "<strong>agreed</strong>" in page
    assert "<script>alert(1)</script>" not in page


def test_an_outcome_cannot_be_recorded_before_the_meeting(client, world):
    point = create_decision_point(world["assembly"], world["recommendations"][:1], days_from_now=3)
    sign_in(client, world["organiser"])
    page = post_form(client, f"{ADMIN}/{point.id}/outcome", {"outcome": "Too early"})
    assert "once the meeting has happened" in page.get_data(as_text=True)


def test_an_organiser_changes_a_decision_point(client, world):
    point = create_decision_point(world["assembly"], world["recommendations"][:1])
    sign_in(client, world["organiser"])
    form = client.get(f"{ADMIN}/{point.id}/edit").get_data(as_text=True)
    assert "Cabinet decides whether to fund it." in form
    response = post_form(
        client,
        f"{ADMIN}/{point.id}/edit",
        _form(world, body="full_council", body_name="", what="Moved to full council"),
    )
    assert response.status_code == 302
    db.session.expire_all()
    changed = db.session.get(DecisionPoint, point.id)
    assert changed.body_title == "Full council"
    assert "Moved to full council" in client.get(CALENDAR).get_data(as_text=True)


def test_the_recommendation_page_shows_its_upcoming_decision_points(client, world):
    seven = world["recommendations"][0]
    create_decision_point(world["assembly"], [seven], days_from_now=10, what="Budget meeting")
    create_decision_point(world["assembly"], [seven], days_from_now=-10, what="Old meeting")
    page = client.get("/assemblies/climate-2025/recommendations/7").get_data(as_text=True)
    assert "Decisions coming up" in page
    assert "Budget meeting" in page
    assert "Old meeting" not in page
    other = client.get("/assemblies/climate-2025/recommendations/12").get_data(as_text=True)
    assert "Decisions coming up" not in other


def test_the_calendar_page_costs_the_same_queries_for_2_and_8_decision_points(client, world):
    assembly, recommendations = world["assembly"], world["recommendations"]
    for days in (-5, 5):
        create_decision_point(assembly, recommendations, days_from_now=days)
    client.get(CALENDAR)
    with counting_queries() as few:
        client.get(CALENDAR)
    for days in (-20, -9, 3, 9, 15, 40):
        create_decision_point(assembly, recommendations[:2], days_from_now=days)
    with counting_queries() as many:
        assert client.get(CALENDAR).status_code == 200
    assert len(many) == len(few)


def test_missing_outcomes_are_flagged_on_the_organiser_home_and_listed(client, world):
    assembly, recommendations = world["assembly"], world["recommendations"]
    create_decision_point(assembly, recommendations[:1], days_from_now=-20, what="Forgotten one")
    create_decision_point(assembly, recommendations[:1], days_from_now=-5, what="Recent one")
    create_decision_point(
        assembly, recommendations[:1], days_from_now=-30, what="Done one", outcome="Agreed."
    )
    sign_in(client, world["organiser"])
    home = client.get("/admin/").get_data(as_text=True)
    assert "1 decision without its outcome after 14 days" in home
    assert f"{ADMIN}?show=missing" in home
    listed = client.get(f"{ADMIN}?show=missing").get_data(as_text=True)
    assert "Forgotten one" in listed
    assert "Recent one" not in listed and "Done one" not in listed
    assert "Outcome overdue" in listed


def test_calendar_json_lists_decision_points_as_open_data(client, world):
    create_decision_point(
        world["assembly"],
        world["recommendations"][:2],
        starts_at=datetime(2030, 7, 1, 17, 30),
    )
    data = client.get(CALENDAR + ".json").get_json()
    [point] = data["decision_points"]
    assert point["starts_at"] == "2030-07-01T17:30Z"
    assert point["starts_at_local"] == "2030-07-01T18:30+01:00"
    assert point["recommendations"] == [7, 12]
    assert point["body_name"] == "Cabinet"


def test_the_calendar_is_linked_from_the_assembly_page(client, world):
    page = client.get("/assemblies/climate-2025").get_data(as_text=True)
    assert 'href="/assemblies/climate-2025/calendar"' in page


@pytest.mark.parametrize("days", [timedelta(days=0)])
def test_nothing_planned_says_so(client, world, days):
    page = client.get(CALENDAR).get_data(as_text=True)
    assert "No decisions are planned yet." in page
