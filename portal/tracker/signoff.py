"""Sign-off: an approver approves the authority's entries before the public sees them.

An assembly says which kinds need sign-off (``Assembly.sign_off_decisions`` and
``sign_off_updates``; ``sign_off_reports`` is for reports: :mod:`portal.reports.signoff`). When an
officer confirms such an entry it is **awaiting sign-off**: ``submitted_at`` is set,
``published_at`` stays empty, nothing is public and nobody outside the council is told; the
approvers given the assembly are emailed (the ``entry_awaiting_sign_off`` event). An approver
**approves** it (it is published then, through :func:`portal.tracker.services.publish_entry`,
with their role recorded) or **returns** it with a reason (it is a draft again, the reason shown
on it, and its author is emailed: the ``entry_returned`` event).

None of these functions commit: the caller commits.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import timedelta

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from portal import events
from portal.extensions import db
from portal.models import (
    Assembly,
    EntryKind,
    Recommendation,
    ResponseEntry,
    User,
)
from portal.permissions import can_approve, can_sign_off
from portal.problems import Problems
from portal.timeutil import utcnow

MAX_RETURN_REASON = 2000


def needs_sign_off(assembly: Assembly, kind: EntryKind | str) -> bool:
    """Whether an entry of ``kind`` in ``assembly`` waits for an approver before it is public."""
    if kind == EntryKind.DECISION:
        return bool(assembly.sign_off_decisions)
    if kind == EntryKind.UPDATE:
        return bool(assembly.sign_off_updates)
    return False


def submit_for_sign_off(recommendation: Recommendation, entry: ResponseEntry) -> ResponseEntry:
    """Keep ``entry`` (checked, its version claimed) waiting for sign-off instead of publishing
    it, and tell the approvers of its assembly."""
    now = utcnow()
    entry.updated_at = now
    entry.submitted_at = now
    entry.published_at = None
    entry.returned_reason = None
    entry.returned_at = None
    db.session.add(entry)
    db.session.flush()
    events.emit("entry_awaiting_sign_off", entry=entry)
    return entry


def _still_waiting(entry: ResponseEntry) -> None:
    if not entry.is_awaiting_sign_off:
        raise Problems(
            {
                "entry": _(
                    "This entry is no longer waiting for sign-off. It was approved or returned"
                )
            }
        )


def approve(entry: ResponseEntry, approver: User) -> ResponseEntry:
    """Publish a waiting entry now, recording who approved it and in what role.

    Raises Problems if the approver may not sign it off (their own entry included), if it is no
    longer waiting, or if it can no longer be published (the recommendation was closed, or the
    entry it corrects was corrected meanwhile): such an entry can only be returned.
    """
    from portal.tracker.services import (
        _check_corrected_entry,
        claim_version,
        closed_problems,
        publish_entry,
    )

    _still_waiting(entry)
    if not can_approve(approver, entry):
        if can_sign_off(approver, entry):
            raise Problems(
                {
                    "entry": _(
                        "You wrote this entry, so you cannot approve it. Another approver must "
                        "approve it"
                    )
                }
            )
        raise Problems({"entry": _("You cannot sign off entries of this assembly")}, status=403)
    recommendation = entry.recommendation
    corrects = entry.corrects
    problems = closed_problems(recommendation, corrects)
    if corrects is not None:
        problems |= _check_corrected_entry(recommendation, corrects, entry.kind)
    if problems:
        raise Problems(
            {
                "entry": _(
                    "This entry cannot be published now: %(reason)s. Return it to its author "
                    "with a reason instead",
                    reason=next(iter(problems.values())),
                )
            }
        )
    claim_version(recommendation, None)
    entry.signed_off_by_id = approver.id
    entry.signed_off_at = utcnow()
    entry.signed_off_role = (approver.department or "").strip() or None
    return publish_entry(recommendation, entry)


def return_to_author(entry: ResponseEntry, approver: User, reason: str) -> ResponseEntry:
    """Send a waiting entry back to draft with the approver's reason, and tell its author."""
    from portal.tracker.services import claim_version

    text = (reason or "").strip()
    if not text:
        raise Problems({"reason": _("Enter why you are returning it, so its author can fix it")})
    if len(text) > MAX_RETURN_REASON:
        raise Problems(
            {
                "reason": _(
                    "The reason must be %(limit)s characters or fewer",
                    limit=f"{MAX_RETURN_REASON:,}",
                )
            }
        )
    _still_waiting(entry)
    if not can_sign_off(approver, entry):
        raise Problems({"entry": _("You cannot sign off entries of this assembly")}, status=403)
    claim_version(entry.recommendation, None)
    now = utcnow()
    entry.submitted_at = None
    entry.returned_reason = text
    entry.returned_at = now
    entry.updated_at = now
    db.session.flush()
    events.emit("entry_returned", entry=entry, returned_by=approver)
    return entry


