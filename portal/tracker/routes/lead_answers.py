"""A newly chosen lead answers: Accept, or This isn't mine. From the emailed link (no sign-in:
the signed link names the lead) or, signed in, from the recommendation."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.extensions import db
from portal.models import Recommendation, User
from portal.permissions import can_answer_lead, staff_required
from portal.problems import Problems
from portal.tracker import lead_answers
from portal.tracker.forms import LeadAcceptForm, LeadDeclineForm
from portal.tracker.routes import bp
from portal.tracker.routes.common import _recommendation_or_404, posting_limit

ACCEPT, DECLINE = "accept", "decline"


@bp.route("/lead/<token>", methods=["GET", "POST"])
@posting_limit
def lead_answer(token: str):
    try:
        link = lead_answers.read_link(token)
    except lead_answers.LeadLinkError as error:
        return render_template(
            "tracker/lead_link_problem.html",
            title=_("This link has expired")
            if error.problem == lead_answers.LinkProblem.EXPIRED
            else _("This link does not work"),
            problem=error.problem.value,
        ), 400
    here = url_for("tracker.lead_answer", token=token)
    return _answer_page(link.recommendation, link.officer, link.still_lead, here)


@bp.route("/assemblies/<slug>/recommendations/<int:number>/lead/answer", methods=["GET", "POST"])
@posting_limit
@staff_required
def answer_lead(slug: str, number: int):
    recommendation = _recommendation_or_404(slug, number)
    if not can_answer_lead(current_user, recommendation):
        abort(403)
    here = url_for("tracker.answer_lead", slug=slug, number=number)
    return _answer_page(recommendation, current_user._get_current_object(), True, here)


def _answer_page(recommendation: Recommendation, officer: User, still_lead: bool, here: str):
    accept_form = LeadAcceptForm(formdata=None)
    decline_form = LeadDeclineForm(formdata=None)
    if request.method == "POST" and still_lead:
        answer = request.form.get("answer")
        if answer == ACCEPT and (accept_form := LeadAcceptForm()).validate_on_submit():
            lead_answers.accept(recommendation, officer)
            db.session.commit()
            flash(
                _(
                    "You have accepted recommendation %(number)d. It is yours to lead.",
                    number=recommendation.number,
                ),
                "success",
            )
            return redirect(here)
        if answer == DECLINE and (decline_form := LeadDeclineForm()).validate_on_submit():
            try:
                lead_answers.decline(
                    recommendation,
                    officer,
                    decline_form.decline_reason.data,
                    decline_form.suggested_lead.data,
                )
            except Problems as error:
                decline_form.apply_problems(error.problems)
            else:
                db.session.commit()
                flash(
                    _(
                        "You said recommendation %(number)d is not yours. The organisers have "
                        "been told and will choose another lead.",
                        number=recommendation.number,
                    ),
                    "success",
                )
                return redirect(here)
    form = decline_form if decline_form.errors else accept_form
    return render_template(
        "tracker/lead_answer.html",
        title=_(
            "Is recommendation %(number)d yours to lead?",
            number=recommendation.number,
        ),
        recommendation=recommendation,
        officer=officer,
        still_lead=still_lead,
        accepted=recommendation.lead_accepted_at if still_lead else None,
        answer_by=lead_answers.answer_due(recommendation) if still_lead else None,
        accept_form=accept_form,
        decline_form=decline_form,
        form=form,
        here=here,
    )
