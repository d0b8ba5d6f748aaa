"""Issue 17's new pages on a 320px phone: axe-core finds nothing there either, and nothing
scrolls sideways. (The other browser tests run axe at desktop width and check 320px only for
sideways scrolling; some problems, such as overlapping controls, only show when narrow.)"""

from __future__ import annotations

import pytest

from portal.extensions import db
from portal.mail.unsubscribe import make_token
from portal.subscriptions import services
from tests.support.browser import check_page, page_problems, sign_in_in_browser
from tests.support.data import create_assembly, create_recommendation, create_user, updated

pytestmark = pytest.mark.browser


@pytest.fixture
def narrow(browser, live_server):
    context = browser.new_context(
        base_url=live_server, viewport={"width": 320, "height": 640}, bypass_csp=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_every_new_page_passes_axe_at_320px(narrow, live_server, app, app_context):
    climate = create_assembly("climate", name="Northbridge Climate Assembly")
    officer = create_user(role="officer")
    homes = create_recommendation(
        climate, 1, title="Better insulation for council homes", theme="Homes"
    )
    create_recommendation(climate, 2, title="Cheaper buses", theme="Travel")
    updated(homes, officer, progress=30, summary="Surveys have started.")
    amira = create_user("amira@example.org", assemblies=[climate])
    with app.test_request_context():
        subscription = services.request_subscription("reader@example.org", climate)
        services.confirm(subscription, "weekly")
        db.session.commit()
        manage = services.manage_token(subscription.subscriber)
        leave = services.unsubscribe_token(subscription.subscriber, subscription)
    problems: list[str] = []

    def visit(path: str) -> None:
        narrow.goto(live_server + path)
        assert narrow.viewport_size["width"] == 320
        problems.extend(page_problems(narrow))

    visit("/assemblies/climate")
    visit("/assemblies/climate?changed=90")
    visit("/assemblies/climate/feed")
    visit("/search?q=insulating")
    visit("/search?q=helicopters")
    visit("/assemblies/climate/subscribe")
    narrow.get_by_role("button", name="Continue").click()
    problems.extend(page_problems(narrow))  # the error summary
    visit(f"/subscriptions/{manage}")
    visit(f"/subscriptions/unsubscribe/{leave}")
    narrow.get_by_role("button", name="Unsubscribe").click()
    problems.extend(page_problems(narrow))  # "You have unsubscribed", with its undo
    visit(f"/unsubscribe/{make_token(amira.id, 'bulletins')}")
    narrow.get_by_role("button", name="Unsubscribe").click()
    problems.extend(page_problems(narrow))
    sign_in_in_browser(narrow, live_server, amira.email)
    visit("/email-preferences")
    narrow.get_by_role("button", name="Save your email preferences").click()
    problems.extend(page_problems(narrow))  # with the success banner

    assert problems == [], "\n".join(problems)
    check_page(narrow)
