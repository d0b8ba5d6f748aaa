"""Organisers: escalating a late recommendation to its department's senior contact."""

from __future__ import annotations

from flask import flash, redirect, render_template
from flask_babel import gettext as _
from flask_login import current_user

from portal.extensions import db
from portal.links import workspace_url
from portal.permissions import organiser_required
from portal.problems import Problems
from portal.tracker import escalation
from portal.tracker.forms import EscalationForm
from portal.tracker.routes import bp
from portal.tracker.routes.common import _recommendation_or_404, posting_limit


@bp.route("/assemblies/<slug>/recommendations/<int:number>/escalate", methods=["GET", "POST"])
@posting_limit
@organiser_required
def escalate(slug: str, number: int):
    recommendation = _recommendation_or_404(slug, number)
    form = EscalationForm()
    if form.validate_on_submit():
        try:
            done = escalation.escalate(recommendation, current_user, form.note.data)
        except Problems as problems:
            problems.show_on(form, fallback="note")
        else:
            db.session.commit()
            flash(
                _(
                    "Recommendation %(number)d has been escalated to the %(role)s. They have "
                    "been emailed its history.",
                    number=recommendation.number,
                    role=done.contact_role,
                ),
                "success",
            )
            return redirect(workspace_url(recommendation, "current-state"))
    return render_template(
        "tracker/escalate.html",
        title=_("Escalate recommendation %(number)d", number=recommendation.number),
        recommendation=recommendation,
        ready=escalation.readiness(recommendation),
        form=form,
    )
