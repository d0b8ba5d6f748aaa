"""Who hears about what: per-person notifications and immediate emails, fanned out from events.

Every listener runs inside the transaction that publishes the event, so the notifications and
their emails are committed (or rolled back) with it.

- ``entry_published``: one Notification per follower, written with a single
  ``INSERT … SELECT`` over :func:`portal.following.followers_of`; followers whose frequency for
  that recommendation is "immediately" get an email now (also one ``INSERT … SELECT``, with a
  body rendered once) and their notification is marked emailed. Everyone else's waits for
  their digest.
- ``comment_posted`` / ``question_answered``: the author of the comment replied to, or the
  person who asked, gets the one notification of it (this is its only writer), emailed at
  once unless they switched reply emails off.
- ``bulletin_sent``: every person in the bulletin's audience gets a notification; it is marked
  emailed for those who get the bulletin by email.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import (
    DateTime,
    Integer,
    String,
    and_,
    case,
    exists,
    func,
    insert,
    literal,
    null,
    select,
    update,
)

from portal.extensions import db
from portal.following import followers_of
from portal.links import question_url, recommendation_url, workspace_url
from portal.mail.outbox import (
    leaving_context,
    list_unsubscribe_headers,
    queue_for_recipients,
    send_email,
    shared_body,
)
from portal.models import (
    Comment,
    EntryKind,
    Follow,
    Frequency,
    Notification,
    NotificationKind,
    Question,
    Recommendation,
    ResponseEntry,
    Role,
    User,
)
from portal.scrutiny.comments import comment_url
from portal.scrutiny.questions import open_questions_on
from portal.scrutiny.rendering import plain_text, shorten
from portal.templating import absolute_url
from portal.timeutil import utcnow
from portal.tracker import lead_answers

EXCERPT_LIMIT = 600  # characters of a reply, answer or question quoted in an email
QUOTE_LIMIT = 300  # of the comment or question it replies to

NOTIFICATION_COLUMNS = [
    "user_id",
    "kind",
    "assembly_id",
    "recommendation_id",
    "entry_id",
    "subject_id",
    "summary",
    "created_at",
    "emailed_at",
]


def entry_summary(entry: ResponseEntry) -> str:
    """One line about a published entry, as notifications and digests show it."""
    if entry.kind == EntryKind.CLOSURE:
        return _("Closed: %(reason)s", reason=entry.closure_reason_label)
    if entry.kind == EntryKind.REOPENING:
        return _("Reopened: reports are due again")
    if entry.kind == EntryKind.DECISION:
        text = f"Decision: {entry.decision_label or 'published'}"
    else:
        text = f"Progress update: {entry.status_label or 'published'}"
        if entry.progress is not None:
            text += f", {entry.progress}% done"
    if entry.corrects_id:
        text = f"Correction. {text}"
    return text


def entry_text(entry: ResponseEntry) -> str:
    """What the council wrote in an entry: an update's summary, otherwise its explanation."""
    return (entry.summary if entry.kind == EntryKind.UPDATE else entry.explanation) or ""


def notification_summary(entry: ResponseEntry, recommendation: Recommendation) -> str:
    """The line a follower sees on their notifications page and home page."""
    where = f"recommendation {recommendation.number}: {recommendation.title}"
    if entry.kind == EntryKind.CLOSURE:
        return _(
            "The council closed %(where)s: %(reason)s",
            where=where,
            reason=entry.closure_reason_label,
        )
    if entry.kind == EntryKind.REOPENING:
        return _("The council reopened %(where)s", where=where)
    if entry.kind == EntryKind.DECISION:
        return f"The council published a decision on {where}: {entry.decision_label}"
    return (
        f"The council published a progress update on {where}: "
        f"{entry.status_label}, {entry.progress or 0}% done"
    )


ENTRY_NOTIFICATION_KINDS = {
    EntryKind.DECISION: NotificationKind.DECISION,
    EntryKind.UPDATE: NotificationKind.UPDATE,
    EntryKind.CLOSURE: NotificationKind.CLOSURE,
    EntryKind.REOPENING: NotificationKind.REOPENING,
}


