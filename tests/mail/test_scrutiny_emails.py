"""Replies and answers reach people by email, end to end: real forms, real worker, real SMTP."""

from portal.extensions import db
from portal.models import Comment, Question
from tests.support.data import create_assembly, create_recommendation, create_user
from tests.support.http import post_form, sign_in
from tests.support.mail import email_link, text_part


def test_a_reply_posted_on_the_page_emails_the_author_of_the_comment(
    app, app_context, smtp, deliver_mail
):
    climate = create_assembly("climate")
    create_recommendation(climate, 4, title="Cycle routes")
    amira = create_user("amira@example.org", name="Amira Khan", assemblies=[climate])
    ben = create_user("ben@example.org", name="Ben Okafor", assemblies=[climate])
    page = "/assemblies/climate/recommendations/4"

    author = app.test_client()
    sign_in(author, amira)
    post_form(author, page + "/comments/new", {"body": "Where will the first routes go?"})
    comment = db.session.scalar(db.select(Comment))

    replier = app.test_client()
    sign_in(replier, ben)
    assert (
        post_form(
            replier, f"/comments/{comment.id}/reply", {"body": "Near the schools."}
        ).status_code
        == 302
    )
    deliver_mail()

    [message] = smtp.to("amira@example.org")
    assert "replied to your comment" in message["Subject"]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert smtp.to("ben@example.org") == []
    link = email_link(smtp, "amira@example.org", "/assemblies/climate/recommendations/4")
    assert "Near the schools." in author.get(link).get_data(as_text=True)


def test_an_answer_given_in_the_portal_emails_the_member_who_asked(
    app, app_context, smtp, deliver_mail
):
    climate = create_assembly("climate")
    officer = create_user("lead@council.example", role="officer")
    create_recommendation(climate, 5, lead_officer=officer)
    asker = create_user("asker@example.org", assemblies=[climate])

    member = app.test_client()
    sign_in(member, asker)
    post_form(
        member,
        "/assemblies/climate/recommendations/5/questions/new",
        {"body": "When will it start?"},
    )
    question = db.session.scalar(db.select(Question))
    assert question is not None

    lead = app.test_client()
    sign_in(lead, officer)
    answered = post_form(lead, f"/questions/{question.id}", {"answer": "In September."})
    assert answered.status_code == 302
    deliver_mail()

    [message] = smtp.to("asker@example.org")
    assert message["Subject"] == "Your question about recommendation 5 has been answered"
    assert "recommendation" in text_part(message).lower()
