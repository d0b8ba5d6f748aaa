"""The organiser home: each assembly's figures match the data and link to lists of exactly
those rows, in a fixed number of queries however many assemblies there are."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    Assembly,
    Comment,
    CommentReport,
    Invitation,
    MessageState,
    OutboxMessage,
    Question,
    Report,
    ReportKind,
    ReportState,
    User,
)
from portal.timeutil import today, utcnow
from tests.support.data import (
    create_action,
    create_assembly,
    create_decision_point,
    create_recommendation,
    create_user,
)
from tests.support.http import sign_in
from tests.support.queries import counting_queries
from tests.support.text import text_of

FIGURE = re.compile(
    r'data-figure="(?P<key>[a-z_]+)">\s*<a[^>]*href="(?P<href>[^"]+)">(?P<text>[^<]+)'
)


def figures_of(page: str, assembly_id: int | None = None) -> dict[str, tuple[str, str]]:
    """Figure key: (its words, its link), in one assembly's section (None: the portal's)."""
    if assembly_id is None:
        part = page.split('class="govuk-heading-m">Assemblies', 1)[0]
    else:
        part = page.split(f'id="assembly-{assembly_id}"', 1)[1].split("</section>", 1)[0]
    return {
        match["key"]: (match["text"].strip(), match["href"].replace("&amp;", "&"))
        for match in FIGURE.finditer(part)
    }


def question(recommendation, body: str, due_in_days: int, *, answered: bool = False):
    row = Question(
        recommendation_id=recommendation.id,
        body=body,
        due_on=today() + timedelta(days=due_in_days),
        answer="Answered." if answered else None,
        answered_at=utcnow() if answered else None,
    )
    db.session.add(row)
    return row


def reported_comment(recommendation, author, body: str, reports: int, *, resolved: bool = False):
    comment = Comment(recommendation_id=recommendation.id, author_id=author.id, body=body)
    db.session.add(comment)
    db.session.flush()
    for _ in range(reports):
        db.session.add(
            CommentReport(
                comment_id=comment.id,
                reason="Rude",
                resolved_at=utcnow() if resolved else None,
            )
        )
    return comment


def invitation(assembly, email: str, *, expires_in_days: int = 7, **fields):
    db.session.add(
        Invitation(
            email=email,
            name="Invited Person",
            role="member",
            assembly_id=assembly.id,
            token_hash=uuid.uuid4().hex,
            expires_at=utcnow() + timedelta(days=expires_in_days),
            **fields,
        )
    )


def email(address: str, state: MessageState, days_ago: int):
    db.session.add(
        OutboxMessage(
            message_id=f"<{uuid.uuid4().hex}@example.org>",
            kind="account",
            to_address=address,
            subject="Hello",
            body_text="Hello",
            body_html="<p>Hello</p>",
            state=state,
            last_error="550 No such user" if state == MessageState.FAILED else None,
            created_at=utcnow() - timedelta(days=days_ago),
        )
    )


def build_assembly_a():
    """Assembly A with two of most things, so every count is checked against known rows."""
    assembly = create_assembly("climate", name="Climate Assembly")
    officer = create_user(role="officer", name="Olu Officer")
    member = create_user(assemblies=[assembly])
    day = timedelta(days=1)
    rows = {
        "overdue": create_recommendation(
            assembly,
            1,
            title="Overdue bus lanes",
            lead_officer=officer,
            next_report_due=today() - 10 * day,
        ),
        "long_overdue": create_recommendation(
            assembly,
            2,
            title="Long overdue trams",
            lead_officer=officer,
            next_report_due=today() - 200 * day,
        ),
        "due_soon": create_recommendation(
            assembly,
            3,
            title="Soon cycle paths",
            lead_officer=officer,
            next_report_due=today() + 5 * day,
        ),
        "due_later": create_recommendation(
            assembly,
            4,
            title="Later heat pumps",
            lead_officer=officer,
            next_report_due=today() + 90 * day,
        ),
        "without_lead": create_recommendation(
            assembly, 5, title="Leaderless insulation", next_report_due=today() + 60 * day
        ),
        # Chosen six weeks ago and never accepted: more than 10 working days, whatever the
        # bank holidays.
        "unanswered_lead": create_recommendation(
            assembly,
            6,
            title="Unanswered heat network",
            lead_officer=officer,
            lead_assigned_at=utcnow() - 42 * day,
            next_report_due=today() + 90 * day,
        ),
    }
    first = rows["overdue"]
    question(first, "Late question about buses", -3)
    question(first, "Open question about buses", 10)
    question(first, "Answered question about buses", -3, answered=True)
    twice = reported_comment(first, member, "Reported twice", 2)
    once = reported_comment(first, member, "Reported once", 1)
    reported_comment(first, member, "Reports dealt with", 1, resolved=True)
    invitation(assembly, "waiting@example.org")
    invitation(assembly, "expired@example.org", expires_in_days=-1)
    invitation(assembly, "accepted@example.org", accepted_at=utcnow())
    invitation(assembly, "withdrawn@example.org", revoked_at=utcnow())
    affected = [rows["overdue"]]
    create_decision_point(assembly, affected, days_from_now=-20, what="Forgotten cabinet")
    create_decision_point(assembly, affected, days_from_now=-5, what="Recent cabinet")
    create_decision_point(assembly, affected, days_from_now=-30, what="Done cabinet", outcome="Yes")
    db.session.commit()
    return assembly, rows, (twice, once)


def build_assembly_b():
    """Another assembly with one overdue report and one waiting invitation, to keep A's apart."""
    assembly = create_assembly("housing", name="Housing Assembly")
    create_recommendation(
        assembly,
        1,
        title="Overdue housing",
        lead_officer=create_user(role="officer"),
        next_report_due=today() - timedelta(days=20),
    )
    invitation(assembly, "housing-waiting@example.org")
    db.session.commit()
    return assembly


