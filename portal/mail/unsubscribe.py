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
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import update

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


def unsubscribe(subscription: Unsubscription) -> None:
    """Stop the emails the link is for. Doing it twice is harmless. The caller commits."""
    user = subscription.user
    if subscription.kind == "bulletins":
        user.bulletins_opt_in = False
    elif subscription.kind == "reminders":
        user.reminder_emails = False
    elif subscription.kind == "replies":
        user.reply_emails = False
    elif subscription.recommendation is not None:
        set_frequency(user, subscription.recommendation, Frequency.NEVER)
    else:
        user.email_frequency = Frequency.NEVER
        db.session.execute(
            update(Follow)
            .where(Follow.user_id == user.id, Follow.frequency.is_not(None))
            .values(frequency=None)
            .execution_options(synchronize_session=False)
        )
