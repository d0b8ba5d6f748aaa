"""The action form and the public page with actions in Chromium, with and without JavaScript:
axe-core at desktop and 320px (check_page), the form's error state too."""

from __future__ import annotations

from datetime import timedelta

import pytest

from portal.timeutil import today
from tests.actions.support import actions_world
from tests.support.browser import check_page, open_page, sign_in_in_browser
from tests.support.data import create_action

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_the_lead_adds_an_action_and_the_public_sees_it_missed_in_the_browser(
    browser, base_url, app_context, live_server, javascript
):
    world = actions_world()
    create_action(
        world["recommendation"],
        title="Open the depot",
        due_on=today() - timedelta(days=5),
        status="in_progress",
        progress=30,
    )
    page = open_page(browser, base_url, javascript=javascript)
    sign_in_in_browser(page, base_url, world["lead"].email)

    page.goto(world["actions"])
    check_page(page)
    page.get_by_role("link", name="Add an action").click()
    check_page(page)
    page.get_by_label("What is the action?").fill("Issue the passes")
    page.get_by_label("Progress, as a percentage").fill("140")
    page.get_by_role("button", name="Save the action").click()
    assert "Progress must be between 0 and 100" in page.locator(".govuk-error-summary").inner_text()
    check_page(page)
    page.get_by_label("Progress, as a percentage").fill("40")
    page.get_by_label("In progress").check()
    page.get_by_role("button", name="Save the action").click()
    page.wait_for_url(f"**{world['actions']}")
    assert "Issue the passes" in page.content()
    page.goto(world["workspace"])  # the update form, with a fieldset per action
    assert page.locator("#move-action-1").count() == 1
    check_page(page)

    page.context.clear_cookies()
    page.goto(world["public"])
    actions = page.locator("#actions").locator("xpath=..").inner_text()
    assert "Missed" in actions and "Issue the passes" in actions
    assert "35% done" in page.content()  # (30 + 40) / 2, rolled up
    check_page(page)
