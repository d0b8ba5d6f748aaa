"""Followers hear about published decisions and updates: notifications and immediate emails."""

from __future__ import annotations

from sqlalchemy import func, select

from portal.extensions import db
from portal.following import set_following
from portal.mail.worker import deliver_due
from portal.models import Follow, Notification, OutboxMessage
from portal.scrutiny.comments import post_comment
from portal.scrutiny.questions import answer_question, ask_question
from portal.tracker.services import publish_decision, publish_update
from tests.support.data import create_assembly, create_members, create_recommendation, create_user
from tests.support.mail import html_part, links_in, path_of, text_part
from tests.support.queries import counting_queries


def publish(recommendation, officer, **fields):
    entry = publish_decision(
        recommendation,
        officer,
        decision=fields.pop("decision", "partly_accepted"),
        explanation=fields.pop("explanation", "We will start with the busiest routes."),
        **fields,
    )
    db.session.commit()
    return entry


def notifications_of(user) -> list[Notification]:
    return list(db.session.scalars(select(Notification).where(Notification.user_id == user.id)))


def test_every_follower_gets_a_notification_and_an_email_when_a_decision_is_published(
    app_context, smtp
):
    climate, other = create_assembly(), create_assembly()
    officer = create_user(role="officer")
    amira = create_user("amira@example.org", assemblies=[climate])
    ben = create_user("ben@example.org", assemblies=[climate])
    outsider = create_user("outsider@example.org", assemblies=[other])
    recommendation = create_recommendation(
        climate, 3, title="Make buses free for under-25s", lead_officer=officer
    )

    publish(recommendation, officer)
    deliver_due()

    for member in (amira, ben):
        [notification] = notifications_of(member)
        assert notification.kind == "decision"
        assert notification.recommendation_id == recommendation.id
        assert "Partly accepted" in notification.summary
        assert notification.emailed_at is not None
        [message] = smtp.to(member.email)
        assert message["Subject"] == "Decision on recommendation 3: Make buses free for under-25s"
        assert "Partly accepted" in text_part(message)
        assert "We will start with the busiest routes." in html_part(message)
    assert notifications_of(outsider) == []
    assert smtp.to("outsider@example.org") == []
    assert smtp.to(officer.email) == []


def test_the_email_links_to_the_recommendation_page_built_from_the_public_address(
    app, app_context, smtp
):
    climate = create_assembly("climate-2025")
    create_user("amira@example.org", assemblies=[climate])
    officer = create_user(role="officer")
    recommendation = create_recommendation(climate, 7, lead_officer=officer)

    entry = publish(recommendation, officer)
    deliver_due()

    [message] = smtp.to("amira@example.org")
    page = f"{app.config['PUBLIC_BASE_URL']}/assemblies/climate-2025/recommendations/7"
    assert f"{page}#entry-{entry.id}" in links_in(message), "to the entry itself"
    assert f'href="{page}#entry-{entry.id}"' in html_part(message)


def test_no_email_for_those_who_unfollowed_or_chose_a_digest_or_never(app_context, smtp):
    climate = create_assembly()
    officer = create_user(role="officer")
    recommendation = create_recommendation(climate, lead_officer=officer)
    immediate = create_user("now@example.org", assemblies=[climate])
    daily = create_user("daily@example.org", assemblies=[climate], email_frequency="daily")
    weekly_here = create_user("weekly@example.org", assemblies=[climate])
    never = create_user("never@example.org", assemblies=[climate], email_frequency="never")
    gone = create_user("gone@example.org", assemblies=[climate])
    db.session.add(
        Follow(user_id=weekly_here.id, recommendation_id=recommendation.id, frequency="weekly")
    )
    set_following(gone, recommendation, False)
    db.session.commit()

    publish(recommendation, officer)
    deliver_due()

    assert [m["To"] for m in smtp.messages] == ["now@example.org"]
    assert notifications_of(gone) == []
    for waiting in (daily, weekly_here, never):
        [notification] = notifications_of(waiting)
        assert notification.emailed_at is None
    assert notifications_of(immediate)[0].emailed_at is not None


def test_a_progress_update_and_a_correction_say_what_they_are(app_context, smtp):
    climate = create_assembly()
    create_user("amira@example.org", assemblies=[climate])
    officer = create_user(role="officer")
    recommendation = create_recommendation(climate, 2, title="Plant trees", lead_officer=officer)
    decision = publish(recommendation, officer, decision="accepted", explanation="")
    publish_update(
        recommendation, officer, status="in_progress", progress=40, summary="Planting began."
    )
    db.session.commit()
    publish(
        recommendation,
        officer,
        decision="modified",
        explanation="Fewer trees, bigger ones. Cabinet agreed this in March.",
        corrects=decision,
        correction_note="The first decision had the wrong wording.",
    )
    deliver_due()

    subjects = [m["Subject"] for m in smtp.to("amira@example.org")]
    assert subjects == [
        "Decision on recommendation 2: Plant trees",
        "Progress update on recommendation 2: Plant trees",
        "Correction: Decision on recommendation 2: Plant trees",
    ]
    update_email = smtp.to("amira@example.org")[1]
    assert "Progress update: In progress, 40% done" in text_part(update_email)
    assert "Planting began." in text_part(update_email)


