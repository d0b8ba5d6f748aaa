"""Leaving is easy: one-click unsubscribe links that cannot be forged, and a preferences page."""

from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.mail.unsubscribe import make_token
from portal.models import Follow
from tests.support.data import create_assembly, create_recommendation, create_user
from tests.support.http import post_form, sign_in


def test_a_one_click_post_unsubscribes_without_signing_in_cookies_or_a_csrf_token(app, app_context):
    amira = create_user("amira@example.org")
    token = make_token(amira.id, "bulletins")
    mail_provider = app.test_client(use_cookies=False)

    response = mail_provider.post(
        f"/unsubscribe/{token}",
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert "You have unsubscribed" in response.get_data(as_text=True)
    db.session.refresh(amira)
    assert amira.bulletins_opt_in is False


def test_opening_the_link_asks_to_confirm_and_offers_the_preferences(client, app_context):
    amira = create_user("amira@example.org")
    token = make_token(amira.id, "bulletins")

    page = client.get(f"/unsubscribe/{token}").get_data(as_text=True)

    assert "Stop these emails" in page
    assert "stop getting bulletins from the assembly organisers." in page
    assert 'name="List-Unsubscribe" value="One-Click"' in page
    assert 'href="/email-preferences"' in page
    db.session.refresh(amira)
    assert amira.bulletins_opt_in is True, "opening the link changes nothing"


def test_the_confirm_button_unsubscribes(client, app_context):
    amira = create_user("amira@example.org")
    client.post(
        f"/unsubscribe/{make_token(amira.id, 'replies')}", data={"List-Unsubscribe": "One-Click"}
    )

    db.session.refresh(amira)
    assert amira.reply_emails is False


def test_a_post_without_the_one_click_value_changes_nothing_and_explains(client, app_context):
    amira = create_user("amira@example.org")

    response = client.post(f"/unsubscribe/{make_token(amira.id, 'bulletins')}")

    assert response.status_code == 400
    assert "Select ‘Unsubscribe’ to stop these emails" in response.get_data(as_text=True)
    db.session.refresh(amira)
    assert amira.bulletins_opt_in is True


def test_a_forged_or_altered_link_is_refused_with_a_clear_page(app, client, app_context):
    amira = create_user("amira@example.org")
    ben = create_user("ben@example.org")
    genuine = make_token(amira.id, "bulletins")
    payload, signature = genuine.split(".")
    bens_payload = make_token(ben.id, "bulletins").split(".")[0]
    other_key = app.test_client()
    app.config["SECRET_KEY"], key = "someone-elses-key", app.config["SECRET_KEY"]
    try:
        forged_with_other_key = make_token(ben.id, "bulletins")
    finally:
        app.config["SECRET_KEY"] = key

    for token in (
        f"{bens_payload}.{signature}",  # amira's signature on ben's id
        forged_with_other_key,
        genuine[:-2],
        "not-a-token",
    ):
        response = other_key.post(f"/unsubscribe/{token}", data={"List-Unsubscribe": "One-Click"})
        assert response.status_code == 400
        page = response.get_data(as_text=True)
        assert "This link does not work" in page
        assert "Nothing has been changed" in page

    for person in (amira, ben):
        db.session.refresh(person)
        assert person.bulletins_opt_in is True
    assert payload


def test_a_link_for_one_kind_of_email_cannot_stop_another(client, app_context):
    amira = create_user("amira@example.org")
    client.post(
        f"/unsubscribe/{make_token(amira.id, 'reminders')}", data={"List-Unsubscribe": "One-Click"}
    )

    db.session.refresh(amira)
    assert (amira.reminder_emails, amira.bulletins_opt_in, amira.email_frequency) == (
        False,
        True,
        "immediately",
    )


def test_stopping_all_update_emails_also_clears_choices_made_per_recommendation(
    client, app_context
):
    assembly = create_assembly()
    amira = create_user("amira@example.org", assemblies=[assembly])
    recommendation = create_recommendation(assembly)
    db.session.add(Follow(user_id=amira.id, recommendation_id=recommendation.id, frequency="daily"))
    db.session.commit()

    client.post(
        f"/unsubscribe/{make_token(amira.id, 'notifications')}",
        data={"List-Unsubscribe": "One-Click"},
    )

    db.session.refresh(amira)
    assert amira.email_frequency == "never"
    follow = db.session.scalar(select(Follow).where(Follow.user_id == amira.id))
    db.session.refresh(follow)
    assert follow.frequency is None and follow.following is True


def test_a_member_chooses_how_often_for_all_and_for_one_recommendation(client, app_context):
    assembly = create_assembly(name="Climate Assembly")
    buses = create_recommendation(assembly, 1, title="Free buses")
    trees = create_recommendation(assembly, 2, title="Plant trees")
    amira = create_user("amira@example.org", assemblies=[assembly])
    sign_in(client, amira)

    page = client.get("/email-preferences").get_data(as_text=True)
    assert "1. Free buses" in page and "2. Plant trees" in page
    assert "always sent" in page

    response = post_form(
        client,
        "/email-preferences",
        {
            "frequency": "weekly",
            "bulletins": "no",
            "replies": "yes",
            f"recommendation_{buses.id}": "immediately",
            f"recommendation_{trees.id}": "",
        },
    )
    assert response.status_code == 302
    db.session.refresh(amira)
    assert (amira.email_frequency, amira.bulletins_opt_in, amira.reply_emails) == (
        "weekly",
        False,
        True,
    )
    follows = {f.recommendation_id: f.frequency for f in db.session.scalars(select(Follow))}
    assert follows == {buses.id: "immediately"}
    again = client.get("/email-preferences").get_data(as_text=True)
    assert "Your email preferences have been saved." in again
    assert '<option value="immediately" selected' in again


def test_the_preferences_form_refuses_a_made_up_choice(client, app_context):
    amira = create_user("amira@example.org", assemblies=[create_assembly()])
    sign_in(client, amira)

    page = post_form(
        client, "/email-preferences", {"frequency": "hourly", "bulletins": "yes", "replies": "yes"}
    ).get_data(as_text=True)

    assert "There is a problem" in page
    db.session.refresh(amira)
    assert amira.email_frequency == "immediately"


def test_officers_can_turn_reminders_off(client, app_context):
    officer = create_user("officer@example.org", role="officer")
    sign_in(client, officer)
    assert "reminders when reports are due" in client.get("/email-preferences").get_data(
        as_text=True
    )

    post_form(
        client,
        "/email-preferences",
        {"frequency": "immediately", "bulletins": "yes", "replies": "yes", "reminders": "no"},
    )

    db.session.refresh(officer)
    assert officer.reminder_emails is False


def test_the_preferences_page_needs_signing_in(client, app_context):
    response = client.get("/email-preferences")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")
