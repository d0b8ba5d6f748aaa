"""The members' statement on a published report: its working page, the organiser's steps, the
members' posts and endorsements, and the council's reply."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import permissions
from portal.extensions import db
from portal.models import Assembly, Report, Statement, StatementPost
from portal.permissions import (
    assembly_for_participant,
    assembly_for_viewer_or_404,
    can_read_report,
    organiser_required,
    signed_in_required,
    staff_required,
)
from portal.problems import Problems
from portal.reports import services as reports
from portal.statements import services
from portal.statements.forms import (
    EndorseForm,
    HideForm,
    OpenForm,
    PostForm,
    PublishForm,
    ReplyForm,
    StartForm,
    TextForm,
    WithdrawForm,
)

bp = Blueprint("statements", __name__)

BASE = "/assemblies/<slug>/reports/<int:number>/statement"


def _report_or_404(slug: str, number: int) -> Report:
    assembly = assembly_for_viewer_or_404(slug, current_user)
    report = reports.report_in(assembly, number)
    if report is None or not can_read_report(current_user, report):
        abort(404)
    return report


def _for_participant(slug: str, number: int) -> Report:
    """The published report, for the people taking part in its assembly (404, else 403)."""
    report = _report_or_404(slug, number)
    assembly_for_participant(report.assembly, current_user)
    return report


def _statement_or_404(report: Report) -> Statement:
    return services.statement_for(report) or abort(404)


def _back(report: Report, anchor: str | None = None):
    return redirect(
        url_for(
            "statements.statement",
            slug=report.assembly.slug,
            number=report.number,
            _anchor=anchor,
        )
    )


def _page(report: Report, *, form=None, problem: dict | None = None, status: int = 200):
    assembly: Assembly = report.assembly
    statement = services.statement_for(report)
    user = current_user
    context: dict = {
        "title": _("The members’ statement on %(title)s", title=report.title),
        "assembly": assembly,
        "report": report,
        "statement": statement,
        "form": form,
        "problems": [
            {"text": message, "href": "#statement-actions"} for message in (problem or {}).values()
        ],
        "can_run": permissions.can_run_statement(user),
        "can_post": permissions.can_contribute_to_statement(user, assembly),
        "can_endorse": permissions.can_endorse_statement(user, assembly),
        "start_form": StartForm(formdata=None),
    }
    if statement is not None:
        context |= {
            "posts": services.posts_of(statement),
            "count": services.endorsement_count(statement),
            "members": services.member_count(assembly),
            "endorsed": services.has_endorsed(statement, user),
            "endorsed_line": services.endorsed_line(statement) if statement.is_published else "",
            "late": services.reply_lateness(statement),
            "post_form": form if isinstance(form, PostForm) else PostForm(formdata=None),
            "open_form": OpenForm(formdata=None),
            "endorse_form": EndorseForm(formdata=None),
            "withdraw_form": WithdrawForm(formdata=None),
            "publish_form": PublishForm(formdata=None),
            "hide_form": HideForm(formdata=None),
            "can_reply": permissions.can_reply_to_statement(user),
        }
    return render_template("statements/statement.html", **context), status


@bp.route(BASE)
@signed_in_required
def statement(slug: str, number: int):
    return _page(_for_participant(slug, number))


@bp.route(BASE + "/start", methods=["POST"])
@organiser_required
def start(slug: str, number: int):
    report = _report_or_404(slug, number)
    form = StartForm()
    if not form.validate_on_submit():
        return _page(report, problem={"start": _("Try again")})
    try:
        services.start(report, current_user)
    except Problems as problems:
        db.session.rollback()
        return _page(report, problem=problems.problems)
    db.session.commit()
    flash(_("Statement started. Members can now propose text and comment."), "success")
    return _back(report)


@bp.route(BASE + "/posts", methods=["POST"])
@signed_in_required
def post(slug: str, number: int):
    report = _for_participant(slug, number)
    statement = _statement_or_404(report)
    if not permissions.can_contribute_to_statement(current_user, report.assembly):
        abort(403)
    form = PostForm()
    if form.validate_on_submit():
        try:
            services.add_post(statement, current_user, form.kind.data, form.body.data)
        except Problems as problems:
            db.session.rollback()
            problems.show_on(form, fallback="body")
            return _page(report, form=form, status=problems.status)
        db.session.commit()
        flash(_("Posted. The organiser reads every proposal."), "success")
        return _back(report, "posts")
    return _page(report, form=form)


@bp.route(BASE + "/posts/<int:post_id>/hide", methods=["POST"])
@organiser_required
def hide_post(slug: str, number: int, post_id: int):
    report = _report_or_404(slug, number)
    statement = _statement_or_404(report)
    item = db.session.get(StatementPost, post_id)
    if item is None or item.statement_id != statement.id:
        abort(404)
    if HideForm().validate_on_submit():
        services.hide_post(item, current_user)
        db.session.commit()
        flash(_("Post hidden. Members no longer see what it said."), "success")
    return _back(report, "posts")


@bp.route(BASE + "/edit", methods=["GET", "POST"])
@organiser_required
def edit(slug: str, number: int):
    report = _report_or_404(slug, number)
    statement = _statement_or_404(report)
    form = TextForm(data={"text": statement.text})
    if form.validate_on_submit():
        try:
            services.edit_text(statement, current_user, form.text.data)
        except Problems as problems:
            db.session.rollback()
            problems.show_on(form, fallback="text")
        else:
            db.session.commit()
            flash(_("Text saved."), "success")
            return _back(report)
    return render_template(
        "statements/edit.html",
        title=_("Edit the members’ statement on %(title)s", title=report.title),
        assembly=report.assembly,
        report=report,
        statement=statement,
        posts=[item for item in services.posts_of(statement) if not item.is_hidden],
        versions=services.versions_of(statement),
        form=form,
    )


def _organiser_step(slug: str, number: int, form_class, step, field: str, done: str):
    report = _report_or_404(slug, number)
    statement = _statement_or_404(report)
    if not form_class().validate_on_submit():
        return _page(report, problem={field: _("Try again")})
    try:
        step(statement, current_user)
    except Problems as problems:
        db.session.rollback()
        return _page(report, problem=problems.problems)
    db.session.commit()
    flash(done, "success")
    return _back(report)


@bp.route(BASE + "/open", methods=["POST"])
@organiser_required
def open_for_endorsement(slug: str, number: int):
    return _organiser_step(
        slug,
        number,
        OpenForm,
        services.open_for_endorsement,
        "open",
        _("The text is frozen. Members have been asked to endorse it."),
    )


@bp.route(BASE + "/publish", methods=["POST"])
@organiser_required
def publish(slug: str, number: int):
    return _organiser_step(
        slug,
        number,
        PublishForm,
        services.publish,
        "publish",
        _("Statement published on the report page. The council’s reply is now due."),
    )


def _member_step(slug: str, number: int, form_class, step, done: str):
    report = _for_participant(slug, number)
    statement = _statement_or_404(report)
    if not permissions.can_endorse_statement(current_user, report.assembly):
        abort(403)
    if not form_class().validate_on_submit():
        return _page(report, problem={"endorse": _("Try again")})
    try:
        step(statement, current_user)
    except Problems as problems:
        db.session.rollback()
        return _page(report, problem=problems.problems)
    db.session.commit()
    flash(done, "success")
    return _back(report, "endorse")


@bp.route(BASE + "/endorse", methods=["POST"])
@signed_in_required
def endorse(slug: str, number: int):
    return _member_step(
        slug, number, EndorseForm, services.endorse, _("You have endorsed the statement.")
    )


@bp.route(BASE + "/withdraw", methods=["POST"])
@signed_in_required
def withdraw(slug: str, number: int):
    return _member_step(
        slug, number, WithdrawForm, services.withdraw, _("You have withdrawn your endorsement.")
    )


@bp.route(BASE + "/reply", methods=["GET", "POST"])
@staff_required
def reply(slug: str, number: int):
    report = _report_or_404(slug, number)
    statement = _statement_or_404(report)
    if not statement.is_published:
        abort(404)
    form = ReplyForm()
    if not statement.is_replied and form.validate_on_submit():
        try:
            services.publish_reply(statement, current_user, form.reply.data)
        except Problems as problems:
            db.session.rollback()
            problems.show_on(form, fallback="reply")
        else:
            db.session.commit()
            flash(_("Reply published under the statement. Members have been emailed."), "success")
            return redirect(
                url_for(
                    "reports.report",
                    slug=slug,
                    number=number,
                    _anchor="members-statement",
                )
            )
    return render_template(
        "statements/reply.html",
        title=_("Reply to the members’ statement on %(title)s", title=report.title),
        assembly=report.assembly,
        report=report,
        statement=statement,
        endorsed_line=services.endorsed_line(statement),
        late=services.reply_lateness(statement),
        form=form,
    )
