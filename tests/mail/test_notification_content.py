"""Emails and in-app notifications carry what happened, and link to the very comment or entry.

Through the real forms, the real mail worker and the real SMTP server; each deep link is
followed to the real page and its anchor is found there.
"""

from __future__ import annotations

import re
from datetime import timedelta

from portal.extensions import db
from portal.models import Comment, Question, Recommendation, User
from portal.timeutil import utcnow
from portal.tracker.services import publish_decision
from tests.support.data import create_assembly, create_recommendation, create_user
from tests.support.http import post_form, sign_in
from tests.support.mail import html_part, links_in, path_of, text_part

PAGE = "/assemblies/climate/recommendations/4"


def deep_link(message, anchor_prefix: str) -> str:
    [link] = {link for link in links_in(message) if f"#{anchor_prefix}" in link}
    return path_of(link)


def anchor_exists(client, link: str) -> bool:
    path, anchor = link.split("#")
    page = client.get(path)
    assert page.status_code == 200
    return f'id="{anchor}"' in page.get_data(as_text=True)


def scene(app):
    climate = create_assembly("climate", name="Climate Assembly")
    sarah = create_user("sarah@council.example", role="officer", name="Sarah Jones")
    create_recommendation(climate, 4, title="Cycle routes", lead_officer=sarah)
    amira = create_user(
        "amira@example.org", name="Amira Khan", display_name="Amira K", assemblies=[climate]
    )
    ben = create_user(
        "ben@example.org", name="Benjamin Okafor", display_name="Ben O", assemblies=[climate]
    )
    return climate, sarah, amira, ben


def signed_in(app, user):
    client = app.test_client()
    sign_in(client, user)
    return client


def test_the_answer_email_contains_the_answer_and_links_to_it_on_the_page(
    app, app_context, smtp, deliver_mail
):
    _, sarah, amira, _ = scene(app)
    member = signed_in(app, amira)
    post_form(member, PAGE + "/questions/new", {"body": "When will it start?"})
    question = db.session.scalar(db.select(Question))
    lead = signed_in(app, sarah)
    post_form(lead, f"/questions/{question.id}", {"answer": "Work starts in **September**."})
    deliver_mail()

    [message] = smtp.to("amira@example.org")
    text = text_part(message)
    assert "Work starts in September." in text, "plain text: no Markdown asterisks"
    assert "When will it start?" in text, "the question it answers"
    assert "Sarah Jones" in text or "Sarah" in text
    assert "Work starts in September." in html_part(message)
    link = deep_link(message, "question-")
    assert link == f"{PAGE}#question-{question.id}"
    assert anchor_exists(member, link)

    listed = member.get("/notifications").get_data(as_text=True)
    assert "Work starts in September." in listed
    assert f'href="{PAGE}#question-{question.id}"' in listed


def test_the_reply_email_names_the_replier_quotes_the_reply_and_links_to_it(
    app, app_context, smtp, deliver_mail
):
    _, _, amira, ben = scene(app)
    author = signed_in(app, amira)
    post_form(author, PAGE + "/comments/new", {"body": "Where will the first routes go?"})
    comment = db.session.scalar(db.select(Comment))
    replier = signed_in(app, ben)
    post_form(replier, f"/comments/{comment.id}/reply", {"body": "Near the _schools_, I hope."})
    reply = db.session.scalar(db.select(Comment).where(Comment.parent_id == comment.id))
    deliver_mail()

    [message] = smtp.to("amira@example.org")
    assert "Ben O" in message["Subject"]
    text = text_part(message)
    assert "Ben O replied to your comment" in text
    assert "Benjamin Okafor" not in text + html_part(message), "display name only"
    assert "Near the schools, I hope." in text
    assert "Where will the first routes go?" in text, "what they replied to"
    link = deep_link(message, "comment-")
    assert link == f"{PAGE}#comment-{reply.id}"
    assert anchor_exists(author, link)

    listed = author.get("/notifications").get_data(as_text=True)
    assert "Ben O replied to your comment" in listed
    assert "Near the schools, I hope." in listed
    assert f'href="{PAGE}#comment-{reply.id}"' in listed


def test_a_reply_to_a_comment_on_the_second_page_links_to_that_page(
    app, app_context, smtp, deliver_mail
):
    climate, _, amira, ben = scene(app)
    author = signed_in(app, amira)
    post_form(author, PAGE + "/comments/new", {"body": "An early comment."})
    early = db.session.scalar(db.select(Comment))
    early.created_at = utcnow() - timedelta(days=2)
    recommendation_id = early.recommendation_id
    for n in range(20):
        db.session.add(
            Comment(
                recommendation_id=recommendation_id,
                author_id=ben.id,
                body=f"Later comment {n}",
                created_at=utcnow() - timedelta(hours=20 - n),
            )
        )
    db.session.commit()
    post_form(signed_in(app, ben), f"/comments/{early.id}/reply", {"body": "A late reply."})
    deliver_mail()

    [message] = smtp.to("amira@example.org")
    link = deep_link(message, "comment-")
    assert "page=2" in link
    assert anchor_exists(author, link)


