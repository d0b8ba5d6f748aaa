"""The sign-off queue and the return page in Chromium: accessible (axe), at 320px, and usable
without JavaScript."""

import pytest

from portal.timeutil import utcnow
from tests.support.browser import check_page, open_page, sign_in_in_browser
from tests.support.data import create_assembly, create_entry, create_recommendation, create_user

pytestmark = pytest.mark.browser


@pytest.fixture
def sign_off_world(app_context, live_server):
    assembly = create_assembly("climate-2025", name="Northbridge Climate Assembly")
    officer = create_user("sarah@council.example", role="officer", name="Sarah Whitfield")
    approver = create_user(
        "leader@council.example",
        role="approver",
        department="leader’s office",
        assemblies=[assembly],
    )
    recommendation = create_recommendation(
        assembly, 6, title="Zero-carbon homes", lead_officer=officer
    )
    create_entry(recommendation, decision="under_consideration", explanation="Being tested.")
    create_entry(
        recommendation,
        author=officer,
        published=False,
        submitted_at=utcnow(),
        decision="modified",
        explanation="The standard applies from 2028, two years later than asked.",
    )
    create_entry(
        recommendation,
        kind="update",
        author=approver,
        published=False,
        submitted_at=utcnow(),
        summary="Written by the approver themselves.",
    )
    create_entry(
        recommendation,
        kind="update",
        author=officer,
        published=False,
        submitted_at=utcnow(),
        summary="Builders are training staff for the new standard.",
    )
    return {"approver": approver}


def test_the_sign_off_queue_and_return_page_pass_axe_at_320px_without_javascript(
    browser, base_url, sign_off_world
):
    page = open_page(browser, base_url, javascript=False)
    sign_in_in_browser(page, base_url, "leader@council.example")
    page.goto(f"{base_url}/tracker/sign-off")
    assert page.get_by_role("heading", name="Entries waiting for sign-off").is_visible()
    assert page.get_by_text("Accepted with changes").first.is_visible()
    assert page.get_by_text("You wrote this entry").is_visible()
    check_page(page)

    page.get_by_role("link", name="Return it to its author").first.click()
    page.get_by_role("button", name="Return it to its author").click()
    assert page.get_by_text("Enter why you are returning it").first.is_visible()
    check_page(page)
    page.fill("#reason", "Say when the standard will be reviewed.")
    page.get_by_role("button", name="Return it to its author").click()
    assert page.get_by_text("You returned it to its author").is_visible()

    with page.expect_navigation():
        page.get_by_role("button", name="Approve and publish").click()
    assert page.get_by_text("It has been published.").is_visible()
    check_page(page)
