"""The email pages in Chromium: accessible, usable without JavaScript, and fine at 320px."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from portal.extensions import db
from portal.mail import bulletins
from portal.mail.unsubscribe import make_token
from portal.mail.worker import deliver_due
from portal.models import Bulletin, BulletinAudience
from portal.timeutil import utcnow
from tests.support.browser import check_page, open_page, sign_in_in_browser
from tests.support.data import create_assembly, create_recommendation, create_user

pytestmark = pytest.mark.browser


@pytest.fixture
def no_javascript(browser, live_server):
    page = open_page(browser, live_server, javascript=False)
    yield page
    page.context.close()


def organiser_and_members():
    climate = create_assembly(name="Northbridge Climate Assembly")
    create_recommendation(climate, 1, title="Free buses for under-25s")
    create_recommendation(climate, 2, title="Plant more trees")
    create_user("amira@example.org", assemblies=[climate])
    create_user("optout@example.org", assemblies=[climate], bulletins_opt_in=False)
    return create_user("olivia@example.org", role="organiser"), climate


def compose_send_and_schedule(page, live_server, smtp):
    page.goto(f"{live_server}/admin/bulletins")
    check_page(page)
    page.get_by_role("button", name="Write a bulletin").click()
    check_page(page)

    page.get_by_role("button", name="Save and preview").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_page(page)

    page.get_by_label("Subject").fill("Cabinet meeting on Thursday")
    page.get_by_label("Message").fill("The cabinet meets on **Thursday**.\n\n- It is open to all.")
    page.get_by_label("All members of an assembly").check()
    page.get_by_label("Which assembly?").select_option(label="Northbridge Climate Assembly")
    page.get_by_role("button", name="Save and preview").click()

    expect(
        page.get_by_role("heading", name="Check the bulletin before you send it")
    ).to_be_visible()
    expect(page.get_by_text("1 person gets it by email.")).to_be_visible()
    expect(page.get_by_text("1 person has chosen not to get bulletins")).to_be_visible()
    check_page(page)

    page.get_by_role("button", name="Send a test to me").click()
    expect(page.get_by_text("A test has been sent to olivia@example.org")).to_be_visible()
    check_page(page)
    deliver_due()
    assert [m["Subject"] for m in smtp.to("olivia@example.org")] == [
        "[Test] Cabinet meeting on Thursday"
    ]

    page.get_by_role("link", name="Schedule it for a later date and time").click()
    check_page(page)
    page.get_by_role("button", name="Schedule bulletin").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_page(page)
    when = utcnow() + timedelta(days=3)
    page.get_by_label("Day").fill(str(when.day))
    page.get_by_label("Month").fill(str(when.month))
    page.get_by_label("Year").fill(str(when.year))
    page.get_by_label("Time (UK time)").fill("14:30")
    page.get_by_role("button", name="Schedule bulletin").click()
    expect(page.get_by_text("Your bulletin will be sent on")).to_be_visible()
    expect(page.get_by_text("2:30pm").first).to_be_visible()
    check_page(page)

    page.get_by_role("link", name="Cabinet meeting on Thursday").click()
    page.get_by_role("button", name="Cancel the schedule").click()
    page.get_by_role("button", name="Send now to 1 person").click()
    expect(page.get_by_role("heading", name="Delivery report")).to_be_visible()
    check_page(page)
    deliver_due()
    page.reload()
    expect(page.get_by_role("cell", name="amira@example.org")).to_be_visible()
    check_page(page)

    page.get_by_role("link", name="Sent email").first.click()
    expect(page.get_by_role("heading", name="Sent email")).to_be_visible()
    check_page(page)


def test_an_organiser_composes_previews_tests_schedules_and_sends(
    page, live_server, app_context, smtp
):
    organiser, _ = organiser_and_members()
    sign_in_in_browser(page, live_server, organiser.email)
    compose_send_and_schedule(page, live_server, smtp)


def test_the_bulletin_pages_work_without_javascript(no_javascript, live_server, app_context, smtp):
    organiser, _ = organiser_and_members()
    sign_in_in_browser(no_javascript, live_server, organiser.email)
    compose_send_and_schedule(no_javascript, live_server, smtp)
    assert db.session.scalar(select(Bulletin.state)) == "sent"


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_a_member_reads_bulletins_chooses_preferences_and_unsubscribes(
    page, no_javascript, live_server, app_context, javascript
):
    browser_page = page if javascript else no_javascript
    organiser, climate = organiser_and_members()
    amira = db.session.scalar(
        select(type(organiser)).where(type(organiser).email == "amira@example.org")
    )
    bulletin = bulletins.save_draft(
        None,
        organiser,
        subject="Welcome",
        body="## What happens next\n\nThe council **replies** by June.",
        audience=BulletinAudience.ASSEMBLY,
        assembly=climate,
        recommendation_ids=[],
    )
    bulletins.send_now(bulletin)
    db.session.commit()

    sign_in_in_browser(browser_page, live_server, amira.email)
    browser_page.goto(f"{live_server}/bulletins")
    check_page(browser_page)
    browser_page.get_by_role("link", name="Welcome").click()
    expect(browser_page.get_by_role("heading", name="What happens next")).to_be_visible()
    check_page(browser_page)

    browser_page.goto(f"{live_server}/email-preferences")
    check_page(browser_page)
    browser_page.get_by_label("Once a week, in a weekly summary").check()
    browser_page.get_by_label("1. Free buses for under-25s").select_option("immediately")
    browser_page.get_by_role("button", name="Save your email preferences").click()
    expect(browser_page.get_by_text("Your email preferences have been saved.")).to_be_visible()
    check_page(browser_page)
    db.session.refresh(amira)
    assert amira.email_frequency == "weekly"

    browser_page.goto(f"{live_server}/unsubscribe/{make_token(amira.id, 'bulletins')}")
    check_page(browser_page)
    browser_page.get_by_role("button", name="Unsubscribe").click()
    expect(browser_page.get_by_role("heading", name="You have unsubscribed")).to_be_visible()
    check_page(browser_page)
    db.session.refresh(amira)
    assert amira.bulletins_opt_in is False

    browser_page.get_by_role("button", name="Undo: keep getting these emails").click()
    expect(browser_page.get_by_role("heading", name="You are subscribed again")).to_be_visible()
    check_page(browser_page)
    db.session.refresh(amira)
    assert amira.bulletins_opt_in is True

    browser_page.goto(f"{live_server}/unsubscribe/forged.link")
    expect(browser_page.get_by_role("heading", name="This link does not work")).to_be_visible()
    check_page(browser_page)
