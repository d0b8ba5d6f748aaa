"""The organisers' record of every email: state, attempts and errors, and retrying failures."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, case, func, select, update

from portal.extensions import db
from portal.models import MessageState, OutboxMessage
from portal.timeutil import utcnow

PAGE_SIZE = 50
KIND_LABELS = {
    "account": "Account",
    "notification": "Update",
    "digest_daily": "Daily summary",
    "digest_weekly": "Weekly summary",
    "bulletin": "Bulletin",
    "bulletin_test": "Bulletin test",
    "reminder": "Reminder",
    "reply": "Reply",
    "answer": "Answer",
    "question": "Question to answer",
    "lead_assigned": "New lead officer",
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


def messages(state: MessageState | None, page: int, bulletin_id: int | None = None) -> Page:
    query = select(OutboxMessage).order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
    if bulletin_id is not None:
        query = (
            query.where(OutboxMessage.bulletin_id == bulletin_id)
            .order_by(None)
            .order_by(OutboxMessage.to_address, OutboxMessage.id)
        )
    return paginate(_in_state(query, state), page)


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
