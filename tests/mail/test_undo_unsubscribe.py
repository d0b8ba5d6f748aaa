"""The unsubscribe confirmation names the address and offers to undo it, for 7 days."""

from __future__ import annotations

import re
import time
from datetime import timedelta

import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from sqlalchemy import select

from portal.extensions import db
from portal.following import set_following, set_frequency
from portal.mail.unsubscribe import make_token
from portal.models import Follow, Frequency
from tests.support.data import create_assembly, create_recommendation, create_user
from tests.support.text import text_of


def unsubscribe(client, token: str):
    return client.post(f"/unsubscribe/{token}", data={"List-Unsubscribe": "One-Click"})


def undo_form(page: str) -> dict[str, str]:
    return dict(re.findall(r'name="(csrf_token|undo)"[^>]*value="([^"]+)"', page))


def test_the_confirmation_says_which_address_stopped_getting_what(client, app_context):
    amira = create_user("amira@example.org")
    page = text_of(unsubscribe(client, make_token(amira.id, "bulletins")))
    assert "amira@example.org will no longer get bulletins from the assembly organisers." in page
    assert "Undo: keep getting these emails" in page


@pytest.mark.parametrize(
    ("kind", "flag"),
    [
        ("bulletins", "bulletins_opt_in"),
        ("reminders", "reminder_emails"),
        ("replies", "reply_emails"),
    ],
)
def test_undo_puts_a_switched_off_email_back_on(client, app_context, kind, flag):
    amira = create_user("amira@example.org")
    token = make_token(amira.id, kind)
    page = unsubscribe(client, token).get_data(as_text=True)
    db.session.refresh(amira)
    assert getattr(amira, flag) is False

    response = client.post(f"/unsubscribe/{token}/undo", data=undo_form(page))

    assert response.status_code == 200
    assert "You are subscribed again" in text_of(response)
    db.session.refresh(amira)
    assert getattr(amira, flag) is True


def test_undo_restores_every_followed_recommendations_own_frequency(client, app_context):
    assembly = create_assembly()
    buses, trees = create_recommendation(assembly), create_recommendation(assembly)
    amira = create_user("amira@example.org", assemblies=[assembly], email_frequency="daily")
    set_following(amira, buses, True)
    set_following(amira, trees, True)
    set_frequency(amira, trees, Frequency.WEEKLY)
    db.session.commit()
    token = make_token(amira.id, "notifications")

    page = unsubscribe(client, token).get_data(as_text=True)
    db.session.refresh(amira)
    assert amira.email_frequency == Frequency.NEVER
    client.post(f"/unsubscribe/{token}/undo", data=undo_form(page))

    db.session.expire_all()
    assert amira.email_frequency == Frequency.DAILY
    weekly = db.session.scalar(
        select(Follow.frequency).where(
            Follow.user_id == amira.id, Follow.recommendation_id == trees.id
        )
    )
    assert weekly == Frequency.WEEKLY


def test_an_undo_that_was_altered_or_is_for_another_link_changes_nothing(client, app_context):
    amira = create_user("amira@example.org")
    ben = create_user("ben@example.org")
    token = make_token(amira.id, "bulletins")
    form = undo_form(unsubscribe(client, token).get_data(as_text=True))
    ben_token = make_token(ben.id, "bulletins")
    unsubscribe(client, ben_token)

    altered = client.post(f"/unsubscribe/{token}/undo", data={**form, "undo": form["undo"] + "x"})
    elsewhere = client.post(f"/unsubscribe/{ben_token}/undo", data=form)

    assert altered.status_code == elsewhere.status_code == 400
    assert "This link does not work" in text_of(altered)
    db.session.refresh(amira)
    db.session.refresh(ben)
    assert amira.bulletins_opt_in is False
    assert ben.bulletins_opt_in is False


def test_undo_needs_the_forms_csrf_token(client, app_context):
    amira = create_user("amira@example.org")
    token = make_token(amira.id, "bulletins")
    form = undo_form(unsubscribe(client, token).get_data(as_text=True))
    response = client.post(f"/unsubscribe/{token}/undo", data={"undo": form["undo"]})
    assert response.status_code == 400
    db.session.refresh(amira)
    assert amira.bulletins_opt_in is False


class EightDaysAgo(TimestampSigner):
    def get_timestamp(self) -> int:
        return int(time.time() - timedelta(days=8).total_seconds())


def test_undo_stops_working_after_7_days(app, client, app_context):
    amira = create_user("amira@example.org")
    token = make_token(amira.id, "bulletins")
    form = undo_form(unsubscribe(client, token).get_data(as_text=True))
    salt = "portal-unsubscribe-undo"
    key = app.config["SECRET_KEY"]
    note = URLSafeTimedSerializer(key, salt=salt).loads(form["undo"])
    old = URLSafeTimedSerializer(key, salt=salt, signer=EightDaysAgo).dumps(note)

    response = client.post(f"/unsubscribe/{token}/undo", data={**form, "undo": old})

    assert response.status_code == 400
    db.session.refresh(amira)
    assert amira.bulletins_opt_in is False