def test_update_emails_carry_one_click_unsubscribe_headers_and_working_links(
    app, app_context, client, smtp
):
    app.config["MAIL_UNSUBSCRIBE_MAILTO"] = "unsubscribe@northbridge.example"
    try:
        climate = create_assembly()
        amira = create_user("amira@example.org", assemblies=[climate])
        officer = create_user(role="officer")
        recommendation = create_recommendation(climate, lead_officer=officer)
        publish(recommendation, officer)
        deliver_due()
    finally:
        app.config["MAIL_UNSUBSCRIBE_MAILTO"] = ""

    [message] = smtp.to("amira@example.org")
    header = message["List-Unsubscribe"]
    https_link, mailto_link = (part.strip(" <>") for part in header.split(","))
    assert https_link.startswith(app.config["PUBLIC_BASE_URL"] + "/unsubscribe/")
    assert mailto_link.startswith("mailto:unsubscribe@northbridge.example?subject=unsubscribe%20")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    links = links_in(message)
    stop_this = next(link for link in links if "/unsubscribe/" in link and link != https_link)
    assert client.get(path_of(stop_this)).status_code == 200
    assert client.get(path_of(https_link)).status_code == 200
    preferences = next(link for link in links if link.endswith("/email-preferences"))
    assert client.get(path_of(preferences)).headers["Location"].startswith("/login")

    client.post(path_of(stop_this), data={"List-Unsubscribe": "One-Click"})
    follow = db.session.scalar(select(Follow).where(Follow.user_id == amira.id))
    assert follow.frequency == "never"
    db.session.refresh(amira)
    assert amira.email_frequency == "immediately", "only this recommendation was stopped"


def test_fanning_out_to_many_followers_takes_the_same_number_of_statements_as_to_a_few(
    app_context,
):
    officer = create_user(role="officer")
    small, large = create_assembly(), create_assembly()
    create_members(small, 3, prefix="few")
    create_members(large, 300, prefix="many")
    statements = []
    for assembly in (small, large):
        recommendation = create_recommendation(assembly, lead_officer=officer)
        with counting_queries() as executed:
            publish(recommendation, officer)
        statements.append(len(executed))

    assert statements[0] == statements[1]
    assert db.session.scalar(select(func.count(Notification.id))) == 303
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 303


def test_the_author_of_a_comment_hears_about_a_reply_unless_they_switched_it_off(app_context, smtp):
    climate = create_assembly()
    recommendation = create_recommendation(climate, 4, title="Cycle routes")
    amira = create_user("amira@example.org", assemblies=[climate])
    quiet = create_user("quiet@example.org", assemblies=[climate], reply_emails=False)
    ben = create_user("ben@example.org", assemblies=[climate], display_name="Ben O")

    for author in (amira, quiet, ben):
        comment = post_comment(recommendation, author, f"A comment by {author.email}")
        post_comment(recommendation, ben, "A reply.", parent=comment)
    db.session.commit()
    deliver_due()

    [message] = smtp.to("amira@example.org")
    assert message["Subject"] == "Ben O replied to your comment on recommendation 4"
    assert "/assemblies/" in text_part(message)
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    [notification] = notifications_of(amira)
    assert notification.summary == "Ben O replied to your comment on recommendation 4: Cycle routes"
    assert smtp.to("quiet@example.org") == []
    assert notifications_of(quiet)[0].emailed_at is None
    assert notifications_of(ben) == [], "nobody hears about replying to themselves"


def test_a_top_level_comment_notifies_nobody(app_context, smtp):
    climate = create_assembly()
    recommendation = create_recommendation(climate)
    post_comment(recommendation, create_user(assemblies=[climate]), "A first comment.")
    db.session.commit()

    assert db.session.scalar(select(func.count(Notification.id))) == 0


def test_the_person_who_asked_hears_when_their_question_is_answered(app_context, smtp):
    climate = create_assembly()
    officer = create_user(role="officer", display_name="Sarah W")
    recommendation = create_recommendation(climate, 5, title="Trees", lead_officer=officer)
    asker = create_user("asker@example.org", assemblies=[climate])
    question = ask_question(recommendation, asker, "When will it start?")
    db.session.flush()

    answer_question(question, officer, "In September.")
    db.session.commit()
    deliver_due()

    [message] = smtp.to("asker@example.org")
    assert message["Subject"] == "Your question about recommendation 5 has been answered"
    [notification] = notifications_of(asker)
    assert (notification.kind, notification.subject_id) == ("answer", question.id)
    assert notification.summary == "Sarah W answered your question on recommendation 5: Trees"
    assert notification.emailed_at is not None


def test_one_publication_gives_each_follower_one_notification_and_at_most_one_email(
    app_context, smtp
):
    climate = create_assembly()
    officer = create_user(role="officer")
    amira = create_user("amira@example.org", assemblies=[climate])
    daily = create_user("daily@example.org", assemblies=[climate], email_frequency="daily")
    recommendation = create_recommendation(climate, 3, title="Cycle routes", lead_officer=officer)

    publish(recommendation, officer)
    deliver_due()

    [immediate] = notifications_of(amira)
    [waiting] = notifications_of(daily)
    assert immediate.summary.startswith("The council published a decision on recommendation 3")
    assert immediate.emailed_at is not None
    assert waiting.emailed_at is None
    assert len(smtp.to("amira@example.org")) == 1
    assert smtp.to("daily@example.org") == []


def test_a_reply_gives_one_notification_and_one_email_however_many_times_it_is_delivered(
    app_context, smtp
):
    climate = create_assembly()
    recommendation = create_recommendation(climate, 4)
    amira = create_user("amira@example.org", assemblies=[climate])
    ben = create_user("ben@example.org", assemblies=[climate])
    comment = post_comment(recommendation, amira, "Where will the routes go?")
    post_comment(recommendation, ben, "Near the schools.", parent=comment)
    db.session.commit()
    deliver_due()
    deliver_due()

    [notification] = notifications_of(amira)
    assert notification.emailed_at is not None
    assert len(smtp.to("amira@example.org")) == 1
