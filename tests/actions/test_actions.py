"""Actions through the real forms: the lead officer adds and changes them, other officers
cannot, bad input re-displays the form with what was typed, and the public page lists them with
their due dates, status, progress, history and a "Missed" tag; with roll-up on, they set the
recommendation's progress everywhere."""

from __future__ import annotations

from datetime import timedelta

import pytest

from portal.extensions import db
from portal.models import Action, ActionChange
from portal.timeutil import today
from tests.actions.support import actions_world
from tests.support.data import count, create_action, create_entry
from tests.support.http import post_form, sign_in
from tests.support.text import text_of


@pytest.fixture
def world(app_context):
    return actions_world()


def _as(app, user):
    client = app.test_client()
    sign_in(client, user)
    return client


def _fields(title="Issue the passes", progress="20", status="in_progress", due=None, owner=""):
    due = due or today() + timedelta(days=30)
    return {
        "title": title,
        "owner": owner,
        "due_on": [str(due.day), str(due.month), str(due.year)],
        "status": status,
        "progress": progress,
    }


def test_the_lead_adds_an_action_and_the_public_sees_it_with_its_due_date(app, client, world):
    lead = _as(app, world["lead"])
    response = post_form(lead, world["new"], _fields(owner="Transport department"))
    assert response.status_code == 302
    listing = text_of(lead.get(world["actions"]))
    assert "Issue the passes" in listing and "Transport department" in listing
    public = text_of(client.get(world["public"]))
    assert "Issue the passes" in public
    assert "In progress" in public and "20% done" in public
    assert "Missed" not in public


def test_bad_input_re_displays_the_form_with_an_error_summary_and_keeps_what_was_typed(app, world):
    lead = _as(app, world["lead"])
    page = post_form(lead, world["new"], _fields(title="Open the depot", progress="140"))
    assert page.status_code == 200
    text = text_of(page)
    assert "There is a problem" in text
    assert "Progress must be between 0 and 100" in text
    assert 'value="Open the depot"' in page.get_data(as_text=True)
    empty = text_of(post_form(lead, world["new"], _fields(title="", progress="lots")))
    assert "Enter what the action is" in empty
    assert "Progress must be a whole number" in empty
    assert count(Action) == 0


def test_an_officer_who_does_not_lead_it_cannot_add_or_change_actions(app, world):
    action = create_action(world["recommendation"])
    other = _as(app, world["other"])
    assert post_form(other, world["new"], _fields()).status_code == 403
    edit = f"{world['actions']}/{action.id}/edit"
    assert post_form(other, edit, _fields(title="Changed")).status_code == 403
    assert db.session.get(Action, action.id).title == "Agree the bus contract"


def test_changing_an_action_records_who_moved_it_and_the_public_sees_the_history(
    app, client, world
):
    action = create_action(world["recommendation"], title="Agree the bus contract")
    organiser = _as(app, world["organiser"])
    edit = f"{world['actions']}/{action.id}/edit"
    assert 'value="Agree the bus contract"' in organiser.get(edit).get_data(as_text=True)
    post_form(
        organiser, edit, _fields(title="Agree the bus contract", status="done", progress="100")
    )
    change = db.session.scalars(db.select(ActionChange)).one()
    assert (change.from_status, change.to_status) == ("not_started", "done")
    assert change.changed_by_id == world["organiser"].id
    public = text_of(client.get(world["public"]))
    assert "Not started, 0% to Done, 100%" in public
    assert "Oona" not in public  # who moved it is for staff
    assert "Oona" in text_of(organiser.get(world["actions"]))


def test_a_missed_action_is_tagged_on_the_public_page(client, world):
    create_action(
        world["recommendation"],
        title="Open the depot",
        due_on=today() - timedelta(days=3),
        status="in_progress",
        progress=10,
    )
    create_action(
        world["recommendation"],
        title="Hire drivers",
        due_on=today() - timedelta(days=3),
        status="done",
        progress=100,
    )
    public = text_of(client.get(world["public"]))
    assert "Missed" in public
    assert "1 action has missed its due date." in public


