"""Internal notes and the lead's answer page in Chromium: accessible (axe), and at 320px."""

import pytest

from portal.extensions import db as _db
from portal.tracker import lead_answers
from portal.tracker.notes import add_note
from tests.support.browser import check_page, open_page, sign_in_in_browser
from tests.support.data import create_assembly, create_recommendation, create_user, fresh

pytestmark = pytest.mark.browser


@pytest.fixture
def world(app_context, live_server):
    officer = create_user(role="officer", name="Sarah Whitfield", department="Transport")
    assembly = create_assembly("climate-2025", name="Northbridge Climate Assembly")
    recommendation = create_recommendation(
        assembly, 3, title="Introduce 20mph limits on residential streets", lead_officer=officer
    )
    add_note(recommendation, officer, "Cabinet briefing booked. **Do not** publish costs yet.")
    lead_answers.mark_assigned(recommendation)
    _db.session.commit()
    return {"officer": officer, "recommendation": fresh(recommendation)}


def test_the_notes_page_and_its_error_state_pass_axe_at_320px(browser, base_url, world):
    page = open_page(browser, base_url, javascript=False)
    sign_in_in_browser(page, base_url, world["officer"].email)
    page.goto(f"{base_url}/tracker/assemblies/climate-2025/recommendations/3/notes")
    assert page.get_by_text("Do not publish costs yet.", exact=False).is_visible()
    check_page(page)
    page.get_by_role("button", name="Add the note").click()
    assert "Enter your note" in page.locator(".govuk-error-summary").inner_text()
    check_page(page)


def test_the_leads_answer_page_its_error_state_and_a_bad_link_pass_axe(
    app, browser, base_url, world
):
    with app.test_request_context():
        token = lead_answers.link_token(world["recommendation"])
    page = open_page(browser, base_url, javascript=False)
    page.goto(f"{base_url}/tracker/lead/{token}")
    assert page.get_by_role("heading", name="Is this recommendation yours to lead?").is_visible()
    check_page(page)
    page.get_by_role("button", name="This isn't mine").click()
    assert "Say why" in page.locator(".govuk-error-summary").inner_text()
    check_page(page)
    response = page.goto(f"{base_url}/tracker/lead/forged")
    assert response.status == 400
    check_page(page)
