"""Decisions referred to an organisation, through the real forms: the officer chooses the
organisation and a date, the organisation's partners are emailed (checked in the raw SMTP
bytes), the referral turns overdue once its date passes, a partner answers it and the answer
is on the public record at the very next request."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import update

from portal.extensions import db
from portal.models import CharterSignature, OrganisationKind, Referral, SignatureState
from portal.timeutil import today
from tests.admin.test_dashboard import figures_of
from tests.support.data import (
    create_assembly,
    create_organisation,
    create_recommendation,
    create_user,
    fresh,
)
from tests.support.http import post_form, sign_in
from tests.support.mail import links_in, path_of, text_part
from tests.tracker.support import publish_decision

EXPLANATION = "Only the bus company can change its timetables. We have asked it to respond."
PUBLIC = "/assemblies/climate/recommendations/4"


@pytest.fixture
def world(app_context):
    assembly = create_assembly("climate", name="Climate Assembly")
    officer = create_user("sarah@council.example", role="officer", name="Sarah Whitfield")
    recommendation = create_recommendation(
        assembly, 4, title="Run buses in the evening", lead_officer=officer
    )
    buses = create_organisation("Northbridge Buses", kind="business")
    other = create_organisation("Northgate University", kind="education")
    partner = create_user("pat@buses.example", role="partner", organisation_id=buses.id)
    second = create_user("sam@buses.example", role="partner", organisation_id=buses.id)
    outsider = create_user("uma@northgate.example", role="partner", organisation_id=other.id)
    return {
        "assembly": assembly,
        "officer": officer,
        "recommendation": recommendation,
        "buses": buses,
        "other": other,
        "partner": partner,
        "second": second,
        "outsider": outsider,
    }


def _date_fields(day) -> dict:
    return {"respond_by": [str(day.day), str(day.month), str(day.year)]}


def _refer(client, world, **fields):
    data = {
        "decision": "referred",
        "explanation": EXPLANATION,
        "referred_organisation": str(world["buses"].id),
        **_date_fields(today() + timedelta(days=28)),
        **fields,
    }
    return publish_decision(client, world["recommendation"], **data)


def _as(app, user):
    client = app.test_client()
    sign_in(client, user)
    return client


def _backdate(referral_id: int, days_ago: int) -> None:
    """Move the referral's date into the past, as time passing would."""
    db.session.execute(
        update(Referral)
        .where(Referral.id == referral_id)
        .values(respond_by=today() - timedelta(days=days_ago))
    )
    db.session.commit()


def test_a_referral_emails_the_organisation_turns_overdue_and_its_response_is_public(
    app, client, world, smtp, deliver_mail
):
    smtp.clear()
    sign_in(client, world["officer"])
    response = _refer(client, world)
    assert response.status_code == 302
    referral = db.session.scalar(db.select(Referral))
    assert referral.organisation_id == world["buses"].id
    assert referral.respond_by == today() + timedelta(days=28)
    assert referral.entry.referred_to == "Northbridge Buses"

    deliver_mail()
    due = today() + timedelta(days=28)
    for address in ("pat@buses.example", "sam@buses.example"):
        [message] = smtp.to(address)
        assert "Run buses in the evening" in text_part(message)
        assert f"respond by {due.day} {due:%B %Y}" in text_part(message)
    assert smtp.to("uma@northgate.example") == []
    raw = b"\n".join(smtp.raw)
    assert b"To: pat@buses.example" in raw
    assert b"Subject: Please respond by" in raw
    link = next(link for link in links_in(smtp.to("pat@buses.example")[0]) if "/partner/" in link)
    assert path_of(link) == f"/partner/referrals/{referral.id}"

    visitor = app.test_client()
    public = visitor.get(PUBLIC).get_data(as_text=True)
    assert "Referred to:</strong> Northbridge Buses" in public
    assert f"Northbridge Buses was asked to respond by {due.day} {due:%B %Y}." in public
    assert "Overdue" not in public

    partner = _as(app, world["partner"])
    home = partner.get("/partner").get_data(as_text=True)
    assert "Recommendation 4: Run buses in the evening" in home
    assert "Overdue" not in home

    # The date passes with no response: overdue on the public page, the partner's home and the
    # organiser home, whose figure links to the list of exactly those.
    _backdate(referral.id, 1)
    public = visitor.get(PUBLIC).get_data(as_text=True)
    assert "portal-lateness" in public and "Overdue" in public
    assert "Overdue" in partner.get("/partner").get_data(as_text=True)
    organiser = _as(app, create_user(role="organiser"))
    figures = figures_of(organiser.get("/admin/").get_data(as_text=True), world["assembly"].id)
    text, href = figures["referrals_overdue"]
    assert text == "1 referral to an organisation overdue"
    assert href == "/admin/assemblies/climate/referrals?show=overdue"
    listed = organiser.get(href).get_data(as_text=True)
    assert "Run buses in the evening" in listed and "Northbridge Buses" in listed

    # A partner answers; the very next public request shows it (the page cache follows it).
    form = partner.get(f"/partner/referrals/{referral.id}").get_data(as_text=True)
    assert "Respond to recommendation 4: Run buses in the evening" in form
    answered = post_form(
        partner,
        f"/partner/referrals/{referral.id}",
        {"response": "We will add evening buses on routes 3 and 7 from April."},
    )
    assert answered.status_code == 302 and answered.headers["Location"].endswith("/partner")
    public = visitor.get(PUBLIC).get_data(as_text=True)
    assert f"Response from Northbridge Buses, {today().day} {today():%B %Y}" in public
    assert "We will add evening buses on routes 3 and 7 from April." in public
    assert "Overdue" not in public
    figures = figures_of(organiser.get("/admin/").get_data(as_text=True), world["assembly"].id)
    assert figures["referrals_overdue"][0] == "0 referrals to organisations overdue"
    # Answered once: the page shows the answer, and a second answer changes nothing.
    post_form(partner, f"/partner/referrals/{referral.id}", {"response": "Changed our mind."})
    assert fresh(referral).response == "We will add evening buses on routes 3 and 7 from April."


def test_a_partner_of_another_organisation_cannot_see_or_answer_it(app, client, world):
    sign_in(client, world["officer"])
    _refer(client, world)
    referral = db.session.scalar(db.select(Referral))
    outsider = _as(app, world["outsider"])
    assert outsider.get(f"/partner/referrals/{referral.id}").status_code == 404
    response = post_form(outsider, f"/partner/referrals/{referral.id}", {"response": "Ours now."})
    assert response.status_code == 404
    assert fresh(referral).response is None
    assert "Run buses in the evening" not in outsider.get("/partner").get_data(as_text=True)
    # Staff and members are not partners.
    assert client.get(f"/partner/referrals/{referral.id}").status_code == 403


def test_bad_input_is_shown_in_the_error_summary_and_kept(app, client, world):
    sign_in(client, world["officer"])
    past = today() - timedelta(days=1)
    page = _refer(client, world, **_date_fields(past)).get_data(as_text=True)
    assert "govuk-error-summary" in page
    assert "The date to respond by must be in the future" in page
    assert 'href="#respond_by"' in page

    page = _refer(client, world, respond_by=["", "", ""]).get_data(as_text=True)
    assert "Enter the date the organisation should respond by" in page

    page = _refer(client, world, referred_organisation="999999").get_data(as_text=True)
    assert "Choose an organisation from the list" in page

    page = _refer(client, world, referred_to="Department for Transport").get_data(as_text=True)
    assert "not both" in page
    assert 'value="Department for Transport"' in page

    page = _refer(
        client, world, referred_organisation="", **_date_fields(today() + timedelta(days=5))
    ).get_data(as_text=True)
    assert "Choose the organisation that should respond, or remove the date" in page
    assert db.session.scalar(db.select(Referral)) is None

    # Free text for a body that is not listed still works, with no referral.
    response = _refer(
        client,
        world,
        referred_organisation="",
        respond_by=["", "", ""],
        referred_to="UK Government Department for Transport",
    )
    assert response.status_code == 302
    assert db.session.scalar(db.select(Referral)) is None

    # The partner's form: an empty response and one too long.
    world["recommendation"] = create_recommendation(
        world["assembly"], 5, title="Cheaper fares", lead_officer=world["officer"]
    )
    _refer(client, world)
    referral = db.session.scalar(db.select(Referral))
    partner = _as(app, world["partner"])
    page = post_form(partner, f"/partner/referrals/{referral.id}", {"response": "  "})
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "govuk-error-summary" in text and "Enter your organisation’s response" in text
    long = "x" * 5_001
    text = post_form(partner, f"/partner/referrals/{referral.id}", {"response": long}).get_data(
        as_text=True
    )
    assert "The response must be 5,000 characters or fewer" in text and long in text
    assert fresh(referral).response is None


def test_without_partners_the_charter_contact_is_emailed(app, client, world, smtp, deliver_mail):
    smtp.clear()
    university = world["other"]
    db.session.delete(world["outsider"])
    db.session.add(
        CharterSignature(
            assembly_id=world["assembly"].id,
            organisation_id=university.id,
            organisation_name=university.name,
            kind=OrganisationKind.EDUCATION,
            contact_name="Chris Contact",
            contact_email="charter@northgate.example",
            statement="We support the assembly.",
            state=SignatureState.APPROVED,
            signed_on=today(),
        )
    )
    db.session.commit()
    sign_in(client, world["officer"])
    assert _refer(client, world, referred_organisation=str(university.id)).status_code == 302
    deliver_mail()
    [message] = smtp.to("charter@northgate.example")
    assert "Northgate University" in text_part(message)
    assert smtp.to("pat@buses.example") == []


def test_a_draft_keeps_its_organisation_and_date(app, client, world):
    sign_in(client, world["officer"])
    due = today() + timedelta(days=10)
    response = _refer(client, world, action="draft", **_date_fields(due))
    assert response.status_code == 302
    referral = db.session.scalar(db.select(Referral))
    assert referral.respond_by == due and not referral.entry.is_published
    assert app.test_client().get(PUBLIC).get_data(as_text=True).count("Northbridge Buses") == 0
    page = client.get(
        f"/tracker/assemblies/climate/recommendations/4/drafts/{referral.entry_id}"
    ).get_data(as_text=True)
    assert re.search(rf'<option[^>]*value="{world["buses"].id}"[^>]*selected', page)
    # Nobody answers a draft.
    partner = _as(app, world["partner"])
    assert partner.get(f"/partner/referrals/{referral.id}").status_code == 404