def test_with_roll_up_on_the_public_progress_is_the_mean_of_the_actions_not_dropped(client, world):
    recommendation = world["recommendation"]
    create_entry(recommendation, kind="update", progress=5)
    recommendation.current_status, recommendation.current_progress = "in_progress", 5
    db.session.commit()
    create_action(recommendation, progress=100, status="done")
    create_action(recommendation, progress=50, status="in_progress")
    create_action(recommendation, progress=0, status="dropped")
    page = text_of(client.get(world["public"]))
    assert "75% done" in page
    assembly_page = text_of(client.get("/assemblies/transport"))
    assert "75% done" in assembly_page
    data = client.get("/assemblies/transport/recommendations.json").get_json()
    assert [row["progress"] for row in data["recommendations"]] == [75]


def test_with_roll_up_off_the_progress_stays_as_set_by_hand(client, app_context):
    world = actions_world(rolled_up=False)
    recommendation = world["recommendation"]
    recommendation.current_status, recommendation.current_progress = "in_progress", 5
    db.session.commit()
    create_action(recommendation, progress=100, status="done")
    page = text_of(client.get(world["public"]))
    assert "5% done" in page and "100% done" in page  # the recommendation's, then the action's


def test_an_organiser_turns_roll_up_on_in_the_assembly_form_and_the_public_progress_follows(
    app, client, app_context
):
    world = actions_world(rolled_up=False)
    recommendation = world["recommendation"]
    recommendation.current_status, recommendation.current_progress = "in_progress", 5
    db.session.commit()
    create_action(recommendation, progress=60, status="in_progress")
    assert "5% done" in text_of(client.get(world["public"]))
    organiser = _as(app, world["organiser"])
    form = {
        "name": "Transport Assembly",
        "slug": "transport",
        "update_cadence_months": "12",
        "question_answer_days": "20",
        "is_public": "y",
        "progress_from_actions": "y",
    }
    assert post_form(organiser, "/admin/assemblies/transport/edit", form).status_code == 302
    page = text_of(client.get(world["public"]))
    assert "5% done" not in page and "60% done" in page


def test_a_missed_action_is_shown_to_the_lead_and_counted_for_the_organisers(app, world):
    create_action(
        world["recommendation"],
        title="Open the depot",
        due_on=today() - timedelta(days=3),
        status="in_progress",
        progress=10,
    )
    create_action(world["recommendation"], title="Hire drivers", due_on=today() + timedelta(1))
    lead = _as(app, world["lead"])
    assert "1 action missed its due date" in text_of(lead.get("/tracker/mine"))
    organiser = _as(app, world["organiser"])
    home = organiser.get("/admin/").get_data(as_text=True)
    assert "1 action missed" in text_of(home)
    assert "/tracker/assemblies/transport/missed-actions" in home
    listed = text_of(organiser.get("/tracker/assemblies/transport/missed-actions"))
    assert "Open the depot" in listed and "Hire drivers" not in listed


def test_the_open_data_json_lists_each_recommendations_actions_with_their_history(
    app, client, world
):
    action = create_action(world["recommendation"], title="Open the depot", due_on=today())
    organiser = _as(app, world["organiser"])
    post_form(
        organiser,
        f"{world['actions']}/{action.id}/edit",
        _fields(title="Open the depot", status="in_progress", progress="50", due=today()),
    )
    data = client.get("/assemblies/transport/recommendations.json").get_json()
    [listed] = data["recommendations"][0]["actions"]
    assert listed["title"] == "Open the depot" and listed["due_on"] == today().isoformat()
    assert (listed["status"], listed["progress"], listed["missed"]) == ("in_progress", 50, False)
    [moved] = listed["history"]
    assert (moved["from_status"], moved["to_status"], moved["to_progress"]) == (
        "not_started",
        "in_progress",
        50,
    )
