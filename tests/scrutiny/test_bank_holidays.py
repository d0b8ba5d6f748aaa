"""A question asked before Christmas is due after the bank holidays, on the date the member is
shown and the date its lateness is counted from."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from portal.extensions import db
from portal.models import Question
from tests.support.http import post_form, sign_in
from tests.support.text import text_of

ASKED = datetime(2026, 12, 23, 10, 30)  # a Wednesday


def ask_on_23_december(client, scene, monkeypatch):
    monkeypatch.setattr("portal.scrutiny.questions.utcnow", lambda: ASKED)
    monkeypatch.setattr("portal.scrutiny.routes.questions.today", lambda: ASKED.date())
    sign_in(client, scene.member)
    form = text_of(client.get(scene.page + "/questions/new"))
    response = post_form(client, scene.page + "/questions/new", {"body": "When?"})
    assert response.status_code == 302
    return form, db.session.scalar(select(Question))


def test_in_england_a_question_asked_on_23_december_is_due_on_25_january(
    client, scene, monkeypatch
):
    # 20 working days: 24, 29, 30, 31 December, then 4 January onwards; 25 and 28 December
    # (Boxing Day's substitute) and 1 January are bank holidays
    form, question = ask_on_23_december(client, scene, monkeypatch)
    assert question.due_on == date(2027, 1, 25)
    assert "25 January 2027" in form
    assert "Answer due by 25 January 2027" in text_of(client.get(scene.page))


def test_in_scotland_the_same_question_is_due_a_day_later_for_2_january(
    app, client, scene, monkeypatch
):
    monkeypatch.setitem(app.config, "PUBLIC_HOLIDAYS_REGION", "scotland")
    form, question = ask_on_23_december(client, scene, monkeypatch)
    assert question.due_on == date(2027, 1, 26)
    assert "26 January 2027" in form
