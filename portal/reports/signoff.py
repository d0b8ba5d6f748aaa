"""Sign-off of reports: when an assembly has ``sign_off_reports`` on, the organiser's "Publish"
(once the coverage check passes) sends the draft to the approvers given the assembly instead of
publishing it. It waits in the approvers' queue (``/tracker/sign-off``) and cannot be changed.
An approver **approves** it, which publishes it then (the snapshot is frozen at that moment and
the members are told, as publishing always does), or **returns** it with a reason, which the
organiser sees on the draft, editable again.

None of these functions commit: the caller commits.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal.extensions import db
from portal.models import Report, ReportState, User
from portal.permissions import can_sign_off_report
from portal.problems import Problems
from portal.reports import services
from portal.timeutil import utcnow
from portal.tracker.signoff import MAX_RETURN_REASON


def needs_sign_off(report: Report) -> bool:
    return bool(report.assembly.sign_off_reports)


def submit_for_sign_off(report: Report, organiser: User) -> None:
    """Send a draft whose coverage check passes to the approvers (refused as publishing is)."""
    if report.is_published:
        raise Problems({"publish": _("This report is already published")})
    if report.is_awaiting_sign_off:
        raise Problems({"publish": _("This report is already waiting for sign-off")})
    missing = services.uncovered(services.build_snapshot(report)["rows"])
    if missing:
        raise Problems({"publish": services.Refusal([row["number"] for row in missing]).message})
    report.submitted_at = utcnow()
    report.returned_reason = None
    report.returned_at = None
    db.session.flush()


def _still_waiting(report: Report) -> None:
    if not report.is_awaiting_sign_off:
        raise Problems(
            {
                "report": _(
                    "This report is no longer waiting for sign-off. It was approved or returned"
                )
            }
        )


def _may_sign_off(report: Report, approver: User) -> None:
    if not can_sign_off_report(approver, report):
        raise Problems({"report": _("You cannot sign off reports of this assembly")}, status=403)


def approve(report: Report, approver: User) -> dict:
    """Publish a waiting report now: its snapshot is frozen at this moment."""
    _may_sign_off(report, approver)
    _still_waiting(report)
    try:
        snapshot = services.publish(report, approver)
    except Problems as problems:
        raise Problems(
            {
                "report": _(
                    "This report cannot be published now: %(reason)s Return it to the organiser "
                    "with a reason instead",
                    reason=next(iter(problems.problems.values())),
                )
            }
        ) from None
    report.signed_off_by_id = approver.id
    report.signed_off_at = report.published_at
    db.session.flush()
    return snapshot


def return_to_organiser(report: Report, approver: User, reason: str) -> None:
    """Send a waiting report back to draft with the approver's reason."""
    _may_sign_off(report, approver)
    text = (reason or "").strip()
    if not text:
        raise Problems({"reason": _("Enter why you are returning it, so the organiser can fix it")})
    if len(text) > MAX_RETURN_REASON:
        raise Problems(
            {
                "reason": _(
                    "The reason must be %(limit)s characters or fewer",
                    limit=f"{MAX_RETURN_REASON:,}",
                )
            }
        )
    _still_waiting(report)
    report.submitted_at = None
    report.returned_reason = text
    report.returned_at = utcnow()
    db.session.flush()


def waiting_reports(assembly_ids: set[int] | None) -> list[Report]:
    """Reports waiting for sign-off in these assemblies (``None``: every one), oldest first."""
    query = (
        select(Report)
        .options(joinedload(Report.assembly))
        .where(Report.state == ReportState.DRAFT, Report.submitted_at.is_not(None))
        .order_by(Report.submitted_at, Report.id)
    )
    if assembly_ids is not None:
        query = query.where(Report.assembly_id.in_(sorted(assembly_ids)))
    return list(db.session.scalars(query))
