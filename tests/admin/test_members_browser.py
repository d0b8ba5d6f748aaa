"""The members page and its actions in Chromium: accessible, keyboard and no-JS usable, 320px."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from portal.timeutil import utcnow
from tests.support.browser import check_page, open_page, sign_in_in_browser
from tests.support.data import create_assembly, create_user, fresh

pytestmark = pytest.mark.browser


@pytest.fixture
def no_javascript(browser, live_server):
    page = open_page(browser, live_server, javascript=False)
    yield page
    page.context.close()


@pytest.mark.parametrize("javascript", [True, False])
def test_an_organiser_finds_a_member_and_removes_them(
    page, no_javascript, live_server, app_context, javascript
):
    browser_page = page if javascript else no_javascript
    climate = create_assembly("climate", name="Northbridge Climate Assembly", public=False)
    organiser = create_user("olivia@example.org", role="organiser")
    amira = create_user(
        "amira@example.org",
        name="Amira Khan",
        assemblies=[climate],
        email_failed_at=utcnow(),
        email_failed_reason="550 5.1.1 No such user",
    )
    create_user("bola@example.org", name="Bola Ade", assemblies=[climate])
    sign_in_in_browser(browser_page, live_server, organiser.email)

    browser_page.goto(f"{live_server}/admin/")
    browser_page.get_by_role("link", name="People in Northbridge Climate Assembly").click()
    expect(browser_page.get_by_role("heading", name="People in this assembly")).to_be_visible()
    expect(browser_page.get_by_text("Address failing", exact=True)).to_be_visible()
    check_page(browser_page)

    browser_page.get_by_label("Name or email address").fill("amira")
    browser_page.get_by_label("State").select_option(label="Email address failing")
    browser_page.get_by_role("button", name="Apply filters").click()
    expect(browser_page.get_by_text("1 person matches your filters")).to_be_visible()
    check_page(browser_page)

    browser_page.get_by_role("link", name="Remove from assembly Amira Khan").click()
    expect(browser_page.get_by_text("their account will be closed")).to_be_visible()
    browser_page.get_by_label("Why are you removing them? (optional)").fill("x" * 1001)
    browser_page.get_by_role("button", name="Remove from the assembly").click()
    expect(browser_page.locator(".govuk-error-summary")).to_be_visible()
    check_page(browser_page)

    browser_page.get_by_label("Why are you removing them? (optional)").fill("Moved away")
    browser_page.get_by_role("button", name="Remove from the assembly").click()
    expect(browser_page.get_by_text("It was their only assembly")).to_be_visible()
    expect(browser_page.get_by_text("0 people match your filters")).to_be_visible()
    check_page(browser_page)
    assert not fresh(amira).is_active_account


def test_a_person_whose_address_failed_is_asked_to_check_it(page, live_server, app_context):
    climate = create_assembly("climate", name="Northbridge Climate Assembly")
    create_user(
        "amira@example.org",
        assemblies=[climate],
        email_failed_at=utcnow(),
        email_failed_reason="550",
    )
    sign_in_in_browser(page, live_server, "amira@example.org")

    expect(
        page.get_by_role("heading", name="We could not deliver email to amira@example.org")
    ).to_be_visible()
    check_page(page)
    page.get_by_role("link", name="Check or change your email address").click()
    expect(page.get_by_text("If amira@example.org is right, enter it again")).to_be_visible()
    check_page(page)
