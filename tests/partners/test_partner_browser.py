"""A partner's pages in Chromium, at desktop and 320px, with and without JavaScript: axe-core,
no duplicate ids, no sideways scrolling."""

from __future__ import annotations

import pytest

from portal.extensions import db
from portal.models import CharterSignature, OrganisationKind, SignatureState
from portal.partners import charter as charters
from portal.partners import logos
from portal.timeutil import today
from tests.support.browser import check_page, open_page, sign_in_in_browser
from tests.support.data import create_assembly, create_organisation, create_user
from tests.support.images import image_bytes

pytestmark = pytest.mark.browser


def _partner_with_a_signed_charter():
    organisation = create_organisation("Northbridge Buses", kind="business")
    logos.save_logo(organisation, logos.process_logo(image_bytes()))
    organiser = create_user("olivia@council.example", role="organiser")
    climate = create_assembly("climate", name="Northbridge Climate Assembly")
    charters.save_charter(climate, "We act.", organiser)
    db.session.add(
        CharterSignature(
            assembly_id=climate.id,
            organisation_id=organisation.id,
            organisation_name=organisation.name,
            kind=OrganisationKind.BUSINESS,
            contact_name="Chris Contact",
            contact_email="chris@example.org",
            statement="We support it.",
            state=SignatureState.APPROVED,
            signed_on=today(),
        )
    )
    db.session.commit()
    partner = create_user("pat@buses.example", role="partner", organisation_id=organisation.id)
    return climate, organisation, organiser, partner


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
@pytest.mark.parametrize("width", [1280, 320], ids=["desktop", "320px"])
def test_a_partner_signs_in_and_lands_on_their_home_page(
    browser, base_url, app_context, live_server, javascript, width
):
    _climate, _organisation, _organiser, partner = _partner_with_a_signed_charter()
    page = open_page(browser, base_url, javascript=javascript)
    page.set_viewport_size({"width": width, "height": 900})
    sign_in_in_browser(page, base_url, partner.email)
    page.wait_for_url("**/partner")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "What Northbridge Buses has been asked to do"
    )
    assert page.get_by_role("link", name="Northbridge Climate Assembly").count() == 1
    check_page(page)


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
@pytest.mark.parametrize("width", [1280, 320], ids=["desktop", "320px"])
def test_a_partner_answers_a_referral_and_organisers_list_it(
    browser, base_url, app_context, live_server, javascript, width
):
    from datetime import timedelta

    from portal.tracker import services
    from tests.support.data import create_recommendation

    climate, organisation, organiser, partner = _partner_with_a_signed_charter()
    officer = create_user("sarah@council.example", role="officer")
    recommendation = create_recommendation(
        climate, 4, title="Run buses in the evening", lead_officer=officer
    )
    services.publish_decision(
        recommendation,
        officer,
        decision="referred",
        explanation="Only the bus company can change its timetables, so we asked it.",
        referred_organisation=organisation.id,
        respond_by=today() + timedelta(days=20),
    )
    db.session.commit()
    page = open_page(browser, base_url, javascript=javascript)
    page.set_viewport_size({"width": width, "height": 900})
    sign_in_in_browser(page, base_url, partner.email)
    page.wait_for_url("**/partner")
    check_page(page)
    page.get_by_role("link", name="Recommendation 4: Run buses in the evening").click()
    check_page(page)
    page.get_by_role("button", name="Publish the response").click()
    assert "Enter your organisation’s response" in page.locator(".govuk-error-summary").inner_text()
    check_page(page)
    page.get_by_label("Your organisation’s response").fill("We will run evening buses.")
    page.get_by_role("button", name="Publish the response").click()
    page.wait_for_url("**/partner")
    assert "Your responses" in page.locator("main").inner_text()

    page.goto("/assemblies/climate/recommendations/4")
    assert "Response from Northbridge Buses" in page.locator("main").inner_text()
    check_page(page)

    sign_in_in_browser(page, base_url, organiser.email)
    page.goto("/admin/assemblies/climate/referrals")
    assert "Run buses in the evening" in page.locator("main").inner_text()
    check_page(page)
