"""After each action a member takes (follow, verdict, comment, question, saving email
preferences) the success banner is at the top of the next page with the focus (issue 17)."""

from __future__ import annotations

import pytest

from portal.extensions import db
from portal.following import set_following
from tests.support.browser import check_page, open_page, sign_in_in_browser

pytestmark = pytest.mark.browser


def assert_banner_has_the_focus(page, message: str) -> None:
    banner = page.locator(".govuk-notification-banner--success")
    assert message in banner.inner_text()
    assert page.evaluate(
        "document.activeElement === document.querySelector('.govuk-notification-banner')"
    ), f"the focus is on {page.evaluate('document.activeElement.outerHTML.slice(0, 80)')}"
    top = page.evaluate(
        "document.querySelector('.govuk-notification-banner').getBoundingClientRect().top"
    )
    assert 0 <= top < page.viewport_size["height"], "the banner is in view, not scrolled past"
    assert page.evaluate("window.scrollY") < top + 1, "the page did not jump down to an anchor"
    assert "#" not in page.url
    # Nothing of the page's own content comes before it inside <main>.
    assert page.evaluate(
        "document.querySelector('main .govuk-notification-banner')"
        " === document.querySelector('main').querySelector('.govuk-notification-banner, h1')"
    )


def test_after_each_action_the_banner_at_the_top_has_the_focus(browser, base_url, scene):
    page = open_page(browser, base_url)
    sign_in_in_browser(page, base_url, scene.member.email)
    set_following(scene.member, scene.recommendation, False)
    db.session.commit()

    page.goto(base_url + scene.page)
    with page.expect_navigation():
        page.get_by_role("button", name="Follow this recommendation").click()
    assert_banner_has_the_focus(page, "You are following")
    check_page(page)

    page.locator(f"#verdict-{scene.update.id}").get_by_label(
        "This response is partly adequate"
    ).check()
    page.fill(f"#verdict-{scene.update.id}-reason", "Too slow")
    with page.expect_navigation():
        page.locator(f"#verdict-{scene.update.id}").get_by_role(
            "button", name="Save your verdict"
        ).click()
    assert_banner_has_the_focus(page, "Your verdict has been saved")

    page.fill("#comment-body", "Please publish a start date.")
    with page.expect_navigation():
        page.get_by_role("button", name="Post comment").click()
    assert_banner_has_the_focus(page, "Your comment has been posted")

    page.fill("#question-body", "Who decides the routes?")
    with page.expect_navigation():
        page.get_by_role("button", name="Send question").click()
    assert_banner_has_the_focus(page, "Your question has been sent to the lead officer")
    check_page(page)

    page.goto(base_url + "/email-preferences")
    page.get_by_label("Once a week, in a weekly summary").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Save your email preferences").click()
    assert_banner_has_the_focus(page, "Your email preferences have been saved.")
    check_page(page)
    page.context.close()
