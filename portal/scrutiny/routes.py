"""Scrutiny pages and form handlers. The recommendation page itself is the public package's:
scrutiny adds panels to it (panels.py) and returns people there after each action."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import contains_eager, joinedload
from wtforms.fields.choices import SelectChoice

from portal import permissions
from portal.auth.routes import safe_next
from portal.extensions import db
from portal.following import set_following
from portal.links import recommendation_url
from portal.models import Assembly, Recommendation, ResponseEntry, User
from portal.pagination import page_number
from portal.permissions import organiser_required, signed_in_required, staff_required
from portal.problems import Problems
from portal.scrutiny import (
    comments,
    moderation,
    notifications,
    questions,
    verdicts,
)
from portal.scrutiny import home as home_service
from portal.scrutiny.forms import (
    AnswerForm,
    CommentForm,
    ConfirmForm,
    EditCommentForm,
    QuestionForm,
    ReasonForm,
    ReassignForm,
    ReplyForm,
    ReportForm,
    VerdictForm,
)
from portal.timeutil import today, utcnow

bp = Blueprint("scrutiny", __name__)


def _show_problems(form, problems: Problems) -> None:
    for name, message in problems.problems.items():
        field = getattr(form, name)
        field.errors = [*field.errors, message]


def _recommendation(slug: str, number: int) -> Recommendation:
    """The recommendation, for someone taking part in its assembly (404 private, 403 others)."""
    recommendation = db.session.scalar(
        select(Recommendation)
        .join(Recommendation.assembly)
        .options(contains_eager(Recommendation.assembly))
        .where(Assembly.slug == slug, Recommendation.number == number)
    )
    if recommendation is None:
        abort(404)
    permissions.assembly_for_participant(recommendation.assembly, current_user)
    return recommendation


def _comment(comment_id: int):
    comment = comments.comment_or_none(comment_id)
    if comment is None:
        abort(404)
    permissions.assembly_for_participant(comment.recommendation.assembly, current_user)
    return comment


def _question(question_id: int):
    question = questions.question_or_none(question_id)
    if question is None:
        abort(404)
    permissions.assembly_for_participant(question.recommendation.assembly, current_user)
    return question


# Home and notifications


@bp.route("/home")
@signed_in_required
def home():
    return render_template(
        "scrutiny/home.html",
        title="Your assemblies",
        home=home_service.home_for(current_user),
        today=today(),
        follow_form=ConfirmForm(formdata=None, next=url_for("scrutiny.home")),
    )


@bp.route("/notifications")
@signed_in_required
def notifications_page():
    items, page, pages = notifications.notifications_page(current_user, page_number())
    return render_template(
        "scrutiny/notifications.html",
        title="Notifications",
        items=items,
        page=page,
        pages=pages,
    )


# Following


def _set_following(slug: str, number: int, following: bool):
    recommendation = _recommendation(slug, number)
    if not permissions.can_follow(current_user, recommendation.assembly):
        abort(403)
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    set_following(current_user, recommendation, following)
    db.session.commit()
    name = f"recommendation {recommendation.number}: {recommendation.title}"
    flash(
        f"You are following {name}." if following else f"You have stopped following {name}.",
        "success",
    )
    return redirect(safe_next(form.next.data) or recommendation_url(recommendation, "follow"))


@bp.route("/assemblies/<slug>/recommendations/<int:number>/follow", methods=["POST"])
@signed_in_required
def follow(slug: str, number: int):
    return _set_following(slug, number, True)


@bp.route("/assemblies/<slug>/recommendations/<int:number>/unfollow", methods=["POST"])
@signed_in_required
def unfollow(slug: str, number: int):
    return _set_following(slug, number, False)


# Discussion


def _suspended_page(recommendation, status: int = 403):
    return (
        render_template(
            "scrutiny/suspended.html",
            title="You cannot post comments at the moment",
            recommendation=recommendation,
        ),
        status,
    )


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
            flash("Your comment has been posted.", "success")
            return redirect(recommendation_url(recommendation, f"comment-{comment.id}"))
    return (
        render_template(
            "scrutiny/comment_form.html",
            title=f"Comment on recommendation {recommendation.number}",
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
            flash("Your reply has been posted.", "success")
            return redirect(recommendation_url(recommendation, f"comment-{comment.id}"))
    return (
        render_template(
            "scrutiny/reply.html",
            title="Reply to a comment",
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
            flash("Your comment has been changed.", "success")
            return redirect(recommendation_url(recommendation, f"comment-{comment.id}"))
    return (
        render_template(
            "scrutiny/edit_comment.html",
            title="Change your comment",
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
        flash("Your comment has been deleted.", "success")
        return redirect(recommendation_url(recommendation, f"comment-{comment.id}"))
    return render_template(
        "scrutiny/delete_comment.html",
        title="Delete your comment",
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
    form = ReportForm()
    if form.validate_on_submit():
        try:
            moderation.report_comment(comment, current_user, form.reason.data)
        except Problems as problems:
            _show_problems(form, problems)
        else:
            db.session.commit()
            flash(
                "Thank you. You have reported the comment and a moderator will look at it.",
                "success",
            )
            return redirect(recommendation_url(recommendation, f"comment-{comment.id}"))
    return render_template(
        "scrutiny/report_comment.html",
        title="Report a comment",
        form=form,
        comment=comment,
        recommendation=recommendation,
    )


# Verdicts


@bp.route("/responses/<int:entry_id>/verdict", methods=["GET", "POST"])
@signed_in_required
def verdict(entry_id: int):
    entry = db.session.scalar(
        select(ResponseEntry)
        .options(joinedload(ResponseEntry.recommendation).joinedload(Recommendation.assembly))
        .where(ResponseEntry.id == entry_id, ResponseEntry.published_at.is_not(None))
    )
    if entry is None:
        abort(404)
    recommendation = entry.recommendation
    permissions.assembly_for_participant(recommendation.assembly, current_user)
    if not permissions.can_give_verdict(current_user, recommendation.assembly):
        abort(403)
    own = verdicts.verdict_of(current_user, entry)
    form = VerdictForm()
    if request.method == "GET" and own is not None:
        form.rating.data = own.rating
        form.reason.data = own.reason
    if form.validate_on_submit():
        try:
            verdicts.give_verdict(entry, current_user, form.rating.data, form.reason.data)
        except Problems as problems:
            _show_problems(form, problems)
        else:
            db.session.commit()
            flash("Your verdict has been saved. You can change it at any time.", "success")
            return redirect(recommendation_url(recommendation, "verdicts"))
    return render_template(
        "scrutiny/verdict.html",
        title="Give your verdict on the council’s response",
        form=form,
        entry=entry,
        entry_label=comments.entry_label(entry),
        recommendation=recommendation,
        own=own,
    )


# Questions


@bp.route("/assemblies/<slug>/recommendations/<int:number>/questions/new", methods=["GET", "POST"])
@signed_in_required
def ask(slug: str, number: int):
    recommendation = _recommendation(slug, number)
    if not permissions.can_ask(current_user, recommendation.assembly):
        abort(403)
    form = QuestionForm()
    if form.validate_on_submit():
        try:
            question = questions.ask_question(recommendation, current_user, form.body.data)
        except Problems as problems:
            _show_problems(form, problems)
        else:
            db.session.commit()
            flash(questions.sent_message(question), "success")
            return redirect(recommendation_url(recommendation, f"question-{question.id}"))
    return render_template(
        "scrutiny/ask.html",
        title=f"Ask a question about recommendation {recommendation.number}",
        form=form,
        recommendation=recommendation,
        has_lead=questions.answerer_for(recommendation) is not None,
        due_on=questions.answer_due(recommendation.assembly, today()),
    )


@bp.route("/questions/<int:question_id>", methods=["GET", "POST"])
@signed_in_required
def show_question(question_id: int):
    question = _question(question_id)
    can_answer = permissions.can_answer(current_user, question)
    form = AnswerForm()
    status = 200
    if request.method == "POST":
        if not can_answer:
            abort(403)
        if form.validate_on_submit():
            try:
                questions.answer_question(question, current_user, form.answer.data)
            except Problems as problems:
                _show_problems(form, problems)
            else:
                db.session.commit()
                flash("Your answer has been published.", "success")
                return redirect(url_for("scrutiny.show_question", question_id=question.id))
    return (
        render_template(
            "scrutiny/question.html",
            title=f"Question about recommendation {question.recommendation.number}",
            question=question,
            form=form if can_answer and not question.is_answered else None,
            can_reassign=current_user.is_organiser and not question.is_answered,
            recommendation=question.recommendation,
            today=today(),
        ),
        status,
    )


@bp.route("/questions/<int:question_id>/reassign", methods=["GET", "POST"])
@organiser_required
def reassign(question_id: int):
    question = _question(question_id)
    form = ReassignForm()
    people = questions.answerers()
    form.officer.choices = [SelectChoice("", "Choose an officer")] + [
        SelectChoice(
            str(person.id), f"{person.name} ({person.department or person.role_enum.label})"
        )
        for person in people
    ]
    if request.method == "GET" and question.assigned_to_id:
        form.officer.data = str(question.assigned_to_id)
    if form.validate_on_submit():
        chosen = next((p for p in people if str(p.id) == form.officer.data), None)
        try:
            questions.reassign_question(question, chosen)
        except Problems as problems:
            _show_problems(form, problems)
        else:
            db.session.commit()
            flash(f"The question has been reassigned to {chosen.name}.", "success")
            return redirect(url_for("scrutiny.show_question", question_id=question.id))
    return render_template(
        "scrutiny/reassign.html",
        title="Reassign a question",
        form=form,
        question=question,
        recommendation=question.recommendation,
    )


@bp.route("/questions")
@staff_required
def questions_to_answer():
    show = request.args.get("show")
    show_all, overdue_only = show == "all", show == "overdue"
    return render_template(
        "scrutiny/questions_to_answer.html",
        title=_("Questions to answer") if current_user.is_officer else _("Members’ questions"),
        questions=questions.questions_to_answer(
            current_user, include_answered=show_all, overdue_only=overdue_only
        ),
        show_all=show_all,
        overdue_only=overdue_only,
        today=today(),
    )


# Moderation


@bp.route("/moderation")
@organiser_required
def moderation_queue():
    return render_template(
        "scrutiny/moderation_queue.html",
        title="Moderation",
        queue=moderation.moderation_queue(),
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
            return redirect(url_for("scrutiny.moderation_queue"))
    return render_template(
        "scrutiny/moderate_member.html",
        title=title,
        form=form,
        member=member,
        action=action,
    )


@bp.route("/moderation/log")
@organiser_required
def moderation_log():
    actions, page, pages = moderation.audit_log(page_number())
    return render_template(
        "scrutiny/moderation_log.html",
        title="Moderation log",
        actions=actions,
        page=page,
        pages=pages,
    )
