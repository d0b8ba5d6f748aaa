"""The policy calendar: the public page, its iCalendar feed and open data, and the organisers'
pages to add and change decision points and record what was decided."""

from __future__ import annotations

import json

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.extensions import db
from portal.models import Assembly, DecisionPoint
from portal.permissions import (
    assembly_for_viewer_or_404,
    can_manage_calendar,
    can_record_outcome,
    can_see_calendar,
    organiser_required,
    staff_required,
)
from portal.policy_calendar import ics, open_data, services
from portal.policy_calendar.forms import DecisionPointForm, OutcomeForm
from portal.problems import Problems

bp = Blueprint("policy_calendar", __name__)

ADMIN = "/admin/assemblies/<slug>/calendar"


def _assembly_or_404(slug: str) -> Assembly:
    assembly = assembly_for_viewer_or_404(slug, current_user)
    if not can_see_calendar(current_user, assembly):
        abort(404)
    return assembly


def _point_or_404(assembly: Assembly, point_id: int) -> DecisionPoint:
    return services.point_in(assembly, point_id) or abort(404)


def _feed_response(assembly: Assembly, body, content_type: str) -> Response:
    response = Response(body, content_type=content_type)
    if assembly.is_public:
        response.headers["Access-Control-Allow-Origin"] = "*"
    else:
        response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/assemblies/<slug>/calendar")
def calendar(slug: str):
    assembly = _assembly_or_404(slug)
    return render_template(
        "policy_calendar/calendar.html",
        title=_("%(assembly)s: policy calendar", assembly=assembly.name),
        assembly=assembly,
        calendar=services.calendar_of(assembly),
        feed_url=url_for("policy_calendar.calendar_ics", slug=slug, _external=False),
        feed_address=ics.calendar_page_url(assembly) + ".ics",
        can_record=can_record_outcome(current_user),
        can_manage=can_manage_calendar(current_user),
    )


@bp.route("/assemblies/<slug>/calendar.ics")
def calendar_ics(slug: str):
    assembly = _assembly_or_404(slug)
    response = _feed_response(assembly, ics.calendar_ics(assembly), "text/calendar; charset=utf-8")
    response.headers["Content-Disposition"] = f'inline; filename="{assembly.slug}-calendar.ics"'
    return response


@bp.route("/assemblies/<slug>/calendar.json")
def calendar_json(slug: str):
    assembly = _assembly_or_404(slug)
    body = json.dumps(open_data.calendar_json(assembly), ensure_ascii=False, indent=2)
    return _feed_response(assembly, body, "application/json; charset=utf-8")


# Organisers (and officers, for outcomes)


@bp.route(ADMIN)
@organiser_required
def admin_list(slug: str):
    assembly = _assembly_or_404(slug)
    missing = request.args.get("show") == "missing"
    return render_template(
        "policy_calendar/admin_list.html",
        title=_("Policy calendar for %(assembly)s", assembly=assembly.name),
        assembly=assembly,
        missing=missing,
        points=services.admin_points(assembly, missing=missing),
    )


def _form_page(assembly: Assembly, form, point: DecisionPoint | None, status: int = 200):
    return (
        render_template(
            "policy_calendar/point_form.html",
            title=_("Change a decision point") if point else _("Add a decision point"),
            assembly=assembly,
            point=point,
            form=form,
        ),
        status,
    )


def _input(form: DecisionPointForm) -> services.PointInput:
    return services.PointInput(
        body=form.body.data or "",
        body_name=form.body_name.data or "",
        local_start=form.local_start(),
        what=form.what.data or "",
        papers_url=form.papers_url.data or "",
        recommendation_ids=[i for i in (form.recommendations.data or []) if isinstance(i, int)],
    )


def _save(assembly: Assembly, form: DecisionPointForm, point: DecisionPoint | None):
    form.recommendations.choices = services.recommendation_choices(assembly)
    if request.method == "POST":
        valid = form.validate_on_submit()
        data = _input(form)
        # The service's problems beside the form's own, so every mistake is listed at once.
        problems = {
            name: message
            for name, message in services.problems_with(assembly, data).items()
            if not getattr(form, name).errors
        }
        if valid and not problems:
            if point is None:
                services.add_point(assembly, current_user, data)
            else:
                services.edit_point(point, data)
            db.session.commit()
            flash(_("Decision point saved."), "success")
            return redirect(url_for("policy_calendar.admin_list", slug=assembly.slug))
        Problems(problems).show_on(form, fallback="what")
    return _form_page(assembly, form, point)


@bp.route(ADMIN + "/new", methods=["GET", "POST"])
@organiser_required
def add(slug: str):
    assembly = _assembly_or_404(slug)
    return _save(assembly, DecisionPointForm(), None)


@bp.route(ADMIN + "/<int:point_id>/edit", methods=["GET", "POST"])
@organiser_required
def edit(slug: str, point_id: int):
    assembly = _assembly_or_404(slug)
    point = _point_or_404(assembly, point_id)
    form = DecisionPointForm()
    if request.method == "GET":
        local = services.to_uk(point.starts_at)
        form.body.data = point.body.value
        form.body_name.data = point.body_name
        form.starts_on.data = local.date()
        form.starts_at.data = local.strftime("%H:%M")
        form.what.data = point.what
        form.papers_url.data = point.papers_url or ""
        form.recommendations.data = [r.id for r in point.recommendations]
    return _save(assembly, form, point)


@bp.route(ADMIN + "/<int:point_id>/outcome", methods=["GET", "POST"])
@staff_required
def outcome(slug: str, point_id: int):
    assembly = _assembly_or_404(slug)
    point = _point_or_404(assembly, point_id)
    if not can_record_outcome(current_user):
        abort(403)
    form = OutcomeForm()
    if request.method == "GET":
        form.outcome.data = point.outcome
    elif form.validate_on_submit():
        try:
            services.record_outcome(point, current_user, form.outcome.data or "")
        except Problems as problems:
            db.session.rollback()
            problems.show_on(form, fallback="outcome")
        else:
            db.session.commit()
            flash(_("Outcome saved. It is shown on the policy calendar."), "success")
            if can_manage_calendar(current_user):
                return redirect(url_for("policy_calendar.admin_list", slug=slug))
            return redirect(url_for("policy_calendar.calendar", slug=slug))
    return render_template(
        "policy_calendar/outcome_form.html",
        title=_("Record the outcome"),
        assembly=assembly,
        point=point,
        when=services.when_text(point),
        form=form,
    )
