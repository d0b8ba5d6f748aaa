"""Reminders: lead officers before and after reports are due, organisers about everything late.

Each lead officer gets at most one email a day listing:

- recommendations whose report is due within 14 days (once per due date),
- reports due today (once per due date),
- overdue reports (once a week while they stay overdue).

Organisers get a weekly summary of every overdue report (the first run in each ISO week).

Every reminder included in an email is written to ``reminder_logs`` in the email's transaction,
under a unique key (person, kind, subject, day): a second run the same day finds the logs and
sends nothing, and two workers racing are stopped by the key.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal.extensions import db
from portal.links import workspace_url
from portal.mail.outbox import send_email
from portal.models import Assembly, Recommendation, ReminderLog, Role, User
from portal.timeutil import utcnow

DUE_SOON_DAYS = 14
OVERDUE_EVERY_DAYS = 7

DUE_SOON = "due_soon"
DUE_TODAY = "due_today"
OVERDUE = "overdue"
ORGANISER_SUMMARY = "organiser_summary"

SECTION_TITLES = {
    DUE_TODAY: "Due today",
    OVERDUE: "Overdue",
    DUE_SOON: f"Due in the next {DUE_SOON_DAYS} days",
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


def _already_reminded(items: list[ReminderItem], today: date) -> set[tuple[int, str, str]]:
    """(person, kind, subject) reminded recently enough not to repeat now.

    Due soon and due today: once per due date (the due date is in the subject key).
    Overdue: again a week after the last time. Anything else: once a day.
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
            or (kind == OVERDUE and sent_on >= since)
            or sent_on == today
        ):
            done.add((user_id, kind, key))
    return done


def send_reminders(today: date | None = None, now: datetime | None = None) -> ReminderReport:
    """Queue today's reminders: one email per officer, and organisers' weekly summaries."""
    now = now or utcnow()
    today = today or now.date()
    items = recommendation_reminders(today)
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
    count = len(items)
    send_email(
        user.email,
        f"Reminder: {count} report{'s' if count != 1 else ''} need{'s' if count == 1 else ''} "
        "your attention",
        "reminder",
        kind="reminder",
        user_id=user.id,
        unsubscribe="reminders",
        user=user,
        sections=sections,
        today=today,
    )
    return _commit_or_skip()


def _send_organiser_summaries(today: date) -> int:
    """The weekly summary of every overdue report, to each organiser, once per ISO week."""
    year, week, _ = today.isocalendar()
    key = f"week:{year}-W{week:02d}"
    overdue_all = _all_overdue(today)
    if not overdue_all:
        return 0
    organisers = db.session.scalars(
        select(User).where(
            User.role == Role.ORGANISER,
            User.is_active_account.is_(True),
            User.reminder_emails.is_(True),
            ~select(ReminderLog.id)
            .where(
                ReminderLog.user_id == User.id,
                ReminderLog.kind == ORGANISER_SUMMARY,
                ReminderLog.subject_key == key,
            )
            .exists(),
        )
    ).all()
    organiser_ids = [organiser.id for organiser in organisers]
    db.session.rollback()
    sent = 0
    for organiser_id in organiser_ids:
        organiser = db.session.get(User, organiser_id)
        _log(organiser_id, ORGANISER_SUMMARY, key, today)
        send_email(
            organiser.email,
            f"Weekly summary: {len(overdue_all)} overdue "
            f"report{'s' if len(overdue_all) != 1 else ''}",
            "overdue_summary",
            kind="reminder",
            user_id=organiser.id,
            unsubscribe="reminders",
            user=organiser,
            rows=overdue_all,
            today=today,
        )
        if _commit_or_skip():
            sent += 1
    return sent


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
