"""One-click unsubscribe links: signed per recipient and per kind of email.

A token is ``[user id, kind]`` signed with the app's secret key (itsdangerous), so it cannot be
forged, and changing the person or the kind breaks the signature. Kinds:

- ``bulletins``: organisers' bulletins;
- ``notifications``: every update email (immediate and digests);
- ``notifications:<recommendation id>``: update emails about one recommendation;
- ``reminders``: officers' and organisers' report reminders;
- ``replies``: replies to my comments and answers to my questions.

Account and security emails (invitations, sign-in links, password resets) have no such link:
they are always sent.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer, URLSafeTimedSerializer
from sqlalchemy import select, update

from portal.extensions import db
from portal.following import set_frequency
from portal.models import Follow, Frequency, Recommendation, User

KINDS = ("bulletins", "notifications", "reminders", "replies")


class UnsubscribeLinkError(Exception):
    """The link was forged, damaged, or is for someone or something that no longer exists."""


@dataclass(frozen=True)
class Unsubscription:
    user: User
    kind: str
    recommendation: Recommendation | None = None

    @property
    def description(self) -> str:
        """What this link stops, in words for the confirmation page."""
        if self.kind == "bulletins":
            return "bulletins from the assembly organisers"
        if self.kind == "reminders":
            return "reminders about reports that are due or overdue"
        if self.kind == "replies":
            return "emails about replies to your comments and answers to your questions"
        if self.recommendation is not None:
            return (
                f"update emails about recommendation {self.recommendation.number}: "
                f"{self.recommendation.title}"
            )
        return "update emails about the recommendations you follow"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="portal-unsubscribe")


def make_token(user_id: int, kind: str) -> str:
    return _serializer().dumps([user_id, kind])


def unsubscribe_url(user_id: int, kind: str) -> str:
    from portal.templating import absolute_url

    return absolute_url("mail.unsubscribe", token=make_token(user_id, kind))


def read_token(token: str) -> Unsubscription:
    """What ``token`` unsubscribes, or UnsubscribeLinkError."""
    try:
        payload = _serializer().loads(token)
    except BadSignature as error:
        raise UnsubscribeLinkError from error
    if (
        not isinstance(payload, list)
        or len(payload) != 2
        or not isinstance(payload[0], int)
        or not isinstance(payload[1], str)
    ):
        raise UnsubscribeLinkError
    user_id, kind = payload
    user = db.session.get(User, user_id)
    if user is None:
        raise UnsubscribeLinkError
    base, _, rest = kind.partition(":")
    if base not in KINDS or (rest and base != "notifications"):
        raise UnsubscribeLinkError
    recommendation = None
    if rest:
        recommendation = db.session.get(Recommendation, int(rest)) if rest.isdigit() else None
        if recommendation is None:
            raise UnsubscribeLinkError
    return Unsubscription(user=user, kind=base, recommendation=recommendation)


FLAGS = {"bulletins": "bulletins_opt_in", "reminders": "reminder_emails", "replies": "reply_emails"}
UNDO_DAYS = 7


def unsubscribe(subscription: Unsubscription) -> dict:
    """Stop the emails the link is for. Doing it twice is harmless. The caller commits.

    Returns what it changed (the settings as they were), which :func:`undo_token` signs so the
    confirmation page can offer to put them back.
    """
    user = subscription.user
    if subscription.kind in FLAGS:
        flag = FLAGS[subscription.kind]
        previous: dict = {flag: bool(getattr(user, flag))}
        setattr(user, flag, False)
        return previous
    if subscription.recommendation is not None:
        override = db.session.scalar(
            select(Follow).where(
                Follow.user_id == user.id,
                Follow.recommendation_id == subscription.recommendation.id,
            )
        )
        previous = {"frequency": override.frequency if override else None}
        set_frequency(user, subscription.recommendation, Frequency.NEVER)
        return previous
    follows = db.session.execute(
        select(Follow.id, Follow.frequency).where(
            Follow.user_id == user.id, Follow.frequency.is_not(None)
        )
    ).all()
    previous = {
        "email_frequency": user.email_frequency,
        "follows": {str(follow_id): frequency for follow_id, frequency in follows},
    }
    user.email_frequency = Frequency.NEVER
    db.session.execute(
        update(Follow)
        .where(Follow.user_id == user.id, Follow.frequency.is_not(None))
        .values(frequency=None)
        .execution_options(synchronize_session=False)
    )
    return previous


def _undo_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="portal-unsubscribe-undo")


def undo_token(token: str, previous: dict) -> str:
    """A signed note of what an unsubscribe changed, for the page's "undo" button."""
    return _undo_serializer().dumps({"token": token, "previous": previous})


def undo(token: str, signed: str) -> Unsubscription:
    """Put back what the unsubscribe link ``token`` changed; UnsubscribeLinkError if the undo
    is forged, for another link, or older than UNDO_DAYS. The caller commits."""
    subscription = read_token(token)
    try:
        payload = _undo_serializer().loads(signed, max_age=UNDO_DAYS * 24 * 3600)
    except BadSignature as error:
        raise UnsubscribeLinkError from error
    if not isinstance(payload, dict) or payload.get("token") != token:
        raise UnsubscribeLinkError
    previous = payload.get("previous") or {}
    user = subscription.user
    if subscription.kind in FLAGS:
        flag = FLAGS[subscription.kind]
        setattr(user, flag, bool(previous.get(flag, True)))
    elif subscription.recommendation is not None:
        db.session.execute(
            update(Follow)
            .where(
                Follow.user_id == user.id,
                Follow.recommendation_id == subscription.recommendation.id,
            )
            .values(frequency=_frequency(previous.get("frequency")))
            .execution_options(synchronize_session=False)
        )
    else:
        user.email_frequency = _frequency(previous.get("email_frequency")) or Frequency.IMMEDIATELY
        for follow_id, frequency in (previous.get("follows") or {}).items():
            db.session.execute(
                update(Follow)
                .where(Follow.user_id == user.id, Follow.id == int(follow_id))
                .values(frequency=_frequency(frequency))
                .execution_options(synchronize_session=False)
            )
    return subscription


def _frequency(value) -> Frequency | None:
    return Frequency(value) if value in set(Frequency) else None