def test_each_figure_counts_the_data_and_links_to_a_list_of_exactly_those_rows(client, app_context):
    assembly, rows, (twice, once) = build_assembly_a()
    other = build_assembly_b()
    email("failed-recently@example.org", MessageState.FAILED, 1)
    email("failed-too@example.org", MessageState.FAILED, 6)
    email("failed-long-ago@example.org", MessageState.FAILED, 10)
    email("delivered@example.org", MessageState.SENT, 1)
    first = next(iter(rows.values()))
    create_action(first, title="Missed depot", due_on=today() - timedelta(days=2))
    create_action(first, title="On time depot", due_on=today() + timedelta(days=2))
    db.session.commit()
    sign_in(client, create_user(role="organiser"))

    page = client.get("/admin/").get_data(as_text=True)
    figures = figures_of(page, assembly.id)

    assert {key: text for key, (text, _) in figures.items()} == {
        # Concluded in June 2025 with no first response published: long overdue.
        "council_report_overdue": "1 council report overdue",
        "council_report_long_overdue": "1 council report long overdue",
        # No statements here: tests/statements/test_dashboard.py counts them.
        "statements_awaiting_reply": "0 statements waiting for the council’s reply",
        "statement_reply_overdue": "0 replies to statements overdue",
        "overdue": "2 reports overdue",
        "long_overdue": "1 report long overdue",
        "due_soon": "1 report due in the next 30 days",
        "open_questions": "2 open questions",
        "late_questions": "1 question past its answer date",
        "reported_comments": "2 comments reported for moderation",
        "outcome_missing": "1 decision without its outcome after 14 days",
        "pending_invitations": "1 invitation not yet accepted",
        "expired_invitations": "1 invitation expired",
        "without_lead": "1 recommendation without a lead",
        "unanswered_leads": "1 lead not confirmed after 10 working days",
        "missed_actions": "1 action missed",
        # No referrals or charter requests here: tests/partners/test_referrals.py and
        # test_charter_figures.py count them.
        "referrals_overdue": "0 referrals to organisations overdue",
        "charter_requests": "0 requests to sign the charter waiting",
    }
    assert figures_of(page, other.id)["overdue"][0] == "1 report overdue"
    assert figures_of(page, other.id)["pending_invitations"][0] == "1 invitation not yet accepted"
    assert figures_of(page)["failed_emails"][0] == "2 emails failed in the last 7 days"

    titles = [row.title for row in rows.values()] + ["Overdue housing"]
    questions = ["Late question about buses", "Open question about buses", "Answered question"]
    invited = [
        "waiting@example.org",
        "expired@example.org",
        "accepted@example.org",
        "withdrawn@example.org",
        "housing-waiting@example.org",
    ]
    addresses = [
        "failed-recently@example.org",
        "failed-too@example.org",
        "failed-long-ago@example.org",
        "delivered@example.org",
    ]
    expected = {
        "overdue": (titles, {"Overdue bus lanes", "Long overdue trams"}),
        "long_overdue": (titles, {"Long overdue trams"}),
        "due_soon": (titles, {"Soon cycle paths"}),
        "without_lead": (titles, {"Leaderless insulation"}),
        "unanswered_leads": (titles, {"Unanswered heat network"}),
        "open_questions": (questions, {"Late question about buses", "Open question about buses"}),
        "late_questions": (questions, {"Late question about buses"}),
        "reported_comments": (
            ["Reported twice", "Reported once", "Reports dealt with"],
            {"Reported twice", "Reported once"},
        ),
        "outcome_missing": (
            ["Forgotten cabinet", "Recent cabinet", "Done cabinet"],
            {"Forgotten cabinet"},
        ),
        "pending_invitations": (invited, {"waiting@example.org"}),
        "expired_invitations": (invited, {"expired@example.org"}),
        "failed_emails": (addresses, {"failed-recently@example.org", "failed-too@example.org"}),
        "missed_actions": (["Missed depot", "On time depot"], {"Missed depot"}),
    }
    links = {**{key: href for key, (_, href) in figures.items()}}
    links["failed_emails"] = figures_of(page)["failed_emails"][1]
    for key, (candidates, shown) in expected.items():
        listed = client.get(links[key])
        assert listed.status_code == 200, key
        body = listed.get_data(as_text=True)
        assert {text for text in candidates if text in body} == shown, key


