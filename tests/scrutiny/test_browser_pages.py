"""Every scrutiny page, and its error states, in Chromium: axe-core finds nothing and it fits
a 320px screen."""

from __future__ import annotations

from datetime import timedelta

import pytest

from portal.extensions import db
from portal.models import Comment, CommentReport, Question, Verdict
from portal.scrutiny.notifications import notify
from portal.timeutil import today, utcnow
from tests.support.browser import check_page, page_problems, sign_in_in_browser

pytestmark = pytest.mark.browser


def furnish(scene):
    """Discussion, a hidden comment, reports, verdicts, questions and notifications."""
    now = utcnow()
    first = Comment(
        recommendation_id=scene.recommendation.id,
        author_id=scene.second_member.id,
        entry_id=scene.decision.id,
        body="Good decision, **but** when?\n\n- a date\n- a budget\n\n<https://example.org>",
        created_at=now - timedelta(hours=2),
    )
    mine = Comment(
        recommendation_id=scene.recommendation.id,
        author_id=scene.member.id,
        body="My own recent comment",
        created_at=now - timedelta(minutes=5),
    )
    old = Comment(
        recommendation_id=scene.recommendation.id,
        author_id=scene.member.id,
        body="My old comment",
        created_at=now - timedelta(days=2),
    )
    hidden = Comment(
        recommendation_id=scene.recommendation.id,
        author_id=scene.second_member.id,
        body="Rude words",
        created_at=now - timedelta(hours=3),
        hidden_at=now,
        hidden_reason="Personal attack",
        hidden_by_id=scene.organiser.id,
    )
    db.session.add_all([first, mine, old, hidden])
    db.session.flush()
    db.session.add(
        Comment(
            recommendation_id=scene.recommendation.id,
            author_id=scene.officer.id,
            parent_id=first.id,
            body="We will publish a date.",
        )
    )
    db.session.add(
        CommentReport(comment_id=first.id, reporter_id=scene.member.id, reason="Off topic")
    )
    db.session.add(
        Verdict(
            entry_id=scene.decision.id,
            user_id=scene.member.id,
            rating="partly_adequate",
            reason="Vague",
        )
    )
    overdue = Question(
        recommendation_id=scene.recommendation.id,
        asked_by_id=scene.member.id,
        assigned_to_id=scene.officer.id,
        body="When do passes arrive?",
        asked_at=now - timedelta(days=40),
        due_on=today() - timedelta(days=10),
    )
    answered = Question(
        recommendation_id=scene.recommendation.id,
        asked_by_id=scene.second_member.id,
        assigned_to_id=scene.officer.id,
        body="Who pays?",
        asked_at=now - timedelta(days=3),
        due_on=today() + timedelta(days=20),
        answer="The parking levy.",
        answered_at=now,
        answered_by_id=scene.officer.id,
    )
    db.session.add_all([overdue, answered])
    scene.outsider.comments_suspended_at = now
    scene.outsider.comments_suspended_reason = "Spam"
    notify(
        scene.member.id,
        "reply",
        scene.recommendation,
        "Sarah W replied to your comment",
        subject_id=first.id,
    )
    notify(
        scene.member.id, "decision", scene.recommendation, "A decision", entry_id=scene.decision.id
    )
    db.session.commit()
    return {
        "first": first,
        "mine": mine,
        "old": old,
        "hidden": hidden,
        "overdue": overdue,
        "answered": answered,
    }


def submit(page, button_name: str) -> None:
    page.get_by_role("button", name=button_name).click()
    page.wait_for_load_state()


def test_member_pages_and_their_error_states_pass_axe_and_fit_320px(page, base_url, scene):
    things = furnish(scene)
    problems: list[str] = []
    sign_in_in_browser(page, base_url, scene.member.email)
    for path in (
        "/home",
        scene.page,
        scene.page + "/comments/new",
        f"/comments/{things['first'].id}/reply",
        f"/comments/{things['mine'].id}/edit",
        f"/comments/{things['old'].id}/edit",
        f"/comments/{things['mine'].id}/delete",
        f"/comments/{things['first'].id}/report",
        f"/responses/{scene.update.id}/verdict",
        scene.page + "/questions/new",
        f"/questions/{things['answered'].id}",
        f"/assemblies/{scene.assembly.slug}",
        "/notifications",
        "/notifications",
    ):
        page.goto(base_url + path)
        problems += page_problems(page)

    for path, button in (
        (scene.page + "/comments/new", "Post comment"),
        (f"/comments/{things['first'].id}/reply", "Post reply"),
        (f"/comments/{things['first'].id}/report", "Report comment"),
        (f"/responses/{scene.update.id}/verdict", "Save your verdict"),
        (scene.page + "/questions/new", "Send question"),
    ):
        page.goto(base_url + path)
        submit(page, button)
        assert page.locator(".govuk-error-summary").is_visible(), path
        problems += page_problems(page)
    assert not problems, "\n".join(problems)


