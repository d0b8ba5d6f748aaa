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
    can_comment: bool
    can_follow: bool
    can_give_verdict: bool
    can_ask: bool
    can_moderate: bool

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
        can_comment=permissions.can_comment(user, assembly),
        can_follow=permissions.can_follow(user, assembly),
        can_give_verdict=permissions.can_give_verdict(user, assembly),
        can_ask=permissions.can_ask(user, assembly),
        can_moderate=permissions.can_moderate(user),
    )
