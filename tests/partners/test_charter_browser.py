"""The civic charter in Chromium, with and without JavaScript, at desktop and 320px: axe-core,
no duplicate ids, no sideways scrolling. An organisation asks to sign (first with mistakes), the
organiser approves it, and it appears on the charter with its logo."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from portal.extensions import db
from portal.partners import charter as charters
from tests.support.browser import check_page, open_page, sign_in_in_browser
from tests.support.data import create_assembly, create_user
from tests.support.images import image_bytes

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
@pytest.mark.parametrize("width", [1280, 320], ids=["desktop", "320px"])
def test_an_organisation_asks_to_sign_and_the_organiser_approves(
    browser, base_url, app_context, live_server, javascript, width, tmp_path
):
    climate = create_assembly("climate", name="Northbridge Climate Assembly")
    organiser = create_user("olivia@council.example", role="organiser")
    charters.save_charter(climate, "Organisations that sign **commit** to act.", organiser)
    db.session.commit()
    logo = tmp_path / "logo.png"
    logo.write_bytes(image_bytes("PNG", size=(600, 300)))
    page = open_page(browser, base_url, javascript=javascript)
    page.set_viewport_size({"width": width, "height": 900})

    page.goto("/assemblies/climate")
    page.get_by_role("link", name="See the civic charter").click()
    page.wait_for_url("**/assemblies/climate/charter")
    check_page(page)
    page.get_by_role("button", name="Ask to sign the charter").click()
    page.wait_for_url("**/charter/sign")
    check_page(page)
    page.get_by_role("button", name="Send the request").click()
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Enter the name of the organisation" in summary
    assert "Enter your statement of support" in summary
    check_page(page)

    page.get_by_label("Name of the organisation").fill("Northgate University")
    page.get_by_label("Education").check()
    page.get_by_label("Logo (optional)").set_input_files(str(logo))
    page.get_by_label("Your full name").fill("Priya Shah")
    page.get_by_label("Your email address").fill("priya@northgate.example")
    page.get_by_label("Statement of support").fill("We will share our research.")
    page.get_by_role("button", name="Send the request").click()
    page.wait_for_url("**/charter/sign/sent")
    check_page(page)

    sign_in_in_browser(page, base_url, organiser.email)
    page.goto("/admin/assemblies/climate/charter")
    check_page(page)
    page.get_by_role("link", name="Northgate University").click()
    check_page(page)
    page.get_by_label("No, decline the request").check()
    page.get_by_role("button", name="Save the decision").click()
    assert "Enter the reason" in page.locator(".govuk-error-summary").inner_text()
    check_page(page)
    page.get_by_label("Yes, add the organisation to the charter").check()
    page.get_by_role("button", name="Save the decision").click()
    page.wait_for_url("**/admin/assemblies/climate/charter")
    check_page(page)

    page.goto("/assemblies/climate/charter")
    # the logo loads lazily: it has no height until it arrives, so wait for it
    expect(page.get_by_role("img", name="Northgate University logo")).to_be_visible()
    assert "We will share our research." in page.locator("main").inner_text()
    check_page(page)
