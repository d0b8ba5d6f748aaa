"""Demo content for statements: on the climate assembly's first published report, the members'
statement, endorsed and published, with the council's reply; on its latest report, a draft with
members' proposals and a comment. Nothing happens when the assembly has no published report."""

from __future__ import annotations

from datetime import timedelta

from portal import permissions
from portal.extensions import db
from portal.models import Report, ReportState, StatementEndorsement, StatementPost
from portal.reports import services as reports
from portal.statements import services
from portal.timeutil import utcnow

STATEMENT = """We thank the council for its first response to our recommendations.

We welcome the decision to fund **free buses for under-25s**, and we ask the council to:

- publish a timetable for insulating council homes within six months;
- explain in plain English why recommendations were not accepted;
- meet the assembly's members again before its next annual report.
"""

REPLY = """Thank you for your statement and for the time you gave to the assembly.

We will publish the insulation timetable in the spring, with the funding it needs. \
Each decision not to accept a recommendation now has a plain-English explanation on this \
portal, and we will invite every member to a meeting before the next annual report.
"""

PROPOSALS = [
    "We want the council to say **when** the first new bus routes will start.",
    "Please add: the tree planting should start with the streets that have the fewest trees.",
]
COMMENT = "I agree with both proposals. Can we keep the statement short?"


def _first_published(climate) -> Report | None:
    return db.session.scalar(
        db.select(Report)
        .where(Report.assembly_id == climate.id, Report.state == ReportState.PUBLISHED)
        .order_by(Report.number)
        .limit(1)
    )


def add_statements_demo(climate, organiser, officers, members, rng) -> None:
    first = _first_published(climate)
    if first is None:
        return
    voters = [member for member in members if permissions.is_member_of(member, climate)]
    statement = services.start(first, organiser)
    for member, text in zip(voters, PROPOSALS, strict=False):
        services.add_post(statement, member, "proposal", text)
    services.edit_text(statement, organiser, STATEMENT)
    services.open_for_endorsement(statement, organiser)
    for member in voters[: max(1, len(voters) * 3 // 5)]:
        services.endorse(statement, member)
    services.publish(statement, organiser)
    services.publish_reply(statement, officers[0] if officers else organiser, REPLY)
    # Dated as it happened: two months after the report, and answered within the eight weeks.
    published = (first.published_at or utcnow()) + timedelta(weeks=8)
    statement.endorsement_opened_at = published - timedelta(weeks=2)
    statement.edited_at = published - timedelta(weeks=2, days=1)
    statement.published_at = published
    statement.reply_due_on = published.date() + timedelta(weeks=services.reply_weeks())
    statement.reply_published_at = published + timedelta(weeks=6)
    posts = db.session.scalars(
        db.select(StatementPost)
        .where(StatementPost.statement_id == statement.id)
        .order_by(StatementPost.id)
    )
    for days, post in enumerate(posts):  # proposed while it was a draft
        post.created_at = published - timedelta(weeks=5) + timedelta(days=days)
    endorsements = db.session.scalars(
        db.select(StatementEndorsement).where(StatementEndorsement.statement_id == statement.id)
    )
    for endorsement in endorsements:
        endorsement.created_at = published - timedelta(weeks=1)

    latest = reports.latest_published(climate)
    if latest is not None and latest.id != first.id:
        draft = services.start(latest, organiser)
        for member, text in zip(voters[2:], PROPOSALS, strict=False):
            services.add_post(draft, member, "proposal", text)
        if len(voters) > 4:
            services.add_post(draft, voters[4], "comment", COMMENT)
    db.session.flush()
