"""The organisers' record of every email: state, attempts and errors, and retrying failures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, case, func, or_, select, update

from portal.extensions import db
from portal.models import MessageState, OutboxMessage
from portal.timeutil import today, utcnow

PAGE_SIZE = 50
FAILED_RECENTLY_DAYS = 7
KIND_LABELS = {
    "account": _l("Account"),
    "notification": _l("Update"),
    "digest_daily": _l("Daily summary"),
    "digest_weekly": _l("Weekly summary"),
    "bulletin": _l("Bulletin"),
    "bulletin_test": _l("Bulletin test"),
    "reminder": _l("Reminder"),
    "reply": _l("Reply"),
    "answer": _l("Answer"),
    "question": _l("Question to answer"),
    "lead_assigned": _l("New lead officer"),
    "sign_off_waiting": _l("Waiting for sign-off"),
    "entry_returned": _l("Returned by an approver"),
    "subscription_confirm": _l("Subscriber: confirm address"),
    "subscription_manage": _l("Subscriber: manage link"),
    "subscription_update": _l("Subscriber: update"),
    "subscription_digest_daily": _l("Subscriber: daily summary"),
    "subscription_digest_weekly": _l("Subscriber: weekly summary"),
    "escalation": _l("Escalation"),
    "lead_declined": _l("Lead said it isn't theirs"),
    "statement": _l("Members’ statement"),
    "report": _l("Report published"),
    "report_corrected": _l("Report corrected"),
    "assessment": _l("Members’ assessment"),
}


@dataclass(frozen=True)
class Page:
    items: list
    number: int
    total: int
    size: int = PAGE_SIZE

    @property
    def count(self) -> int:
        return max((self.total + self.size - 1) // self.size, 1)


def _shown_state():
    return case(
        (OutboxMessage.state == MessageState.SENDING, MessageState.QUEUED.value),
        else_=OutboxMessage.state,
    )


def shown_state(code: str | None) -> MessageState | None:
    """The state a list of emails is filtered by, from the ``state`` URL value."""
    return MessageState(code) if code in MessageState.shown() else None


def _in_state(query: Select, state: MessageState | None) -> Select:
    if state == MessageState.QUEUED:
        return query.where(OutboxMessage.state.in_([MessageState.QUEUED, MessageState.SENDING]))
    if state is not None:
        return query.where(OutboxMessage.state == state)
    return query


def paginate(query: Select, page: int) -> Page:
    total = (
        db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    )
    last = max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    page = min(max(page, 1), last)
    items = list(db.session.scalars(query.limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)))
    return Page(items=items, number=page, total=total)


@dataclass(frozen=True)
class SentFilters:
    """What a list of emails shows: the recipient's address (any part of it), the kind, the
    state, and the days it was queued on (from and to, both included, in UTC)."""

    email: str = ""
    kind: str = ""
    state: MessageState | None = None
    date_from: date | None = None
    date_to: date | None = None
    # One person's emails: those queued for their account, or to their address (``user_email``).
    user_id: int | None = None
    user_email: str = ""

    def as_args(self) -> dict[str, str | list[str]]:
        """The URL values of the search form that show this list again (each date as its day,
        month and year, as the GOV.UK date input sends it)."""
        args: dict[str, str | list[str]] = {
            "email": self.email,
            "kind": self.kind,
            "state": self.state.value if self.state else "",
            "from_date": _date_parts(self.date_from),
            "to_date": _date_parts(self.date_to),
        }
        return {name: value for name, value in args.items() if value}

    @property
    def active(self) -> bool:
        return bool(self.as_args())


def _date_parts(day: date | None) -> list[str]:
    return [str(day.day), str(day.month), str(day.year)] if day else []


def from_form(form) -> SentFilters:
    """The filters of a validated search form; a field with an error is left out."""

    def valid(field):
        return None if field.errors else field.data

    kind = valid(form.kind) or ""
    return SentFilters(
        email=(valid(form.email) or "").strip(),
        kind=kind if kind in KIND_LABELS else "",
        state=shown_state(valid(form.state)),
        date_from=valid(form.from_date),
        date_to=valid(form.to_date),
    )


def failed_since(days: int = FAILED_RECENTLY_DAYS, on: date | None = None) -> SentFilters:
    """Emails that failed, queued in the last ``days`` days (the organiser dashboard's figure)."""
    on = on or today()
    return SentFilters(state=MessageState.FAILED, date_from=on - timedelta(days=days - 1))


def filtered(query: Select, filters: SentFilters) -> Select:
    """``query`` of OutboxMessage narrowed by ``filters``."""
    if filters.email:
        needle = filters.email.strip().lower()
        query = query.where(func.lower(OutboxMessage.to_address).contains(needle, autoescape=True))
    if filters.kind:
        query = query.where(OutboxMessage.kind == filters.kind)
    if filters.user_id is not None:
        query = query.where(
            or_(
                OutboxMessage.user_id == filters.user_id,
                func.lower(OutboxMessage.to_address) == filters.user_email.lower(),
            )
        )
    if filters.date_from:
        query = query.where(
            OutboxMessage.created_at >= datetime.combine(filters.date_from, time.min)
        )
    if filters.date_to:
        end = datetime.combine(filters.date_to + timedelta(days=1), time.min)
        query = query.where(OutboxMessage.created_at < end)
    return _in_state(query, filters.state)


def messages(
    filters: SentFilters | MessageState | None, page: int, bulletin_id: int | None = None
) -> Page:
    if not isinstance(filters, SentFilters):
        filters = SentFilters(state=filters)
    query = select(OutboxMessage).order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
    if bulletin_id is not None:
        query = (
            query.where(OutboxMessage.bulletin_id == bulletin_id)
            .order_by(None)
            .order_by(OutboxMessage.to_address, OutboxMessage.id)
        )
    return paginate(filtered(query, filters), page)


def count(filters: SentFilters) -> int:
    """How many emails ``filters`` lists, in one query."""
    return db.session.scalar(filtered(select(func.count(OutboxMessage.id)), filters)) or 0


def state_counts() -> dict[str, int]:
    shown = _shown_state()
    counts: dict[str, int] = dict.fromkeys(MessageState.shown(), 0)
    for state, count in db.session.execute(select(shown, func.count()).group_by(shown)):
        counts[state] = counts.get(state, 0) + count
    return counts


def retry(message: OutboxMessage) -> bool:
    """Queue a failed message again (its two-day allowance starts afresh). No commit."""
    if message.state != MessageState.FAILED:
        return False
    message.state = MessageState.QUEUED
    message.next_attempt_at = utcnow()
    message.first_failed_at = None
    return True


def retry_all_failed() -> int:
    """Queue every failed message again in one statement. No commit."""
    result = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.state == MessageState.FAILED)
        .values(state=MessageState.QUEUED, next_attempt_at=utcnow(), first_failed_at=None)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount
