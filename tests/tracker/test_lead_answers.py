"""Leads who accept: a newly chosen lead is emailed Accept and This isn't mine; until they accept
staff see "Lead not yet confirmed", and after 10 working days the organisers are told."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest

from portal.extensions import db
from portal.mail.reminders import send_reminders
from portal.models import LeadDecline, Recommendation
from portal.tracker import lead_answers
from tests.support.data import create_assembly, create_recommendation, create_user, fresh
from tests.support.http import post_form, sign_in
from tests.support.mail import html_part, links_in, path_of, text_part
from tests.support.text import text_of
from tests.tracker.support import workspace_url

UNCONFIRMED = "Lead not yet confirmed"


def flagged(response) -> bool:
    """The page shows the "Lead not yet confirmed" tag (the tracker's lead filter names it too)."""
    html = response.get_data(as_text=True)
    return "portal-lead-unconfirmed" in html and UNCONFIRMED in text_of(html)


@pytest.fixture
def climate(app, app_context):
    organiser = create_user("olu@council.example", role="organiser", name="Olu Adeyemi")
    sarah = create_user("sarah@council.example", role="officer", name="Sarah Jones")
    kim = create_user("kim@council.example", role="officer", name="Kim Lee")
    assembly = create_assembly("climate", name="Climate Assembly")
    recommendation = create_recommendation(assembly, 4, title="Cycle routes")
    client = app.test_client()
    sign_in(client, organiser)
    return {
        "organiser": organiser,
        "sarah": sarah,
        "kim": kim,
        "recommendation": recommendation,
        "client": client,
    }


def choose(client, recommendation, officer):
    url = f"/tracker/assemblies/climate/recommendations/{recommendation.number}/lead"
    response = post_form(client, url, {"lead_officer": str(officer.id), "lead_department": ""})
    assert response.status_code == 302
    return response


def answer_link(smtp, address: str) -> str:
    [message] = smtp.to(address)
    links = [link for link in links_in(message) if "/tracker/lead/" in link]
    assert links, "the email links to Accept / This isn't mine"
    assert "/tracker/lead/" in text_part(message)
    return path_of(links[0])


def test_choosing_a_lead_emails_them_a_link_and_staff_see_it_is_not_yet_confirmed(
    app, climate, smtp, deliver_mail
):
    recommendation = climate["recommendation"]
    choose(climate["client"], recommendation, climate["sarah"])
    deliver_mail()
    link = answer_link(smtp, "sarah@council.example")
    [message] = smtp.to("sarah@council.example")
    assert "Is this yours?" in text_part(message)
    assert "Please answer by" in html_part(message)
    assert fresh(recommendation).lead_assigned_at is not None
    assert fresh(recommendation).lead_accepted_at is None

    organiser = climate["client"]
    assert flagged(organiser.get("/tracker/"))
    assert flagged(organiser.get(workspace_url(recommendation)))
    assert flagged(organiser.get("/tracker/?lead=unconfirmed"))
    lead = app.test_client()
    sign_in(lead, climate["sarah"])
    assert flagged(lead.get("/tracker/mine"))

    # Public pages never say it.
    public = app.test_client().get("/assemblies/climate/recommendations/4")
    assert public.status_code == 200
    assert UNCONFIRMED not in text_of(public)

    # The link works without signing in; Accept confirms the lead.
    visitor = app.test_client()
    page = visitor.get(link)
    assert page.status_code == 200
    assert "Is this recommendation yours to lead?" in text_of(page)
    accepted = post_form(visitor, link, {"answer": "accept"})
    assert accepted.status_code == 302
    assert "You have accepted recommendation 4" in text_of(visitor.get(link))
    assert fresh(recommendation).lead_accepted_at is not None
    assert not flagged(organiser.get("/tracker/"))
    assert not flagged(lead.get("/tracker/mine"))


def test_this_is_not_mine_needs_a_reason_then_clears_the_lead_and_tells_the_organisers(
    app, climate, smtp, deliver_mail
):
    recommendation = climate["recommendation"]
    create_user("priya@council.example", role="organiser", name="Priya Shah")
    choose(climate["client"], recommendation, climate["sarah"])
    deliver_mail()
    link = answer_link(smtp, "sarah@council.example")
    smtp.clear()

    visitor = app.test_client()
    missing = post_form(visitor, link, {"answer": "decline", "decline_reason": " "})
    assert missing.status_code == 200
    assert "There is a problem" in text_of(missing)
    assert "Say why this recommendation is not yours" in text_of(missing)
    assert 'href="#decline_reason"' in missing.get_data(as_text=True)
    assert fresh(recommendation).lead_officer_id == climate["sarah"].id

    declined = post_form(
        visitor,
        link,
        {
            "answer": "decline",
            "decline_reason": "Cycle routes belong to Highways, not Parks.",
            "suggested_lead": "Kim Lee in Highways",
        },
    )
    assert declined.status_code == 302
    after = text_of(visitor.get(link))
    assert "The organisers have been told" in after
    assert "You are no longer the lead for this recommendation" in after

    recommendation = fresh(recommendation)
    assert recommendation.lead_officer_id is None
    assert recommendation.lead_assigned_at is None
    [record] = db.session.scalars(db.select(LeadDecline)).all()
    assert record.officer_name == "Sarah Jones"
    assert record.suggested_lead == "Kim Lee in Highways"

    deliver_mail()
    for address in ("olu@council.example", "priya@council.example"):
        [message] = smtp.to(address)
        assert "Sarah Jones says recommendation 4" in message["Subject"]
        body = text_part(message)
        assert "Cycle routes belong to Highways, not Parks." in body
        assert "Who they think it should be: Kim Lee in Highways" in body
        assert "/tracker/assemblies/climate/recommendations/4/lead" in body


def test_a_link_for_someone_who_is_no_longer_the_lead_says_so(app, climate, smtp, deliver_mail):
    recommendation = climate["recommendation"]
    choose(climate["client"], recommendation, climate["sarah"])
    deliver_mail()
    sarahs = answer_link(smtp, "sarah@council.example")
    choose(climate["client"], recommendation, climate["kim"])

    visitor = app.test_client()
    page = visitor.get(sarahs)
    assert page.status_code == 200
    assert "You are no longer the lead for this recommendation" in text_of(page)
    post_form(visitor, sarahs, {"answer": "accept"})
    assert fresh(recommendation).lead_accepted_at is None, "an old link changes nothing"


def test_a_forged_or_expired_link_explains_what_to_do_next(
    app, climate, smtp, deliver_mail, monkeypatch
):
    choose(climate["client"], climate["recommendation"], climate["sarah"])
    deliver_mail()
    link = answer_link(smtp, "sarah@council.example")
    visitor = app.test_client()

    forged = visitor.get(link[:-3] + "xyz")
    assert forged.status_code == 400
    assert "This link does not work" in text_of(forged)
    assert "sign in and open it from My recommendations" in text_of(forged)

    monkeypatch.setattr(lead_answers, "LINK_DAYS", -1)
    expired = visitor.get(link)
    assert expired.status_code == 400
    assert "This link has expired" in text_of(expired)
    assert "Links to accept a recommendation work for 30 days" in text_of(expired)


def test_signed_in_the_lead_can_answer_from_the_recommendation_and_nobody_else_can(
    app, climate, smtp, deliver_mail
):
    recommendation = climate["recommendation"]
    choose(climate["client"], recommendation, climate["sarah"])
    answer = workspace_url(recommendation) + "/lead/answer"
    other = app.test_client()
    sign_in(other, climate["kim"])
    assert other.get(answer).status_code == 403
    assert post_form(other, answer, {"answer": "accept"}).status_code == 403

    lead = app.test_client()
    sign_in(lead, climate["sarah"])
    assert 'href="' + answer + '"' in lead.get("/tracker/mine").get_data(as_text=True)
    assert post_form(lead, answer, {"answer": "accept"}).status_code == 302
    assert fresh(recommendation).lead_accepted_at is not None


def _assigned_on(recommendation: Recommendation, day: date) -> None:
    recommendation = fresh(recommendation)
    recommendation.lead_assigned_at = datetime.combine(day, datetime.min.time()).replace(hour=10)
    db.session.commit()


def test_an_unanswered_lead_is_flagged_after_10_working_days_skipping_bank_holidays(
    app, climate, smtp, deliver_mail, monkeypatch
):
    recommendation = climate["recommendation"]
    choose(climate["client"], recommendation, climate["sarah"])
    # Chosen on Thursday 17 December 2026: Christmas, Boxing Day (on Monday 28th) and New
    # Year's Day are not working days, so the 10th working day is Tuesday 5 January 2027.
    _assigned_on(recommendation, date(2026, 12, 17))
    assert lead_answers.answer_due(fresh(recommendation)) == date(2027, 1, 5)

    def dashboard_on(day: date) -> str:
        monkeypatch.setattr(lead_answers, "today_", lambda: day)
        page = climate["client"].get("/admin/").get_data(as_text=True)
        match = re.search(r'data-figure="unanswered_leads">\s*<a[^>]*href="([^"]+)">([^<]+)', page)
        assert match
        return match.group(2).strip(), match.group(1).replace("&amp;", "&")

    assert dashboard_on(date(2027, 1, 5))[0] == "0 leads not confirmed after 10 working days"
    text, href = dashboard_on(date(2027, 1, 6))
    assert text == "1 lead not confirmed after 10 working days"
    listed = text_of(climate["client"].get(href))
    assert "Cycle routes" in listed

    deliver_mail()
    smtp.clear()
    send_reminders(today=date(2027, 1, 5))
    deliver_mail()
    assert all("Leads not confirmed" not in text_part(m) for m in smtp.to("olu@council.example"))
    send_reminders(today=date(2027, 1, 11))  # the next week's summary
    deliver_mail()
    [summary] = [m for m in smtp.to("olu@council.example") if "Leads not confirmed" in text_part(m)]
    assert "1 lead not confirmed after 10 working days" in summary["Subject"]
    assert "Sarah Jones was chosen on 17 December 2026 and has not answered." in text_part(summary)

    # Once the lead accepts, nothing is flagged.
    lead_answers.accept(fresh(recommendation), climate["sarah"])
    db.session.commit()
    assert dashboard_on(date(2027, 1, 6))[0] == "0 leads not confirmed after 10 working days"


def test_leads_from_before_leads_could_accept_count_as_confirmed(app, climate):
    legacy = create_recommendation(
        climate["recommendation"].assembly, 9, title="Old one", lead_officer=climate["sarah"]
    )
    assert not legacy.lead_unconfirmed
    assert not flagged(climate["client"].get(workspace_url(legacy)))
