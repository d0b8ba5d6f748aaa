"""The verdicts panel with its history, and the assembly scorecard, in Chromium: axe-core finds
nothing at desktop width or at 320px, and nothing scrolls sideways."""

from __future__ import annotations

from datetime import timedelta

import pytest

from portal.extensions import db
from portal.models import Verdict
from portal.timeutil import utcnow
from tests.support.browser import NARROW, axe_violations, check_page, sign_in_in_browser
from tests.support.data import create_entry, create_user

pytestmark = pytest.mark.browser


def furnish_history(scene) -> None:
    """Two earlier updates (one corrected) with verdicts, and verdicts on the current ones."""
    now = utcnow()
    older = create_entry(
        scene.recommendation,
        kind="update",
        status="planned",
        progress=0,
        summary="Planning has started.",
        published_at=now - timedelta(days=60),
    )
    old = create_entry(
        scene.recommendation,
        kind="update",
        status="in_progress",
        progress=20,
        summary="A first route is chosen.",
        published_at=now - timedelta(days=30),
    )
    create_entry(
        scene.recommendation,
        kind="update",
        status="in_progress",
        progress=10,
        summary="A first route is chosen.",
        corrects_id=old.id,
        correction_note="Progress was 10%, not 20%.",
        published_at=now - timedelta(days=29),
    )
    members = [create_user(assemblies=[scene.assembly]) for _ in range(3)]
    for entry, ratings in (
        (older, ["adequate", "adequate", "not_adequate"]),
        (old, ["partly_adequate", "not_adequate", "not_adequate"]),
        (scene.decision, ["not_adequate", "adequate", "adequate"]),
    ):
        for member, rating in zip(members, ratings, strict=True):
            db.session.add(
                Verdict(entry_id=entry.id, user_id=member.id, rating=rating, reason="Because")
            )
    db.session.commit()


def check_at_both_widths(page) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    check_page(page)  # axe at desktop width, and no sideways scrolling at 320px
    page.set_viewport_size({"width": NARROW, "height": 800})
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 1280, "height": 900})


def test_the_verdict_history_passes_axe_at_desktop_and_320px(page, base_url, scene):
    furnish_history(scene)
    sign_in_in_browser(page, base_url, scene.member.email)
    page.goto(base_url + scene.page)
    decision = page.locator(f"#verdict-{scene.decision.id}")
    decision.get_by_label("This response is partly adequate").check()
    decision.get_by_role("button", name="Save your verdict").click()
    page.wait_for_load_state()
    panel = page.locator("#verdicts")
    assert "Your verdict: This response is partly adequate." in decision.inner_text()
    assert "2 adequate, 1 partly adequate, 1 not adequate (4 verdicts)" in decision.inner_text()
    history = panel.locator(".govuk-summary-list")
    assert history.locator(".govuk-summary-list__row").count() == 2
    assert "(corrected)" in history.inner_text()
    assert "1 partly adequate, 2 not adequate (3 verdicts)" in history.inner_text()
    assert "2 adequate, 1 not adequate (3 verdicts)" in history.inner_text()
    check_at_both_widths(page)

    page.goto(f"{base_url}/assemblies/{scene.assembly.slug}")
    assert "Members on the latest update" in page.locator("#members-verdicts").inner_text()
    check_at_both_widths(page)

    sign_in_in_browser(page, base_url, scene.officer.email)
    page.goto(base_url + scene.page)
    assert "Verdicts and reasons" in page.locator("#verdicts").inner_text()
    check_at_both_widths(page)
