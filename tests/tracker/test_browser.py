"""The tracker in Chromium: keyboard only, without JavaScript, accessible, and at 320px."""

import pytest

from portal.extensions import db
from portal.models import ResponseEntry
from tests.support.browser import check_page, open_page, sign_in_in_browser, tab_to
from tests.support.data import (
    create_assembly,
    create_entry,
    create_members,
    create_recommendation,
    create_user,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def officer_world(app_context, live_server):
    officer = create_user(role="officer", name="Sarah Whitfield", department="Transport")
    organiser = create_user(role="organiser", name="Olivia Grant")
    create_user(role="officer", name="David Osei", department="Housing")
    assembly = create_assembly("climate-2025", name="Northbridge Climate Assembly")
    recommendation = create_recommendation(
        assembly,
        3,
        title="Introduce 20mph limits on residential streets",
        lead_officer=officer,
        lead_department="Transport",
    )
    overdue = create_recommendation(
        assembly, 11, title="Set up a community energy company", lead_officer=officer
    )
    decision = create_entry(
        recommendation, decision="accepted", author=officer, explanation="Agreed by cabinet"
    )
    create_entry(
        recommendation,
        decision="modified",
        explanation="Later date",
        author=officer,
        corrects_id=decision.id,
        correction_note="Typed the wrong decision",
    )
    create_entry(overdue, kind="update", published=False, author=officer, summary="A draft update")
    draft = db.session.query(ResponseEntry).filter(ResponseEntry.published_at.is_(None)).one()
    return {
        "officer": officer,
        "organiser": organiser,
        "recommendation": recommendation,
        "overdue": overdue,
        "decision": decision,
        "draft": draft,
    }


def workspace(rec) -> str:
    return f"/tracker/assemblies/climate-2025/recommendations/{rec.number}"


def test_an_officer_publishes_a_decision_and_an_update_with_the_keyboard_and_no_javascript(
    browser, base_url, officer_world
):
    context = browser.new_context(java_script_enabled=False, base_url=base_url)
    page = context.new_page()
    page.goto("/login")
    tab_to(page, "#email")
    page.keyboard.type(officer_world["officer"].email)
    tab_to(page, "#password")
    page.keyboard.type("correct horse battery")
    page.keyboard.press("Enter")
    page.wait_for_url("**/tracker/mine")

    tab_to(page, 'a[href$="/recommendations/11"]')
    page.keyboard.press("Enter")
    page.wait_for_url("**/recommendations/11")

    tab_to(page, "input[name=decision]")
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.value") == "not_accepted"
    tab_to(page, "#explanation")
    page.keyboard.type("The council cannot fund a company. It will support a co-operative.")
    tab_to(page, "button[value=check]")
    assert (
        page.evaluate("document.activeElement.textContent").strip()
        == "Check your decision before publishing"
    )
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("heading", name="Check your decision").is_visible()
    tab_to(page, "button[value=publish]")
    assert page.evaluate("document.activeElement.textContent").strip() == "Publish decision"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Your decision has been published." in page.content()
    assert page.get_by_text("Decision: Not accepted").is_visible()

    tab_to(page, "input[name=status]")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.value") == "in_progress"
    tab_to(page, "#progress")
    page.keyboard.type("40")
    tab_to(page, "#summary")
    page.keyboard.type("A co-operative has been registered.")
    tab_to(page, "#milestone")
    page.keyboard.type("First share offer")
    tab_to(page, "#milestone_due-day")
    page.keyboard.type("27")
    page.keyboard.press("Tab")
    page.keyboard.type("3")
    page.keyboard.press("Tab")
    page.keyboard.type("2027")
    tab_to(page, "#evidence_1_title")
    page.keyboard.type("Co-operative rules")
    page.keyboard.press("Tab")
    page.keyboard.type("https://www.example.org/co-op")
    tab_to(page, 'form[action$="/update"] button[value=check]')
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("heading", name="Check your progress update").is_visible()
    assert page.get_by_text("Next milestone: First share offer, due by 27 March 2027").is_visible()
    tab_to(page, "button[value=publish]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Your progress update has been published." in page.content()
    assert page.get_by_text("Progress update: In progress, 40%").is_visible()
    assert page.get_by_role("link", name="Co-operative rules").is_visible()
    context.close()


def test_without_javascript_the_referred_body_box_is_shown_and_errors_are_listed(
    browser, base_url, officer_world
):
    context = browser.new_context(java_script_enabled=False, base_url=base_url)
    page = context.new_page()
    sign_in_in_browser(page, base_url, officer_world["officer"].email)
    page.goto(workspace(officer_world["overdue"]))
    assert page.locator("#referred_to").is_visible()
    page.locator("input[name=decision][value=referred]").check()
    page.get_by_role("button", name="Check your decision before publishing").click()
    summary = page.locator(".govuk-error-summary")
    assert "Enter the name of the body the recommendation was referred to" in summary.inner_text()
    assert "Explain the decision" in summary.inner_text()
    assert page.title().startswith("Error:")
    context.close()


@pytest.mark.parametrize(
    ("who", "address"),
    [
        ("officer", lambda w: "/tracker/mine"),
        ("officer", lambda w: "/tracker/"),
        ("officer", lambda w: "/tracker/?overdue=overdue&sort=due&order=desc"),
        ("officer", lambda w: workspace(w["recommendation"])),
        ("officer", lambda w: workspace(w["overdue"]) + f"/drafts/{w['draft'].id}"),
        (
            "officer",
            lambda w: workspace(w["recommendation"]) + f"/entries/{w['decision'].id + 1}/correct",
        ),
        ("organiser", lambda w: workspace(w["recommendation"])),
        ("organiser", lambda w: workspace(w["recommendation"]) + "/lead"),
        ("organiser", lambda w: workspace(w["recommendation"]) + "/edit"),
        ("organiser", lambda w: "/tracker/assemblies/climate-2025/recommendations/new"),
        ("organiser", lambda w: "/tracker/?assembly=climate-2025"),
        ("officer", lambda w: "/tracker/pack"),
    ],
)
def test_every_tracker_page_passes_axe_and_fits_320px(page, base_url, officer_world, who, address):
    console_errors = []
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    sign_in_in_browser(page, base_url, officer_world[who].email)
    response = page.goto(address(officer_world))
    assert response.status == 200
    check_page(page)
    assert console_errors == []


def test_the_workspace_in_its_error_state_passes_axe_and_fits_320px(page, base_url, officer_world):
    sign_in_in_browser(page, base_url, officer_world["officer"].email)
    page.goto(workspace(officer_world["overdue"]))
    with page.expect_navigation():
        page.get_by_role("button", name="Check your progress update before publishing").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    check_page(page)
    page.locator("input[name=decision][value=not_accepted]").check()
    page.get_by_role("button", name="Check your decision before publishing").click()
    assert "Explain the decision" in page.locator(".govuk-error-summary").inner_text()
    check_page(page)


def test_the_conflict_message_passes_axe_and_keeps_the_typed_text(browser, base_url, officer_world):
    first = browser.new_context(base_url=base_url).new_page()
    second = browser.new_context(base_url=base_url).new_page()
    sign_in_in_browser(first, base_url, officer_world["officer"].email)
    sign_in_in_browser(second, base_url, officer_world["organiser"].email)
    first.goto(workspace(officer_world["overdue"]))
    second.goto(workspace(officer_world["overdue"]))
    first.locator("input[name=decision][value=accepted]").check()
    with first.expect_navigation():
        first.get_by_role("button", name="Check your decision before publishing").click()
    with first.expect_navigation():
        first.get_by_role("button", name="Publish decision").click()
    second.locator("input[name=decision][value=under_consideration]").check()
    second.locator("#explanation").fill("Typed by the organiser while the officer published")
    with second.expect_navigation():
        second.get_by_role("button", name="Check your decision before publishing").click()
    summary = second.locator(".govuk-error-summary")
    assert "Someone else changed this recommendation while you were editing" in summary.inner_text()
    assert (
        second.locator("#explanation").input_value()
        == "Typed by the organiser while the officer published"
    )
    assert second.locator("input[value=under_consideration]").is_checked()
    check_page(second)


def test_the_check_step_shows_the_entry_and_who_will_be_emailed_and_passes_axe(
    browser, base_url, officer_world
):
    """With JavaScript and without: the check step is a page of its own, then one button."""
    recommendation = officer_world["overdue"]
    create_members(recommendation.assembly, 3)
    explanation = "The council cannot fund a company. It will support a co-operative."
    for javascript in (True, False):
        page = open_page(browser, base_url, javascript=javascript)
        sign_in_in_browser(page, base_url, officer_world["officer"].email)
        page.goto(workspace(recommendation))
        page.locator("input[name=decision][value=not_accepted]").check()
        page.locator("#explanation").fill(explanation)
        with page.expect_navigation():
            page.get_by_role("button", name="Check your decision before publishing").click()
        assert page.title().startswith("Check your decision")
        preview = page.locator("#preview")
        assert "Decision: Not accepted" in preview.inner_text()
        assert explanation in preview.inner_text()
        assert page.locator("#emailed-count").inner_text() == "3 people will be emailed about it."
        check_page(page)
        if javascript:
            with page.expect_navigation():
                page.get_by_role("button", name="Change your decision").click()
            assert page.locator("#explanation").input_value() == explanation
            assert page.locator(".govuk-error-summary").count() == 0
            page.context.close()
            continue
        with page.expect_navigation():
            page.get_by_role("button", name="Publish decision").click()
        assert "Your decision has been published." in page.content()
        page.context.close()
    db.session.expire_all()
    assert db.session.get(type(recommendation), recommendation.id).current_decision == (
        "not_accepted"
    )


def test_an_organiser_extends_a_deadline_by_keyboard_through_the_error_summary(
    page, base_url, officer_world
):
    sign_in_in_browser(page, base_url, officer_world["organiser"].email)
    page.goto(workspace(officer_world["overdue"]))
    check_page(page)
    page.get_by_role("link", name="Extend the report deadline").click()
    check_page(page)
    page.get_by_role("button", name="Extend the deadline").click()
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Enter the new date" in summary
    assert "Enter the reason for the extension" in summary
    check_page(page)
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill("1")
    page.get_by_label("Year").fill("2099")
    page.fill("#reason", "The cabinet meeting moved.")
    page.get_by_role("button", name="Extend the deadline").click()
    assert "now due by 1 January 2099" in page.locator("body").inner_text()
    assert "Deadline extended from" in page.locator("#current-state ~ dl").inner_text()


def test_the_departments_and_escalation_pages_pass_axe_and_fit_320px(page, base_url, officer_world):
    sign_in_in_browser(page, base_url, officer_world["organiser"].email)
    page.goto("/admin/departments")
    page.get_by_role("button", name="Save the contact").click()
    assert "Enter the department" in page.locator(".govuk-error-summary").inner_text()
    check_page(page)
    page.get_by_label("Department").fill("Transport")
    page.get_by_label("Name", exact=True).fill("Priya Natarajan")
    page.get_by_label("Role").fill("Director of Transport")
    page.get_by_label("Email address").fill("priya@council.example")
    page.get_by_role("button", name="Save the contact").click()
    assert "Priya Natarajan is now the senior contact" in page.locator("body").inner_text()
    check_page(page)
    page.goto(workspace(officer_world["overdue"]) + "/escalate")
    page.get_by_role("button", name="Escalate the recommendation").click()
    assert page.locator(".govuk-error-summary").is_visible()
    check_page(page)
