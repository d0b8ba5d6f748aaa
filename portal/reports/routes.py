"""Organisers draft and publish reports; everyone who may see the assembly reads them."""

from __future__ import annotations

import json

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from portal import pages
from portal.converters import MAX_ID, id_from_text
from portal.extensions import db
from portal.models import Assembly, Report
from portal.permissions import (
    assembly_for_viewer_or_404,
    can_correct_report,
    can_read_report,
    can_read_report_version,
    organiser_required,
)
from portal.problems import Problems
from portal.public.record import recommendation_in
from portal.reports import formats, services, signoff, versions, word
from portal.reports.forms import (
    RETAKE,
    CoverageNoteForm,
    OrderForm,
    PublishForm,
    ReportForm,
    SignOffRequestForm,
    ThemeCommentForm,
    correction_form,
)
from portal.statements import open_data as statement_data
from portal.statements import panels as statement_panels
from portal.statements.open_data import statement_json

bp = Blueprint("reports", __name__)


def _assembly_or_404(slug: str) -> Assembly:
    return db.session.scalar(select(Assembly).where(Assembly.slug == slug)) or abort(404)


def _report_or_404(assembly: Assembly, number: int) -> Report:
    return services.report_in(assembly, number) or abort(404)


@bp.route("/admin/assemblies/<slug>/reports")
@organiser_required
def organiser_reports(slug: str):
    assembly = _assembly_or_404(slug)
    return render_template(
        "reports/organiser_list.html",
        title=_("Reports on %(assembly)s", assembly=assembly.name),
        assembly=assembly,
        reports=services.reports_of(assembly),
        next_due=services.next_report_due(assembly),
        # The members' statements with their reply due dates: the dashboard's statement figures
        # link here.
        statements_panel=statement_panels.assembly_panel(assembly, current_user),
    )


@bp.route("/admin/assemblies/<slug>/reports/new", methods=["GET", "POST"])
@organiser_required
def new_report(slug: str):
    assembly = _assembly_or_404(slug)
    form = ReportForm()
    if form.validate_on_submit():
        try:
            report = services.create_report(
                assembly,
                current_user,
                kind=form.kind.data,
                title=form.title.data,
                period_from=form.period_from.data,
                period_to=form.period_to.data,
                introduction=form.introduction.data or "",
                conclusion=form.conclusion.data or "",
            )
        except Problems as problems:
            problems.show_on(form, fallback="title")
        else:
            db.session.commit()
            flash(_("Draft report saved. Check every recommendation, then publish it."), "success")
            return redirect(url_for("reports.draft", slug=slug, number=report.number))
    return render_template(
        "reports/new.html",
        title=_("Start a report on %(assembly)s", assembly=assembly.name),
        assembly=assembly,
        form=form,
    )


def _note_forms(view: dict) -> dict[int, CoverageNoteForm]:
    return {
        row["number"]: CoverageNoteForm(
            formdata=None, prefix=f"note-{row['number']}", note=row["coverage_note"] or ""
        )
        for row in view["rows"]
        if not row["entries"]
    }


def _draft_page(assembly: Assembly, report: Report, *, status: int = 200, **context):
    if report.is_published:
        view = services.for_page(services.load_snapshot(report))
        view["uncovered"] = []
    else:
        view = services.draft_view(report)
    changeable = not (report.is_published or report.is_awaiting_sign_off)
    forms = _note_forms(view) if changeable else {}
    failed = context.pop("failed_form", None)
    if failed is not None:
        forms[context.pop("failed_number")] = failed
    theme_forms = _theme_forms(view) if changeable else {}
    failed_theme = context.pop("failed_theme_form", None)
    if failed_theme is not None:
        theme_forms[context.pop("failed_theme")] = failed_theme
        failed = failed_theme
    order_form = context.pop("order_form", None) or OrderForm(
        formdata=None, prefix="order", order_by=view["report"].get("order_by", "theme")
    )
    if order_form.errors:
        failed = order_form
    return (
        render_template(
            "reports/draft.html",
            title=_("Check and publish: %(title)s", title=report.title),
            assembly=assembly,
            report=report,
            view=view,
            note_forms=forms,
            theme_forms=theme_forms,
            order_form=order_form,
            publish_form=(
                SignOffRequestForm(formdata=None)
                if signoff.needs_sign_off(report)
                else PublishForm(formdata=None)
            ),
            changeable=changeable,
            form=failed,
            **context,
        ),
        status,
    )


def _theme_forms(view: dict) -> dict[int, ThemeCommentForm]:
    return {
        theme["index"]: ThemeCommentForm(
            formdata=None, prefix=f"theme-{theme['index']}", comment=theme["comment"]
        )
        for theme in view["themes"]
    }


