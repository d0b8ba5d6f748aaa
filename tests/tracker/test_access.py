"""Who may open and use each tracker page."""

import pytest

from tests.support.data import (
    PASSWORD,
    create_assembly,
    create_entry,
    create_recommendation,
    create_user,
    fresh,
)
from tests.support.http import post_form, sign_in
from tests.support.text import text_of
from tests.tracker.support import publish_decision, publish_update, workspace_url


@pytest.fixture
def world(app_context):
    lead = create_user(role="officer", name="Lead Officer")
    other_officer = create_user(role="officer", name="Other Officer")
    organiser = create_user(role="organiser", name="Olivia Grant")
    assembly = create_assembly("climate-2025", public=False)
    member = create_user(role="member", assemblies=[assembly])
    recommendation = create_recommendation(assembly, 4, lead_officer=lead)
    published = create_entry(recommendation, decision="accepted", author=lead)
    draft = create_entry(recommendation, kind="update", published=False, author=lead)
    return {
        "lead": lead,
        "other officer": other_officer,
        "organiser": organiser,
        "member": member,
        "recommendation": recommendation,
        "published": published,
        "draft": draft,
    }


READ_PAGES = ["/tracker/", "/tracker/mine", "{workspace}"]
RESPONDER_PAGES = ["{workspace}/drafts/{draft}", "{workspace}/entries/{published}/correct"]
ORGANISER_PAGES = [
    "{workspace}/lead",
    "{workspace}/edit",
    "/tracker/assemblies/climate-2025/recommendations/new",
]
POSTS = [
    "{workspace}/decision",
    "{workspace}/update",
    "{workspace}/drafts/{draft}",
    "{workspace}/drafts/{draft}/discard",
    "{workspace}/entries/{published}/correct",
]


def address(template, world) -> str:
    return template.format(
        workspace=workspace_url(world["recommendation"]),
        draft=world["draft"].id,
        published=world["published"].id,
    )


EXPECTED_GET = {
    "anonymous": {"read": 302, "respond": 302, "organise": 302},
    "member": {"read": 403, "respond": 403, "organise": 403},
    "other officer": {"read": 200, "respond": 403, "organise": 403},
    "lead": {"read": 200, "respond": 200, "organise": 403},
    "organiser": {"read": 200, "respond": 200, "organise": 200},
}


@pytest.mark.parametrize("who", list(EXPECTED_GET))
def test_each_kind_of_person_opens_only_the_pages_meant_for_them(client, world, who):
    if who != "anonymous":
        sign_in(client, world[who])
    for group, pages in (
        ("read", READ_PAGES),
        ("respond", RESPONDER_PAGES),
        ("organise", ORGANISER_PAGES),
    ):
        for template in pages:
            response = client.get(address(template, world))
            assert response.status_code == EXPECTED_GET[who][group], (who, template)
            if response.status_code == 302:
                assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("who", ["anonymous", "member", "other officer"])
def test_people_who_do_not_lead_a_recommendation_cannot_post_anything_on_it(client, world, who):
    if who != "anonymous":
        sign_in(client, world[who])
    version = str(world["recommendation"].version)
    for template in POSTS:
        response = post_form(
            client,
            address(template, world),
            {
                "decision_version": version,
                "update_version": version,
                "discard_version": version,
                "decision": "accepted",
                "status": "completed",
                "progress": "100",
                "summary": "Done",
                "correction_note": "Because",
            },
        )
        assert response.status_code == (302 if who == "anonymous" else 403), (who, template)
    rec = fresh(world["recommendation"])
    assert rec.version == int(version)
    assert rec.current_status is None


def test_an_officer_cannot_publish_on_a_recommendation_they_do_not_lead(client, world):
    sign_in(client, world["other officer"])
    page = client.get(workspace_url(world["recommendation"]))
    assert page.status_code == 200
    text = text_of(page)
    assert "Only the lead officer, Lead Officer, or an organiser can publish" in text
    assert "Publish decision" not in text
    assert "Publish a progress update" not in text
    assert "Correct this entry" not in text
    assert "Drafts" not in text
    crafted = publish_decision(
        client,
        world["recommendation"],
        version=str(world["recommendation"].version),
        decision="not_accepted",
        explanation="Crafted by hand Cabinet agreed this in March.",
    )
    assert crafted.status_code == 403
    assert fresh(world["recommendation"]).current_decision is None


