"""Download and delete in a real Chromium: axe, 320px, keyboard-free clicks through the pages."""

import re

import pytest
from playwright.sync_api import expect

from tests.support.browser import check_page, open_page, sign_in_in_browser
from tests.support.data import PASSWORD, create_assembly, create_user

pytestmark = pytest.mark.browser


@pytest.fixture(params=["with JavaScript", "without JavaScript"])
def visitor(request, browser, live_server):
    page = open_page(browser, live_server, javascript=request.param == "with JavaScript")
    yield page
    page.context.close()


def test_a_member_downloads_their_data_then_deletes_their_account(
    visitor, live_server, app_context
):
    assembly = create_assembly("climate")
    create_user("zara@example.org", name="Zara Ahmed", assemblies=[assembly])
    page = visitor
    sign_in_in_browser(page, live_server, "zara@example.org", PASSWORD)
    page.goto("/account")
    page.get_by_role("link", name="Download your data").click()
    expect(page).to_have_title(re.compile("^Download your data"))
    check_page(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download your data").click()
    assert download.value.suggested_filename.endswith(".zip")

    page.goto("/account")
    page.get_by_role("link", name="Delete your account").click()
    expect(page).to_have_title(re.compile("^Delete your account"))
    check_page(page)
    page.get_by_label("Your password").fill("not my password")
    page.get_by_role("button", name="Delete my account", exact=True).click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Your password is not correct")
    check_page(page)
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Delete my account", exact=True).click()
    expect(page.locator("h1")).to_contain_text("Your account has been deleted")
    check_page(page)
    page.goto("/account")
    expect(page).to_have_title(re.compile("^Sign in"))


def test_an_organiser_deletes_an_account_on_request(visitor, live_server, app_context):
    assembly = create_assembly("climate")
    member = create_user("yusuf@example.org", name="Yusuf Ali", assemblies=[assembly])
    create_user("organiser@council.example", role="organiser")
    page = visitor
    sign_in_in_browser(page, live_server, "organiser@council.example", PASSWORD)
    page.goto(f"/admin/people/{member.id}/delete")
    check_page(page)
    page.get_by_role("button", name="Delete this account").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_page(page)
    page.get_by_label("Why you are deleting this account").fill("Asked by letter")
    page.get_by_label("Type the person's email address to confirm").fill("yusuf@example.org")
    page.get_by_role("button", name="Delete this account").click()
    expect(page.locator("body")).to_contain_text("The account has been deleted")
