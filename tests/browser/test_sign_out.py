"""Signing out in a real Chromium: after "Keep me signed in", no cookie it holds signs anyone in,
and cookies copied before sign-out do not work in another browser."""

import pytest
from playwright.sync_api import expect

from tests.support.browser import check_page, open_page
from tests.support.data import PASSWORD, create_assembly, create_user

pytestmark = pytest.mark.browser


def _signed_in(page, live_server) -> bool:
    page.goto(f"{live_server}/account")
    return page.url.rstrip("/").endswith("/account")


@pytest.mark.parametrize("javascript", [True, False], ids=["with JavaScript", "without JavaScript"])
def test_sign_out_after_keep_me_signed_in_leaves_no_cookie_that_signs_in(
    browser, live_server, app_context, javascript
):
    create_user("amira@example.org", name="Amira Khan", assemblies=[create_assembly()])
    page = open_page(browser, live_server, javascript=javascript)
    page.goto("/login")
    page.fill("#email", "amira@example.org")
    page.fill("#password", PASSWORD)
    page.get_by_label("Keep me signed in on this device for 30 days").check()
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("body")).to_contain_text("Signed in as Amira K")
    copied = page.context.cookies()
    assert "remember_token" in {cookie["name"] for cookie in copied}
    page.goto("/account")
    check_page(page)

    page.get_by_role("button", name="Sign out", exact=True).click()
    expect(page.locator("body")).to_contain_text("You have signed out")
    held = page.context.cookies()
    assert "remember_token" not in {cookie["name"] for cookie in held}
    assert not _signed_in(page, live_server)

    # the same browser after a restart: session cookies go, the rest stay
    restarted = browser.new_context(base_url=live_server)
    restarted.add_cookies([cookie for cookie in held if cookie["expires"] > 0])
    assert not _signed_in(restarted.new_page(), live_server)
    restarted.close()

    # every cookie copied before sign-out, replayed in another browser
    thief = browser.new_context(base_url=live_server)
    thief.add_cookies(copied)
    assert not _signed_in(thief.new_page(), live_server)
    thief.close()
    page.context.close()
