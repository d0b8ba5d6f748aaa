"""The officer's home (/tracker/mine): what is due next, questions waiting for them, and recent
comments and verdicts on their recommendations, in a fixed number of queries."""

from __future__ import annotations

from datetime import timedelta

from portal.extensions import db
from portal.models import Comment, Question, Verdict
from portal.timeutil import today, utcnow
from tests.support.data import (
    create_assembly,
    create_entry,
    create_recommendation,
    create_user,
)
from tests.support.http import sign_in
from tests.support.queries import counting_queries
from tests.support.text import section, text_of


def comment(recommendation, author, body: str, *, days_ago: float = 1, **fields) -> Comment:
    row = Comment(
        recommendation_id=recommendation.id,
        author_id=author.id,
        body=body,
        created_at=utcnow() - timedelta(days=days_ago),
        **fields,
    )
    db.session.add(row)
    db.session.commit()
    return row


def verdict(entry, member, rating: str, reason: str = "", *, days_ago: float = 1) -> Verdict:
    when = utcnow() - timedelta(days=days_ago)
    row = Verdict(
        entry_id=entry.id,
        user_id=member.id,
        rating=rating,
        reason=reason,
        created_at=when,
        updated_at=when,
    )
    db.session.add(row)
    db.session.commit()
    return row


def question(recommendation, officer, body: str, due_in_days: int) -> Question:
    row = Question(
        recommendation_id=recommendation.id,
        assigned_to_id=officer.id,
        body=body,
        due_on=today() + timedelta(days=due_in_days),
    )
    db.session.add(row)
    db.session.commit()
    return row


def test_the_officer_sees_recent_comments_and_verdicts_on_their_recommendations_only(
    client, app_context
):
    assembly = create_assembly("climate")
    officer = create_user(role="officer")
    other_officer = create_user(role="officer")
    member = create_user(display_name="Amira K", assemblies=[assembly])
    mine = create_recommendation(assembly, 1, title="Bus lanes", lead_officer=officer)
    theirs = create_recommendation(assembly, 2, title="Trees", lead_officer=other_officer)
    entry = create_entry(mine, author=officer, kind="update")
    recent = comment(mine, member, "Buses are still late on Hill Road")
    comment(mine, member, "An old comment from last spring", days_ago=40)
    comment(mine, member, "A hidden comment", hidden_at=utcnow())
    comment(theirs, member, "About the trees")
    verdict(entry, member, "partly_adequate", "Only half the lanes are painted")
    sign_in(client, officer)

    page = client.get("/tracker/mine")
    recent_part = section(page, "Recent comments and verdicts", "See every recommendation")

    assert "Amira K commented on recommendation 1" in recent_part
    assert "Buses are still late on Hill Road" in recent_part
    assert "A member judged the progress update of" in recent_part
    assert "partly adequate" in recent_part
    assert "Only half the lanes are painted" in recent_part
    for absent in ("An old comment", "A hidden comment", "About the trees"):
        assert absent not in recent_part
    assert f"/assemblies/climate/recommendations/1#comment-{recent.id}" in page.get_data(
        as_text=True
    )


def test_due_next_lists_reports_and_answers_soonest_first_with_late_ones_tagged(
    client, app_context
):
    assembly = create_assembly("climate")
    officer = create_user(role="officer")
    day = timedelta(days=1)
    create_recommendation(assembly, 1, lead_officer=officer, next_report_due=today() + 40 * day)
    late = create_recommendation(
        assembly, 2, lead_officer=officer, next_report_due=today() - 3 * day
    )
    question(late, officer, "When will the buses run?", 5)
    sign_in(client, officer)

    due = section(client.get("/tracker/mine"), "Due next", "Recommendations you lead")

    assert due.index("Report on recommendation 2") < due.index(
        "Answer to a question on recommendation 2"
    )
    assert due.index("Answer to a question on recommendation 2") < due.index(
        "Report on recommendation 1"
    )
    assert due.count("Late") == 1


def test_an_officer_with_nothing_due_is_told_so(client, app_context):
    sign_in(client, create_user(role="officer"))

    page = text_of(client.get("/tracker/mine"))

    assert "Nothing is due from you." in page
    assert "Members have not commented on or judged your recommendations" in page


def queries_for_home(client) -> int:
    client.get("/tracker/mine")
    db.session.remove()
    with counting_queries() as statements:
        assert client.get("/tracker/mine").status_code == 200
    return len(statements)


def add_busy_recommendations(assembly, officer, members, first: int, count: int):
    for number in range(first, first + count):
        recommendation = create_recommendation(
            assembly,
            number,
            lead_officer=officer,
            next_report_due=today() + timedelta(days=number),
        )
        entry = create_entry(recommendation, author=officer, kind="update")
        for member in members:
            top = comment(recommendation, member, f"Comment on {number}")
            comment(recommendation, member, f"Reply on {number}", parent_id=top.id)
            verdict(entry, member, "adequate", "Fine")
        question(recommendation, officer, f"Question on {number}", 10)


def test_the_officer_home_costs_the_same_queries_for_2_and_30_busy_recommendations(
    client, app_context
):
    assembly = create_assembly("climate")
    officer = create_user(role="officer")
    members = [create_user(assemblies=[assembly]) for _ in range(2)]
    add_busy_recommendations(assembly, officer, members, 1, 2)
    sign_in(client, officer)
    few = queries_for_home(client)

    assembly, officer = db.session.merge(assembly), db.session.merge(officer)
    members = [db.session.merge(member) for member in members]
    more_members = [create_user(assemblies=[assembly]) for _ in range(2)]
    add_busy_recommendations(assembly, officer, members + more_members, 3, 28)
    many = queries_for_home(client)

    assert many == few