def test_the_rate_limit_message_passes_axe(page, base_url, scene):
    from tests.support.data import count

    sign_in_in_browser(page, base_url, scene.member.email)
    for number in range(11):
        page.goto(base_url + scene.page + "/comments/new")
        page.fill("#body", f"Comment {number}")
        submit(page, "Post comment")
    assert "You have posted 10 comments in the last minute" in page.inner_text(
        ".govuk-error-summary"
    )
    assert page.input_value("#body") == "Comment 10"
    assert count(Comment) == 10
    check_page(page)


def test_a_suspended_members_page_passes_axe(page, base_url, scene):
    scene.member.comments_suspended_at = utcnow()
    scene.member.comments_suspended_reason = "Repeated abuse"
    db.session.commit()
    problems: list[str] = []
    sign_in_in_browser(page, base_url, scene.member.email)
    for path in (scene.page, scene.page + "/comments/new"):
        page.goto(base_url + path)
        problems += page_problems(page)
    assert not problems, "\n".join(problems)


def test_officer_pages_and_their_error_states_pass_axe_and_fit_320px(page, base_url, scene):
    things = furnish(scene)
    problems: list[str] = []
    sign_in_in_browser(page, base_url, scene.officer.email)
    for path in (
        "/home",
        "/questions",
        "/questions?show=all",
        scene.page,
        f"/questions/{things['overdue'].id}",
    ):
        page.goto(base_url + path)
        problems += page_problems(page)
    page.goto(base_url + f"/questions/{things['overdue'].id}")
    submit(page, "Publish answer")
    assert page.locator(".govuk-error-summary").is_visible()
    problems += page_problems(page)
    assert not problems, "\n".join(problems)


def test_organiser_pages_and_their_error_states_pass_axe_and_fit_320px(page, base_url, scene):
    things = furnish(scene)
    problems: list[str] = []
    sign_in_in_browser(page, base_url, scene.organiser.email)
    first, hidden = things["first"].id, things["hidden"].id
    for path in (
        "/home",
        "/moderation",
        "/moderation/log",
        f"/moderation/comments/{first}/hide",
        f"/moderation/comments/{hidden}/restore",
        f"/moderation/comments/{first}/dismiss",
        f"/moderation/members/{scene.second_member.id}/suspend",
        f"/moderation/members/{scene.outsider.id}/lift",
        "/questions",
        f"/questions/{things['overdue'].id}/reassign",
        scene.page,
        f"/assemblies/{scene.assembly.slug}",
    ):
        page.goto(base_url + path)
        problems += page_problems(page)
    for path, button in (
        (f"/moderation/comments/{first}/hide", "Hide comment"),
        (f"/moderation/members/{scene.second_member.id}/suspend", "Suspend from commenting"),
        (f"/questions/{things['overdue'].id}/reassign", "Reassign question"),
    ):
        page.goto(base_url + path)
        if "reassign" in path:
            page.select_option("#officer", "")
        submit(page, button)
        assert page.locator(".govuk-error-summary").is_visible(), path
        problems += page_problems(page)
    page.goto(base_url + "/moderation/log")
    problems += page_problems(page)
    assert not problems, "\n".join(problems)


def test_a_visitor_reading_a_public_discussion_sees_accessible_pages(page, base_url, scene):
    furnish(scene)
    scene.assembly.show_discussion_publicly = True
    db.session.commit()
    problems: list[str] = []
    for path in (scene.page, f"/assemblies/{scene.assembly.slug}"):
        page.goto(base_url + path)
        problems += page_problems(page)
        # Visitors may filter lists, but are never offered a form that changes anything.
        assert page.locator("main form[method='post']").count() == 0, path
    assert not problems, "\n".join(problems)