def waiting_entries(assembly_ids: set[int] | None) -> list[ResponseEntry]:
    """Entries waiting for sign-off in these assemblies (``None``: every one), oldest first."""
    query = (
        select(ResponseEntry)
        .join(Recommendation, Recommendation.id == ResponseEntry.recommendation_id)
        .where(ResponseEntry.submitted_at.is_not(None), ResponseEntry.published_at.is_(None))
        .options(
            joinedload(ResponseEntry.recommendation).joinedload(Recommendation.assembly),
            joinedload(ResponseEntry.author),
            joinedload(ResponseEntry.corrects),
            selectinload(ResponseEntry.evidence),
        )
        .order_by(ResponseEntry.submitted_at, ResponseEntry.id)
    )
    if assembly_ids is not None:
        query = query.where(Recommendation.assembly_id.in_(sorted(assembly_ids)))
    return list(db.session.scalars(query).unique())


@dataclass(frozen=True)
class Change:
    """What approving an entry changes: where the recommendation stands now, and after."""

    before_label: str
    before: str
    after_label: str
    after: str


def change_of(entry: ResponseEntry) -> Change:
    recommendation = entry.recommendation
    nothing = _("Nothing published yet")
    if entry.kind == EntryKind.DECISION:
        before = recommendation.current_decision.label if recommendation.current_decision else ""
        return Change(
            _("Decision now"), before or nothing, _("Decision once approved"), entry.decision_label
        )
    if recommendation.current_status:
        before = _(
            "%(status)s, %(progress)s%% done",
            status=recommendation.current_status.label,
            progress=recommendation.current_progress or 0,
        )
    else:
        before = nothing
    after = _("%(status)s, %(progress)s%% done", status=entry.status_label, progress=entry.progress)
    return Change(_("Progress now"), before, _("Progress once approved"), after)


def median_sign_off_times(assembly_ids: list[int] | None = None) -> dict[int, timedelta]:
    """Per assembly, the median time from submission to approval of its approved entries."""
    query = (
        select(Recommendation.assembly_id, ResponseEntry.submitted_at, ResponseEntry.signed_off_at)
        .join(Recommendation, Recommendation.id == ResponseEntry.recommendation_id)
        .where(ResponseEntry.signed_off_at.is_not(None), ResponseEntry.submitted_at.is_not(None))
    )
    if assembly_ids is not None:
        query = query.where(Recommendation.assembly_id.in_(assembly_ids))
    waits: dict[int, list[float]] = {}
    for assembly_id, submitted_at, signed_off_at in db.session.execute(query):
        if submitted_at is not None and signed_off_at is not None:  # both, by the query
            wait = signed_off_at - submitted_at
            waits.setdefault(assembly_id, []).append(wait.total_seconds())
    return {
        assembly_id: timedelta(seconds=statistics.median(seconds))
        for assembly_id, seconds in waits.items()
    }


def describe_wait(wait: timedelta) -> str:
    """A wait in words, as precise as it needs to be: 40 minutes, 4 hours, 3 days."""
    minutes = int(wait.total_seconds() // 60)
    if minutes < 120:
        return ngettext("%(num)d minute", "%(num)d minutes", minutes)
    hours = minutes // 60
    if hours < 48:
        return ngettext("%(num)d hour", "%(num)d hours", hours)
    return ngettext("%(num)d day", "%(num)d days", hours // 24)


def approvers_of(assembly: Assembly) -> list[User]:
    """The active approvers given ``assembly``."""
    from portal.models import Membership, Role

    return list(
        db.session.scalars(
            select(User)
            .join(Membership, Membership.user_id == User.id)
            .where(
                Membership.assembly_id == assembly.id,
                User.role == Role.APPROVER,
                User.is_active_account.is_(True),
            )
            .order_by(User.id)
        )
    )
