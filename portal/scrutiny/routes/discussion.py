"""Discussion: comments and replies, editing, deleting and reporting them."""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import permissions
from portal.extensions import db
from portal.links import recommendation_url
from portal.models import ResponseEntry
from portal.notices import flash_success
from portal.permissions import signed_in_required
from portal.problems import Problems
from portal.scrutiny import comments, moderation
from portal.scrutiny.forms import CommentForm, ConfirmForm, EditCommentForm, ReplyForm, ReportForm
from portal.scrutiny.routes import bp
from portal.scrutiny.routes.common import _recommendation, _show_problems, _suspended_page
from portal.timeutil import utcnow


def _comment(comment_id: int):
    comment = comments.comment_or_none(comment_id)
    if comment is None:
        abort(404)
    permissions.assembly_for_participant(comment.recommendation.assembly, current_user)
    return comment


@bp.route("/assemblies/<slug>/recommendations/<int:number>/comments/new", methods=["GET", "POST"])
@signed_in_required
def new_comment(slug: str, number: int):
    recommendation = _recommendation(slug, number)
    if not permissions.can_comment(current_user, recommendation.assembly):
        return _suspended_page(recommendation, 200 if request.method == "GET" else 403)
    entries = comments.published_entries(recommendation)
    form = CommentForm()
    form.entry_id.choices = comments.entry_choices(entries)
    if request.method == "GET" and request.args.get("about"):
        form.entry_id.data = request.args["about"]
    status = 200
    if form.validate_on_submit():
        try:
            entry = _chosen_entry(form.entry_id.data, entries)
            comment = comments.post_comment(
                recommendation, current_user, form.body.data or "", entry=entry
            )
        except Problems as problems:
            _show_problems(form, problems)
            status = problems.status
        else:
            db.session.commit()
            flash_success(
                _("Your comment has been posted."),
                link_text=_("Go to your comment"),
                anchor=f"comment-{comment.id}",
            )
            return redirect(recommendation_url(recommendation))
    return (
        render_template(
            "scrutiny/comment_form.html",
            title=_("Comment on recommendation %(number)s", number=recommendation.number),
            form=form,
            recommendation=recommendation,
        ),
        status,
    )


def _chosen_entry(value: str | None, entries: list[ResponseEntry]) -> ResponseEntry | None:
    if not value:
        return None
    for entry in entries:
        if str(entry.id) == value:
            return entry
    raise Problems({"entry_id": "Choose a published decision or update of this recommendation"})


@bp.route("/comments/<int:comment_id>/reply", methods=["GET", "POST"])
@signed_in_required
def reply(comment_id: int):
    parent = _comment(comment_id)
    if parent.parent_id:
        return redirect(url_for("scrutiny.reply", comment_id=parent.parent_id))
    recommendation = parent.recommendation
    if not permissions.can_comment(current_user, recommendation.assembly):
        return _suspended_page(recommendation, 200 if request.method == "GET" else 403)
    form = ReplyForm()
    status = 200
    if form.validate_on_submit():
        try:
            comment = comments.post_comment(
                recommendation, current_user, form.body.data or "", parent=parent
            )
        except Problems as problems:
            _show_problems(form, problems)
            status = problems.status
        else:
            db.session.commit()
            flash_success(
                _("Your reply has been posted."),
                link_text=_("Go to your reply"),
                anchor=f"comment-{comment.id}",
            )
            return redirect(recommendation_url(recommendation))
    return (
        render_template(
            "scrutiny/reply.html",
            title=_("Reply to a comment"),
            form=form,
            parent=parent,
            recommendation=recommendation,
        ),
        status,
    )


@bp.route("/comments/<int:comment_id>/edit", methods=["GET", "POST"])
@signed_in_required
def edit_comment(comment_id: int):
    comment = _comment(comment_id)
    if comment.author_id != current_user.id or comment.is_deleted:
        abort(403)
    recommendation = comment.recommendation
    form = EditCommentForm()
    if request.method == "GET":
        form.body.data = comment.body
    allowed = permissions.can_edit_comment(current_user, comment, utcnow())
    status = 200
    if form.validate_on_submit():
        try:
            comments.edit_comment(comment, current_user, form.body.data or "")
        except Problems as problems:
            _show_problems(form, problems)
            status = 200 if allowed else 403
        else:
            db.session.commit()
            flash_success(
                _("Your comment has been changed."),
                link_text=_("Go to your comment"),
                anchor=f"comment-{comment.id}",
            )
            return redirect(recommendation_url(recommendation))
    return (
        render_template(
            "scrutiny/edit_comment.html",
            title=_("Change your comment"),
            form=form,
            comment=comment,
            allowed=allowed,
            recommendation=recommendation,
            minutes=permissions.COMMENT_EDIT_MINUTES,
        ),
        status,
    )


@bp.route("/comments/<int:comment_id>/delete", methods=["GET", "POST"])
@signed_in_required
def delete_comment(comment_id: int):
    comment = _comment(comment_id)
    if not permissions.can_delete_comment(current_user, comment):
        abort(403)
    recommendation = comment.recommendation
    form = ConfirmForm()
    if form.validate_on_submit():
        comments.delete_comment(comment, current_user)
        db.session.commit()
        flash_success(_("Your comment has been deleted."))
        return redirect(recommendation_url(recommendation))
    return render_template(
        "scrutiny/delete_comment.html",
        title=_("Delete your comment"),
        form=form,
        comment=comment,
        recommendation=recommendation,
    )


@bp.route("/comments/<int:comment_id>/report", methods=["GET", "POST"])
@signed_in_required
def report_comment(comment_id: int):
    comment = _comment(comment_id)
    if comment.author_id == current_user.id:
        abort(403)
    recommendation = comment.recommendation
    if permissions.is_suspended(current_user):
        return _suspended_page(recommendation, 200 if request.method == "GET" else 403, "report")
    form = ReportForm()
    if form.validate_on_submit():
        try:
            moderation.report_comment(comment, current_user, form.reason.data)
        except Problems as problems:
            _show_problems(form, problems)
        else:
            db.session.commit()
            flash_success(
                _("Thank you. You have reported the comment and a moderator will look at it."),
                link_text=_("Go to the comment"),
                anchor=f"comment-{comment.id}",
            )
            return redirect(recommendation_url(recommendation))
    return render_template(
        "scrutiny/report_comment.html",
        title=_("Report a comment"),
        form=form,
        comment=comment,
        recommendation=recommendation,
    )
