"""Approvers and colleagues: invited to assemblies one by one, they read the tracker for those only."""

import pytest

from portal.extensions import db
from portal.models import Membership, User
from tests.support.data import PASSWORD, create_assembly, create_recommendation, create_user
from tests.support.http import post_form, sign_in
from tests.support.mail import links_in, path_of
from tests.support.text import text_of


@pytest.fixture
def assemblies(app_context):
    lead = create_user(role="officer", name="Lead Officer")
    climate = create_assembly("climate-2025", name="Climate Assembly", public=False)
    transport = create_assembly("transport-2026", name="Transport Assembly", public=False)
    create_recommendation(climate, 1, title="Insulate every school", lead_officer=lead)
    create_recommendation(transport, 1, title="Free buses on Sundays", lead_officer=lead)
    return {"climate": climate, "transport": transport, "lead": lead}


@pytest.mark.parametrize("role", ["approver", "colleague"])
def test_an_invited_approver_or_colleague_is_given_the_assembly_named_in_the_invitation(
    client, app, assemblies, smtp, deliver_mail, role
):
    sign_in(client, create_user("olivia@council.example", role="organiser"))
    response = post_form(
        client,
        "/admin/invitations/new",
        {"name": "Cllr Priya Shah", "email": "priya@council.example", "role": role, "assembly": ""},
    )
    assert "Choose the assembly this person belongs to" in text_of(response)

    post_form(
        client,
        "/admin/invitations/new",
        {
            "name": "Cllr Priya Shah",
            "email": "priya@council.example",
            "role": role,
            "assembly": "climate-2025",
        },
    )
    deliver_mail()
    [message] = smtp.to("priya@council.example")
    link = path_of(next(link for link in links_in(message) if "/invitation/" in link))
    invitee = app.test_client()
    post_form(invitee, link, {"password": "a long passphrase"})

    person = db.session.scalar(db.select(User).where(User.email == "priya@council.example"))
    assert person.role == role
    given = db.session.scalars(
        db.select(Membership.assembly_id).where(Membership.user_id == person.id)
    ).all()
    assert given == [assemblies["climate"].id]


@pytest.mark.parametrize("role", ["approver", "colleague"])
def test_the_tracker_shows_them_only_the_assemblies_they_are_given(client, assemblies, role):
    person = create_user(role=role, password=PASSWORD, assemblies=[assemblies["climate"]])
    response = post_form(client, "/login", {"email": person.email, "password": PASSWORD})
    landing = client.get(response.headers["Location"], follow_redirects=True)
    assert landing.request.path == "/tracker/"

    table = text_of(landing)
    assert "Insulate every school" in table
    assert "Free buses on Sundays" not in table
    assert 'href="/tracker/"' in landing.get_data(as_text=True)

    assert client.get("/tracker/assemblies/climate-2025/recommendations/1").status_code == 200
    assert client.get("/tracker/assemblies/transport-2026/recommendations/1").status_code == 404
    assert client.get("/tracker/?assembly=transport-2026").status_code == 200
    assert "Free buses on Sundays" not in text_of(client.get("/tracker/?assembly=transport-2026"))


def test_a_colleague_reads_the_recommendation_but_is_offered_nothing_to_publish(client, assemblies):
    colleague = create_user(role="colleague", assemblies=[assemblies["climate"]])
    sign_in(client, colleague)
    page = client.get("/tracker/assemblies/climate-2025/recommendations/1")
    html = page.get_data(as_text=True)
    assert "Insulate every school" in text_of(page)
    assert "Publish" not in text_of(page)
    assert 'action="/tracker/assemblies/climate-2025/recommendations/1/decision"' not in html
    refused = post_form(
        client,
        "/tracker/assemblies/climate-2025/recommendations/1/update",
        {"status": "in_progress", "summary": "Colleagues cannot post this."},
    )
    assert refused.status_code == 403


def test_create_user_gives_a_colleague_an_assembly_and_refuses_one_without(runner, assemblies):
    refused = runner.invoke(
        args=["create-user", "sam@council.example", "--name", "Sam Lee", "--role", "colleague"]
    )
    assert refused.exit_code != 0
    assert "Colleagues need --assembly SLUG" in refused.output

    created = runner.invoke(
        args=[
            "create-user",
            "sam@council.example",
            "--name",
            "Sam Lee",
            "--role",
            "colleague",
            "--assembly",
            "transport-2026",
            "--password-stdin",
        ],
        input="a long passphrase for sam\n",
    )
    assert created.exit_code == 0, created.output
    sam = db.session.scalar(db.select(User).where(User.email == "sam@council.example"))
    assert [m.assembly_id for m in sam.memberships] == [assemblies["transport"].id]
