"""How often one person may post: comments and replies, and questions.

Each kind has its own limit (``RATELIMIT_COMMENTS_PER_USER``, ``RATELIMIT_QUESTIONS_PER_USER``),
kept in Flask-Limiter's storage (Redis in production, so every process shares it) and checked by
the service, so the form can say so and keep what was typed.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from limits import parse_many

from portal.extensions import limiter
from portal.models import User


@dataclass(frozen=True)
class PostingLimit:
    config_key: str
    default: str
    scope: str

    def _limits(self):
        return parse_many(current_app.config.get(self.config_key) or self.default)

    def allows(self, user: User) -> bool:
        """True if ``user`` may post one more now (nothing is counted)."""
        if not limiter.enabled:
            return True
        return all(limiter.limiter.test(item, self.scope, str(user.id)) for item in self._limits())

    def count(self, user: User) -> None:
        """Count one post by ``user`` (after it has been accepted)."""
        if limiter.enabled:
            for item in self._limits():
                limiter.limiter.hit(item, self.scope, str(user.id))

    def reached(self, user: User):
        """The first limit ``user`` has reached, for the message."""
        for item in self._limits():
            if not limiter.limiter.test(item, self.scope, str(user.id)):
                return item
        return self._limits()[0]


def window(limit) -> str:
    """ "minute", "10 minutes", "hour", "day": the period of a limit, in words."""
    seconds = limit.get_expiry()
    if seconds % 86400 == 0:
        days = seconds // 86400
        return _("day") if days == 1 else _("%(n)s days", n=days)
    if seconds % 3600 == 0:
        hours = seconds // 3600
        return _("hour") if hours == 1 else _("%(n)s hours", n=hours)
    if seconds % 60 == 0:
        minutes = seconds // 60
        return _("minute") if minutes == 1 else _("%(n)s minutes", n=minutes)
    return _("%(n)s seconds", n=seconds)


COMMENTS = PostingLimit("RATELIMIT_COMMENTS_PER_USER", "10 per minute", "comments")
QUESTIONS = PostingLimit("RATELIMIT_QUESTIONS_PER_USER", "5 per minute;30 per day", "questions")
