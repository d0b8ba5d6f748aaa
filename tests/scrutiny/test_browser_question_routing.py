"""The pages that show where questions went, in Chromium: a member asks through the page, the
lead sees it in notifications and My recommendations, organisers see the late ones. axe-core
finds nothing and each page fits 320px."""

from __future__ import annotations

from datetime import timedelta

import pytest

from portal.extensions import db
from portal.models import Question
from portal.timeutil import today
from tests.support.browser import page_problems, sign_in_in_browser

pytestmark = pytest.mark.browser


def test_a_question_asked_in_the_browser_shows_up_for_the_lead_and_late_ones_for_organisers(
    page, base_url, scene
):
    problems: list[str] = []
    sign_in_in_browser(page, base_url, scene.member.email)
    page.goto(base_url + scene.page + "/questions/new")
    problems += page_problems(page)
    page.fill("#body", "When will <b>passes</b> arrive?")
    page.get_by_role("button", name="Send question").click()
    page.wait_for_load_state()
    assert "sent to the lead officer for this recommendation" in page.inner_text("main")
    problems += page_problems(page)

    page.context.clear_cookies()
    sign_in_in_browser(page, base_url, scene.officer.email)
    for path in ("/notifications", "/tracker/mine"):
        page.goto(base_url + path)
        assert "When will <b>passes</b> arrive?" in page.inner_text("main"), path
        problems += page_problems(page)

    question = db.session.scalar(db.select(Question))
    question.due_on = today() - timedelta(days=3)
    db.session.commit()
    page.context.clear_cookies()
    sign_in_in_browser(page, base_url, scene.organiser.email)
    page.goto(base_url + "/home")
    page.get_by_role("link", name="See the question past its answer date").click()
    page.wait_for_load_state()
    assert "1 question past its answer date" in page.inner_text("main")
    problems += page_problems(page)
    assert not problems, "\n".join(problems)
