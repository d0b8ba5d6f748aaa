"""Database models, typed with SQLAlchemy 2 ``Mapped[]`` annotations."""

from portal.models.accounts import (
    Invitation,
    Membership,
    PendingUpload,
    Role,
    User,
    UserToken,
)
from portal.models.assemblies import (
    DECISION_LABELS,
    STATUS_LABELS,
    Assembly,
    Decision,
    EntryKind,
    EvidenceLink,
    ImplementationStatus,
    Recommendation,
    ResponseEntry,
)
from portal.models.follows import Follow, Frequency, Notification, NotificationKind
from portal.models.mail import MessageState, OutboxMessage
from portal.models.scrutiny import (
    MODERATION_LABELS,
    VERDICT_LABELS,
    VERDICT_SHORT_LABELS,
    Comment,
    CommentReport,
    ModerationAction,
    ModerationKind,
    Question,
    Verdict,
    VerdictRating,
)

__all__ = [
    "DECISION_LABELS",
    "STATUS_LABELS",
    "Assembly",
    "Decision",
    "EntryKind",
    "EvidenceLink",
    "Follow",
    "Frequency",
    "ImplementationStatus",
    "Invitation",
    "Membership",
    "MessageState",
    "Notification",
    "NotificationKind",
    "OutboxMessage",
    "PendingUpload",
    "Recommendation",
    "ResponseEntry",
    "Role",
    "User",
    "UserToken",
    "MODERATION_LABELS",
    "VERDICT_LABELS",
    "VERDICT_SHORT_LABELS",
    "Comment",
    "CommentReport",
    "ModerationAction",
    "ModerationKind",
    "Question",
    "Verdict",
    "VerdictRating",
]
