"""Moderation: the queue, actions on comments and members, and the log."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.extensions import db
from portal.models import User
from portal.pagination import page_number
from portal.permissions import organiser_required
from portal.problems import Problems
from portal.redirects import safe_next
from portal.scrutiny import comments, moderation, questions
from portal.scrutiny.forms import ReasonForm
from portal.scrutiny.routes import bp
from portal.scrutiny.routes.common import _show_problems


@bp.route("/moderation")
@organiser_required
def moderation_queue():
    assembly = questions.assembly_by_slug((request.args.get("assembly") or "")[:80])
    return render_template(
        "scrutiny/moderation_queue.html",
        title=_("Moderation"),
        assembly=assembly,
        queue=moderation.moderation_queue(assembly.id if assembly else None),
        hidden=moderation.hidden_comments(),
        suspended=moderation.suspended_members(),
    )


MODERATION_ACTIONS = {
    "hide": (
        "Hide a comment",
        "Hide comment",
        "Why are you hiding it?",
        "Members see this in place of the comment: “Hidden by a moderator: your reason”.",
        moderation.hide_comment,
        "The comment has been hidden.",
    ),
    "restore": (
        "Restore a hidden comment",
        "Restore comment",
        "Why are you restoring it? (optional)",
        "Kept in the moderation log.",
        moderation.restore_comment,
        "The comment has been restored.",
    ),
    "dismiss": (
        "Dismiss reports about a comment",
        "Dismiss reports",
        "Why are you dismissing the reports? (optional)",
        "Kept in the moderation log. The comment stays as it is.",
        moderation.dismiss_reports,
        "The reports have been dismissed.",
    ),
}


@bp.route(
    "/moderation/comments/<int:comment_id>/<any(hide, restore, dismiss):action>",
    methods=["GET", "POST"],
)
@organiser_required
def moderate_comment(comment_id: int, action: str):
    comment = comments.comment_or_none(comment_id) or abort(404)
    title, button, label, hint, perform, done = MODERATION_ACTIONS[action]
    form = ReasonForm()
    form.reason.label.text = label
    form.reason.description = hint
    form.submit.label.text = button
    if form.validate_on_submit():
        try:
            perform(comment, current_user, form.reason.data)
        except Problems as problems:
            _show_problems(form, problems)
        else:
            db.session.commit()
            flash(done, "success")
            return redirect(url_for("scrutiny.moderation_queue"))
    return render_template(
        "scrutiny/moderate_comment.html",
        title=title,
        form=form,
        comment=comment,
        action=action,
        recommendation=comment.recommendation,
    )


MEMBER_ACTIONS = {
    "suspend": (
        "Suspend a member from commenting",
        "Suspend from commenting",
        "Why are you suspending them?",
        "The member sees this reason when they try to comment.",
        moderation.suspend_member,
        "{name} can no longer post comments.",
    ),
    "lift": (
        "Let a member comment again",
        "Lift the suspension",
        "Why are you lifting the suspension? (optional)",
        "Kept in the moderation log.",
        moderation.lift_suspension,
        "{name} can post comments again.",
    ),
}


@bp.route("/moderation/members/<int:user_id>/<any(suspend, lift):action>", methods=["GET", "POST"])
@organiser_required
def moderate_member(user_id: int, action: str):
    member = db.session.get(User, user_id) or abort(404)
    # The members page of an assembly sends organisers here and expects them back.
    back = safe_next(request.args.get("next")) or url_for("scrutiny.moderation_queue")
    title, button, label, hint, perform, done = MEMBER_ACTIONS[action]
    form = ReasonForm()
    form.reason.label.text = label
    form.reason.description = hint
    form.submit.label.text = button
    if form.validate_on_submit():
        try:
            perform(member, current_user, form.reason.data)
        except Problems as problems:
            _show_problems(form, problems)
        else:
            db.session.commit()
            flash(done.format(name=member.display_name), "success")
            return redirect(back)
    return render_template(
        "scrutiny/moderate_member.html",
        title=title,
        form=form,
        member=member,
        action=action,
        back=back,
    )


@bp.route("/moderation/log")
@organiser_required
def moderation_log():
    actions, page, pages = moderation.audit_log(page_number())
    return render_template(
        "scrutiny/moderation_log.html",
        title=_("Moderation log"),
        actions=actions,
        page=page,
        pages=pages,
    )
