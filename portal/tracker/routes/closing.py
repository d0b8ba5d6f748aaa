"""Closing and reopening a recommendation."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from portal.extensions import db
from portal.links import workspace_url
from portal.permissions import can_close, can_reopen, staff_required
from portal.problems import Problems
from portal.templating import format_date
from portal.tracker import closing, services
from portal.tracker.forms import CLOSURE_HINTS, CloseForm, ReopenForm
from portal.tracker.routes import bp
from portal.tracker.routes.common import CONFLICT_MESSAGE, _recommendation_or_404, posting_limit
from portal.tracker.routes.workspace import CHANGE, CHECK, _action, _version, render_check_step


@bp.route("/assemblies/<slug>/recommendations/<int:number>/close", methods=["GET", "POST"])
@posting_limit
@staff_required
def close_recommendation(slug: str, number: int):
    recommendation = _recommendation_or_404(slug, number)
    if not can_close(current_user, recommendation):
        abort(403)
    if recommendation.is_closed:
        flash(_("Recommendation %(number)d is already closed.", number=recommendation.number))
        return redirect(workspace_url(recommendation, "current-state"))
    form = CloseForm()
    conflict = False
    action = _action()
    if request.method == "GET":
        form.closure_version.data = str(recommendation.version)
    elif action == CHANGE:
        pass  # back from the check step: the form shows what was typed
    elif form.validate_on_submit() and action == CHECK:
        reason = form.closure_reason.data or ""
        explanation = form.closure_explanation.data or ""
        superseded_by = form.superseded_by.data or None
        problems = closing.check_closure(recommendation, reason, explanation, superseded_by)
        if problems:
            form.apply_problems(problems)
        elif _version(form.closure_version.data) != recommendation.version:
            conflict = True
            form.closure_version.data = str(recommendation.version)
        else:
            return render_check_step(
                recommendation,
                closing.preview_closure(
                    recommendation,
                    current_user,
                    reason=reason,
                    explanation=explanation,
                    superseded_by=superseded_by,
                ),
                heading=_("Check the closure"),
                change_text=_("Change the closure"),
                publish_text=_("Close the recommendation"),
                kind_name=_("closure"),
            )
    elif form.validate_on_submit():
        try:
            closing.close_recommendation(
                recommendation,
                current_user,
                reason=form.closure_reason.data or "",
                explanation=form.closure_explanation.data or "",
                superseded_by=form.superseded_by.data or None,
                expected_version=_version(form.closure_version.data),
            )
        except Problems as error:
            form.apply_problems(error.problems)
        except services.ConflictError:
            conflict = True
            form.closure_version.data = str(recommendation.version)
        else:
            db.session.commit()
            flash(
                _(
                    "Recommendation %(number)d is closed: %(reason)s. No more reports are due on it.",
                    number=recommendation.number,
                    reason=recommendation.closure_reason_label,
                ),
                "success",
            )
            return redirect(workspace_url(recommendation))
    return render_template(
        "tracker/close.html",
        title=("Error: " if conflict else "")
        + _("Close recommendation %(number)d", number=recommendation.number),
        recommendation=recommendation,
        form=form,
        hints=CLOSURE_HINTS,
        conflict=conflict,
        conflict_message=CONFLICT_MESSAGE,
    )


@bp.route("/assemblies/<slug>/recommendations/<int:number>/reopen", methods=["GET", "POST"])
@posting_limit
@staff_required
def reopen_recommendation(slug: str, number: int):
    recommendation = _recommendation_or_404(slug, number)
    if not can_reopen(current_user, recommendation):
        abort(403)
    if not recommendation.is_closed:
        flash(_("Recommendation %(number)d is open.", number=recommendation.number))
        return redirect(workspace_url(recommendation, "current-state"))
    form = ReopenForm()
    conflict = False
    action = _action()
    if request.method == "GET":
        form.reopen_version.data = str(recommendation.version)
    elif action == CHANGE:
        pass  # back from the check step: the form shows what was typed
    elif form.validate_on_submit() and action == CHECK:
        reason = form.reopen_reason.data or ""
        problems = closing.check_reopening(recommendation, reason)
        if problems:
            form.apply_problems(problems)
        elif _version(form.reopen_version.data) != recommendation.version:
            conflict = True
            form.reopen_version.data = str(recommendation.version)
        else:
            return render_check_step(
                recommendation,
                closing.preview_reopening(recommendation, current_user, reason=reason),
                heading=_("Check the reopening"),
                change_text=_("Change the reason"),
                publish_text=_("Reopen the recommendation"),
                kind_name=_("reopening"),
            )
    elif form.validate_on_submit():
        try:
            closing.reopen_recommendation(
                recommendation,
                current_user,
                reason=form.reopen_reason.data or "",
                expected_version=_version(form.reopen_version.data),
            )
        except Problems as error:
            form.apply_problems(error.problems)
        except services.ConflictError:
            conflict = True
            form.reopen_version.data = str(recommendation.version)
        else:
            db.session.commit()
            flash(
                _(
                    "Recommendation %(number)d has been reopened. Its next report is due by %(due)s.",
                    number=recommendation.number,
                    due=format_date(recommendation.next_report_due),
                )
                if recommendation.next_report_due
                else _(
                    "Recommendation %(number)d has been reopened.", number=recommendation.number
                ),
                "success",
            )
            return redirect(workspace_url(recommendation))
    return render_template(
        "tracker/reopen.html",
        title=("Error: " if conflict else "")
        + _("Reopen recommendation %(number)d", number=recommendation.number),
        recommendation=recommendation,
        form=form,
        conflict=conflict,
        conflict_message=CONFLICT_MESSAGE,
    )
