"""A member's question reaches someone: the lead officer, or the organisers when there is no lead.

End to end through the real forms, the real mail worker and the real SMTP server.
"""

from __future__ import annotations

from datetime import date, timedelta

from portal.extensions import db
from portal.models import Question
from tests.support.data import create_assembly, create_recommendation, create_user
from tests.support.http import post_form, sign_in
from tests.support.mail import html_part, links_in, path_of, text_part

PAGE = "/assemblies/climate/recommendations/4"
ASK = PAGE + "/questions/new"


def ask(app, member, body: str):
    client = app.test_client()
    sign_in(client, member)
    response = post_form(client, ASK, {"body": body}, follow_redirects=True)
    assert response.status_code == 200
    return client, response.get_data(as_text=True)


def question_links(message) -> list[str]:
    return [path_of(link) for link in links_in(message) if "/questions/" in link]


def test_a_question_goes_to_the_lead_officer_by_email_and_in_the_portal(
    app, app_context, smtp, deliver_mail
):
    climate = create_assembly("climate", name="Climate Assembly")
    sarah = create_user(
        "sarah@council.example", role="officer", name="Sarah Jones", department="Transport"
    )
    create_recommendation(climate, 4, title="Cycle routes", lead_officer=sarah)
    create_user("organiser@council.example", role="organiser")
    amira = create_user(
        "amira@example.org", name="Amira Khan", display_name="Amira K", assemblies=[climate]
    )

    _, page = ask(app, amira, "When will the first routes open?")
    assert "Your question has been sent to the lead officer for this recommendation" in page
    deliver_mail()

    [message] = smtp.to("sarah@council.example")
    assert message["Subject"] == "A member asked a question about recommendation 4: Cycle routes"
    text = text_part(message)
    assert "Amira K, a member of the Climate Assembly, asked a question" in text
    assert "When will the first routes open?" in text
    assert "Climate Assembly" in text
    question = db.session.scalar(db.select(Question))
    assert f"{question.due_on.day} {question.due_on:%B %Y}" in text, "the answer date"
    [link] = question_links(message)
    assert link == f"/questions/{question.id}"
    assert smtp.to("organiser@council.example") == [], "a lead exists, so organisers are not asked"

    lead = app.test_client()
    sign_in(lead, sarah)
    answer_page = lead.get(link).get_data(as_text=True)
    assert "When will the first routes open?" in answer_page
    assert 'name="answer"' in answer_page, "the link goes where the lead answers"
    notifications = lead.get("/notifications").get_data(as_text=True)
    assert "Amira K asked a question about recommendation 4: Cycle routes" in notifications
    assert "When will the first routes open?" in notifications
    assert f'href="/questions/{question.id}"' in notifications
    assert "1 question waiting for an answer" in lead.get("/home").get_data(as_text=True)


