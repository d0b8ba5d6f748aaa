"""Searching sent email in Chromium: the filter form, its error summary, a person's emails."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from portal.extensions import db
from portal.mail import send_email
from portal.models import MessageState
from tests.support.browser import check_page, sign_in_in_browser
from tests.support.data import create_user

pytestmark = pytest.mark.browser


def test_an_organiser_finds_the_emails_that_failed_for_one_person(page, live_server, app_context):
    amira = create_user("amira@example.org", name="Amira Khan")
    bola = create_user("bola@example.org")
    failed = send_email(
        amira.email,
        "Your sign-in link",
        "sign_in_link",
        user_id=amira.id,
        user=amira,
        link="x",
        minutes=30,
    )
    failed.state = MessageState.FAILED
    failed.last_error = "550 5.1.1 No such user"
    send_email(
        bola.email, "Bola's link", "sign_in_link", user_id=bola.id, user=bola, link="x", minutes=30
    )
    db.session.commit()
    organiser = create_user("olivia@example.org", role="organiser")
    sign_in_in_browser(page, live_server, organiser.email)

    page.goto(f"{live_server}/admin/sent-email")
    page.get_by_label("Recipient’s email address").fill("amira")
    page.get_by_label("State").select_option(label="Failed")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="1 email matches your search")).to_be_visible()
    expect(page.get_by_text("550 5.1.1 No such user")).to_be_visible()
    check_page(page)

    page.locator("#from_date-day").fill("31")
    page.locator("#from_date-month").fill("2")
    page.locator("#from_date-year").fill("2026")
    page.get_by_role("button", name="Search").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.locator(".govuk-error-summary")).to_contain_text("must be a real date")
    check_page(page)

    page.get_by_role("link", name="amira@example.org (every email sent to them)").click()
    expect(page.get_by_role("heading", name="Emails sent to Amira Khan")).to_be_visible()
    expect(page.get_by_text("Bola's link")).to_have_count(0)
    check_page(page)
