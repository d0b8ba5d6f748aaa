from datetime import timedelta

from portal.extensions import db
from portal.models import Invitation, Membership, User
from portal.timeutil import utcnow
from tests.support.data import create_assembly, create_user
from tests.support.http import post_form, sign_in
from tests.support.mail import html_part, links_in, path_of, text_part


def _organiser(client):
    organiser = create_user("olivia@council.example", role="organiser")
    sign_in(client, organiser)
    return organiser


def _invitation_link(smtp, email):
    [message] = smtp.to(email)
    return path_of(next(link for link in links_in(message) if "/invitation/" in link))


def test_an_organiser_invites_a_member_who_accepts_and_is_signed_in(
    client, app, app_context, smtp, deliver_mail
):
    assembly = create_assembly("climate", name="Climate Assembly")
    _organiser(client)
    response = post_form(
        client,
        "/admin/invitations/new",
        {
            "name": "Zainab Ahmed",
            "email": "Zainab@Example.org",
            "role": "member",
            "assembly": "climate",
        },
    )
    assert response.status_code == 302
    deliver_mail()
    [message] = smtp.to("zainab@example.org")
    assert message["Subject"] == "You are invited to the Assembly Follow-up Portal"
    assert "Climate Assembly" in text_part(message) and "14 days" in text_part(message)
    assert "Create your account" in html_part(message)
    assert message["Message-ID"]

    invitee = app.test_client()
    link = _invitation_link(smtp, "zainab@example.org")
    page = invitee.get(link).get_data(as_text=True)
    assert "Zainab Ahmed" in page and "zainab@example.org" in page
    accepted = post_form(invitee, link, {"password": "a long passphrase"})
    assert accepted.status_code == 302
    assert "Signed in as Zainab A" in invitee.get("/home").get_data(as_text=True)
    user = db.session.scalar(db.select(User).where(User.email == "zainab@example.org"))
    assert user.role == "member"
    assert db.session.scalar(
        db.select(Membership).where(
            Membership.user_id == user.id, Membership.assembly_id == assembly.id
        )
    )


def test_an_invitation_link_works_only_once(client, app, app_context, smtp, deliver_mail):
    create_assembly("climate")
    _organiser(client)
    post_form(
        client,
        "/admin/invitations/new",
        {"name": "Ben Ode", "email": "ben@example.org", "role": "member", "assembly": "climate"},
    )
    deliver_mail()
    link = _invitation_link(smtp, "ben@example.org")
    invitee = app.test_client()
    post_form(invitee, link, {"password": "a long passphrase"})
    again = app.test_client().get(link)
    assert again.status_code == 410
    assert "already been used" in again.get_data(as_text=True)


def test_an_expired_invitation_tells_the_person_to_ask_for_a_new_one(
    client, app, app_context, smtp, deliver_mail
):
    create_assembly("climate")
    _organiser(client)
    post_form(
        client,
        "/admin/invitations/new",
        {"name": "Ben Ode", "email": "ben@example.org", "role": "member", "assembly": "climate"},
    )
    deliver_mail()
    link = _invitation_link(smtp, "ben@example.org")
    invitation = db.session.scalar(db.select(Invitation))
    invitation.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    page = app.test_client().get(link)
    assert page.status_code == 410
    assert "Ask the engagement team who invited you to send a new invitation" in page.get_data(
        as_text=True
    )


def test_resending_an_invitation_sends_a_new_link_and_the_old_one_stops_working(
    client, app, app_context, smtp, deliver_mail
):
    create_assembly("climate")
    _organiser(client)
    post_form(
        client,
        "/admin/invitations/new",
        {"name": "Ben Ode", "email": "ben@example.org", "role": "member", "assembly": "climate"},
    )
    deliver_mail()
    old_link = _invitation_link(smtp, "ben@example.org")
    smtp.clear()
    invitation = db.session.scalar(db.select(Invitation))
    assert post_form(client, f"/admin/invitations/{invitation.id}/resend").status_code == 302
    deliver_mail()
    new_link = _invitation_link(smtp, "ben@example.org")
    assert new_link != old_link
    assert app.test_client().get(old_link).status_code == 400
    assert app.test_client().get(new_link).status_code == 200