def followers_with_frequency(recommendation: Recommendation):
    """``(user_id, email, frequency)`` for each follower: their choice for it, else their default."""
    followers = followers_of(recommendation).subquery()
    frequency = func.coalesce(Follow.frequency, followers.c.email_frequency)
    return select(
        followers.c.id.label("user_id"),
        followers.c.email.label("email"),
        frequency.label("frequency"),
    ).outerjoin(
        Follow,
        and_(Follow.user_id == followers.c.id, Follow.recommendation_id == recommendation.id),
    )


@dataclass(frozen=True)
class Audience:
    """Who hears about an entry published on a recommendation, by how they chose to hear."""

    immediately: int = 0
    daily: int = 0
    weekly: int = 0
    never: int = 0

    @property
    def followers(self) -> int:
        return self.immediately + self.daily + self.weekly + self.never

    @property
    def emailed(self) -> int:
        """Everyone who gets an email about it: now, or in their daily or weekly summary."""
        return self.immediately + self.daily + self.weekly


def entry_audience(recommendation: Recommendation) -> Audience:
    """Who :func:`notify_followers_of_entry` would tell if an entry were published now.

    Counted over the same query the fan-out inserts from, so the number shown before
    publishing is the number of notifications and emails that publishing writes.
    """
    followers = followers_with_frequency(recommendation).subquery()
    counts: dict[str, int] = {
        frequency: count
        for frequency, count in db.session.execute(
            select(followers.c.frequency, func.count()).group_by(followers.c.frequency)
        )
    }
    return Audience(**{frequency.value: counts.get(frequency.value, 0) for frequency in Frequency})


def notify_followers_of_entry(entry: ResponseEntry) -> None:
    recommendation = entry.recommendation
    now = utcnow()
    kind = ENTRY_NOTIFICATION_KINDS[EntryKind(entry.kind)]
    followers = followers_with_frequency(recommendation).subquery()
    immediate = followers.c.frequency == Frequency.IMMEDIATELY.value
    db.session.execute(
        insert(Notification).from_select(
            NOTIFICATION_COLUMNS,
            select(
                followers.c.user_id,
                literal(kind.value, String),
                literal(recommendation.assembly_id, Integer),
                literal(recommendation.id, Integer),
                literal(entry.id, Integer),
                null(),
                literal(notification_summary(entry, recommendation), String),
                literal(now, DateTime),
                null(),
            ),
        )
    )
    db.session.execute(
        update(Notification)
        .where(
            Notification.entry_id == entry.id,
            Notification.emailed_at.is_(None),
            Notification.user_id.in_(select(followers.c.user_id).where(immediate)),
        )
        .values(emailed_at=now)
        .execution_options(synchronize_session=False)
    )
    if not db.session.scalar(select(exists().where(immediate))):
        return
    unsubscribe_kind = f"notifications:{recommendation.id}"
    body = shared_body(
        "recommendation_update",
        recommendation=recommendation,
        assembly=recommendation.assembly,
        entry=entry,
        summary=entry_summary(entry),
        link=recommendation_url(recommendation, f"entry-{entry.id}", external=True),
        unsubscribe_all_url=leaving_context("notifications")["unsubscribe_url"],
        **leaving_context(unsubscribe_kind),
    )
    queue_for_recipients(
        select(followers.c.user_id, followers.c.email).where(immediate),
        kind="notification",
        subject=_entry_subject(entry, recommendation),
        body=body,
        headers=list_unsubscribe_headers("notifications"),
    )