@bp.route("/admin/assemblies/<slug>/reports/<int:number>")
@organiser_required
def draft(slug: str, number: int):
    assembly = _assembly_or_404(slug)
    return _draft_page(assembly, _report_or_404(assembly, number))


@bp.route(
    "/admin/assemblies/<slug>/reports/<int:number>/coverage/<int:recommendation_number>",
    methods=["POST"],
)
@organiser_required
def add_coverage_note(slug: str, number: int, recommendation_number: int):
    assembly = _assembly_or_404(slug)
    report = _report_or_404(assembly, number)
    recommendation = recommendation_in(assembly, recommendation_number) or abort(404)
    form = CoverageNoteForm(prefix=f"note-{recommendation_number}")
    if form.validate_on_submit():
        try:
            services.add_coverage_note(report, recommendation, current_user, form.note.data)
        except Problems as problems:
            problems.show_on(form, fallback="note")
        else:
            db.session.commit()
            flash(
                _(
                    "Reason saved for recommendation %(number)d.",
                    number=recommendation.number,
                ),
                "success",
            )
            return redirect(
                url_for("reports.draft", slug=slug, number=number, _anchor="coverage-check")
            )
    return _draft_page(assembly, report, failed_form=form, failed_number=recommendation_number)


@bp.route("/admin/assemblies/<slug>/reports/<int:number>/order", methods=["POST"])
@organiser_required
def set_order(slug: str, number: int):
    assembly = _assembly_or_404(slug)
    report = _report_or_404(assembly, number)
    form = OrderForm(prefix="order")
    if form.validate_on_submit():
        try:
            services.set_order(report, form.order_by.data)
        except Problems as problems:
            problems.show_on(form, fallback="order_by")
        else:
            db.session.commit()
            flash(_("The order is saved."), "success")
            return redirect(url_for("reports.draft", slug=slug, number=number, _anchor="order"))
    return _draft_page(assembly, report, order_form=form)


@bp.route(
    "/admin/assemblies/<slug>/reports/<int:number>/themes/<int:theme_index>", methods=["POST"]
)
@organiser_required
def save_theme_comment(slug: str, number: int, theme_index: int):
    assembly = _assembly_or_404(slug)
    report = _report_or_404(assembly, number)
    themes = services.for_page(services.build_snapshot(report))["themes"]
    if not 1 <= theme_index <= len(themes):
        abort(404)
    theme = themes[theme_index - 1]
    form = ThemeCommentForm(prefix=f"theme-{theme_index}")
    if form.validate_on_submit():
        try:
            services.save_theme_comment(report, theme["theme"], current_user, form.comment.data)
        except Problems as problems:
            problems.show_on(form, fallback="comment")
        else:
            db.session.commit()
            flash(_("Commentary saved for %(theme)s.", theme=theme["name"]), "success")
            return redirect(
                url_for("reports.draft", slug=slug, number=number, _anchor=f"theme-{theme_index}")
            )
    return _draft_page(assembly, report, failed_theme_form=form, failed_theme=theme_index)


@bp.route("/admin/assemblies/<slug>/reports/<int:number>/publish", methods=["POST"])
@organiser_required
def publish(slug: str, number: int):
    assembly = _assembly_or_404(slug)
    report = _report_or_404(assembly, number)
    form = PublishForm()
    if not form.validate_on_submit():
        return _draft_page(assembly, report, publish_problem=_("Try publishing again"))
    to_sign_off = signoff.needs_sign_off(report) or report.is_awaiting_sign_off
    try:
        if to_sign_off:
            signoff.submit_for_sign_off(report, current_user)
        else:
            services.publish(report, current_user)
    except Problems as problems:
        db.session.rollback()
        return _draft_page(assembly, report, publish_problem=problems.problems["publish"])
    db.session.commit()
    if to_sign_off:
        flash(
            _(
                "Report sent to the approvers for sign-off. It is published when an approver "
                "approves it."
            ),
            "success",
        )
        return redirect(url_for("reports.draft", slug=slug, number=number))
    flash(_("Report published. Members of the assembly have been told."), "success")
    return redirect(url_for("reports.report", slug=slug, number=number))


# Corrections to a published report: each is a new, visible version.


def _based_on(value: str | None) -> int | None:
    """The version the organiser corrected; anything that is not one is never the current one."""
    if value is None or value == "":
        return None
    number = id_from_text(value)
    return 0 if number is None else number


