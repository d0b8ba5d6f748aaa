"""Reminders: lead officers before and after reports are due, organisers about everything late.

Each lead officer gets at most one email a day listing:

- recommendations whose report is due within 14 days (once per due date),
- reports due today (once per due date),
- overdue reports (once a week while they stay overdue),
- members' questions assigned to them whose answer is due within 14 days or overdue (once a
  week each while unanswered).

Organisers get a weekly summary of every overdue report and every question past its answer
date, whoever it is with (the first run in each ISO week).

Every reminder included in an email is written to ``reminder_logs`` in the email's transaction,
under a unique key (person, kind, subject, day): a second run the same day finds the logs and
sends nothing, and two workers racing are stopped by the key.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal.extensions import db
from portal.links import question_url, workspace_url
from portal.mail.outbox import send_email
from portal.models import Assembly, Question, Recommendation, ReminderLog, Role, User
from portal.scrutiny.rendering import plain_text, shorten
from portal.timeutil import utcnow
from portal.tracker import lead_answers
from portal.tracker.escalation import open_escalations

DUE_SOON_DAYS = 14
OVERDUE_EVERY_DAYS = 7

DUE_SOON = "due_soon"
DUE_TODAY = "due_today"
OVERDUE = "overdue"
QUESTION = "question"
ORGANISER_SUMMARY = "organiser_summary"

SECTION_TITLES = {
    DUE_TODAY: _l("Due today"),
    OVERDUE: _l("Overdue"),
    DUE_SOON: _l("Due in the next %(days)d days", days=DUE_SOON_DAYS),
    QUESTION: _l("Questions waiting for an answer"),
}


@dataclass(frozen=True)
class ReminderItem:
    """One thing a person should be reminded of.

    ``kind`` names the section it appears in (add a title to SECTION_TITLES for a new kind);
    ``subject_key`` identifies what it is about, so it is not repeated the same day.
    """

    user_id: int
    kind: str
    subject_key: str
    title: str
    link: str
    detail: str = ""
    due_on: date | None = None
    recommendation_id: int | None = None


@dataclass
class ReminderReport:
    officers: int = 0
    organisers: int = 0
    items: int = 0


def _describe_due(due: date, today: date) -> str:
    days = (due - today).days
    if days == 0:
        return "Report due today"
    if days > 0:
        return f"Report due in {days} day{'s' if days != 1 else ''}"
    late = -days
    return f"Report {late} day{'s' if late != 1 else ''} overdue"


def _recommendation_key(recommendation: Recommendation) -> str:
    return f"recommendation:{recommendation.id}:{recommendation.next_report_due.isoformat()}"


def recommendation_reminders(today: date) -> list[ReminderItem]:
    """Report reminders for lead officers who take reminder emails."""
    rows = db.session.execute(
        select(Recommendation, Assembly)
        .join(Assembly, Assembly.id == Recommendation.assembly_id)
        .join(User, User.id == Recommendation.lead_officer_id)
        .where(
            Recommendation.closed_at.is_(None),  # closed: no more reports are owed
            Recommendation.next_report_due.is_not(None),
            Recommendation.next_report_due <= today + timedelta(days=DUE_SOON_DAYS),
            User.is_active_account.is_(True),
            User.reminder_emails.is_(True),
        )
        .order_by(Recommendation.next_report_due, Assembly.name, Recommendation.number)
    ).all()
    items = []
    for recommendation, assembly in rows:
        due = recommendation.next_report_due
        kind = DUE_TODAY if due == today else OVERDUE if due < today else DUE_SOON
        items.append(
            ReminderItem(
                user_id=recommendation.lead_officer_id,
                kind=kind,
                subject_key=_recommendation_key(recommendation),
                title=f"{assembly.name}, recommendation {recommendation.number}: "
                f"{recommendation.title}",
                link=workspace_url(recommendation, external=True),
                detail=_describe_due(due, today),
                due_on=due,
                recommendation_id=recommendation.id,
            )
        )
    return items


def _describe_answer_due(due: date, today: date) -> str:
    days = (due - today).days
    if days == 0:
        return str(_l("Answer due today"))
    if days > 0:
        return ngettext("Answer due in %(num)d day", "Answer due in %(num)d days", days)
    return ngettext("Answer %(num)d day overdue", "Answer %(num)d days overdue", -days)


def question_reminders(today: date) -> list[ReminderItem]:
    """Unanswered questions assigned to an officer who takes reminder emails, due within
    :data:`DUE_SOON_DAYS` days or overdue (those with nobody go into the organisers' summary)."""
    rows = db.session.execute(
        select(Question, Recommendation, Assembly)
        .join(Recommendation, Recommendation.id == Question.recommendation_id)
        .join(Assembly, Assembly.id == Recommendation.assembly_id)
        .join(User, User.id == Question.assigned_to_id)
        .where(
            Question.answered_at.is_(None),
            Question.due_on <= today + timedelta(days=DUE_SOON_DAYS),
            User.is_active_account.is_(True),
            User.reminder_emails.is_(True),
        )
        .order_by(Question.due_on, Question.id)
    ).all()
    return [
        ReminderItem(
            user_id=question.assigned_to_id,
            kind=QUESTION,
            subject_key=f"question:{question.id}",
            title=f"{shorten(plain_text(question.body), 160)[0]} ({assembly.name}, "
            f"recommendation {recommendation.number})",
            link=question_url(question.id, external=True),
            detail=_describe_answer_due(question.due_on, today),
            due_on=question.due_on,
            recommendation_id=recommendation.id,
        )
        for question, recommendation, assembly in rows
        if question.assigned_to_id is not None
    ]


def _already_reminded(items: list[ReminderItem], today: date) -> set[tuple[int, str, str]]:
    """(person, kind, subject) reminded recently enough not to repeat now.

    Due soon and due today: once per due date (the due date is in the subject key).
    Overdue reports and questions: again a week after the last time. Anything else: once a day.
    """
    if not items:
        return set()
    keys = {item.subject_key for item in items}
    since = today - timedelta(days=OVERDUE_EVERY_DAYS - 1)
    logs = db.session.execute(
        select(
            ReminderLog.user_id, ReminderLog.kind, ReminderLog.subject_key, ReminderLog.sent_on
        ).where(ReminderLog.subject_key.in_(keys))
    ).all()
    done = set()
    for user_id, kind, key, sent_on in logs:
        if (
            kind in (DUE_SOON, DUE_TODAY)
            or (kind in (OVERDUE, QUESTION) and sent_on >= since)
            or sent_on == today
        ):
            done.add((user_id, kind, key))
    return done


def send_reminders(today: date | None = None, now: datetime | None = None) -> ReminderReport:
    """Queue today's reminders: one email per officer, and organisers' weekly summaries."""
    now = now or utcnow()
    today = today or now.date()
    items = recommendation_reminders(today) + question_reminders(today)
    done = _already_reminded(items, today)
    by_person: dict[int, list[ReminderItem]] = {}
    for item in items:
        if (item.user_id, item.kind, item.subject_key) not in done:
            by_person.setdefault(item.user_id, []).append(item)
    db.session.rollback()
    report = ReminderReport()
    for user_id, person_items in by_person.items():
        if _send_officer_reminder(user_id, person_items, today):
            report.officers += 1
            report.items += len(person_items)
    report.organisers = _send_organiser_summaries(today)
    return report


def _log(user_id: int, item_kind: str, key: str, today: date, **fields) -> None:
    db.session.add(
        ReminderLog(user_id=user_id, kind=item_kind, subject_key=key, sent_on=today, **fields)
    )


def _commit_or_skip() -> bool:
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return False
    return True


def _send_officer_reminder(user_id: int, items: list[ReminderItem], today: date) -> bool:
    user = db.session.get(User, user_id)
    if user is None or not user.is_active_account or not user.reminder_emails:
        return False
    for item in items:
        _log(
            user_id,
            item.kind,
            item.subject_key,
            today,
            recommendation_id=item.recommendation_id,
            due_on=item.due_on,
        )
    sections = [
        (title, [item for item in items if item.kind == kind])
        for kind, title in SECTION_TITLES.items()
    ]
    sections = [(title, section) for title, section in sections if section]
    send_email(
        user.email,
        str(_reminder_subject(items)),
        "reminder",
        kind="reminder",
        user_id=user.id,
        unsubscribe="reminders",
        user=user,
        sections=sections,
        today=today,
    )
    return _commit_or_skip()


def _reminder_subject(items: list[ReminderItem]) -> str:
    questions = sum(1 for item in items if item.kind == QUESTION)
    reports = len(items) - questions
    if not questions:
        return ngettext(
            "Reminder: %(num)d report needs your attention",
            "Reminder: %(num)d reports need your attention",
            reports,
        )
    asked = ngettext(
        "%(num)d question waiting for your answer",
        "%(num)d questions waiting for your answer",
        questions,
    )
    if not reports:
        return _l("Reminder: %(questions)s", questions=asked)
    return _l(
        "Reminder: %(reports)s and %(questions)s",
        reports=ngettext("%(num)d report due", "%(num)d reports due", reports),
        questions=asked,
    )


def not_yet_sent(role: Role, kind: str, key: str) -> list[int]:
    """The ids of active people of ``role`` with reminder emails on who have no ``kind`` email
    logged for the period ``key`` yet (the weekly summary, the monthly pack)."""
    return list(
        db.session.scalars(
            select(User.id).where(
                User.role == role,
                User.is_active_account.is_(True),
                User.reminder_emails.is_(True),
                ~select(ReminderLog.id)
                .where(
                    ReminderLog.user_id == User.id,
                    ReminderLog.kind == kind,
                    ReminderLog.subject_key == key,
                )
                .exists(),
            )
        )
    )


def _send_organiser_summaries(today: date) -> int:
    """The weekly summary of every overdue report, every question past its answer date and every
    open escalation, to each organiser, once per ISO week."""
    year, week, _ = today.isocalendar()
    key = f"week:{year}-W{week:02d}"
    overdue_all = _all_overdue(today)
    late_questions = _late_questions(today)
    escalations = open_escalations()
    unanswered_leads = _unanswered_leads(today)
    if not overdue_all and not late_questions and not escalations and not unanswered_leads:
        return 0
    organiser_ids = not_yet_sent(Role.ORGANISER, ORGANISER_SUMMARY, key)
    db.session.rollback()
    sent = 0
    for organiser_id in organiser_ids:
        organiser = db.session.get(User, organiser_id)
        _log(organiser_id, ORGANISER_SUMMARY, key, today)
        send_email(
            organiser.email,
            _summary_subject(
                len(overdue_all), len(late_questions), len(escalations), len(unanswered_leads)
            ),
            "overdue_summary",
            kind="reminder",
            user_id=organiser.id,
            unsubscribe="reminders",
            user=organiser,
            rows=overdue_all,
            questions=late_questions,
            escalations=escalations,
            leads=unanswered_leads,
            today=today,
        )
        if _commit_or_skip():
            sent += 1
    return sent


def _summary_subject(reports: int, questions: int, escalations: int = 0, leads: int = 0) -> str:
    parts = []
    if reports:
        parts.append(ngettext("%(num)d overdue report", "%(num)d overdue reports", reports))
    if questions:
        parts.append(
            ngettext(
                "%(num)d question past its answer date",
                "%(num)d questions past their answer date",
                questions,
            )
        )
    if escalations:
        parts.append(ngettext("%(num)d open escalation", "%(num)d open escalations", escalations))
    if leads:
        parts.append(
            ngettext(
                "%(num)d lead not confirmed after 10 working days",
                "%(num)d leads not confirmed after 10 working days",
                leads,
            )
        )
    return str(_l("Weekly summary: %(what)s", what=str(_l(" and ")).join(parts)))


@dataclass(frozen=True)
class LateQuestion:
    assembly_name: str
    number: int
    text: str
    with_whom: str
    detail: str
    link: str


def _late_questions(today: date) -> list[LateQuestion]:
    """Every unanswered question past its answer date, whoever has it (or nobody), oldest first."""
    rows = db.session.execute(
        select(Question, Recommendation, Assembly, User)
        .join(Recommendation, Recommendation.id == Question.recommendation_id)
        .join(Assembly, Assembly.id == Recommendation.assembly_id)
        .outerjoin(User, User.id == Question.assigned_to_id)
        .where(Question.answered_at.is_(None), Question.due_on < today)
        .order_by(Question.due_on, Question.id)
    ).all()
    return [
        LateQuestion(
            assembly_name=assembly.name,
            number=recommendation.number,
            text=shorten(plain_text(question.body), 160)[0],
            with_whom=officer.name if officer else str(_l("nobody: no lead officer yet")),
            detail=_describe_answer_due(question.due_on, today),
            link=question_url(question.id, external=True),
        )
        for question, recommendation, assembly, officer in rows
    ]


@dataclass(frozen=True)
class OverdueRow:
    assembly_name: str
    number: int
    title: str
    lead: str
    due_on: date
    detail: str
    link: str


def _all_overdue(today: date) -> list[OverdueRow]:
    """Every overdue report, whoever leads it (or nobody), oldest first."""
    rows = db.session.execute(
        select(Recommendation, Assembly, User)
        .join(Assembly, Assembly.id == Recommendation.assembly_id)
        .outerjoin(User, User.id == Recommendation.lead_officer_id)
        .where(Recommendation.closed_at.is_(None), Recommendation.next_report_due < today)
        .order_by(Recommendation.next_report_due, Assembly.name, Recommendation.number)
    ).all()
    return [
        OverdueRow(
            assembly_name=assembly.name,
            number=recommendation.number,
            title=recommendation.title,
            lead=lead.name if lead else "No lead officer",
            due_on=recommendation.next_report_due,
            detail=_describe_due(recommendation.next_report_due, today),
            link=workspace_url(recommendation, external=True),
        )
        for recommendation, assembly, lead in rows
    ]


@dataclass(frozen=True)
class UnansweredLead:
    assembly_name: str
    number: int
    title: str
    lead: str
    assigned_on: date
    link: str


def _unanswered_leads(today: date) -> list[UnansweredLead]:
    """Leads chosen more than 10 working days ago who have neither accepted nor said the
    recommendation isn't theirs, longest waiting first."""
    rows = db.session.execute(
        select(Recommendation, Assembly, User)
        .join(Assembly, Assembly.id == Recommendation.assembly_id)
        .join(User, User.id == Recommendation.lead_officer_id)
        .where(lead_answers.unanswered_clause(today))
        .order_by(Recommendation.lead_assigned_at, Assembly.name, Recommendation.number)
    ).all()
    return [
        UnansweredLead(
            assembly_name=assembly.name,
            number=recommendation.number,
            title=recommendation.title,
            lead=lead.name,
            assigned_on=recommendation.lead_assigned_at.date(),
            link=workspace_url(recommendation, external=True),
        )
        for recommendation, assembly, lead in rows
        if recommendation.lead_assigned_at is not None
    ]