def _entry_subject(entry: ResponseEntry, recommendation: Recommendation) -> str:
    if entry.kind == EntryKind.CLOSURE:
        return _(
            "Recommendation %(number)d closed: %(title)s",
            number=recommendation.number,
            title=recommendation.title,
        )
    if entry.kind == EntryKind.REOPENING:
        return _(
            "Recommendation %(number)d reopened: %(title)s",
            number=recommendation.number,
            title=recommendation.title,
        )
    what = "Decision" if entry.kind == EntryKind.DECISION else "Progress update"
    prefix = "Correction: " if entry.corrects_id else ""
    return f"{prefix}{what} on recommendation {recommendation.number}: {recommendation.title}"


def _name(user: User | None) -> str:
    return user.display_name if user is not None else "Someone"


def _excerpt(text: str | None, limit: int = EXCERPT_LIMIT) -> tuple[str, bool]:
    """A member's or officer's words as plain text for an email, shortened if long."""
    return shorten(plain_text(text), limit)


def _notify_person(
    recipient: User | None,
    kind: NotificationKind,
    recommendation: Recommendation,
    subject_id: int,
    summary: str,
    subject: str,
    template: str,
    **context,
) -> None:
    """The one notification for a reply or an answer, emailed at once unless they opted out."""
    if recipient is None or not recipient.is_active_account:
        return
    now = utcnow()
    emailed = recipient.reply_emails
    db.session.add(
        Notification(
            user_id=recipient.id,
            kind=kind,
            assembly_id=recommendation.assembly_id,
            recommendation_id=recommendation.id,
            subject_id=subject_id,
            summary=summary,
            created_at=now,
            emailed_at=now if emailed else None,
        )
    )
    if not emailed:
        return
    send_email(
        recipient.email,
        subject,
        template,
        kind=kind.value,
        user_id=recipient.id,
        unsubscribe="replies",
        user=recipient,
        recommendation=recommendation,
        **context,
    )


def notify_author_of_reply(comment: Comment) -> None:
    """Tell the author of the comment replied to (not someone replying to themselves): who
    replied, by display name, what they wrote, and a link to the reply on the page."""
    parent = comment.parent
    if parent is None or parent.author_id is None or parent.author_id == comment.author_id:
        return
    recommendation = comment.recommendation
    replier = _name(comment.author)
    reply_text, shortened = _excerpt(comment.body)
    _notify_person(
        parent.author,
        NotificationKind.REPLY,
        recommendation,
        comment.id,
        f"{replier} replied to your comment on recommendation "
        f"{recommendation.number}: {recommendation.title}",
        f"{replier} replied to your comment on recommendation {recommendation.number}",
        "reply",
        replier=replier,
        reply_text=reply_text,
        shortened=shortened,
        your_comment=_excerpt(parent.body, QUOTE_LIMIT)[0],
        link=comment_url(comment, external=True),
    )


def notify_asker_of_answer(question: Question) -> None:
    """Tell the person who asked (not an officer who answered their own question): the answer,
    who gave it, and a link to it on the recommendation's page."""
    if question.asked_by_id is None or question.asked_by_id == question.answered_by_id:
        return
    recommendation = question.recommendation
    answerer = _name(question.answered_by)
    answer_text, shortened = _excerpt(question.answer)
    _notify_person(
        question.asked_by,
        NotificationKind.ANSWER,
        recommendation,
        question.id,
        f"{answerer} answered your question on recommendation "
        f"{recommendation.number}: {recommendation.title}",
        f"Your question about recommendation {recommendation.number} has been answered",
        "answer",
        answerer=answerer,
        answerer_role=question.answered_by.role_enum.label if question.answered_by else "",
        answer_text=answer_text,
        shortened=shortened,
        your_question=_excerpt(question.body, QUOTE_LIMIT)[0],
        link=recommendation_url(recommendation, f"question-{question.id}", external=True),
    )


def _question_recipients(question: Question) -> list[User]:
    """The lead officer it is assigned to; with none, every active organiser."""
    if question.assigned_to is not None:
        return [question.assigned_to] if question.assigned_to.is_active_account else []
    return list(
        db.session.scalars(
            select(User)
            .where(User.role == Role.ORGANISER, User.is_active_account.is_(True))
            .order_by(User.id)
        )
    )


