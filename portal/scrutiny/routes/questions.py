"""Questions: asking, answering, reassigning and the staff's list of questions to answer."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from portal import permissions
from portal.extensions import db
from portal.links import recommendation_url
from portal.notices import flash_success
from portal.permissions import organiser_required, signed_in_required, staff_required
from portal.problems import Problems
from portal.scrutiny import questions
from portal.scrutiny.forms import AnswerForm, QuestionForm, ReassignForm
from portal.scrutiny.routes import bp
from portal.scrutiny.routes.common import _recommendation, _show_problems, _suspended_page
from portal.timeutil import today
from portal.tracker import extensions


def _question(question_id: int):
    question = questions.question_or_none(question_id)
    if question is None:
        abort(404)
    permissions.assembly_for_insider(question.recommendation.assembly, current_user)
    return question


@bp.route("/assemblies/<slug>/recommendations/<int:number>/questions/new", methods=["GET", "POST"])
@signed_in_required
def ask(slug: str, number: int):
    recommendation = _recommendation(slug, number)
    if permissions.is_suspended(current_user) and permissions.is_member_of(
        current_user, recommendation.assembly
    ):
        return _suspended_page(recommendation, 200 if request.method == "GET" else 403, "question")
    if not permissions.can_ask(current_user, recommendation.assembly):
        abort(403)
    form = QuestionForm()
    status = 200
    if form.validate_on_submit():
        try:
            question = questions.ask_question(recommendation, current_user, form.body.data)
        except Problems as problems:
            _show_problems(form, problems)
            status = problems.status
        else:
            db.session.commit()
            flash_success(
                questions.sent_message(question),
                link_text=_("Go to your question"),
                anchor=f"question-{question.id}",
            )
            return redirect(recommendation_url(recommendation))
    return (
        render_template(
            "scrutiny/ask.html",
            title=_("Ask a question about recommendation %(number)s", number=recommendation.number),
            form=form,
            recommendation=recommendation,
            has_lead=questions.answerer_for(recommendation) is not None,
            due_on=questions.answer_due(recommendation.assembly, today()),
        ),
        status,
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
                flash(_("Your answer has been published."), "success")
                return redirect(url_for("scrutiny.show_question", question_id=question.id))
    return (
        render_template(
            "scrutiny/question.html",
            title=_(
                "Question about recommendation %(number)s", number=question.recommendation.number
            ),
            question=question,
            form=form if can_answer and not question.is_answered else None,
            can_reassign=current_user.is_organiser and not question.is_answered,
            can_extend=permissions.can_extend_deadlines(current_user) and not question.is_answered,
            extension_lines=extensions.question_extension_lines(question),
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
            flash(_("The question has been reassigned to %(name)s.", name=chosen.name), "success")
            return redirect(url_for("scrutiny.show_question", question_id=question.id))
    return render_template(
        "scrutiny/reassign.html",
        title=_("Reassign a question"),
        form=form,
        question=question,
        recommendation=question.recommendation,
    )


@bp.route("/questions")
@staff_required
def questions_to_answer():
    show = request.args.get("show")
    show_all, overdue_only = show == "all", show == "overdue"
    assembly = questions.assembly_by_slug((request.args.get("assembly") or "")[:80])
    return render_template(
        "scrutiny/questions_to_answer.html",
        title=_("Questions to answer") if current_user.is_officer else _("Members’ questions"),
        questions=questions.questions_to_answer(
            current_user,
            include_answered=show_all,
            overdue_only=overdue_only,
            assembly_slug=assembly.slug if assembly else "",
        ),
        show_all=show_all,
        overdue_only=overdue_only,
        assembly=assembly,
        show="all" if show_all else "overdue" if overdue_only else None,
        today=today(),
    )
