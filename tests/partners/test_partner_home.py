"""A partner's home page: where they land, their organisation and the charters it signed."""

from portal.extensions import db
from portal.models import CharterSignature, OrganisationKind, SignatureState
from portal.partners import charter as charters
from portal.timeutil import today
from tests.support.data import create_assembly, create_organisation, create_user
from tests.support.http import sign_in


def _signed(assembly, organisation, organiser):
    charters.save_charter(assembly, "We act.", organiser)
    db.session.add(
        CharterSignature(
            assembly_id=assembly.id,
            organisation_id=organisation.id,
            organisation_name=organisation.name,
            kind=OrganisationKind.BUSINESS,
            contact_name="Chris Contact",
            contact_email="chris@example.org",
            statement="We support it.",
            state=SignatureState.APPROVED,
            signed_on=today(),
        )
    )


def test_a_partner_lands_on_their_organisations_page(client, app_context):
    organisation = create_organisation("Northbridge Buses", kind="business")
    other = create_organisation("Someone Else")
    organiser = create_user("olivia@council.example", role="organiser")
    climate = create_assembly("climate", name="Climate Assembly")
    private = create_assembly("private", name="Private Assembly", public=False)
    _signed(climate, organisation, organiser)
    _signed(private, organisation, organiser)
    _signed(create_assembly("travel", name="Travel Assembly"), other, organiser)
    db.session.commit()
    partner = create_user(role="partner", organisation_id=organisation.id)
    sign_in(client, partner)

    landing = client.get("/")
    assert landing.status_code == 302 and landing.headers["Location"].endswith("/partner")
    page = client.get("/partner").get_data(as_text=True)
    assert "What Northbridge Buses has been asked to do" in page
    assert 'href="/partner"' in page  # in the header
    assert "Charters you have signed" in page
    assert 'href="/assemblies/climate/charter"' in page
    # A private assembly's charter is not for a partner: named, not linked.
    assert "Private Assembly" in page and 'href="/assemblies/private/charter"' not in page
    assert "Travel Assembly" not in page
    # Partners do not change their organisation's details.
    assert "/admin/organisations" not in page


def test_a_partner_without_an_organisation_is_told_what_to_do(client, app_context):
    partner = create_user(role="partner")
    sign_in(client, partner)
    page = client.get("/partner").get_data(as_text=True)
    assert "You do not act for an organisation at the moment" in page