def test_with_no_lead_the_organisers_get_the_question_then_it_moves_to_the_new_lead(
    app, app_context, smtp, deliver_mail
):
    climate = create_assembly("climate", name="Climate Assembly", first_response_due=None)
    create_recommendation(climate, 4, title="Cycle routes", next_report_due=date(2027, 9, 14))
    create_recommendation(climate, 5, title="Bus lanes", next_report_due=None)
    create_user("olu@council.example", role="organiser", name="Olu Ade")
    priya = create_user("priya@council.example", role="organiser", name="Priya Shah")
    create_user("gone@council.example", role="organiser", is_active_account=False)
    sarah = create_user("sarah@council.example", role="officer", name="Sarah Jones")
    amira = create_user("amira@example.org", display_name="Amira K", assemblies=[climate])

    _, page = ask(app, amira, "Who is in charge of this?")
    assert "sent to the lead officer" not in page
    assert (
        "This recommendation has no lead officer yet, so your question has been sent to the "
        "organisers of the assembly" in page
    )
    deliver_mail()

    for organiser in ("olu@council.example", "priya@council.example"):
        [message] = smtp.to(organiser)
        assert "Who is in charge of this?" in text_part(message)
        assert "no lead officer" in text_part(message)
    assert smtp.to("gone@council.example") == []
    question = db.session.scalar(db.select(Question))
    assert question.assigned_to_id is None

    organiser = app.test_client()
    sign_in(organiser, priya)
    listed = organiser.get("/notifications").get_data(as_text=True)
    assert "Who is in charge of this?" in listed
    smtp.clear()

    chosen = post_form(
        organiser,
        "/tracker/assemblies/climate/recommendations/4/lead",
        {"lead_officer": str(sarah.id), "lead_department": "Transport"},
    )
    assert chosen.status_code == 302
    post_form(
        organiser,
        "/tracker/assemblies/climate/recommendations/5/lead",
        {"lead_officer": str(sarah.id), "lead_department": "Transport"},
    )
    deliver_mail()

    db.session.expire_all()
    assert db.session.get(Question, question.id).assigned_to_id == sarah.id
    first, second = smtp.to("sarah@council.example")
    assert first["Subject"] == "Recommendation 4 of the Climate Assembly is now yours to lead"
    text = text_part(first)
    assert "Cycle routes" in text
    assert "The next report is due by 14 September 2027" in text
    assert "Who is in charge of this?" in text, "the open question that moved with it"
    assert f"/questions/{question.id}" in text
    assert "/tracker/assemblies/climate/recommendations/4" in html_part(first)
    assert "Bus lanes" in text_part(second)
    assert "No report date has been set yet" in text_part(second)

    lead = app.test_client()
    sign_in(lead, sarah)
    to_answer = lead.get("/questions").get_data(as_text=True)
    assert "Who is in charge of this?" in to_answer
    mine = lead.get("/tracker/mine").get_data(as_text=True)
    assert "1 question waiting for your answer" in mine
    assert f'href="/questions/{question.id}"' in mine
    assert smtp.to("olu@council.example") == [], "organisers are not told twice"


def test_choosing_the_same_lead_again_sends_no_email(app, app_context, smtp, deliver_mail):
    climate = create_assembly("climate")
    sarah = create_user("sarah@council.example", role="officer")
    create_recommendation(climate, 4, lead_officer=sarah)
    organiser = app.test_client()
    sign_in(organiser, create_user(role="organiser"))

    post_form(
        organiser,
        "/tracker/assemblies/climate/recommendations/4/lead",
        {"lead_officer": str(sarah.id), "lead_department": "Transport"},
    )
    deliver_mail()
    assert smtp.to("sarah@council.example") == []


def test_a_lead_s_reminders_include_open_questions_and_organisers_see_late_ones(
    app, app_context, smtp, deliver_mail, runner
):
    climate = create_assembly("climate", name="Climate Assembly")
    sarah = create_user("sarah@council.example", role="officer", name="Sarah Jones")
    create_recommendation(climate, 4, title="Cycle routes", lead_officer=sarah)
    organiser_user = create_user("olu@council.example", role="organiser")
    amira = create_user("amira@example.org", display_name="Amira K", assemblies=[climate])
    ask(app, amira, "How much will it cost?")
    question = db.session.scalar(db.select(Question))
    deliver_mail()
    smtp.clear()

    nearly_due = question.due_on - timedelta(days=3)
    result = runner.invoke(args=["send-reminders", "--date", nearly_due.isoformat()])
    assert result.exit_code == 0, result.output
    deliver_mail()
    [reminder] = smtp.to("sarah@council.example")
    text = text_part(reminder)
    assert "Questions waiting for an answer" in text
    assert "How much will it cost?" in text
    assert "Answer due in 3 days" in text
    assert f"/questions/{question.id}" in text
    assert "question" in reminder["Subject"]

    smtp.clear()
    late = question.due_on + timedelta(days=8)  # a week on: the next weekly summary
    runner.invoke(args=["send-reminders", "--date", late.isoformat()])
    deliver_mail()
    [reminder] = smtp.to("sarah@council.example")
    assert "Answer 8 days overdue" in text_part(reminder)
    [summary] = smtp.to("olu@council.example")
    summary_text = text_part(summary)
    assert "Questions past their answer date" in summary_text
    assert "How much will it cost?" in summary_text
    assert "Sarah Jones" in summary_text

    organiser = app.test_client()
    sign_in(organiser, organiser_user)
    question.due_on = date.today() - timedelta(days=1)
    db.session.commit()
    home = organiser.get("/home").get_data(as_text=True)
    assert "1 overdue" in home
    assert 'href="/questions?show=overdue"' in home
    overdue = organiser.get("/questions?show=overdue").get_data(as_text=True)
    assert "How much will it cost?" in overdue
    assert "Sarah Jones" in overdue
