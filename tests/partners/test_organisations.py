"""Organisations and their logos: only real PNG or JPEG images, shrunk, served with their type."""

import io

from PIL import Image

from portal.extensions import db
from portal.models import Organisation, OrganisationKind, OrganisationLogo
from tests.support.data import create_organisation, create_user
from tests.support.http import csrf_token, sign_in
from tests.support.images import image_bytes

NOT_AN_IMAGE = "The logo must be a PNG or JPEG image"


def _organiser(client):
    sign_in(client, create_user("olivia@council.example", role="organiser"))


def _post(client, url, fields, logo=None, filename="logo.png"):
    data = {"csrf_token": csrf_token(client), **fields}
    if logo is not None:
        data["logo"] = (io.BytesIO(logo), filename)
    return client.post(url, data=data, content_type="multipart/form-data")


FIELDS = {
    "name": "Northgate University",
    "kind": "education",
    "website": "https://www.northgate.example",
    "description": "A university in the city centre.",
}


def test_an_organiser_adds_an_organisation_with_a_logo_that_is_shrunk(client, app_context):
    _organiser(client)
    big = image_bytes("JPEG", size=(1200, 600))
    response = _post(client, "/admin/organisations/new", FIELDS, big, "logo.jpg")
    assert response.status_code == 302
    organisation = db.session.scalar(db.select(Organisation))
    assert organisation.kind is OrganisationKind.EDUCATION
    stored = db.session.get(OrganisationLogo, organisation.id)
    assert stored.content_type == "image/jpeg" and (stored.width, stored.height) == (400, 200)
    assert Image.open(io.BytesIO(stored.data)).size == (400, 200)

    listing = client.get("/admin/organisations").get_data(as_text=True)
    assert "Northgate University" in listing and "Northgate University logo" in listing
    assert f"/organisations/{organisation.id}/logo?v=" in listing


def test_the_logo_is_served_with_its_type_and_cache_headers(app, client, app_context):
    organisation = create_organisation("Riverside Trust")
    _organiser(client)
    _post(
        client,
        f"/admin/organisations/{organisation.id}/edit",
        {**FIELDS, "name": "Riverside Trust"},
        image_bytes("PNG"),
    )
    db.session.refresh(organisation)
    anyone = app.test_client()
    plain = anyone.get(f"/organisations/{organisation.id}/logo")
    assert plain.status_code == 200 and plain.mimetype == "image/png"
    assert plain.headers["Cache-Control"] == "public, max-age=86400"
    assert plain.headers["X-Content-Type-Options"] == "nosniff"
    assert Image.open(io.BytesIO(plain.data)).format == "PNG"
    versioned = anyone.get(
        f"/organisations/{organisation.id}/logo?v={organisation.logo_digest[:16]}"
    )
    assert "immutable" in versioned.headers["Cache-Control"]
    again = anyone.get(
        f"/organisations/{organisation.id}/logo",
        headers={"If-None-Match": plain.headers["ETag"]},
    )
    assert again.status_code == 304


def test_an_organisation_without_a_logo_has_none_to_serve(client, app_context):
    organisation = create_organisation()
    assert client.get(f"/organisations/{organisation.id}/logo").status_code == 404
    assert client.get("/organisations/999999/logo").status_code == 404


def _refused(client, logo, filename):
    _organiser(client)
    response = _post(client, "/admin/organisations/new", FIELDS, logo, filename)
    assert response.status_code == 200
    assert db.session.scalar(db.select(Organisation)) is None
    page = response.get_data(as_text=True)
    assert 'href="#logo"' in page  # in the error summary, linked to the field
    return page


def test_a_text_file_renamed_png_is_refused(client, app_context):
    page = _refused(client, b"name,email\nSam,sam@example.org\n", "logo.png")
    assert NOT_AN_IMAGE in page


def test_a_truncated_png_is_refused(client, app_context):
    whole = image_bytes("PNG", size=(300, 300))
    page = _refused(client, whole[: len(whole) // 2], "logo.png")
    assert NOT_AN_IMAGE in page


def test_a_gif_is_refused(client, app_context):
    page = _refused(client, image_bytes("GIF"), "logo.gif")
    assert NOT_AN_IMAGE in page


def test_an_svg_is_refused(client, app_context):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    assert NOT_AN_IMAGE in _refused(client, svg, "logo.png")


def test_an_oversized_file_is_refused_in_plain_english(client, app_context):
    oversized = image_bytes("PNG") + b"\0" * (2 * 1024 * 1024)
    page = _refused(client, oversized, "logo.png")
    assert "The logo must be smaller than 2 MB" in page


def test_an_empty_file_is_refused(client, app_context):
    assert "The selected file is empty" in _refused(client, b"", "logo.png")


def test_organisation_details_are_checked(client, app_context):
    create_organisation("Riverside Trust")
    _organiser(client)
    response = _post(
        client,
        "/admin/organisations/new",
        {"name": "riverside trust ", "kind": "pirate", "website": "javascript:alert(1)"},
    )
    page = response.get_data(as_text=True)
    assert "An organisation with this name is already listed" in page
    assert "Choose what kind of organisation it is" in page
    assert "Enter a web address starting with http:// or https://" in page
    assert db.session.scalar(db.select(db.func.count(Organisation.id))) == 1


def test_a_missing_organisation_is_404(client, app_context):
    _organiser(client)
    assert client.get("/admin/organisations/999999/edit").status_code == 404
