"""The account journeys in a real Chromium, with and without JavaScript."""

import re

import pytest
from playwright.sync_api import expect

from tests.support.browser import check_page, open_page, sign_in_in_browser
from tests.support.data import PASSWORD, create_assembly, create_user
from tests.support.mail import links_in

pytestmark = pytest.mark.browser


@pytest.fixture(params=["with JavaScript", "without JavaScript"])
def visitor(request, browser, live_server):
    page = open_page(browser, live_server, javascript=request.param == "with JavaScript")
    yield page
    page.context.close()


def _link_from_email(smtp, deliver_mail, to, part):
    deliver_mail()
    [message] = smtp.to(to)
    return next(link for link in links_in(message) if part in link)


def test_an_organiser_invites_a_member_who_sets_a_password_and_is_signed_in(
    browser, visitor, live_server, app_context, smtp, deliver_mail
):
    create_assembly("climate", name="Climate Assembly")
    create_user("olivia@council.example", role="organiser")
    organiser = visitor
    sign_in_in_browser(organiser, live_server, "olivia@council.example", PASSWORD)
    organiser.goto("/admin/invitations/new")
    check_page(organiser)
    organiser.get_by_role("button", name="Send invitation").click()
    expect(organiser.locator(".govuk-error-summary")).to_be_visible()
    check_page(organiser)
    organiser.get_by_label("Full name").fill("Zainab Ahmed")
    organiser.get_by_label("Email address").fill("zainab@example.org")
    organiser.get_by_label("Assembly member").check()
    organiser.get_by_label("Assembly", exact=True).select_option("climate")
    organiser.get_by_role("button", name="Send invitation").click()
    expect(organiser.locator("body")).to_contain_text(
        "An invitation has been sent to zainab@example.org"
    )
    check_page(organiser)

    link = _link_from_email(smtp, deliver_mail, "zainab@example.org", "/invitation/")
    invitee = open_page(browser, live_server, javascript=visitor.javascript)
    invitee.goto(link)
    expect(invitee).to_have_title(re.compile("^Create your account"))
    check_page(invitee)
    invitee.get_by_label("Create a password").fill("short")
    invitee.get_by_role("button", name="Create account").click()
    expect(invitee.locator(".govuk-error-summary")).to_contain_text(
        "Password must be 10 characters or more"
    )
    check_page(invitee)
    invitee.get_by_label("Create a password").fill("purple kettle garden")
    invitee.get_by_role("button", name="Create account").click()
    expect(invitee.locator("body")).to_contain_text("Welcome to the portal")
    expect(invitee.locator("body")).to_contain_text("Signed in as Zainab A")
    check_page(invitee)
    invitee.context.close()


def test_a_member_signs_in_with_a_link_from_their_email(
    visitor, live_server, app_context, smtp, deliver_mail
):
    create_user(
        "amira@example.org", name="Amira Khan", password=None, assemblies=[create_assembly()]
    )
    visitor.goto("/login")
    check_page(visitor)
    visitor.get_by_role("link", name="Email me a sign-in link instead").click()
    check_page(visitor)
    visitor.get_by_label("Email address").fill("amira@example.org")
    visitor.get_by_role("button", name="Send me a link").click()
    expect(visitor.get_by_role("heading", name="Check your email")).to_be_visible()
    check_page(visitor)
    visitor.goto(_link_from_email(smtp, deliver_mail, "amira@example.org", "/login/link/"))
    check_page(visitor)
    visitor.get_by_role("button", name="Continue").click()
    expect(visitor.locator("body")).to_contain_text("Signed in as Amira K")
    visitor.get_by_role("button", name="Sign out").click()
    expect(visitor.locator("body")).to_contain_text("You have signed out")


def test_a_member_resets_a_forgotten_password(
    visitor, live_server, app_context, smtp, deliver_mail
):
    create_user("amira@example.org", name="Amira Khan", assemblies=[create_assembly()])
    visitor.goto("/login")
    visitor.get_by_role("link", name="I have forgotten my password").click()
    check_page(visitor)
    visitor.get_by_label("Email address").fill("amira@example.org")
    visitor.get_by_role("button", name="Send me a reset link").click()
    check_page(visitor)
    visitor.goto(_link_from_email(smtp, deliver_mail, "amira@example.org", "/password/reset/"))
    check_page(visitor)
    visitor.get_by_label("Create a password").fill("a fresh new passphrase")
    visitor.get_by_role("button", name="Save password").click()
    expect(visitor.locator("body")).to_contain_text("Your password has been changed")
    visitor.get_by_role("button", name="Sign out").click()
    sign_in_in_browser(visitor, live_server, "amira@example.org", "a fresh new passphrase")
    expect(visitor.locator("body")).to_contain_text("Signed in as Amira K")


def test_a_used_link_shows_a_page_that_says_what_to_do(
    visitor, live_server, app_context, smtp, deliver_mail
):
    create_user("amira@example.org")
    visitor.goto("/login/link")
    visitor.get_by_label("Email address").fill("amira@example.org")
    visitor.get_by_role("button", name="Send me a link").click()
    link = _link_from_email(smtp, deliver_mail, "amira@example.org", "/login/link/")
    visitor.goto(link)
    visitor.get_by_role("button", name="Continue").click()
    visitor.get_by_role("button", name="Sign out").click()
    visitor.goto(link)
    expect(visitor.get_by_role("heading", name="This link has already been used")).to_be_visible()
    check_page(visitor)
    visitor.goto(link[:-8])
    expect(visitor.get_by_role("heading", name="This link does not work")).to_be_visible()


def test_sign_in_errors_and_the_account_pages_are_accessible(visitor, live_server, app_context):
    create_user("amira@example.org", assemblies=[create_assembly()])
    visitor.goto("/login")
    visitor.get_by_role("button", name="Sign in").click()
    expect(visitor.locator(".govuk-error-summary")).to_be_visible()
    check_page(visitor)
    sign_in_in_browser(visitor, live_server, "amira@example.org", PASSWORD)
    for path in (
        "/home",
        "/account",
        "/account/email",
        "/account/password",
        "/accessibility",
        "/privacy",
        "/",
    ):
        visitor.goto(path)
        check_page(visitor)
    visitor.goto("/no-such-page")
    check_page(visitor)


def test_organiser_pages_are_accessible(visitor, live_server, app_context):
    create_assembly("climate")
    create_user("olivia@council.example", role="organiser")
    sign_in_in_browser(visitor, live_server, "olivia@council.example", PASSWORD)
    for path in (
        "/admin/",
        "/admin/assemblies/new",
        "/admin/assemblies/climate/edit",
        "/admin/invitations",
        "/admin/invitations/upload",
    ):
        visitor.goto(path)
        check_page(visitor)
    visitor.goto("/admin/assemblies/new")
    visitor.get_by_role("button", name="Save assembly").click()
    expect(visitor.locator(".govuk-error-summary")).to_be_visible()
    check_page(visitor)
