"""Closing a recommendation (its final outcome) and reopening it.

A closure is a published entry with a reason and an explanation; a reopening is a published
entry with the reason for reopening. Both are public, in the history and in open data, and both
notify followers like any other entry. While the latest of them is a closure, the
recommendation is closed: it owes no reports (``next_report_due`` is empty), so it is never
overdue and no reminder is sent about it. Reopening restarts the reporting clock from the
reopening: the next report is due one reporting cycle later.

Like the other services these never commit: the caller does.
"""

from __future__ import annotations

from flask_babel import gettext as _

from portal.models import ClosureReason, EntryKind, Recommendation, ResponseEntry, User
from portal.problems import Problems
from portal.timeutil import utcnow
from portal.tracker import services
from portal.tracker.services import MAX_EXPLANATION, is_web_address

MAX_SUPERSEDED_BY = 500


def check_explanation(explanation: str | None, *, field: str, empty: str) -> dict[str, str]:
    """The rule every published explanation follows, decisions' included."""
    text = (explanation or "").strip()
    if not text:
        return {field: empty}
    if len(text) > MAX_EXPLANATION:
        return {
            field: _(
                "Explanation must be %(limit)s characters or fewer", limit=f"{MAX_EXPLANATION:,}"
            )
        }
    return {}


def check_closure(
    recommendation: Recommendation,
    reason: str | None,
    explanation: str,
    superseded_by: str | None,
) -> dict[str, str]:
    problems: dict[str, str] = {}
    if recommendation.is_closed:
        problems["closure_reason"] = _("This recommendation is already closed")
        return problems
    if reason not in set(ClosureReason):
        problems["closure_reason"] = _("Choose why the recommendation is being closed")
    replacement = (superseded_by or "").strip()
    if reason == ClosureReason.SUPERSEDED:
        if not replacement:
            problems["superseded_by"] = _(
                "Enter the name of, or a link to, the recommendation or plan that replaces it"
            )
        elif len(replacement) > MAX_SUPERSEDED_BY:
            problems["superseded_by"] = _(
                "What replaces it must be %(limit)d characters or fewer", limit=MAX_SUPERSEDED_BY
            )
        elif replacement.lower().startswith(("http:", "https:", "www.")) and not is_web_address(
            replacement
        ):
            problems["superseded_by"] = _(
                "Enter a web address that starts with https:// or http://, or a name"
            )
    problems |= check_explanation(
        explanation,
        field="closure_explanation",
        empty=_("Explain why the recommendation is being closed. The public will read this"),
    )
    return problems


def check_reopening(recommendation: Recommendation, reason: str) -> dict[str, str]:
    if not recommendation.is_closed:
        return {"reopen_reason": _("This recommendation is not closed")}
    return check_explanation(
        reason,
        field="reopen_reason",
        empty=_("Explain why the recommendation is being reopened. The public will read this"),
    )


def preview_closure(
    recommendation: Recommendation,
    author: User,
    *,
    reason: str,
    explanation: str,
    superseded_by: str | None = None,
) -> ResponseEntry:
    """The closure these values would publish now, never saved (for the check step)."""
    entry = _closure(recommendation, author, reason, explanation, superseded_by)
    entry.published_at = utcnow()
    return entry


def preview_reopening(
    recommendation: Recommendation, author: User, *, reason: str
) -> ResponseEntry:
    """The reopening this reason would publish now, never saved (for the check step)."""
    entry = _reopening(recommendation, author, reason)
    entry.published_at = utcnow()
    return entry


def _closure(
    recommendation: Recommendation,
    author: User,
    reason: str,
    explanation: str,
    superseded_by: str | None,
) -> ResponseEntry:
    return ResponseEntry(
        recommendation_id=recommendation.id,
        kind=EntryKind.CLOSURE,
        author_id=author.id,
        closure_reason=ClosureReason(reason),
        explanation=explanation.strip(),
        superseded_by=(superseded_by or "").strip() or None
        if reason == ClosureReason.SUPERSEDED
        else None,
    )


def _reopening(recommendation: Recommendation, author: User, reason: str) -> ResponseEntry:
    return ResponseEntry(
        recommendation_id=recommendation.id,
        kind=EntryKind.REOPENING,
        author_id=author.id,
        explanation=reason.strip(),
    )


def close_recommendation(
    recommendation: Recommendation,
    author: User,
    *,
    reason: str,
    explanation: str,
    superseded_by: str | None = None,
    expected_version: int | None = None,
) -> ResponseEntry:
    """Publish the final outcome. Raises Problems or ConflictError."""
    problems = check_closure(recommendation, reason, explanation, superseded_by)
    if problems:
        raise Problems(problems)
    services.claim_version(recommendation, expected_version)
    entry = _closure(recommendation, author, reason, explanation, superseded_by)
    return services.publish_entry(recommendation, entry)


def reopen_recommendation(
    recommendation: Recommendation,
    author: User,
    *,
    reason: str,
    expected_version: int | None = None,
) -> ResponseEntry:
    """Reopen a closed recommendation; it owes reports again. Raises Problems or ConflictError."""
    problems = check_reopening(recommendation, reason)
    if problems:
        raise Problems(problems)
    services.claim_version(recommendation, expected_version)
    entry = _reopening(recommendation, author, reason)
    return services.publish_entry(recommendation, entry)
