"""A member follows, comments, replies, gives a verdict and asks a question: with the keyboard
only, and with JavaScript switched off. Officers and organisers answer and moderate without it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.following import is_following, set_following
from portal.models import Comment, Question, Verdict
from tests.support.browser import sign_in_in_browser, tab_to
from tests.support.data import PASSWORD

pytestmark = pytest.mark.browser


def submit_with_enter(page) -> None:
    with page.expect_navigation():
        page.keyboard.press("Enter")


def prepare(scene):
    others = Comment(
        recommendation_id=scene.recommendation.id,
        author_id=scene.second_member.id,
        body="What about night buses?",
    )
    db.session.add(others)
    set_following(scene.member, scene.recommendation, False)
    db.session.commit()
    return others


def check_outcomes(scene, others) -> None:
    db.session.expire_all()
    assert is_following(scene.member, scene.recommendation)
    mine = db.session.scalars(select(Comment).where(Comment.author_id == scene.member.id)).all()
    assert {(c.body, c.parent_id) for c in mine} == {
        ("Please publish a start date.", None),
        ("Night buses matter too.", others.id),
    }
    verdict = db.session.scalar(select(Verdict).where(Verdict.user_id == scene.member.id))
    assert (verdict.entry_id, verdict.rating, verdict.reason) == (
        scene.update.id,
        "partly_adequate",
        "Too slow",
    )
    question = db.session.scalar(select(Question))
    assert (question.asked_by_id, question.body) == (scene.member.id, "Who decides the routes?")


def test_a_member_does_everything_with_the_keyboard_only(page, base_url, scene):
    others = prepare(scene)
    page.goto(base_url + "/login")
    tab_to(page, "#email")
    page.keyboard.type(scene.member.email)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    submit_with_enter(page)
    assert "/login" not in page.url

    page.goto(base_url + scene.page)
    tab_to(page, "#follow button")
    submit_with_enter(page)
    assert "You are following this recommendation" in page.inner_text("#follow")

    tab_to(page, "#comment-body")
    page.keyboard.type("Please publish a start date.")
    tab_to(page, "#discussion button[type=submit], #discussion input[type=submit]")
    submit_with_enter(page)
    assert "Your comment has been posted" in page.inner_text("main")

    tab_to(page, f"a[href='/comments/{others.id}/reply']")
    submit_with_enter(page)
    tab_to(page, "#body")
    page.keyboard.type("Night buses matter too.")
    page.keyboard.press("Tab")
    submit_with_enter(page)
    assert "Your reply has been posted" in page.inner_text("main")

    tab_to(page, f"#verdict-{scene.update.id}-rating")
    page.keyboard.press("ArrowDown")  # moves to and selects "partly adequate"
    tab_to(page, f"#verdict-{scene.update.id}-reason")
    page.keyboard.type("Too slow")
    page.keyboard.press("Tab")
    submit_with_enter(page)
    assert "Your verdict has been saved" in page.inner_text("main")

    tab_to(page, "#question-body")
    page.keyboard.type("Who decides the routes?")
    page.keyboard.press("Tab")
    submit_with_enter(page)
    assert "Your question has been sent to the lead officer" in page.inner_text("main")
    check_outcomes(scene, others)


def test_everything_works_with_javascript_switched_off(browser, base_url, scene):
    others = prepare(scene)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in_in_browser(page, base_url, scene.member.email)

    page.goto(base_url + scene.page)
    page.get_by_role("button", name="Follow this recommendation").click()
    page.fill("#comment-body", "Please publish a start date.")
    page.get_by_role("button", name="Post comment").click()
    assert "Your comment has been posted" in page.inner_text("main")
    page.get_by_role("link", name="Reply to Ben O").click()
    page.fill("#body", "Night buses matter too.")
    page.get_by_role("button", name="Post reply").click()
    page.locator(f"#verdict-{scene.update.id}").get_by_label(
        "This response is partly adequate"
    ).check()
    page.fill(f"#verdict-{scene.update.id}-reason", "Too slow")
    page.locator(f"#verdict-{scene.update.id}").get_by_role(
        "button", name="Save your verdict"
    ).click()
    page.fill("#question-body", "Who decides the routes?")
    page.get_by_role("button", name="Send question").click()
    check_outcomes(scene, others)

    page.goto(base_url + scene.page + "/comments/new")
    page.get_by_role("button", name="Post comment").click()
    assert "Enter your comment" in page.inner_text(".govuk-error-summary")

    question = db.session.scalar(select(Question))
    sign_in_in_browser(page, base_url, scene.officer.email)
    page.goto(base_url + "/questions")
    page.get_by_role("link", name="Who decides the routes?").click()
    page.fill("#answer", "The transport board, in March.")
    page.get_by_role("button", name="Publish answer").click()
    assert "Your answer has been published" in page.inner_text("main")

    sign_in_in_browser(page, base_url, scene.organiser.email)
    page.goto(base_url + scene.page)
    page.get_by_role("link", name="Hide the comment by Ben O").click()
    page.fill("#reason", "Off topic")
    page.get_by_role("button", name="Hide comment").click()
    assert "The comment has been hidden" in page.inner_text("main")
    page.goto(base_url + "/moderation/log")
    assert "Off topic" in page.inner_text("main")

    sign_in_in_browser(page, base_url, scene.member.email)
    page.goto(base_url + "/notifications")
    body = page.inner_text("main")
    assert "answered your question" in body
    context.close()
    db.session.expire_all()
    assert db.session.get(Question, question.id).answer == "The transport board, in March."


def test_after_posting_a_comment_the_banner_at_the_top_has_the_focus_and_links_to_it(
    page, base_url, scene
):
    prepare(scene)
    sign_in_in_browser(page, base_url, scene.member.email)
    page.goto(base_url + scene.page)
    page.fill("#comment-body", "Please publish a start date.")
    with page.expect_navigation():
        page.locator("#discussion button[type=submit]").click()

    banner = page.locator(".govuk-notification-banner--success")
    assert "Your comment has been posted." in banner.inner_text()
    assert page.evaluate("document.activeElement.classList.contains('govuk-notification-banner')")
    assert (
        page.evaluate(
            "document.querySelector('.govuk-notification-banner').getBoundingClientRect().top"
        )
        >= 0
    )
    assert "#" not in page.url

    banner.get_by_role("link", name="Go to your comment").click()
    comment = db.session.scalar(
        select(Comment).where(Comment.body == "Please publish a start date.")
    )
    assert page.url.endswith(f"#comment-{comment.id}")
