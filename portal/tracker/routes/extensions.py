"""Organisers: extending a recommendation's report date or a question's answer date."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.extensions import db
from portal.links import workspace_url
from portal.models import Question
from portal.permissions import can_extend_deadlines, organiser_required
from portal.problems import Problems
from portal.templating import format_date
from portal.tracker import extensions
from portal.tracker.forms import ExtendDeadlineForm
from portal.tracker.routes import bp
from portal.tracker.routes.common import _recommendation_or_404, posting_limit


@bp.route(
    "/assemblies/<slug>/recommendations/<int:number>/extend-deadline", methods=["GET", "POST"]
)
@posting_limit
@organiser_required
def extend_report_deadline(slug: str, number: int):
    recommendation = _recommendation_or_404(slug, number)
    if not can_extend_deadlines(current_user):
        abort(403)
    form = ExtendDeadlineForm()
    if form.validate_on_submit():
        try:
            extension = extensions.extend_report_deadline(
                recommendation, current_user, form.new_date.data, form.reason.data
            )
        except Problems as problems:
            problems.show_on(form, fallback="new_date")
        else:
            db.session.commit()
            flash(
                _(
                    "The next report on recommendation %(number)d is now due by %(date)s.",
                    number=recommendation.number,
                    date=format_date(extension.new_date),
                ),
                "success",
            )
            return redirect(workspace_url(recommendation, "current-state"))
    return render_template(
        "tracker/extend_deadline.html",
        title=_("Extend the report deadline for recommendation %(number)d", number=number),
        recommendation=recommendation,
        heading=_("Extend the report deadline"),
        current=recommendation.next_report_due,
        back=workspace_url(recommendation),
        form=form,
    )


@bp.route("/questions/<int:question_id>/extend-deadline", methods=["GET", "POST"])
@posting_limit
@organiser_required
def extend_answer_date(question_id: int):
    question = db.get_or_404(Question, question_id)
    if not can_extend_deadlines(current_user):
        abort(403)
    form = ExtendDeadlineForm()
    if form.validate_on_submit():
        try:
            extension = extensions.extend_answer_date(
                question, current_user, form.new_date.data, form.reason.data
            )
        except Problems as problems:
            problems.show_on(form, fallback="new_date")
        else:
            db.session.commit()
            flash(
                _("The answer is now due by %(date)s.", date=format_date(extension.new_date)),
                "success",
            )
            return redirect(url_for("scrutiny.show_question", question_id=question.id))
    return render_template(
        "tracker/extend_deadline.html",
        title=_("Extend the answer date for a question"),
        recommendation=question.recommendation,
        heading=_("Extend the answer date"),
        current=question.due_on,
        question=question,
        back=url_for("scrutiny.show_question", question_id=question.id),
        form=form,
    )
