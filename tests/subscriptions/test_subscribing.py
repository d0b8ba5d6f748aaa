"""Email updates for anyone: subscribe without an account, confirm, get updates, leave."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from portal.extensions import db
from portal.mail.scheduler import run_due_jobs
from portal.models import Frequency, OutboxMessage, Subscriber, Subscription
from portal.tracker.services import publish_decision, publish_update
from tests.support.data import count, create_assembly, create_recommendation, create_user
from tests.support.http import post_form, sign_in
from tests.support.mail import email_link, links_in, path_of, text_part

VISITOR = "resident@example.org"


def _scene(public: bool = True):
    assembly = create_assembly("climate", name="Climate Assembly", public=public)
    officer = create_user("officer@council.example", role="officer")
    recommendation = create_recommendation(
        assembly, 1, title="Insulate every council home", lead_officer=officer
    )
    return assembly, recommendation, officer


def _subscribe(client, url: str, email: str = VISITOR):
    return post_form(client, url, {"email": email})


def _confirm(client, smtp, frequency: str = "immediately", email: str = VISITOR):
    link = email_link(smtp, email, "/subscriptions/confirm/")
    page = client.get(link)
    assert page.status_code == 200
    response = post_form(client, link, {"frequency": frequency})
    assert response.status_code == 302
    return response.headers["Location"]


def test_the_public_pages_offer_emails_about_this_page(client, app_context):
    _scene()

    assembly_page = client.get("/assemblies/climate").get_data(as_text=True)
    recommendation_page = client.get("/assemblies/climate/recommendations/1").get_data(as_text=True)

    assert 'href="/assemblies/climate/subscribe">Get emails about this page' in assembly_page
    assert (
        'href="/assemblies/climate/recommendations/1/subscribe">Get emails about this page'
        in recommendation_page
    )


def test_a_visitor_subscribes_confirms_and_gets_the_next_update_with_one_click_unsubscribe(
    app, client, app_context, smtp, deliver_mail
):
    assembly, recommendation, officer = _scene()

    page = _subscribe(client, "/assemblies/climate/recommendations/1/subscribe")
    assert page.status_code == 200
    assert "Check your email" in page.get_data(as_text=True)
    deliver_mail()
    [confirmation] = smtp.to(VISITOR)
    assert "Confirm that you want emails about recommendation 1" in confirmation["Subject"]

    # Nothing but the confirmation is sent before the link is used.
    publish_decision(recommendation, officer, decision="accepted", explanation="We will do it.")
    db.session.commit()
    deliver_mail()
    assert len(smtp.to(VISITOR)) == 1

    manage_page = _confirm(client, smtp)
    assert manage_page.startswith("/subscriptions/")
    manage = client.get(manage_page).get_data(as_text=True)
    assert "You are subscribed to emails about" in manage
    assert "Recommendation 1 of the Climate Assembly: Insulate every council home" in manage
    smtp.clear()

    publish_update(
        recommendation,
        officer,
        status="in_progress",
        progress=20,
        summary="The first 200 homes have new insulation.",
    )
    db.session.commit()
    deliver_mail()

    [update] = smtp.to(VISITOR)
    assert "recommendation 1, Insulate every council home" in update["Subject"]
    assert "The first 200 homes have new insulation." in text_part(update)
    raw = smtp.raw[smtp.messages.index(update)]
    header = re.search(rb"^List-Unsubscribe: <(http[^>]+)>\r?$", raw, re.MULTILINE)
    assert header, "List-Unsubscribe arrives as a plain <https://...> URL"
    assert b"List-Unsubscribe-Post: List-Unsubscribe=One-Click" in raw
    assert any("/subscriptions/" in link and "unsubscribe" not in link for link in links_in(update))

    mail_provider = app.test_client(use_cookies=False)
    response = mail_provider.post(
        path_of(header.group(1).decode()),
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert f"We will no longer email {VISITOR}" in response.get_data(as_text=True)
    assert count(Subscription) == 0

    smtp.clear()
    publish_update(recommendation, officer, status="in_progress", progress=40, summary="More.")
    db.session.commit()
    deliver_mail()
    assert smtp.to(VISITOR) == []


def test_asking_again_for_a_subscribed_address_sends_a_manage_link_and_the_page_says_the_same(
    client, another_client, app_context, smtp, deliver_mail
):
    _scene()
    first = _subscribe(client, "/assemblies/climate/subscribe").get_data(as_text=True)
    deliver_mail()
    _confirm(client, smtp)
    smtp.clear()

    again = _subscribe(another_client, "/assemblies/climate/subscribe").get_data(as_text=True)
    deliver_mail()

    def words(page: str) -> str:
        page = re.sub(r'name="csrf_token"[^>]*>', "", page)
        return re.sub(r'nonce="[^"]*"', "", page)

    assert words(again) == words(first)
    [message] = smtp.to(VISITOR)
    assert message["Subject"] == "Manage your email subscriptions"
    assert any("/subscriptions/" in link for link in links_in(message))
    assert count(Subscription) == 1


def test_a_private_assembly_offers_no_subscription_to_anyone(client, app_context, smtp):
    assembly, _recommendation, _officer = _scene(public=False)
    member = create_user("member@example.org", assemblies=[assembly])
    sign_in(client, member)
    assert "Get emails about this page" not in client.get("/assemblies/climate").get_data(
        as_text=True
    )
    assert client.get("/assemblies/climate/subscribe").status_code == 404
    assert _subscribe(client, "/assemblies/climate/subscribe").status_code == 404
    assert _subscribe(client, "/assemblies/climate/recommendations/1/subscribe").status_code == 404
    assert count(Subscriber) == 0


def test_the_form_is_refused_without_a_csrf_token(client, app_context):
    _scene()

    response = client.post("/assemblies/climate/subscribe", data={"email": VISITOR})

    assert response.status_code == 400
    assert count(Subscriber) == 0


def test_a_wrong_address_is_shown_in_the_error_summary(client, app_context):
    _scene()

    page = _subscribe(client, "/assemblies/climate/subscribe", "not an address")

    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "There is a problem" in text
    assert "Enter an email address in the correct format" in text
    assert count(OutboxMessage) == 0


def test_the_form_is_rate_limited_per_address(app, client, another_client, app_context):
    _scene()
    app.config["RATELIMIT_SUBSCRIBE_PER_ADDRESS"] = "2 per minute"
    try:
        statuses = [
            _subscribe(client, "/assemblies/climate/subscribe").status_code for _ in range(3)
        ]
        other = _subscribe(another_client, "/assemblies/climate/subscribe", "other@example.org")
    finally:
        app.config["RATELIMIT_SUBSCRIBE_PER_ADDRESS"] = "3 per 10 minutes;10 per day"

    assert statuses == [200, 200, 429]
    assert other.status_code == 200, "another address is not held back"


def test_the_form_is_rate_limited_per_ip(app, client, app_context):
    _scene()
    app.config["RATELIMIT_SUBSCRIBE_PER_IP"] = "3 per minute"
    try:
        statuses = [
            _subscribe(
                client, "/assemblies/climate/subscribe", f"person{n}@example.org"
            ).status_code
            for n in range(4)
        ]
    finally:
        app.config["RATELIMIT_SUBSCRIBE_PER_IP"] = "10 per minute;100 per day"

    assert statuses == [200, 200, 200, 429]


def test_a_confirmation_link_expires_after_seven_days_and_explains_what_to_do(
    client, app_context, smtp, deliver_mail
):
    _scene()
    _subscribe(client, "/assemblies/climate/subscribe")
    deliver_mail()
    link = email_link(smtp, VISITOR, "/subscriptions/confirm/")
    subscription = db.session.scalar(select(Subscription))
    subscription.confirm_expires_at -= timedelta(days=7, minutes=1)
    db.session.commit()

    expired = client.get(link)
    forged = client.get(link[:-3] + "abc")

    assert expired.status_code == 410
    assert "This link has expired" in expired.get_data(as_text=True)
    assert "select ‘Get emails about this page’ again" in expired.get_data(as_text=True)
    assert forged.status_code == 400
    assert "This link does not work" in forged.get_data(as_text=True)
    assert post_form(client, link, {"frequency": "daily"}).status_code == 410
    assert db.session.scalar(select(Subscription.confirmed_at)) is None


def test_a_daily_subscriber_gets_one_summary_from_the_scheduled_digests(
    client, app_context, smtp, deliver_mail
):
    from datetime import datetime

    _assembly, recommendation, officer = _scene()
    _subscribe(client, "/assemblies/climate/subscribe")
    deliver_mail()
    _confirm(client, smtp, "daily")
    smtp.clear()
    publish_decision(recommendation, officer, decision="accepted", explanation="We agree.")
    db.session.commit()
    deliver_mail()
    assert smtp.to(VISITOR) == [], "a daily subscriber waits for the summary"

    run_due_jobs(datetime(2027, 3, 2, 7))
    run_due_jobs(datetime(2027, 3, 2, 8))
    deliver_mail()

    [summary] = smtp.to(VISITOR)
    assert summary["Subject"] == "Your daily summary: 1 change"
    assert "Insulate every council home" in text_part(summary)
    assert summary["List-Unsubscribe"]


def test_the_manage_page_changes_how_often_and_unsubscribes_without_an_account(
    client, app_context, smtp, deliver_mail
):
    _scene()
    _subscribe(client, "/assemblies/climate/subscribe")
    deliver_mail()
    manage = _confirm(client, smtp, "weekly")
    subscription = db.session.scalar(select(Subscription))
    prefix = f"s{subscription.id}"

    post_form(
        client,
        manage,
        {
            f"{prefix}-subscription": subscription.id,
            f"{prefix}-frequency": "daily",
            f"{prefix}-save": "Save",
        },
    )
    db.session.expire_all()
    assert db.session.get(Subscription, subscription.id).frequency == Frequency.DAILY

    response = client.post(
        manage,
        data={f"{prefix}-subscription": subscription.id, f"{prefix}-cancel": "Unsubscribe"},
    )
    assert response.status_code == 400, "no CSRF token, no change"
    post_form(
        client,
        manage,
        {f"{prefix}-subscription": subscription.id, f"{prefix}-cancel": "Unsubscribe"},
    )
    assert count(Subscription) == 0
    assert "You are not subscribed to anything" in client.get(manage).get_data(as_text=True)
    assert client.get(manage[:-2] + "xx").status_code == 400


def test_subscribers_are_in_the_sent_email_list_and_the_organisers_count(
    client, another_client, app_context, smtp, deliver_mail
):
    _scene()
    _subscribe(client, "/assemblies/climate/subscribe")
    deliver_mail()
    _confirm(client, smtp)
    organiser = create_user("organiser@council.example", role="organiser")
    sign_in(another_client, organiser)

    sent = another_client.get("/admin/sent-email").get_data(as_text=True)
    assembly_page = another_client.get("/assemblies/climate").get_data(as_text=True)

    assert VISITOR in sent
    assert "Subscriber: confirm address" in sent
    assert "1 person gets emails about this assembly without an account." in assembly_page
    assert "without an account" not in client.get("/assemblies/climate").get_data(as_text=True)


def test_the_demo_has_confirmed_subscribers_without_accounts(runner, app_context):
    result = runner.invoke(args=["demo"])

    assert result.exit_code == 0, result.output
    subscribers = db.session.scalars(select(Subscriber).order_by(Subscriber.email)).all()
    assert [s.email for s in subscribers] == [
        "newsdesk@northbridge-gazette.example",
        "resident@example.org",
    ]
    assert all(s.subscriptions[0].confirmed_at for s in subscribers)
