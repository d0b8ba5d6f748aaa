"""Download my data: everything the portal holds about one person, as JSON and CSV in a ZIP.

``data.json`` holds every section; each section is also a CSV file (formula-safe: text a
spreadsheet would run as a formula starts with an apostrophe). Only the person's own records
are read: every query is filtered on their id (or, for invitations, their address).
Emails are listed by their metadata (kind, subject, state, dates), not their bodies.
"""

from __future__ import annotations

import csv
import enum
import io
import json
import zipfile
from datetime import date, datetime

from sqlalchemy import func, or_, select

from portal.extensions import db
from portal.models import (
    Assembly,
    AssessmentAnswer,
    AssessmentParticipation,
    AssessmentRound,
    Comment,
    CommentReport,
    Follow,
    Invitation,
    Membership,
    Notification,
    OutboxMessage,
    Question,
    Recommendation,
    Report,
    ResponseEntry,
    User,
    UserSession,
    Verdict,
)
from portal.public.open_data import neutralise_formula

SECTIONS = (
    "account",
    "memberships",
    "follows",
    "comments",
    "verdicts",
    "assessments",
    "questions",
    "email_preferences",
    "emails",
    "notifications",
    "sessions",
    "reports",
    "invitations",
)


def _value(value):
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    return value


def _rows(statement, columns: list[str]) -> list[dict]:
    return [
        {column: _value(value) for column, value in zip(columns, row, strict=True)}
        for row in db.session.execute(statement)
    ]


