"""The officer's home in Chromium: accessible at desktop width and 320px; a recent comment's link
opens the comment on its recommendation's page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from portal.extensions import db
from portal.models import Comment, Question
from portal.timeutil import today
from tests.support.browser import check_page, sign_in_in_browser
from tests.support.data import create_assembly, create_recommendation, create_user

pytestmark = pytest.mark.browser


def test_an_officer_sees_what_is_due_and_opens_a_recent_comment(page, live_server, app_context):
    assembly = create_assembly(
        "climate", name="Northbridge Climate Assembly", show_discussion_publicly=True
    )
    officer = create_user("olu@example.org", role="officer", name="Olu Officer")
    member = create_user(display_name="Amira K", assemblies=[assembly])
    recommendation = create_recommendation(
        assembly,
        1,
        title="Bus lanes on the ring road",
        lead_officer=officer,
        next_report_due=today() - timedelta(days=4),
    )
    db.session.add(
        Question(
            recommendation_id=recommendation.id,
            assigned_to_id=officer.id,
            asked_by_id=member.id,
            body="When will the lanes be painted?",
            due_on=today() + timedelta(days=6),
        )
    )
    comment = Comment(
        recommendation_id=recommendation.id, author_id=member.id, body="Still no lanes on Hill Road"
    )
    db.session.add(comment)
    db.session.commit()
    sign_in_in_browser(page, live_server, officer.email)

    page.goto(f"{live_server}/tracker/mine")
    expect(page.get_by_role("heading", name="Due next")).to_be_visible()
    expect(page.get_by_role("link", name="Report on recommendation 1")).to_be_visible()
    expect(page.get_by_text("When will the lanes be painted?")).to_be_visible()
    check_page(page)

    page.get_by_role("link", name="Amira K commented on recommendation 1").click()
    expect(page).to_have_url(
        f"{live_server}/assemblies/climate/recommendations/1#comment-{comment.id}"
    )
    expect(page.locator(f"#comment-{comment.id}")).to_contain_text("Still no lanes on Hill Road")