def test_a_withdrawn_invitation_cannot_be_accepted(client, app, app_context, smtp, deliver_mail):
    create_assembly("climate")
    _organiser(client)
    post_form(
        client,
        "/admin/invitations/new",
        {"name": "Ben Ode", "email": "ben@example.org", "role": "member", "assembly": "climate"},
    )
    deliver_mail()
    link = _invitation_link(smtp, "ben@example.org")
    invitation = db.session.scalar(db.select(Invitation))
    post_form(client, f"/admin/invitations/{invitation.id}/revoke")
    invitee = app.test_client()
    assert invitee.get(link).status_code == 410
    assert post_form(invitee, link, {"password": "a long passphrase"}).status_code == 410
    assert db.session.scalar(db.select(User).where(User.email == "ben@example.org")) is None


def test_a_member_invitation_needs_an_assembly_and_keeps_what_was_typed(client, app_context):
    _organiser(client)
    response = post_form(
        client,
        "/admin/invitations/new",
        {"name": "Ben Ode", "email": "ben@example.org", "role": "member", "assembly": ""},
    )
    page = response.get_data(as_text=True)
    assert "Choose the assembly this person belongs to" in page
    assert 'value="Ben Ode"' in page and 'value="ben@example.org"' in page


def test_inviting_someone_already_invited_says_to_resend_instead(client, app_context):
    create_assembly("climate")
    _organiser(client)
    data = {"name": "Ben Ode", "email": "ben@example.org", "role": "member", "assembly": "climate"}
    post_form(client, "/admin/invitations/new", data)
    again = post_form(client, "/admin/invitations/new", {**data, "email": "BEN@example.org"})
    assert "Already invited" in again.get_data(as_text=True)


def test_an_existing_member_invited_to_another_assembly_is_added_to_it(
    client, app_context, smtp, deliver_mail
):
    first = create_assembly("climate")
    second = create_assembly("housing", name="Housing Assembly")
    member = create_user("amira@example.org", assemblies=[first])
    _organiser(client)
    post_form(
        client,
        "/admin/invitations/new",
        {"name": "Amira", "email": "amira@example.org", "role": "member", "assembly": "housing"},
    )
    assert db.session.scalar(
        db.select(Membership).where(
            Membership.user_id == member.id, Membership.assembly_id == second.id
        )
    )
    deliver_mail()
    assert smtp.to("amira@example.org")[0]["Subject"] == "You have been added to Housing Assembly"


def test_an_officer_invitation_needs_no_assembly(client, app, app_context, smtp, deliver_mail):
    _organiser(client)
    post_form(
        client,
        "/admin/invitations/new",
        {
            "name": "Sarah Whitfield",
            "email": "sarah@council.example",
            "role": "officer",
            "assembly": "",
        },
    )
    deliver_mail()
    link = _invitation_link(smtp, "sarah@council.example")
    post_form(app.test_client(), link, {"password": "a long passphrase"})
    officer = db.session.scalar(db.select(User).where(User.email == "sarah@council.example"))
    assert officer.role == "officer"


def test_the_invitation_password_must_not_be_the_persons_email(
    client, app, app_context, smtp, deliver_mail
):
    create_assembly("climate")
    _organiser(client)
    post_form(
        client,
        "/admin/invitations/new",
        {"name": "Ben Ode", "email": "ben@example.org", "role": "member", "assembly": "climate"},
    )
    deliver_mail()
    link = _invitation_link(smtp, "ben@example.org")
    response = post_form(app.test_client(), link, {"password": "ben@example.org"})
    assert "must not be your email address" in response.get_data(as_text=True)