def _tell_of_question(recipient: User, question: Question, *, email: bool = True) -> None:
    """An in-app notification of a question to answer, and an email unless the person turned
    reminder emails off (questions to answer are part of an officer's reminders)."""
    recommendation = question.recommendation
    asker = _name(question.asked_by)
    now = utcnow()
    emailed = email and recipient.reminder_emails
    db.session.add(
        Notification(
            user_id=recipient.id,
            kind=NotificationKind.QUESTION,
            assembly_id=recommendation.assembly_id,
            recommendation_id=recommendation.id,
            subject_id=question.id,
            summary=f"{asker} asked a question about recommendation "
            f"{recommendation.number}: {recommendation.title}",
            created_at=now,
            emailed_at=now if emailed else None,
        )
    )
    if not emailed:
        return
    question_text, shortened = _excerpt(question.body)
    send_email(
        recipient.email,
        f"A member asked a question about recommendation {recommendation.number}: "
        f"{recommendation.title}",
        "question",
        kind="question",
        user_id=recipient.id,
        unsubscribe="reminders",
        user=recipient,
        recommendation=recommendation,
        assembly=recommendation.assembly,
        asker=asker,
        question_text=question_text,
        shortened=shortened,
        due_on=question.due_on,
        no_lead=question.assigned_to_id is None,
        link=question_url(question.id, external=True),
    )


def notify_of_question(question: Question) -> None:
    """A new question reaches the lead officer, or the organisers when there is no lead."""
    for recipient in _question_recipients(question):
        _tell_of_question(recipient, question)


def notify_new_leads(changes: list[tuple[Recommendation, int | None]]) -> None:
    """Each newly chosen lead officer gets one email saying which recommendations are now
    theirs, when each report is due, and the open questions on them (which the scrutiny
    listener has just moved to them); each of those questions is also in their notifications."""
    by_lead: dict[int, list[Recommendation]] = {}
    for recommendation, _previous in changes:
        if recommendation.lead_officer_id is not None:
            by_lead.setdefault(recommendation.lead_officer_id, []).append(recommendation)
    for lead_id, led in by_lead.items():
        lead = db.session.get(User, lead_id)
        if lead is None or not lead.is_active_account:
            continue
        waiting = open_questions_on([recommendation.id for recommendation in led])
        for question in waiting:
            _tell_of_question(lead, question, email=False)
        items = [
            {
                "recommendation": recommendation,
                "assembly": recommendation.assembly,
                "due_on": recommendation.next_report_due,
                "link": workspace_url(recommendation, external=True),
                "answer_link": absolute_url(
                    "tracker.lead_answer", token=lead_answers.link_token(recommendation)
                )
                if recommendation.lead_unconfirmed
                else None,
                "answer_by": lead_answers.answer_due(recommendation),
                "questions": [
                    {
                        "text": _excerpt(question.body, QUOTE_LIMIT)[0],
                        "due_on": question.due_on,
                        "link": question_url(question.id, external=True),
                    }
                    for question in waiting
                    if question.recommendation_id == recommendation.id
                ],
            }
            for recommendation in led
        ]
        if len(led) == 1:
            only = led[0]
            subject = (
                f"Recommendation {only.number} of the {only.assembly.name} is now yours to lead"
            )
        else:
            subject = f"{len(led)} recommendations are now yours to lead"
        send_email(
            lead.email,
            subject,
            "lead_assigned",
            kind="lead_assigned",
            user_id=lead.id,
            user=lead,
            items=items,
            mine_url=absolute_url("tracker.my_recommendations"),
        )