def collect(user: User) -> dict[str, list[dict]]:
    """Each section's records, as lists of plain dicts (JSON-ready)."""
    recommendation = (
        Assembly.slug.label("assembly"),
        Recommendation.number.label("recommendation"),
    )
    data: dict[str, list[dict]] = {}
    data["account"] = [
        {
            "id": user.id,
            "email": user.email,
            "name": user.name,
            "display_name": user.display_name,
            "role": _value(user.role),
            "department": user.department,
            "password_set": bool(user.password_hash),
            "active": user.is_active_account,
            "created_at": _value(user.created_at),
            "last_sign_in_at": _value(user.last_sign_in_at),
            "last_seen_at": _value(user.last_seen_at),
            "posting_suspended_at": _value(user.comments_suspended_at),
            "posting_suspended_reason": user.comments_suspended_reason,
        }
    ]
    data["memberships"] = _rows(
        select(Assembly.slug, Assembly.name, Membership.joined_at)
        .join(Assembly, Assembly.id == Membership.assembly_id)
        .where(Membership.user_id == user.id)
        .order_by(Membership.id),
        ["assembly", "assembly_name", "joined_at"],
    )
    data["follows"] = _rows(
        select(*recommendation, Follow.following, Follow.frequency, Follow.updated_at)
        .join(Recommendation, Recommendation.id == Follow.recommendation_id)
        .join(Assembly, Assembly.id == Recommendation.assembly_id)
        .where(Follow.user_id == user.id)
        .order_by(Follow.id),
        ["assembly", "recommendation", "following", "frequency", "updated_at"],
    )
    data["comments"] = _rows(
        select(
            Comment.id,
            *recommendation,
            Comment.parent_id,
            Comment.body,
            Comment.created_at,
            Comment.edited_at,
            Comment.deleted_at,
            Comment.hidden_at,
            Comment.hidden_reason,
        )
        .join(Recommendation, Recommendation.id == Comment.recommendation_id)
        .join(Assembly, Assembly.id == Recommendation.assembly_id)
        .where(Comment.author_id == user.id)
        .order_by(Comment.id),
        [
            "id",
            "assembly",
            "recommendation",
            "reply_to",
            "text",
            "posted_at",
            "edited_at",
            "deleted_at",
            "hidden_at",
            "hidden_reason",
        ],
    )
    data["verdicts"] = _rows(
        select(
            *recommendation,
            ResponseEntry.kind,
            ResponseEntry.published_at,
            Verdict.rating,
            Verdict.reason,
            Verdict.created_at,
            Verdict.updated_at,
        )
        .join(ResponseEntry, ResponseEntry.id == Verdict.entry_id)
        .join(Recommendation, Recommendation.id == ResponseEntry.recommendation_id)
        .join(Assembly, Assembly.id == Recommendation.assembly_id)
        .where(Verdict.user_id == user.id)
        .order_by(Verdict.id),
        [
            "assembly",
            "recommendation",
            "response_kind",
            "response_published_at",
            "rating",
            "reason",
            "given_at",
            "changed_at",
        ],
    )
    data["questions"] = _rows(
        select(
            Question.id,
            *recommendation,
            Question.body,
            Question.asked_at,
            Question.due_on,
            Question.answer,
            Question.answered_at,
        )
        .join(Recommendation, Recommendation.id == Question.recommendation_id)
        .join(Assembly, Assembly.id == Recommendation.assembly_id)
        .where(Question.asked_by_id == user.id)
        .order_by(Question.id),
        [
            "id",
            "assembly",
            "recommendation",
            "question",
            "asked_at",
            "due_on",
            "answer",
            "answered_at",
        ],
    )
    preferences = [
        {"setting": "usual_frequency", "value": _value(user.email_frequency)},
        {"setting": "bulletins", "value": user.bulletins_opt_in},
        {"setting": "reply_emails", "value": user.reply_emails},
        {"setting": "reminder_emails", "value": user.reminder_emails},
    ]
    preferences += [
        {
            "setting": f"frequency:{row['assembly']}/{row['recommendation']}",
            "value": row["frequency"],
        }
        for row in data["follows"]
        if row["frequency"]
    ]
    data["email_preferences"] = preferences
    data["emails"] = _rows(
        select(
            OutboxMessage.kind,
            OutboxMessage.subject,
            OutboxMessage.to_address,
            OutboxMessage.state,
            OutboxMessage.created_at,
            OutboxMessage.sent_at,
        )
        .where(OutboxMessage.user_id == user.id)
        .order_by(OutboxMessage.id),
        ["kind", "subject", "to_address", "state", "queued_at", "sent_at"],
    )
    data["notifications"] = _rows(
        select(
            Notification.kind, Notification.summary, Notification.created_at, Notification.read_at
        )
        .where(Notification.user_id == user.id)
        .order_by(Notification.id),
        ["kind", "summary", "created_at", "read_at"],
    )
    data["assessments"] = _rows(
        select(
            *recommendation,
            Report.number,
            AssessmentAnswer.rating,
            AssessmentAnswer.reason,
            AssessmentParticipation.may_quote,
            AssessmentParticipation.finished_at,
            AssessmentParticipation.updated_at,
        )
        .select_from(AssessmentAnswer)
        .join(
            AssessmentParticipation,
            AssessmentParticipation.id == AssessmentAnswer.participation_id,
        )
        .join(AssessmentRound, AssessmentRound.id == AssessmentParticipation.round_id)
        .join(Report, Report.id == AssessmentRound.report_id)
        .join(Recommendation, Recommendation.id == AssessmentAnswer.recommendation_id)
        .join(Assembly, Assembly.id == Recommendation.assembly_id)
        .where(AssessmentParticipation.user_id == user.id)
        .order_by(AssessmentAnswer.id),
        [
            "assembly",
            "recommendation",
            "report",
            "rating",
            "reason",
            "may_quote",
            "submitted_at",
            "updated_at",
        ],
    )
    data["sessions"] = _rows(
        select(
            UserSession.created_at,
            UserSession.last_seen_at,
            UserSession.expires_at,
            UserSession.remember,
        )
        .where(UserSession.user_id == user.id)
        .order_by(UserSession.id),
        ["signed_in_at", "last_seen_at", "expires_at", "keep_me_signed_in"],
    )
    data["reports"] = _rows(
        select(
            CommentReport.comment_id,
            CommentReport.reason,
            CommentReport.created_at,
            CommentReport.resolved_at,
        )
        .where(CommentReport.reporter_id == user.id)
        .order_by(CommentReport.id),
        ["comment", "reason", "reported_at", "resolved_at"],
    )
    data["invitations"] = _rows(
        select(
            Invitation.email,
            Invitation.name,
            Invitation.role,
            Invitation.sent_at,
            Invitation.accepted_at,
        )
        .where(
            or_(Invitation.user_id == user.id, func.lower(Invitation.email) == user.email.lower())
        )
        .order_by(Invitation.id),
        ["email", "name", "role", "sent_at", "accepted_at"],
    )
    return data


def _csv(rows: list[dict]) -> str:
    out = io.StringIO()
    if rows:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\r\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({key: neutralise_formula(value) for key, value in row.items()})
    return out.getvalue()


def build_zip(user: User) -> bytes:
    """The ZIP the person downloads: ``data.json`` and one CSV per section."""
    data = collect(user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, ensure_ascii=False, indent=2))
        for section in SECTIONS:
            archive.writestr(f"{section}.csv", _csv(data[section]))
    return buffer.getvalue()
