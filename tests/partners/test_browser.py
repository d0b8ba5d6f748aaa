"""Partners' pages in Chromium, with and without JavaScript: axe-core, 320px, no duplicate ids."""

from __future__ import annotations

import pytest

from tests.support.browser import check_page, open_page, sign_in_in_browser
from tests.support.data import create_user
from tests.support.images import image_bytes

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_an_organiser_adds_an_organisation_with_a_logo(
    browser, base_url, app_context, live_server, javascript, tmp_path
):
    organiser = create_user("olivia@council.example", role="organiser")
    not_an_image = tmp_path / "logo.png"
    not_an_image.write_text("this is not a picture")
    logo = tmp_path / "real.png"
    logo.write_bytes(image_bytes("PNG", size=(800, 300)))
    page = open_page(browser, base_url, javascript=javascript)
    sign_in_in_browser(page, base_url, organiser.email)

    page.goto("/admin/invitations")
    page.get_by_role("link", name="Organisations and their partners").click()
    page.wait_for_url("**/admin/organisations")
    check_page(page)
    page.get_by_role("button", name="Add an organisation").click()
    page.wait_for_url("**/admin/organisations/new")
    check_page(page)

    page.get_by_label("Name of the organisation").fill("Northgate University")
    page.get_by_label("Education").check()
    page.get_by_label("Logo (optional)").set_input_files(str(not_an_image))
    page.get_by_role("button", name="Save organisation").click()
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "The logo must be a PNG or JPEG image" in summary
    check_page(page)

    page.get_by_label("Logo (optional)").set_input_files(str(logo))
    page.get_by_role("button", name="Save organisation").click()
    page.wait_for_url("**/admin/organisations")
    assert "Northgate University saved." in page.content()
    image = page.get_by_role("img", name="Northgate University logo")
    assert image.evaluate("img => img.naturalWidth") == 400
    check_page(page)
