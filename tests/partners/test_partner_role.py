"""The partner role: invited by an organiser for one organisation, signed in without staff rights."""

from portal.extensions import db
from portal.models import Invitation, Membership, Role, User
from tests.support.data import create_assembly, create_organisation, create_user
from tests.support.http import post_form, sign_in
from tests.support.mail import links_in, path_of, text_part


def _organiser(client):
    organiser = create_user("olivia@council.example", role="organiser")
    sign_in(client, organiser)
    return organiser


def test_an_organiser_invites_a_partner_for_an_organisation_who_accepts(
    client, app, app_context, smtp, deliver_mail
):
    organisation = create_organisation("Northgate University", kind="education")
    create_assembly("climate", name="Climate Assembly")
    _organiser(client)
    form = client.get(f"/admin/invitations/new?organisation={organisation.id}")
    page = form.get_data(as_text=True)
    assert "Northgate University" in page and "Partner (acts for an organisation" in page
    response = post_form(
        client,
        "/admin/invitations/new",
        {
            "name": "Priya Shah",
            "email": "priya@northgate.example",
            "role": "partner",
            "assembly": "climate",  # ignored: partners belong to no assembly
            "organisation": str(organisation.id),
        },
    )
    assert response.status_code == 302
    invitation = db.session.scalar(db.select(Invitation))
    assert invitation.organisation_id == organisation.id and invitation.assembly_id is None
    deliver_mail()
    [message] = smtp.to("priya@northgate.example")
    assert "You will act for Northgate University" in text_part(message)

    invitee = app.test_client()
    link = path_of(next(link for link in links_in(message) if "/invitation/" in link))
    accepted = post_form(invitee, link, {"password": "a long passphrase"})
    assert accepted.status_code == 302
    user = db.session.scalar(db.select(User).where(User.email == "priya@northgate.example"))
    assert user.role is Role.PARTNER and user.is_partner and not user.is_staff
    assert not user.is_internal and not user.is_member
    assert user.organisation.name == "Northgate University"
    assert db.session.scalar(db.select(Membership).where(Membership.user_id == user.id)) is None
    home = invitee.get("/")
    assert home.status_code == 302 and home.headers["Location"].endswith("/partner")


def test_a_partner_needs_an_organisation(client, app_context):
    _organiser(client)
    response = post_form(
        client,
        "/admin/invitations/new",
        {"name": "Priya Shah", "email": "priya@example.org", "role": "partner"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Choose the organisation this partner acts for" in page
    assert 'href="#organisation"' in page
    assert db.session.scalar(db.select(Invitation)) is None


def test_an_unknown_organisation_is_refused_without_an_error(client, app_context):
    _organiser(client)
    for reference in ("999999", "99999999999999999999", "x' OR 1=1", "-1"):
        response = post_form(
            client,
            "/admin/invitations/new",
            {
                "name": "Priya Shah",
                "email": "priya@example.org",
                "role": "partner",
                "organisation": reference,
            },
        )
        assert response.status_code == 200
    assert db.session.scalar(db.select(Invitation)) is None


def test_organisation_is_ignored_for_other_roles(client, app_context):
    organisation = create_organisation("Northgate University")
    create_assembly("climate")
    _organiser(client)
    post_form(
        client,
        "/admin/invitations/new",
        {
            "name": "Sam Lee",
            "email": "sam@example.org",
            "role": "member",
            "assembly": "climate",
            "organisation": str(organisation.id),
        },
    )
    invitation = db.session.scalar(db.select(Invitation))
    assert invitation.organisation_id is None and invitation.assembly_id is not None


def test_a_partner_cannot_reach_staff_or_member_pages(client, app_context):
    organisation = create_organisation()
    partner = create_user(role="partner", organisation_id=organisation.id)
    sign_in(client, partner)
    assert client.get("/admin/").status_code == 403
    assert client.get("/tracker/").status_code in (403, 404)
    assert client.get("/account").status_code == 200
