"""What the person looking at a recommendation may see and do, asked once per request."""

from __future__ import annotations

from dataclasses import dataclass

from portal import permissions
from portal.models import Assembly


@dataclass(frozen=True)
class Viewer:
    user: object
    assembly: Assembly
    takes_part: bool
    can_read: bool
    may_comment: bool
    may_follow: bool
    may_give_verdict: bool
    may_ask: bool
    may_moderate: bool

    @property
    def user_id(self) -> int | None:
        return self.user.id if self.user.is_authenticated else None

    @property
    def is_suspended(self) -> bool:
        return self.takes_part and self.user.comments_suspended_at is not None


def viewer_for(user, assembly: Assembly) -> Viewer:
    return Viewer(
        user=user,
        assembly=assembly,
        takes_part=permissions.can_take_part(user, assembly),
        can_read=permissions.can_read_discussion(user, assembly),
        may_comment=permissions.may_comment(user, assembly),
        may_follow=permissions.may_follow(user, assembly),
        may_give_verdict=permissions.may_give_verdict(user, assembly),
        may_ask=permissions.may_ask(user, assembly),
        may_moderate=permissions.may_moderate(user),
    )
