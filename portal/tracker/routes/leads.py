"""Organisers: a recommendation's leads, and adding or editing recommendations."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from portal.extensions import db
from portal.links import workspace_url
from portal.models import Assembly, User
from portal.permissions import organiser_required
from portal.problems import Problems
from portal.tracker import recommendations
from portal.tracker.forms import LeadForm, RecommendationForm
from portal.tracker.routes import bp
from portal.tracker.routes.common import _recommendation_or_404, posting_limit


@bp.route("/assemblies/<slug>/recommendations/<int:number>/lead", methods=["GET", "POST"])
@posting_limit
@organiser_required
def change_lead(slug: str, number: int):
    recommendation = _recommendation_or_404(slug, number)
    candidates = recommendations.lead_candidates()
    current = recommendation.lead_officer
    if current is not None and current not in candidates:
        candidates = [current, *candidates]
    form = LeadForm(obj=None)
    form.lead_officer.choices = [SelectChoice("", "No lead officer")] + [
        SelectChoice(
            str(user.id), f"{user.name} ({user.department})" if user.department else user.name
        )
        for user in candidates
    ]
    if request.method == "GET":
        form.lead_officer.data = str(recommendation.lead_officer_id or "")
        form.lead_department.data = recommendation.lead_department
    if form.validate_on_submit():
        chosen = form.lead_officer.data or ""
        officer = (
            db.session.get(User, int(chosen)) if chosen.isdigit() and len(chosen) < 10 else None
        )
        if chosen and officer is None:
            form.lead_officer.errors = ["Choose a council officer from the list"]
        else:
            try:
                recommendations.assign_lead(
                    recommendation, officer, form.lead_department.data or ""
                )
            except Problems as error:
                for name, message in error.problems.items():
                    getattr(form, name).errors = [message]
            else:
                db.session.commit()
                who = officer.name if officer else "nobody"
                flash(f"Recommendation {recommendation.number} is now led by {who}.", "success")
                return redirect(workspace_url(recommendation))
    return render_template(
        "tracker/lead.html",
        title=f"Choose the lead for recommendation {recommendation.number}",
        recommendation=recommendation,
        form=form,
    )


def _assembly_or_404(slug: str) -> Assembly:
    return db.session.scalar(select(Assembly).where(Assembly.slug == slug)) or abort(404)


@bp.route("/assemblies/<slug>/recommendations/new", methods=["GET", "POST"])
@posting_limit
@organiser_required
def new_recommendation(slug: str):
    assembly = _assembly_or_404(slug)
    form = RecommendationForm()
    if request.method == "GET":
        form.number.data = str(recommendations.next_free_number(assembly))
    if form.validate_on_submit() and (values := form.values()) is not None:
        try:
            recommendation = recommendations.add_recommendation(assembly, **values)
        except Problems as error:
            form.apply_problems(error.problems)
        else:
            db.session.commit()
            flash(
                f"Recommendation {recommendation.number} has been added. Now choose who leads it.",
                "success",
            )
            return redirect(
                url_for("tracker.change_lead", slug=assembly.slug, number=recommendation.number)
            )
    return render_template(
        "tracker/recommendation_form.html",
        title=f"Add a recommendation to {assembly.name}",
        assembly=assembly,
        recommendation=None,
        form=form,
    )


@bp.route("/assemblies/<slug>/recommendations/<int:number>/edit", methods=["GET", "POST"])
@posting_limit
@organiser_required
def edit_recommendation(slug: str, number: int):
    recommendation = _recommendation_or_404(slug, number)
    form = RecommendationForm()
    if request.method == "GET":
        form.number.data = str(recommendation.number)
        form.title.data = recommendation.title
        form.text.data = recommendation.text
        form.theme.data = recommendation.theme
        form.support.data = "" if recommendation.support is None else str(recommendation.support)
    if form.validate_on_submit() and (values := form.values()) is not None:
        try:
            recommendations.edit_recommendation(recommendation, **values)
        except Problems as error:
            form.apply_problems(error.problems)
        else:
            db.session.commit()
            flash(f"Recommendation {recommendation.number} has been saved.", "success")
            return redirect(workspace_url(recommendation))
    return render_template(
        "tracker/recommendation_form.html",
        title=f"Edit recommendation {recommendation.number}",
        assembly=recommendation.assembly,
        recommendation=recommendation,
        form=form,
    )
