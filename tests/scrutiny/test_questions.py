from datetime import date, timedelta

from sqlalchemy import select

from portal.extensions import db
from portal.models import Notification, Question
from portal.timeutil import today, utcnow
from portal.working_days import add_working_days
from tests.support.data import count
from tests.support.http import post_form, sign_in
from tests.support.text import text_of


def ask_url(scene):
    return scene.page + "/questions/new"


def make_question(scene, *, asked_days_ago=1, due_in_days=10, answered=False, by=None):
    asked = utcnow() - timedelta(days=asked_days_ago)
    question = Question(
        recommendation_id=scene.recommendation.id,
        asked_by_id=(by or scene.member).id,
        assigned_to_id=scene.officer.id,
        body="When will passes be issued?",
        asked_at=asked,
        due_on=today() + timedelta(days=due_in_days),
    )
    if answered:
        question.answer = "In September."
        question.answered_at = utcnow()
        question.answered_by_id = scene.officer.id
    db.session.add(question)
    db.session.commit()
    return question


def test_twenty_working_days_skip_weekends_and_christmas(app_context):
    assert add_working_days(date(2026, 11, 27), 1) == date(2026, 11, 30)  # Friday to Monday
    assert add_working_days(date(2026, 11, 30), 5) == date(2026, 12, 7)
    # 25 December and 28 December (for Boxing Day, a Saturday) are bank holidays
    assert add_working_days(date(2026, 11, 30), 20) == date(2026, 12, 30)
    assert add_working_days(date(2026, 11, 28), 20) == date(2026, 12, 29)  # from a Saturday


def test_a_member_asks_the_lead_officer_and_the_answer_is_due_in_20_working_days(client, scene):
    sign_in(client, scene.member)
    response = post_form(client, ask_url(scene), {"body": "When will passes be issued?"})
    question = db.session.scalar(select(Question))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(scene.page)  # the banner at the top, no jump
    assert question.asked_by_id == scene.member.id
    assert question.assigned_to_id == scene.officer.id
    assert question.due_on == add_working_days(question.asked_at.date(), 20)
    landing = client.get(scene.page).get_data(as_text=True)
    assert f'href="#question-{question.id}">Go to your question</a>' in landing
    page = text_of(client.get(scene.page))
    assert "When will passes be issued?" in page
    assert f"Answer due by {question.due_on.day} {question.due_on:%B %Y}" in page


def test_the_organisers_setting_for_the_assembly_changes_the_due_date(client, scene):
    scene.assembly.question_answer_days = 10
    db.session.commit()
    sign_in(client, scene.member)
    post_form(client, ask_url(scene), {"body": "Quick one?"})
    question = db.session.scalar(select(Question))
    assert question.due_on == add_working_days(question.asked_at.date(), 10)


def test_an_empty_question_is_refused_with_an_error_summary(client, scene):
    sign_in(client, scene.member)
    response = post_form(client, ask_url(scene), {"body": ""})
    assert "There is a problem" in text_of(response)
    assert "Enter your question" in text_of(response)
    assert count(Question) == 0


def test_the_lead_officer_answers_and_every_member_of_the_assembly_can_read_it(
    client, scene, heard
):
    question = make_question(scene)
    sign_in(client, scene.officer)
    response = post_form(
        client, f"/questions/{question.id}", {"answer": "Passes go out in **September**."}
    )
    assert response.status_code == 302
    db.session.refresh(question)
    assert question.answered_by_id == scene.officer.id
    [(name, payload)] = heard
    assert name == "question_answered"
    assert payload["question"] == question.id
    assert question.asked_by_id == scene.member.id
    assert question.recommendation.id == scene.recommendation.id
    sign_in(client, scene.second_member)
    html = client.get(scene.page).get_data(as_text=True)
    assert "Passes go out in <strong>September</strong>." in html
    assert "Answer from Sarah W (Council officer)" in text_of(client.get(scene.page))