def test_hostile_text_in_a_reply_arrives_as_plain_text(app, app_context, smtp, deliver_mail):
    _, _, amira, ben = scene(app)
    author = signed_in(app, amira)
    post_form(author, PAGE + "/comments/new", {"body": "A fair question."})
    comment = db.session.scalar(db.select(Comment))
    hostile = (
        '<script>alert("x")</script> <img src=x onerror=alert(1)> '
        "[click](javascript:alert(1)) <a href='https://evil.example'>prize</a>"
    )
    post_form(signed_in(app, ben), f"/comments/{comment.id}/reply", {"body": hostile})
    deliver_mail()

    [message] = smtp.to("amira@example.org")
    html = html_part(message)
    assert "<script" not in html
    assert "<img" not in html
    assert "javascript:" not in re.findall(r'href="([^"]*)"', html).__str__()
    assert "evil.example" not in " ".join(re.findall(r'href="([^"]*)"', html))
    assert "&lt;script&gt;" in html, "shown as the text it is"
    assert '<script>alert("x")</script>' in text_part(message)

    listed = author.get("/notifications").get_data(as_text=True)
    assert "<script>alert" not in listed
    assert "&lt;script&gt;" in listed


def test_a_long_reply_is_shortened_with_a_link_to_the_rest(app, app_context, smtp, deliver_mail):
    _, _, amira, ben = scene(app)
    author = signed_in(app, amira)
    post_form(author, PAGE + "/comments/new", {"body": "Tell me more."})
    comment = db.session.scalar(db.select(Comment))
    long_reply = " ".join(f"word{n}" for n in range(600))
    post_form(signed_in(app, ben), f"/comments/{comment.id}/reply", {"body": long_reply})
    deliver_mail()

    [message] = smtp.to("amira@example.org")
    text = text_part(message)
    assert "word0 word1" in text
    assert "word599" not in text
    assert "…" in text
    assert "Read the whole reply" in text
    assert "#comment-" in text

    listed = author.get("/notifications").get_data(as_text=True)
    assert "word0 word1" in listed
    assert "word599" not in listed


def test_an_update_email_and_notification_link_to_the_entry_itself(
    app, app_context, smtp, deliver_mail
):
    _, sarah, amira, _ = scene(app)
    member = signed_in(app, amira)
    post_form(member, PAGE + "/follow")
    recommendation = db.session.scalar(db.select(Recommendation))
    publish_decision(
        recommendation,
        sarah,
        decision="accepted",
        explanation="We will build the first routes near schools next year.",
    )
    db.session.commit()
    deliver_mail()
    [message] = smtp.to("amira@example.org")
    link = deep_link(message, "entry-")
    assert anchor_exists(member, link)
    listed = member.get("/notifications").get_data(as_text=True)
    assert "We will build the first routes near schools next year." in listed
    assert f'href="{link}"' in listed


def test_a_bulletin_notification_links_to_the_bulletin(app, app_context, smtp, deliver_mail):
    climate, _, amira, _ = scene(app)
    organiser = signed_in(app, create_user(role="organiser"))
    composed = post_form(
        organiser,
        "/admin/bulletins/new",
        {
            "subject": "Cabinet meeting",
            "body": "The cabinet meets on **Thursday**.",
            "audience": "assembly",
            "assembly": str(climate.id),
        },
    )
    bulletin_id = int(re.search(r"/admin/bulletins/(\d+)", composed.headers["Location"]).group(1))
    post_form(organiser, f"/admin/bulletins/{bulletin_id}/send")

    member = signed_in(app, amira)
    listed = member.get("/notifications").get_data(as_text=True)
    assert f'href="/bulletins/{bulletin_id}"' in listed
    assert "The cabinet meets on Thursday." in listed
    assert member.get(f"/bulletins/{bulletin_id}").status_code == 200


def test_a_digest_quotes_each_update_and_links_to_the_entry(
    app, app_context, smtp, deliver_mail, runner
):
    climate, sarah, _, _ = scene(app)
    create_user("daily@example.org", assemblies=[climate], email_frequency="daily")
    recommendation = db.session.scalar(db.select(Recommendation))
    entry = publish_decision(
        recommendation,
        sarah,
        decision="accepted",
        explanation="We will build the first routes near schools next year.",
    )
    db.session.commit()
    result = runner.invoke(args=["send-digests", "daily"])
    assert result.exit_code == 0, result.output
    deliver_mail()

    [digest] = smtp.to("daily@example.org")
    assert "We will build the first routes near schools next year." in text_part(digest)
    link = deep_link(digest, "entry-")
    assert link == f"{PAGE}#entry-{entry.id}"
    member = signed_in(app, db.session.scalar(db.select(User).filter_by(email="daily@example.org")))
    assert anchor_exists(member, link)
