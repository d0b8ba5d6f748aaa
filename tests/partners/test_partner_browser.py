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