def test_the_member_who_asked_is_notified_of_the_answer(client, scene):
    question = make_question(scene)
    sign_in(client, scene.officer)
    post_form(client, f"/questions/{question.id}", {"answer": "Soon."})
    notification = db.session.scalar(select(Notification))
    assert notification.user_id == scene.member.id
    assert notification.kind == "answer"
    assert notification.subject_id == question.id
    assert "Sarah W answered your question" in notification.summary


def test_a_question_is_answered_only_once(client, scene):
    question = make_question(scene, answered=True)
    sign_in(client, scene.organiser)
    response = post_form(client, f"/questions/{question.id}", {"answer": "Again"})
    assert response.status_code == 200
    db.session.refresh(question)
    assert question.answer == "In September."


def test_members_and_other_officers_cannot_answer(client, scene):
    question = make_question(scene)
    for person in (scene.member, scene.other_officer):
        sign_in(client, person)
        assert post_form(client, f"/questions/{question.id}", {"answer": "Hi"}).status_code == 403
    db.session.refresh(question)
    assert question.answered_at is None


def test_an_organiser_can_answer_any_question(client, scene):
    question = make_question(scene)
    sign_in(client, scene.organiser)
    assert post_form(client, f"/questions/{question.id}", {"answer": "From us"}).status_code == 302
    db.session.refresh(question)
    assert question.answered_by_id == scene.organiser.id


def test_an_organiser_reassigns_a_question_to_another_officer_who_can_then_answer(client, scene):
    question = make_question(scene)
    sign_in(client, scene.organiser)
    response = post_form(
        client, f"/questions/{question.id}/reassign", {"officer": str(scene.other_officer.id)}
    )
    assert response.status_code == 302
    db.session.refresh(question)
    assert question.assigned_to_id == scene.other_officer.id
    sign_in(client, scene.officer)
    assert post_form(client, f"/questions/{question.id}", {"answer": "Mine?"}).status_code == 403
    sign_in(client, scene.other_officer)
    assert "When will passes be issued?" in text_of(client.get("/questions"))
    assert post_form(client, f"/questions/{question.id}", {"answer": "Mine."}).status_code == 302


def test_reassigning_needs_an_officer(client, scene):
    question = make_question(scene)
    sign_in(client, scene.organiser)
    response = post_form(
        client, f"/questions/{question.id}/reassign", {"officer": str(scene.member.id)}
    )
    assert "Choose the officer who should answer" in text_of(response)
    db.session.refresh(question)
    assert question.assigned_to_id == scene.officer.id


def test_an_overdue_question_is_marked_on_the_officers_page(client, scene):
    make_question(scene, asked_days_ago=40, due_in_days=-5)
    sign_in(client, scene.officer)
    page = text_of(client.get("/questions"))
    assert "Questions to answer" in page
    assert "Overdue" in page
    assert "1 question waiting for an answer, 1 overdue" in text_of(client.get("/home"))


def test_an_officer_sees_only_questions_assigned_to_them_and_an_organiser_sees_all(client, scene):
    make_question(scene)
    sign_in(client, scene.other_officer)
    assert "No questions are waiting for an answer" in text_of(client.get("/questions"))
    sign_in(client, scene.organiser)
    page = text_of(client.get("/questions"))
    assert "When will passes be issued?" in page
    assert "Sarah Whitfield" in page


def test_answered_questions_are_listed_only_when_asked_for(client, scene):
    make_question(scene, answered=True)
    sign_in(client, scene.organiser)
    assert "When will passes be issued?" not in text_of(client.get("/questions"))
    assert "Answered" in text_of(client.get("/questions?show=all"))


def test_an_overdue_question_is_marked_on_the_organisers_and_the_members_pages(client, scene):
    make_question(scene, asked_days_ago=40, due_in_days=-5)
    sign_in(client, scene.organiser)
    assert "Overdue" in text_of(client.get("/questions"))
    sign_in(client, scene.member)
    assert "Overdue" in text_of(client.get("/home"))
    assert "Overdue" in text_of(client.get(scene.page))


def test_officers_and_organisers_do_not_ask_formal_questions(client, scene):
    for person in (scene.officer, scene.organiser):
        sign_in(client, person)
        assert post_form(client, ask_url(scene), {"body": "Hmm?"}).status_code == 403
    assert count(Question) == 0