def notify_organisers_of_decline(decline) -> None:
    """A lead said "This isn't mine": every active organiser is emailed the reason, and who the
    lead thinks it should be, with a link to choose another lead."""
    recommendation = decline.recommendation
    organisers = db.session.scalars(
        select(User).where(User.role == Role.ORGANISER, User.is_active_account.is_(True))
    ).all()
    for organiser in organisers:
        send_email(
            organiser.email,
            _(
                "%(name)s says recommendation %(number)d of the %(assembly)s is not theirs",
                name=decline.officer_name,
                number=recommendation.number,
                assembly=recommendation.assembly.name,
            ),
            "lead_declined",
            kind="lead_declined",
            user_id=organiser.id,
            user=organiser,
            decline=decline,
            recommendation=recommendation,
            choose_url=absolute_url(
                "tracker.change_lead",
                slug=recommendation.assembly.slug,
                number=recommendation.number,
            ),
        )


def notify_audience_of_bulletin(bulletin) -> None:
    """A notification for everyone in the audience (emailed for those who get bulletins)."""
    from portal.mail.bulletins import audience_query

    now = utcnow()
    people = audience_query(bulletin).subquery()
    db.session.execute(
        insert(Notification).from_select(
            NOTIFICATION_COLUMNS,
            select(
                people.c.user_id,
                literal(NotificationKind.BULLETIN.value, String),
                literal(bulletin.assembly_id, Integer) if bulletin.assembly_id else null(),
                null(),
                null(),
                literal(bulletin.id, Integer),
                literal(f"Bulletin: {bulletin.subject}", String),
                literal(now, DateTime),
                case((people.c.bulletins_opt_in, literal(now, DateTime)), else_=null()),
            ),
        )
    )


def _entry_heading(entry: ResponseEntry) -> str:
    if entry.kind == EntryKind.DECISION:
        return _("Decision: %(decision)s", decision=entry.decision_label)
    return _(
        "Progress update: %(status)s, %(progress)s%% done",
        status=entry.status_label,
        progress=entry.progress,
    )


def notify_approvers_of_entry(entry: ResponseEntry) -> None:
    """An entry waits for sign-off: each approver given its assembly is emailed a link to the
    queue (its author is left out: they cannot approve their own entry)."""
    from portal.tracker.signoff import approvers_of

    recommendation = entry.recommendation
    assembly = recommendation.assembly
    subject = _(
        "Waiting for your sign-off: recommendation %(number)s of the %(assembly)s",
        number=recommendation.number,
        assembly=assembly.name,
    )
    for approver in approvers_of(assembly):
        if approver.id == entry.author_id:
            continue
        send_email(
            approver.email,
            subject,
            "sign_off_waiting",
            kind="sign_off_waiting",
            user_id=approver.id,
            user=approver,
            recommendation=recommendation,
            assembly=assembly,
            heading=_entry_heading(entry),
            author_name=_name(entry.author),
            queue_url=absolute_url("tracker.sign_off_queue"),
        )


def notify_author_of_return(entry: ResponseEntry, returned_by: User) -> None:
    """An approver returned an entry: its author is emailed the reason and a link to the draft."""
    author = entry.author
    if author is None or not author.is_active_account:
        return
    recommendation = entry.recommendation
    send_email(
        author.email,
        _(
            "Returned by an approver: recommendation %(number)s of the %(assembly)s",
            number=recommendation.number,
            assembly=recommendation.assembly.name,
        ),
        "entry_returned",
        kind="entry_returned",
        user_id=author.id,
        user=author,
        recommendation=recommendation,
        assembly=recommendation.assembly,
        heading=_entry_heading(entry),
        approver_name=_name(returned_by),
        reason=entry.returned_reason,
        draft_url=absolute_url(
            "tracker.edit_draft",
            slug=recommendation.assembly.slug,
            number=recommendation.number,
            entry_id=entry.id,
        ),
    )


LISTENERS = (
    ("entry_published", notify_followers_of_entry),
    ("entry_awaiting_sign_off", notify_approvers_of_entry),
    ("entry_returned", notify_author_of_return),
    ("comment_posted", notify_author_of_reply),
    ("question_asked", notify_of_question),
    ("question_answered", notify_asker_of_answer),
    ("leads_assigned", notify_new_leads),
    ("lead_declined", notify_organisers_of_decline),
    ("bulletin_sent", notify_audience_of_bulletin),
)