def test_a_council_report_not_published_on_time_is_counted_until_it_is_published(
    client, app_context
):
    late = create_assembly("late-first-response", concluded_on=today() - timedelta(days=120))
    later = create_assembly("long-late-first-response", concluded_on=today() - timedelta(days=200))
    on_time = create_assembly("on-time", concluded_on=today() - timedelta(days=20))
    db.session.commit()
    sign_in(client, create_user(role="organiser"))

    page = client.get("/admin/").get_data(as_text=True)
    shown = {
        assembly.slug: {
            key: text
            for key, (text, _) in figures_of(page, assembly.id).items()
            if key.startswith("council_report")
        }
        for assembly in (late, later, on_time)
    }
    assert shown == {
        "late-first-response": {
            "council_report_overdue": "1 council report overdue",
            "council_report_long_overdue": "0 council reports long overdue",
        },
        "long-late-first-response": {
            "council_report_overdue": "1 council report overdue",
            "council_report_long_overdue": "1 council report long overdue",
        },
        "on-time": {
            "council_report_overdue": "0 council reports overdue",
            "council_report_long_overdue": "0 council reports long overdue",
        },
    }
    link = figures_of(page, late.id)["council_report_overdue"][1]
    listed = text_of(client.get(link))
    assert "The next report is due by" in listed and "Overdue" in listed

    db.session.add(
        Report(
            assembly_id=late.id,
            number=1,
            kind=ReportKind.FIRST_RESPONSE,
            title="First response",
            period_from=today() - timedelta(days=120),
            period_to=today(),
            state=ReportState.PUBLISHED,
            published_at=utcnow(),
        )
    )
    db.session.commit()
    page = client.get("/admin/").get_data(as_text=True)
    assert figures_of(page, late.id)["council_report_overdue"][0] == "0 council reports overdue"


def test_the_dashboard_costs_the_same_queries_for_1_and_6_assemblies(client, app_context):
    build_assembly_a()
    sign_in(client, create_user(role="organiser"))
    client.get("/admin/")
    db.session.remove()
    with counting_queries() as one:
        assert client.get("/admin/").status_code == 200

    for index in range(5):
        more = create_assembly(f"more-{index}")
        create_recommendation(more, 1, next_report_due=today() - timedelta(days=3))
        invitation(more, f"more-{index}@example.org")
    db.session.commit()
    db.session.remove()
    with counting_queries() as six:
        page = client.get("/admin/").get_data(as_text=True)

    assert page.count('data-figure="overdue"') == 6
    assert len(six) == len(one)
    # 12 assembly figures (one the policy calendar's missing outcomes, one the missed actions) and
    # 1 email figure, each one query, the 2 council-report figures (the published reports and the
    # assemblies, two queries for both), the 2 statement-reply figures (one grouped query for
    # both), the median time to sign-off (one query), plus the assemblies, their member counts and
    # signing in; the 2 partners' figures (referrals overdue, charter requests waiting) one
    # query each.
    assert len(one) <= 26


def test_the_demo_gives_the_dashboard_something_to_count(runner, client, app_context):
    assert runner.invoke(args=["demo"]).exit_code == 0
    organiser = db.session.scalar(
        select(User).where(User.role == "organiser").order_by(User.id).limit(1)
    )
    sign_in(client, organiser)

    page = client.get("/admin/").get_data(as_text=True)
    climate = db.session.scalar(select(Assembly).where(Assembly.name.like("%Climate%")))
    figures = {key: text for key, (text, _) in figures_of(page, climate.id).items()}

    assert figures["pending_invitations"] == "1 invitation not yet accepted"
    assert figures["expired_invitations"] == "1 invitation expired"
    assert figures["reported_comments"] != "0 comments reported for moderation"
