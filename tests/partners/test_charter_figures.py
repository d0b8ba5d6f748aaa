"""Organisers: the organiser home counts requests to sign each charter, and a request's logo is
shown to organisers (only) before it is approved."""

from portal.extensions import db
from portal.models import CharterSignature, OrganisationKind
from portal.partners import logos
from tests.admin.test_dashboard import figures_of
from tests.support.data import create_assembly, create_organisation, create_user
from tests.support.http import sign_in
from tests.support.images import image_bytes


def _request(assembly, name, logo=None):
    signature = CharterSignature(
        assembly_id=assembly.id,
        organisation_name=name,
        kind=OrganisationKind.VOLUNTARY,
        contact_name="Chris Contact",
        contact_email="chris@example.org",
        statement="We support the assembly.",
        logo_data=logo.data if logo else None,
        logo_content_type=logo.content_type if logo else None,
    )
    db.session.add(signature)
    db.session.commit()
    return signature


def test_requests_waiting_are_counted_and_their_logo_shown_to_organisers_only(
    app, client, app_context
):
    climate = create_assembly("climate", name="Climate Assembly")
    housing = create_assembly("housing", name="Housing Assembly")
    logo = logos.process_logo(image_bytes())
    first = _request(climate, "Riverside Group", logo)
    _request(climate, "Another Group")
    _request(housing, "Housing Group")
    organiser = create_user(role="organiser")
    sign_in(client, organiser)
    page = client.get("/admin/").get_data(as_text=True)
    assert figures_of(page, climate.id)["charter_requests"] == (
        "2 requests to sign the charter waiting",
        "/admin/assemblies/climate/charter#requests",
    )
    assert figures_of(page, housing.id)["charter_requests"][0] == (
        "1 request to sign the charter waiting"
    )
    listed = client.get("/admin/assemblies/climate/charter").get_data(as_text=True)
    assert "Riverside Group" in listed and "Another Group" in listed
    assert "Housing Group" not in listed

    url = f"/admin/assemblies/climate/charter/requests/{first.id}/logo"
    request_page = client.get(f"/admin/assemblies/climate/charter/requests/{first.id}")
    assert f'src="{url}"' in request_page.get_data(as_text=True)
    image = client.get(url)
    assert image.status_code == 200 and image.data == logo.data
    assert image.mimetype == logo.content_type
    assert image.headers["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in image.headers["Cache-Control"]
    # Another assembly's address, or a request without a logo: 404.
    assert (
        client.get(f"/admin/assemblies/housing/charter/requests/{first.id}/logo").status_code == 404
    )

    partner = app.test_client()
    sign_in(partner, create_user(role="partner", organisation_id=create_organisation().id))
    assert partner.get(url).status_code == 403
    assert app.test_client().get(url).status_code == 302