def test_the_lead_officer_and_any_organiser_can_publish(client, another_client, world):
    sign_in(client, world["lead"])
    response = publish_update(
        client, world["recommendation"], status="planned", progress="5", summary="Lead writes"
    )
    assert response.status_code == 302
    organiser = another_client
    sign_in(organiser, world["organiser"])
    response = publish_update(
        organiser, world["recommendation"], status="in_progress", progress="9", summary="Organiser"
    )
    assert response.status_code == 302
    assert fresh(world["recommendation"]).current_progress == 9


def test_a_recommendation_that_does_not_exist_is_not_found(client, world):
    sign_in(client, world["organiser"])
    assert client.get("/tracker/assemblies/climate-2025/recommendations/99").status_code == 404
    assert client.get("/tracker/assemblies/nope/recommendations/4").status_code == 404
    huge = "99999999999999999999"
    assert client.get(f"/tracker/assemblies/climate-2025/recommendations/{huge}").status_code == 404
    # an id no column can hold matches no route (portal/converters.py); an unknown one that
    # could exist is a draft already published or discarded
    assert client.get(f"{workspace_url(world['recommendation'])}/drafts/{huge}").status_code == 404
    gone = client.get(f"{workspace_url(world['recommendation'])}/drafts/999999")
    assert gone.headers["Location"] == workspace_url(world["recommendation"])
    assert "That draft has already been published or discarded." in text_of(
        client.get(gone.headers["Location"])
    )
    lead_page = workspace_url(world["recommendation"]) + "/lead"
    assert post_form(client, lead_page, {"lead_officer": huge}).status_code == 200
    assert client.get(f"/tracker/?lead={huge}").status_code == 200
    other = create_recommendation(create_assembly("other"), 1)
    foreign = create_entry(other)
    url = f"{workspace_url(world['recommendation'])}/entries/{foreign.id}/correct"
    assert client.get(url).status_code == 404


def test_officers_land_on_my_recommendations_after_signing_in(client, world):
    lead = world["lead"]
    response = post_form(client, "/login", {"email": lead.email, "password": PASSWORD})
    landing = client.get(response.headers["Location"], follow_redirects=True)
    assert "My recommendations" in text_of(landing)
    assert landing.request.path == "/tracker/mine"


def test_staff_see_the_tracker_in_the_navigation_and_members_do_not(client, another_client, world):
    sign_in(client, world["lead"])
    page = client.get("/tracker/mine").get_data(as_text=True)
    assert 'href="/tracker/mine"' in page and 'href="/tracker/"' in page
    member = another_client
    sign_in(member, world["member"])
    home = member.get("/home").get_data(as_text=True)
    assert "Signed in as" in home
    assert 'href="/tracker/' not in home


def test_my_recommendations_warns_about_overdue_reports_and_puts_them_first(client, world):
    from datetime import timedelta

    from portal.timeutil import add_months, today

    lead = world["lead"]
    assembly = world["recommendation"].assembly
    create_recommendation(
        assembly,
        20,
        title="Due next year",
        lead_officer=lead,
        next_report_due=add_months(today(), 12),
    )
    create_recommendation(
        assembly,
        21,
        title="Late last week",
        lead_officer=lead,
        next_report_due=today() - timedelta(days=7),
    )
    sign_in(client, lead)
    page = text_of(client.get("/tracker/mine"))
    assert (
        "1 report is overdue and 1 is long overdue (more than 3 months late). Publish a decision "
        "or a progress update to bring them up to date." in page
    )
    order = [page.index(title) for title in ("4. ", "21. Late last week", "20. Due next year")]
    assert order == sorted(order)