@bp.route("/admin/assemblies/<slug>/reports/<int:number>/correct", methods=["GET", "POST"])
@organiser_required
def correct(slug: str, number: int):
    assembly = _assembly_or_404(slug)
    report = _report_or_404(assembly, number)
    if not can_correct_report(current_user, report):
        abort(404)
    view = services.for_page(services.load_snapshot(report))
    current = versions.current_version(report)
    prefill = {
        "introduction": view["report"].get("introduction") or "",
        "conclusion": view["report"].get("conclusion") or "",
        "based_on": str(current),
        **{f"comment_{theme['index']}": theme["comment"] for theme in view["themes"]},
    }
    form = correction_form(view["themes"], data=prefill)
    if form.validate_on_submit():
        correction = versions.Correction(
            reason=form.reason.data or "",
            introduction=form.introduction.data or "",
            conclusion=form.conclusion.data or "",
            theme_comments={
                theme["theme"]: form[f"comment_{theme['index']}"].data or ""
                for theme in view["themes"]
            },
            retake=form.retake.data == RETAKE,
            based_on=_based_on(form.based_on.data),
        )
        try:
            version = versions.correct(report, current_user, correction)
        except Problems as problems:
            db.session.rollback()
            problems.show_on(form, fallback="reason")
        else:
            db.session.commit()
            flash(
                _(
                    "Correction published as version %(version)d. Members of the assembly have "
                    "been told.",
                    version=version.version,
                ),
                "success",
            )
            return redirect(
                url_for("reports.report", slug=slug, number=number, _anchor="corrections")
            )
    return render_template(
        "reports/correct.html",
        title=_("Correct %(title)s", title=report.title),
        assembly=assembly,
        report=report,
        view=view,
        current_version=current,
        form=form,
        theme_fields=[(theme, form[f"comment_{theme['index']}"]) for theme in view["themes"]],
    )


# The published report, for everyone who may see the assembly.


def _published_or_404(slug: str, number: int) -> Report:
    assembly = assembly_for_viewer_or_404(slug, current_user)
    report = services.report_in(assembly, number)
    if report is None or not can_read_report(current_user, report):
        abort(404)
    return report


@bp.route("/assemblies/<slug>/reports/<int:number>")
def report(slug: str, number: int):
    report = _published_or_404(slug, number)
    view = services.for_page(services.load_snapshot(report))
    all_versions = versions.versions_of(report)
    return render_template(
        "reports/report.html",
        title=report.title,
        assembly=report.assembly,
        report=report,
        view=view,
        versions=all_versions,
        corrections=[version for version in reversed(all_versions) if version.is_correction],
        current_version=all_versions[-1].version if all_versions else 1,
        can_correct=can_correct_report(current_user, report),
        panels=pages.report_panels(report, current_user),
    )


@bp.route("/assemblies/<slug>/reports/<int:number>/versions/<int:version>")
def report_version(slug: str, number: int, version: int):
    report = _published_or_404(slug, number)
    if not can_read_report_version(current_user, report):
        abort(404)
    found = versions.version_of(report, version) if 0 < version <= MAX_ID else None
    if found is None:
        abort(404)
    all_versions = versions.versions_of(report)
    if found.version == all_versions[-1].version:
        return redirect(url_for("reports.report", slug=slug, number=number))
    later = [item for item in all_versions if item.version > found.version]
    return render_template(
        "reports/version.html",
        title=_(
            "%(title)s (version %(version)d, an earlier version)",
            title=report.title,
            version=found.version,
        ),
        assembly=report.assembly,
        report=report,
        version=found,
        next_version=later[0],
        current_version=all_versions[-1].version,
        view=services.for_page(versions.snapshot_of(found)),
    )


@bp.route("/assemblies/<slug>/reports/<int:number>.csv")
def report_csv(slug: str, number: int):
    report = _published_or_404(slug, number)
    response = Response(
        formats.report_csv(
            services.load_snapshot(report),
            statement_data.CSV_COLUMNS,
            statement_data.statement_csv_cells(report),  # live: the statement comes later
        ),
        content_type="text/csv; charset=utf-8",
    )
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{report.assembly.slug}-report-{report.number}.csv"'
    )
    return response


@bp.route("/assemblies/<slug>/reports/<int:number>.json")
def report_json(slug: str, number: int):
    report = _published_or_404(slug, number)
    data = formats.report_json(services.load_snapshot(report))
    data["members_statement"] = statement_json(report)  # live: the statement comes later
    all_versions = versions.versions_of(report)
    data["version"] = all_versions[-1].version if all_versions else 1
    data["corrections"] = versions.corrections_json(all_versions)
    body = json.dumps(data, ensure_ascii=False, indent=2)
    return Response(body, content_type="application/json; charset=utf-8")


@bp.route("/assemblies/<slug>/reports/<int:number>.docx")
def report_docx(slug: str, number: int):
    report = _published_or_404(slug, number)
    corrections = [item for item in versions.versions_of(report) if item.is_correction]
    body = word.report_docx(services.for_page(services.load_snapshot(report)), corrections)
    response = Response(body, content_type=word.CONTENT_TYPE)
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{report.assembly.slug}-report-{report.number}.docx"'
    )
    return response
