"""Organisers open an assessment round on a published report; members answer it; once it has
closed, whoever may read the report sees the results and their open data."""

from __future__ import annotations

import json

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.assessments import charts, formats, services
from portal.assessments.forms import CloseRoundForm, OpenRoundForm, answer_form
from portal.extensions import db
from portal.models import AssessmentRound, Report
from portal.permissions import (
    assembly_for_viewer_or_404,
    can_assess,
    can_read_report,
    organiser_required,
    signed_in_required,
)
from portal.problems import Problems
from portal.reports import services as reports

bp = Blueprint("assessments", __name__)


def _report_or_404(slug: str, number: int) -> Report:
    """The published report, for whoever may see it (a private assembly: 404 to outsiders)."""
    assembly = assembly_for_viewer_or_404(slug, current_user)
    report = reports.report_in(assembly, number)
    if report is None or not can_read_report(current_user, report):
        abort(404)
    return report


def _round_or_404(report: Report) -> AssessmentRound:
    return services.round_for(report) or abort(404)


# Organisers


def _manage_page(report: Report, form, close_form, status: int = 200):
    assessment = services.round_for(report)
    return (
        render_template(
            "assessments/manage.html",
            title=_("Ask members to assess %(title)s", title=report.title),
            assembly=report.assembly,
            report=report,
            assessment=assessment,
            turnout=services.turnout(assessment) if assessment else None,
            form=form,
            close_form=close_form,
        ),
        status,
    )


@bp.route("/admin/assemblies/<slug>/reports/<int:number>/assessment", methods=["GET", "POST"])
@organiser_required
def manage(slug: str, number: int):
    report = _report_or_404(slug, number)
    if request.method == "POST" and services.round_for(report) is not None:
        return redirect(url_for("assessments.manage", slug=slug, number=number))
    form = OpenRoundForm()
    if request.method == "GET":
        form.closes_on.data = services.default_closing_date()
    elif form.validate_on_submit():
        try:
            services.open_round(report, current_user, form.closes_on.data)
        except Problems as problems:
            db.session.rollback()
            problems.show_on(form, fallback="closes_on")
        else:
            db.session.commit()
            flash(_("Assessment opened. Every member of the assembly has been emailed."), "success")
            return redirect(url_for("assessments.manage", slug=slug, number=number))
    return _manage_page(report, form, CloseRoundForm(formdata=None))


@bp.route("/admin/assemblies/<slug>/reports/<int:number>/assessment/close", methods=["POST"])
@organiser_required
def close(slug: str, number: int):
    report = _report_or_404(slug, number)
    assessment = _round_or_404(report)
    close_form = CloseRoundForm()
    if close_form.validate_on_submit():
        try:
            services.close_round(assessment)
        except Problems as problems:
            close_form.submit.errors = [problems.problems["close"]]
        else:
            db.session.commit()
            flash(_("Assessment closed. The results are published with the report."), "success")
            return redirect(url_for("assessments.results", slug=slug, number=number))
    return _manage_page(report, OpenRoundForm(formdata=None), close_form)


# Members


def _submission(form, recommendations: list[dict], finish: bool) -> services.Submission:
    answers = {}
    for recommendation in recommendations:
        number = recommendation["number"]
        rating = form[services.rating_field(number)].data
        answers[number] = services.Answer(
            rating if isinstance(rating, str) and rating else None,
            form[services.reason_field(number)].data or "",
        )
    return services.Submission(answers=answers, may_quote=bool(form.may_quote.data), finish=finish)


def _saved_data(assessment: AssessmentRound, recommendations: list[dict]) -> dict:
    participation = services.participation_of(assessment, current_user)
    saved = services.answers_of(participation)
    data: dict = {"may_quote": bool(participation and participation.may_quote)}
    for recommendation in recommendations:
        answer = saved.get(recommendation["id"])
        data[services.rating_field(recommendation["number"])] = (
            answer.rating.value if answer else None
        )
        data[services.reason_field(recommendation["number"])] = answer.reason if answer else ""
    return data


@bp.route("/assemblies/<slug>/reports/<int:number>/assessment", methods=["GET", "POST"])
@signed_in_required
def answer(slug: str, number: int):
    report = _report_or_404(slug, number)
    if not can_assess(current_user, report):
        abort(403)
    assessment = _round_or_404(report)
    if assessment.is_closed:
        flash(_("This assessment has closed. These are the results."), "success")
        return redirect(url_for("assessments.results", slug=slug, number=number))
    recommendations = services.recommendations_of(report)
    if request.method == "GET":
        form = answer_form(
            recommendations, formdata=None, data=_saved_data(assessment, recommendations)
        )
    else:
        form = answer_form(recommendations)
        if form.validate_on_submit():
            finish = bool(form.submit.data)
            try:
                finished = services.save_answers(
                    assessment, current_user, _submission(form, recommendations, finish)
                )
            except Problems as problems:
                db.session.rollback()
                problems.show_on(form, fallback="save")
            else:
                db.session.commit()
                if finish or finished:
                    flash(
                        _(
                            "Thank you. Your assessment has been submitted. You can change it until the assessment closes."
                        ),
                        "success",
                    )
                else:
                    flash(
                        _(
                            "Your answers have been saved. Come back to finish them before %(date)s.",
                            date=_closing(assessment),
                        ),
                        "success",
                    )
                return redirect(
                    url_for("reports.report", slug=slug, number=number, _anchor="assessment")
                )
    participation = services.participation_of(assessment, current_user)
    return render_template(
        "assessments/answer.html",
        title=_("Give your assessment of %(title)s", title=report.title),
        assembly=report.assembly,
        report=report,
        assessment=assessment,
        recommendations=recommendations,
        finished=bool(participation and participation.finished_at),
        turnout=services.turnout(assessment),
        form=form,
    )


def _closing(assessment: AssessmentRound) -> str:
    from portal.templating import format_date

    return format_date(assessment.closes_on)


# Results, once closed


def _closed_or_404(slug: str, number: int) -> tuple[Report, AssessmentRound]:
    report = _report_or_404(slug, number)
    assessment = _round_or_404(report)
    if not assessment.is_closed:
        abort(404)
    return report, assessment


@bp.route("/assemblies/<slug>/reports/<int:number>/assessment/results")
def results(slug: str, number: int):
    report, assessment = _closed_or_404(slug, number)
    view = services.results(assessment)
    return render_template(
        "assessments/results.html",
        title=_("Members’ assessment of %(title)s", title=report.title),
        assembly=report.assembly,
        report=report,
        view=view,
        chart=charts.results_chart(view["recommendations"]),
        theme_chart=charts.results_chart(view["themes"], by_theme=True),
    )


@bp.route("/assemblies/<slug>/reports/<int:number>/assessment.csv")
def results_csv(slug: str, number: int):
    report, assessment = _closed_or_404(slug, number)
    response = Response(
        formats.results_csv(report, services.results(assessment)),
        content_type="text/csv; charset=utf-8",
    )
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{report.assembly.slug}-report-{report.number}-assessment.csv"'
    )
    return response


@bp.route("/assemblies/<slug>/reports/<int:number>/assessment.json")
def results_json(slug: str, number: int):
    report, assessment = _closed_or_404(slug, number)
    body = json.dumps(
        formats.results_json(report, services.results(assessment)), ensure_ascii=False, indent=2
    )
    return Response(body, content_type="application/json; charset=utf-8")
