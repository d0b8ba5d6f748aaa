"""The members' statement on a published report, and the council's reply: the rules.

States: draft (members propose text and comment, the organiser edits the text) → open for
endorsement (the text is frozen; members endorse, one each, and may withdraw) → published (the
text and the count are public, names never are) → replied. The council's reply is due
``STATEMENT_REPLY_WEEKS`` (8 by default) after publication, and is overdue after that date by
the same rule as a recommendation's report (:func:`portal.tracker.deadlines.lateness`).

Every function leaves the commit to its caller; each raises :class:`Problems` with a
plain-English message per field when the input or the state is wrong.
"""

from __future__ import annotations

from datetime import date, timedelta

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import case, delete, func, select
from sqlalchemy.orm import contains_eager

from portal import events, permissions
from portal.extensions import db
from portal.models import (
    Assembly,
    Membership,
    Report,
    Role,
    Statement,
    StatementEndorsement,
    StatementPost,
    StatementPostKind,
    StatementState,
    StatementVersion,
    User,
)
from portal.problems import Problems, check_text
from portal.scrutiny import limits
from portal.timeutil import today, utcnow
from portal.tracker.deadlines import Lateness, lateness

MAX_TEXT = 20_000
MAX_POST = 5_000
MAX_REPLY = 20_000
DEFAULT_REPLY_WEEKS = 8


# Finding statements


def statement_for(report: Report) -> Statement | None:
    return db.session.scalar(select(Statement).where(Statement.report_id == report.id))


def published_statements(assembly: Assembly) -> list[Statement]:
    """The assembly's published statements, oldest report first (with their reports)."""
    return list(
        db.session.scalars(
            select(Statement)
            .join(Report, Report.id == Statement.report_id)
            .options(contains_eager(Statement.report))
            .where(Report.assembly_id == assembly.id, Statement.state == StatementState.PUBLISHED)
            .order_by(Report.number)
        )
    )


def awaiting_reply_counts(on: date | None = None) -> dict[int, tuple[int, int]]:
    """For each assembly: its published statements still waiting for the council's reply, and
    how many of those are overdue (past their due date, by :func:`reply_lateness`'s rule). One
    grouped query for every assembly."""
    on = on or today()
    overdue = case((Statement.reply_due_on < on, 1), else_=0)
    return {
        assembly_id: (waiting, late or 0)
        for assembly_id, waiting, late in db.session.execute(
            select(Report.assembly_id, func.count(Statement.id), func.sum(overdue))
            .join(Report, Report.id == Statement.report_id)
            .where(
                Statement.state == StatementState.PUBLISHED,
                Statement.reply_published_at.is_(None),
            )
            .group_by(Report.assembly_id)
        )
    }


def posts_of(statement: Statement) -> list[StatementPost]:
    return list(
        db.session.scalars(
            select(StatementPost)
            .where(StatementPost.statement_id == statement.id)
            .order_by(StatementPost.created_at, StatementPost.id)
        )
    )


def versions_of(statement: Statement) -> list[StatementVersion]:
    return list(
        db.session.scalars(
            select(StatementVersion)
            .where(StatementVersion.statement_id == statement.id)
            .order_by(StatementVersion.created_at, StatementVersion.id)
        )
    )


def endorsement_count(statement: Statement) -> int:
    if statement.is_published and statement.endorsement_count is not None:
        return statement.endorsement_count
    return (
        db.session.scalar(
            select(func.count(StatementEndorsement.id)).where(
                StatementEndorsement.statement_id == statement.id
            )
        )
        or 0
    )


def has_endorsed(statement: Statement, user: User) -> bool:
    if not user.is_authenticated:
        return False
    return (
        db.session.scalar(
            select(StatementEndorsement.id).where(
                StatementEndorsement.statement_id == statement.id,
                StatementEndorsement.user_id == user.id,
            )
        )
        is not None
    )


def member_count(assembly: Assembly) -> int:
    """The assembly's members with an active account."""
    return (
        db.session.scalar(
            select(func.count(User.id))
            .join(Membership, Membership.user_id == User.id)
            .where(
                Membership.assembly_id == assembly.id,
                User.role == Role.MEMBER,
                User.is_active_account.is_(True),
            )
        )
        or 0
    )


def endorsed_line(statement: Statement) -> str:
    """ "Endorsed by 18 of 30 members" (the count only, never who)."""
    members = statement.member_count
    if members is None:
        members = member_count(statement.report.assembly)
    return ngettext(
        "Endorsed by %(count)d of %(num)d member",
        "Endorsed by %(count)d of %(num)d members",
        members,
        count=endorsement_count(statement),
    )


def reply_lateness(statement: Statement, on: date | None = None) -> Lateness:
    """Overdue or long overdue while the council's reply is not published after its due date."""
    if not statement.is_published or statement.is_replied:
        return Lateness.ON_TIME
    return lateness(statement.reply_due_on, on)


def reply_weeks() -> int:
    return int(current_app.config.get("STATEMENT_REPLY_WEEKS") or DEFAULT_REPLY_WEEKS)


# The organiser: opening, editing, freezing, publishing


def _require_state(statement: Statement, state: StatementState, field: str) -> None:
    if statement.state != state:
        messages = {
            StatementState.DRAFT: _("The statement is no longer a draft, so its text is fixed"),
            StatementState.OPEN: _("The statement is not open for endorsement"),
            StatementState.PUBLISHED: _("The statement is not published yet"),
        }
        raise Problems({field: messages[state]})


def start(report: Report, organiser: User) -> Statement:
    """Open a draft statement on a published report (one per report)."""
    if not report.is_published:
        raise Problems({"start": _("The report is not published yet")})
    if statement_for(report) is not None:
        raise Problems({"start": _("This report already has a members’ statement")})
    statement = Statement(
        report_id=report.id, state=StatementState.DRAFT, text="", opened_by_id=organiser.id
    )
    statement.report = report
    db.session.add(statement)
    db.session.flush()
    return statement


def edit_text(statement: Statement, editor: User, text: str) -> StatementVersion | None:
    """The organiser's edit of the draft text, kept as a version (none when nothing changed)."""
    _require_state(statement, StatementState.DRAFT, "text")
    text = (text or "").strip()
    problems = check_text(
        text,
        field="text",
        empty=_("Enter the text of the statement"),
        limit=MAX_TEXT,
        name=_("The statement"),
    )
    if problems:
        raise Problems(problems)
    if text == statement.text:
        return None
    now = utcnow()
    statement.text = text
    statement.edited_by_id = editor.id
    statement.edited_at = now
    version = StatementVersion(
        statement_id=statement.id, text=text, edited_by_id=editor.id, created_at=now
    )
    db.session.add(version)
    db.session.flush()
    return version


def open_for_endorsement(statement: Statement, organiser: User) -> None:
    """Freeze the text and ask the members to endorse it (they are emailed)."""
    _require_state(statement, StatementState.DRAFT, "open")
    if not statement.text.strip():
        raise Problems({"open": _("Write the text of the statement before you open it")})
    statement.state = StatementState.OPEN
    statement.endorsement_opened_at = utcnow()
    db.session.flush()
    events.emit("statement_opened", statement=statement)


def publish(statement: Statement, organiser: User) -> None:
    """Publish the frozen text with its endorsement count; the reply is due from now."""
    _require_state(statement, StatementState.OPEN, "publish")
    now = utcnow()
    statement.endorsement_count = endorsement_count(statement)
    statement.member_count = member_count(statement.report.assembly)
    statement.state = StatementState.PUBLISHED
    statement.published_at = now
    statement.reply_due_on = now.date() + timedelta(weeks=reply_weeks())
    db.session.flush()


# Members: proposals, comments, endorsements


def posting_limit_message(user: User) -> str:
    limit = limits.COMMENTS.reached(user)
    return _(
        "You have posted %(amount)s times in the last %(window)s. "
        "Wait a minute, then post again. We have kept what you wrote.",
        amount=limit.amount,
        window=limits.window(limit),
    )


def add_post(statement: Statement, author: User, kind: StatementPostKind | str, body: str):
    """A member's proposed text or comment on the draft (the same limit as comments)."""
    kind = StatementPostKind(kind)
    proposal = kind == StatementPostKind.PROPOSAL
    if not statement.is_draft:
        raise Problems({"body": _("The statement is no longer a draft, so it takes no more posts")})
    if not permissions.can_contribute_to_statement(author, statement.report.assembly):
        raise Problems({"body": _("Only members of this assembly can post here")}, status=403)
    problems = check_text(
        body,
        field="body",
        empty=_("Enter the text you propose") if proposal else _("Enter your comment"),
        limit=MAX_POST,
        name=_("Your proposed text") if proposal else _("Your comment"),
    )
    if problems:
        raise Problems(problems)
    if not limits.COMMENTS.allows(author):
        raise Problems({"body": posting_limit_message(author)}, status=429)
    post = StatementPost(
        statement_id=statement.id, kind=kind, author_id=author.id, body=body.strip()
    )
    post.author = author
    db.session.add(post)
    db.session.flush()
    limits.COMMENTS.count(author)
    return post


def hide_post(post: StatementPost, organiser: User) -> None:
    if post.hidden_at is None:
        post.hidden_at = utcnow()
        post.hidden_by_id = organiser.id


def endorse(statement: Statement, member: User) -> bool:
    """One endorsement per member; True if this one is new."""
    _require_state(statement, StatementState.OPEN, "endorse")
    if not permissions.can_endorse_statement(member, statement.report.assembly):
        raise Problems(
            {"endorse": _("Only members of this assembly can endorse its statement")}, status=403
        )
    if has_endorsed(statement, member):
        return False
    db.session.add(StatementEndorsement(statement_id=statement.id, user_id=member.id))
    db.session.flush()
    return True


def withdraw(statement: Statement, member: User) -> None:
    _require_state(statement, StatementState.OPEN, "endorse")
    db.session.execute(
        delete(StatementEndorsement).where(
            StatementEndorsement.statement_id == statement.id,
            StatementEndorsement.user_id == member.id,
        )
    )


# The council's reply


def publish_reply(statement: Statement, author: User, text: str) -> None:
    """An officer's or organiser's reply, published under the statement (members are emailed)."""
    _require_state(statement, StatementState.PUBLISHED, "reply")
    if statement.is_replied:
        raise Problems({"reply": _("The council has already replied to this statement")})
    text = (text or "").strip()
    problems = check_text(
        text,
        field="reply",
        empty=_("Enter the council’s reply"),
        limit=MAX_REPLY,
        name=_("The reply"),
    )
    if problems:
        raise Problems(problems)
    statement.reply = text
    statement.reply_by_id = author.id
    statement.reply_published_at = utcnow()
    db.session.flush()
    events.emit("statement_replied", statement=statement)
