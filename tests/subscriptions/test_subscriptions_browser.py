"""Subscribing by email in Chromium: every page passes axe, fits 320px and works without JavaScript."""

from __future__ import annotations

import pytest

from portal.extensions import db
from tests.support.browser import check_page, open_page
from tests.support.data import create_assembly, create_recommendation, create_user
from tests.support.mail import email_link

pytestmark = pytest.mark.browser

VISITOR = "reader@example.org"


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_a_visitor_subscribes_confirms_and_manages_in_the_browser(
    browser, live_server, app_context, smtp, deliver_mail, javascript
):
    assembly = create_assembly("climate", name="Northbridge Climate Assembly")
    officer = create_user(role="officer")
    create_recommendation(assembly, 1, title="Insulate every council home", lead_officer=officer)
    page = open_page(browser, live_server, javascript=javascript)

    page.goto(f"{live_server}/assemblies/climate/recommendations/1")
    page.get_by_role("link", name="Get emails about this page").click()
    check_page(page)
    page.get_by_role("button", name="Continue").click()
    assert page.locator(".govuk-error-summary").is_visible()
    check_page(page)
    page.fill("#email", VISITOR)
    page.get_by_role("button", name="Continue").click()
    assert page.get_by_role("heading", name="Check your email").is_visible()
    check_page(page)

    deliver_mail()
    page.goto(live_server + email_link(smtp, VISITOR, "/subscriptions/confirm/"))
    check_page(page)
    page.get_by_label("Once a day, in a daily summary").check()
    page.get_by_role("button", name="Confirm and subscribe").click()
    assert page.get_by_role("heading", name="Your email subscriptions").is_visible()
    assert "You are subscribed to emails about" in page.content()
    check_page(page)

    page.get_by_role("button", name="Unsubscribe", exact=True).click()
    assert "You are not subscribed to anything" in page.content()
    check_page(page)
    db.session.remove()


def test_the_link_problem_and_unsubscribe_pages_pass_the_checks(page, live_server, app_context):
    from portal.subscriptions import services

    assembly = create_assembly("climate", name="Northbridge Climate Assembly")
    from flask import current_app

    with current_app.test_request_context():
        subscription = services.request_subscription(VISITOR, assembly)
        services.confirm(subscription, "weekly")
        db.session.commit()
        leave = services.unsubscribe_token(subscription.subscriber, subscription)

    page.goto(f"{live_server}/subscriptions/confirm/forged")
    assert "This link does not work" in page.content()
    check_page(page)
    page.goto(f"{live_server}/subscriptions/unsubscribe/{leave}")
    check_page(page)
    page.get_by_role("button", name="Unsubscribe").click()
    assert "You have unsubscribed" in page.content()
    check_page(page)
