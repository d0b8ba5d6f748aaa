"""Sign-off: the queue of entries and reports waiting for an approver, approving and returning
them."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.extensions import db
from portal.models import Report, ResponseEntry
from portal.permissions import (
    can_approve,
    can_see_sign_off_queue,
    can_sign_off,
    can_sign_off_report,
    signed_in_required,
    tracker_assembly_ids,
)
from portal.problems import Problems
from portal.public.record import TimelineEntry
from portal.reports import services as reports
from portal.reports import signoff as report_signoff
from portal.reports.forms import ReportReturnForm
from portal.tracker import signoff
from portal.tracker.forms import ApproveForm, ReturnForm
from portal.tracker.routes import bp
from portal.tracker.routes.common import posting_limit


def _queue_assembly_ids() -> set[int] | None:
    """Organisers see every assembly's queue; an approver the assemblies they are given."""
    return None if current_user.is_organiser else tracker_assembly_ids(current_user)


def _waiting_or_404(entry_id: int) -> ResponseEntry:
    entry = db.session.get(ResponseEntry, entry_id)
    if entry is None or not can_sign_off(current_user, entry):
        abort(404 if entry is None else 403)
    return entry


@bp.route("/sign-off")
@signed_in_required
def sign_off_queue():
    if not can_see_sign_off_queue(current_user):
        abort(403)
    waiting = [
        {
            "entry": entry,
            "item": TimelineEntry(entry, corrects=entry.corrects),
            "change": signoff.change_of(entry),
            "can_approve": can_approve(current_user, entry),
            "can_return": can_sign_off(current_user, entry),
            "own": entry.author_id == current_user.id,
        }
        for entry in signoff.waiting_entries(_queue_assembly_ids())
    ]
    waiting_reports = [
        {"report": report, "can_sign_off": can_sign_off_report(current_user, report)}
        for report in report_signoff.waiting_reports(_queue_assembly_ids())
    ]
    return render_template(
        "tracker/sign_off_queue.html",
        title=_("Entries waiting for sign-off"),
        waiting=waiting,
        waiting_reports=waiting_reports,
        approve_form=ApproveForm(formdata=None),
    )


@bp.route("/sign-off/<int:entry_id>/approve", methods=["POST"])
@posting_limit
@signed_in_required
def approve_entry(entry_id: int):
    entry = _waiting_or_404(entry_id)
    form = ApproveForm()
    if not form.validate_on_submit():
        abort(400)
    recommendation = entry.recommendation
    try:
        signoff.approve(entry, current_user)
    except Problems as error:
        db.session.rollback()
        if error.status == 403:
            abort(403)
        flash(str(error) + ".")
        return redirect(url_for("tracker.sign_off_queue"))
    db.session.commit()
    flash(
        _(
            "You approved the %(kind)s on recommendation %(number)s of the %(assembly)s. "
            "It has been published.",
            kind=entry.kind.label,
            number=recommendation.number,
            assembly=recommendation.assembly.name,
        ),
        "success",
    )
    return redirect(url_for("tracker.sign_off_queue"))


@bp.route("/sign-off/<int:entry_id>/return", methods=["GET", "POST"])
@posting_limit
@signed_in_required
def return_entry(entry_id: int):
    entry = _waiting_or_404(entry_id)
    if not entry.is_awaiting_sign_off:
        flash(_("This entry is no longer waiting for sign-off. It was approved or returned."))
        return redirect(url_for("tracker.sign_off_queue"))
    form = ReturnForm()
    if form.validate_on_submit():
        try:
            signoff.return_to_author(entry, current_user, form.reason.data or "")
        except Problems as error:
            db.session.rollback()
            error.show_on(form, fallback="reason")
        else:
            db.session.commit()
            flash(
                _("You returned it to its author with your reason. It is a draft again."),
                "success",
            )
            return redirect(url_for("tracker.sign_off_queue"))
    return render_template(
        "tracker/sign_off_return.html",
        title=_("Return it to its author"),
        entry=entry,
        item=TimelineEntry(entry, corrects=entry.corrects),
        change=signoff.change_of(entry),
        form=form,
    )


# Reports: the organiser sent a draft for sign-off (its assembly has ``sign_off_reports`` on).


def _report_or_404(report_id: int) -> Report:
    report = db.session.get(Report, report_id)
    if report is None:
        abort(404)
    if not can_sign_off_report(current_user, report):
        abort(403)
    return report


def _no_longer_waiting():
    flash(_("This report is no longer waiting for sign-off. It was approved or returned."))
    return redirect(url_for("tracker.sign_off_queue"))


def _report_page(report: Report, return_form: ReportReturnForm, status: int = 200):
    return (
        render_template(
            "tracker/sign_off_report.html",
            title=_("Sign off %(title)s", title=report.title),
            report=report,
            assembly=report.assembly,
            view=reports.draft_view(report),
            approve_form=ApproveForm(formdata=None),
            form=return_form,
        ),
        status,
    )


@bp.route("/sign-off/reports/<int:report_id>")
@signed_in_required
def sign_off_report(report_id: int):
    report = _report_or_404(report_id)
    if not report.is_awaiting_sign_off:
        return _no_longer_waiting()
    return _report_page(report, ReportReturnForm(formdata=None))


@bp.route("/sign-off/reports/<int:report_id>/approve", methods=["POST"])
@posting_limit
@signed_in_required
def approve_report(report_id: int):
    report = _report_or_404(report_id)
    form = ApproveForm()
    if not form.validate_on_submit():
        abort(400)
    if not report.is_awaiting_sign_off:
        return _no_longer_waiting()
    try:
        report_signoff.approve(report, current_user)
    except Problems as error:
        db.session.rollback()
        flash(str(error) + ".")
        return redirect(url_for("tracker.sign_off_queue"))
    db.session.commit()
    flash(
        _(
            "You approved %(title)s. It has been published and the members of the %(assembly)s "
            "have been told.",
            title=report.title,
            assembly=report.assembly.name,
        ),
        "success",
    )
    return redirect(url_for("tracker.sign_off_queue"))


@bp.route("/sign-off/reports/<int:report_id>/return", methods=["POST"])
@posting_limit
@signed_in_required
def return_report(report_id: int):
    report = _report_or_404(report_id)
    if not report.is_awaiting_sign_off:
        return _no_longer_waiting()
    form = ReportReturnForm()
    if form.validate_on_submit():
        try:
            report_signoff.return_to_organiser(report, current_user, form.reason.data or "")
        except Problems as error:
            db.session.rollback()
            error.show_on(form, fallback="reason")
        else:
            db.session.commit()
            flash(
                _("You returned it to the organiser with your reason. It is a draft again."),
                "success",
            )
            return redirect(url_for("tracker.sign_off_queue"))
    return _report_page(report, form)
