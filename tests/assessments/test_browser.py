"""The answer page, the organiser's page and the results in Chromium: axe-core and 320px, with
and without JavaScript; without JavaScript the member answers by keyboard alone."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from portal.assessments import services
from portal.extensions import db
from portal.models import AssessmentRound
from portal.timeutil import today
from tests.assessments.support import ANSWER, MANAGE, REPORT, RESULTS, move_back, published_world
from tests.support.browser import check_page, open_page, sign_in_in_browser, tab_to

pytestmark = pytest.mark.browser


def _choose_by_keyboard(page, number: int, steps: int) -> None:
    """Tab to the first answer for ``number``, then arrow down ``steps`` times (arrows choose)."""
    tab_to(page, f'input[name="rating-{number}"]')
    page.keyboard.press("Space")
    for _ in range(steps):
        page.keyboard.press("ArrowDown")


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_a_member_answers_saves_comes_back_and_submits(
    browser, base_url, app_context, live_server, javascript
):
    world = published_world()
    page = open_page(browser, base_url, javascript=javascript)
    sign_in_in_browser(page, base_url, world["organiser"].email)
    page.goto(MANAGE)
    check_page(page)
    page.get_by_role("button", name="Ask members for their assessment").click()
    page.wait_for_url(f"**{MANAGE}")
    check_page(page)

    sign_in_in_browser(page, base_url, world["members"][0].email)
    page.goto(REPORT)
    assert "0 of 4 members have taken part so far." in page.inner_text("#assessment-turnout")
    page.get_by_role("button", name="Give your assessment").click()
    page.wait_for_url(f"**{ANSWER}")
    check_page(page)
    if javascript:
        page.get_by_role("group", name=re.compile("Recommendation 1")).get_by_label(
            "Adequate", exact=True
        ).check()
        page.get_by_label("Your reason for recommendation 1 (optional)").fill("Funded and dated.")
        page.get_by_role("button", name="Save and come back later").click()
    else:
        _choose_by_keyboard(page, 1, 0)  # Adequate
        page.keyboard.press("Tab")
        page.keyboard.type("Funded and dated.")
        tab_to(page, 'button[name="save"]')
        page.keyboard.press("Enter")
    page.wait_for_url(f"**{REPORT}*")
    assert "1 of 4 members has taken part so far." in page.inner_text("#assessment-turnout")

    page.get_by_role("button", name="Change your assessment").click()
    assert page.get_by_label("Your reason for recommendation 1 (optional)").input_value() == (
        "Funded and dated."
    )
    page.get_by_role("button", name="Submit your assessment").click()
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Choose an answer for recommendation 2, or choose No view" in summary
    check_page(page)
    if javascript:
        for number, label in ((2, "Not adequate"), (3, "No view")):
            page.get_by_role("group", name=re.compile(f"Recommendation {number}")).get_by_label(
                label, exact=True
            ).check()
        page.get_by_label("You may quote my reasons").check()
        page.get_by_role("button", name="Submit your assessment").click()
    else:
        _choose_by_keyboard(page, 2, 2)  # Not adequate
        _choose_by_keyboard(page, 3, 3)  # No view
        tab_to(page, 'input[name="may_quote"]')
        page.keyboard.press("Space")
        tab_to(page, 'button[name="submit"]')
        page.keyboard.press("Enter")
    page.wait_for_url(f"**{REPORT}*")
    assert "Your assessment has been submitted" in page.content()
    check_page(page)

    db.session.expire_all()
    move_back(db.session.scalars(db.select(AssessmentRound)).one(), 30)
    page.goto(RESULTS)
    check_page(page)
    assert page.inner_text("#turnout") == "1 of 4 members took part."
    chart = page.get_by_role("img", name=re.compile("Members’ assessment of each recommendation"))
    assert chart.count() == 1
    table = page.get_by_role("table", name="Members’ assessment of each recommendation")
    row = table.get_by_role("row", name=re.compile("^2\\. Insulate"))
    assert "1 (100%)" in row.inner_text()
    assert "“Funded and dated.”" in page.content()
    page.close()


def test_the_results_page_at_320px_with_many_answers(browser, base_url, app_context, live_server):
    world = published_world(members=6)
    assessment = _opened(world)
    ratings = ["adequate", "partly_adequate", "not_adequate", "no_view", "adequate", "adequate"]
    for member, rating in zip(world["members"], ratings, strict=True):
        services.save_answers(
            assessment,
            member,
            services.Submission(
                answers={n: services.Answer(rating, "A reason.") for n in (1, 2, 3)},
                may_quote=True,
                finish=True,
            ),
        )
    db.session.commit()
    move_back(assessment, 30)
    page = open_page(browser, base_url, javascript=False)
    page.goto(RESULTS)
    check_page(page)
    page.goto(REPORT)
    check_page(page)
    page.close()


def _opened(world) -> AssessmentRound:
    from flask import current_app

    with current_app.test_request_context():
        assessment = services.open_round(
            world["report"], world["organiser"], today() + timedelta(days=21)
        )
    db.session.commit()
    return assessment
