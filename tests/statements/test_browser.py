"""The statement's pages in Chromium, with and without JavaScript: axe-core, 320px, no duplicate
ids. An organiser starts and freezes it, a member proposes and endorses, the organiser follows
the overdue reply from their home page to the reports list, an officer replies."""

from __future__ import annotations

import pytest

from portal.extensions import db
from portal.models import Statement
from tests.statements.support import REPORT, STATEMENT, published_weeks_ago, statement_world
from tests.support.browser import check_page, open_page, sign_in_in_browser

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_a_statement_is_written_endorsed_published_and_answered_in_the_browser(
    browser, base_url, app_context, live_server, javascript
):
    world = statement_world()
    page = open_page(browser, base_url, javascript=javascript)

    sign_in_in_browser(page, base_url, world["organiser"].email)
    page.goto(REPORT)
    page.get_by_role("button", name="Start a members’ statement").click()
    page.wait_for_url(f"**{STATEMENT}")
    check_page(page)

    sign_in_in_browser(page, base_url, world["member"].email)
    page.goto(STATEMENT)
    page.get_by_role("button", name="Post").click()
    assert "Enter your text or comment" in page.locator(".govuk-error-summary").inner_text()
    check_page(page)
    page.get_by_label("Text for the statement").check()
    page.get_by_label("Your text or comment").fill("We want buses **first**.")
    page.get_by_role("button", name="Post").click()
    page.wait_for_url(f"**{STATEMENT}#posts")
    check_page(page)

    sign_in_in_browser(page, base_url, world["organiser"].email)
    page.goto(STATEMENT)
    page.get_by_role("link", name="Edit the text").click()
    page.get_by_label("The text of the statement").fill("We ask the council to put buses first.")
    page.get_by_role("button", name="Save the text").click()
    page.wait_for_url(f"**{STATEMENT}")
    page.goto(STATEMENT + "/edit")
    check_page(page)
    page.goto(STATEMENT)
    page.get_by_role("button", name="Freeze the text and ask members to endorse it").click()
    page.wait_for_url(f"**{STATEMENT}")
    check_page(page)

    sign_in_in_browser(page, base_url, world["member"].email)
    page.goto(STATEMENT)
    page.get_by_role("button", name="Endorse this statement").click()
    page.wait_for_url(f"**{STATEMENT}#endorse")
    assert "Endorsed so far by 1 of 2 members" in page.content()
    check_page(page)

    sign_in_in_browser(page, base_url, world["organiser"].email)
    page.goto(STATEMENT)
    page.get_by_role("button", name="Publish the statement").click()
    page.wait_for_url(f"**{STATEMENT}")

    published_weeks_ago(db.session.scalar(db.select(Statement)), 9)
    page.context.clear_cookies()
    page.goto(REPORT)
    panel = page.locator("#members-statement").inner_text()
    assert "Endorsed by 1 of 2 members" in panel and "Overdue" in panel
    check_page(page)
    page.goto("/assemblies/climate-2025")
    assert "Overdue" in page.locator("#statement-list").inner_text()
    check_page(page)

    sign_in_in_browser(page, base_url, world["organiser"].email)
    page.goto("/admin/")
    page.get_by_role("link", name="1 reply to a statement overdue").click()
    page.wait_for_url("**/admin/assemblies/climate-2025/reports#statements")
    assert "Overdue" in page.locator("#statement-list").inner_text()
    check_page(page)

    sign_in_in_browser(page, base_url, world["officer"].email)
    page.goto(REPORT)
    page.get_by_role("link", name="Write the council’s reply").click()
    page.get_by_role("button", name="Publish the reply").click()
    assert "Enter the council’s reply" in page.locator(".govuk-error-summary").inner_text()
    check_page(page)
    page.get_by_label("The council’s reply").fill("Thank you. We will fund buses.")
    page.get_by_role("button", name="Publish the reply").click()
    page.wait_for_url(f"**{REPORT}#members-statement")
    assert "Thank you. We will fund buses." in page.locator("#members-statement").inner_text()
    check_page(page)
    page.close()
