"""Formal questions from members to the lead officer, answered in the portal by a due date.

Routing: a question is assigned to the recommendation's lead officer. When it has no active lead
it stays unassigned and goes to the organisers (every active organiser hears of it, and sees it
on "Members' questions"). When an organiser chooses a new lead, the recommendation's open
questions that were unassigned or with the previous lead move to the new lead
(:func:`move_open_questions`, on the ``leads_assigned`` event). Who is told, and how, is the
mail package's (:mod:`portal.mail.notifications`).
"""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import ColumnElement, case, func, or_, select, update
from sqlalchemy.orm import joinedload

from portal import events
from portal.extensions import db
from portal.models import (
    Assembly,
    Question,
    Recommendation,
    Role,
    User,
)
from portal.problems import Problems, check_text
from portal.scrutiny import limits
from portal.templating import format_date
from portal.timeutil import today, utcnow
from portal.working_days import add_working_days

MAX_QUESTION = 3000
MAX_ANSWER = 10_000
DEFAULT_ANSWER_DAYS = 20
QUESTIONS_PER_PAGE = 50


def answer_due(assembly: Assembly, asked_on: date) -> date:
    """The answer date shown to the member and used for lateness: working days skip weekends and
    the bank holidays of ``PUBLIC_HOLIDAYS_REGION``."""
    return add_working_days(asked_on, assembly.question_answer_days or DEFAULT_ANSWER_DAYS)


def answerer_for(recommendation: Recommendation) -> User | None:
    """Who answers new questions on it: its lead officer, if it has an active one."""
    lead = recommendation.lead_officer
    return lead if lead is not None and lead.is_active_account else None


def ask_question(recommendation: Recommendation, member: User, body: str) -> Question:
    """A member's question, assigned to the recommendation's lead officer, or unassigned (for the
    organisers) when it has none (the caller commits)."""
    problems = check_text(
        body,
        field="body",
        empty="Enter your question",
        limit=MAX_QUESTION,
        name="Your question",
    )
    if member.comments_suspended_at is not None:
        problems = {"body": _("You cannot ask questions at the moment")}
    if problems:
        raise Problems(problems)
    if not limits.QUESTIONS.allows(member):
        limit = limits.QUESTIONS.reached(member)
        raise Problems(
            {
                "body": _(
                    "You have asked %(amount)s questions in the last %(window)s. Wait, then "
                    "send your question again. We have kept what you wrote.",
                    amount=limit.amount,
                    window=limits.window(limit),
                )
            },
            status=429,
        )
    now = utcnow()
    lead = answerer_for(recommendation)
    question = Question(
        recommendation_id=recommendation.id,
        asked_by_id=member.id,
        assigned_to_id=lead.id if lead is not None else None,
        body=body.strip(),
        asked_at=now,
        due_on=answer_due(recommendation.assembly, now.date()),
    )
    question.recommendation = recommendation
    question.asked_by = member
    question.assigned_to = lead
    db.session.add(question)
    db.session.flush()
    events.emit("question_asked", question=question)
    limits.QUESTIONS.count(member)
    return question


def sent_message(question: Question) -> str:
    """What the member is told once their question is saved: where it went, when it is due."""
    due = format_date(question.due_on)
    if question.assigned_to_id is not None:
        return _(
            "Your question has been sent to the lead officer for this recommendation. "
            "The answer is due by %(due)s.",
            due=due,
        )
    return _(
        "This recommendation has no lead officer yet, so your question has been sent to the "
        "organisers of the assembly, who will answer it or pass it to the officer who takes it "
        "on. The answer is due by %(due)s.",
        due=due,
    )


def move_open_questions(changes: list[tuple[Recommendation, int | None]]) -> None:
    """After new leads are chosen (``(recommendation, previous lead id)`` pairs): each
    recommendation's unanswered questions that were unassigned or with the previous lead go to
    the new lead; with no new lead, the previous lead's go back to the organisers. A question an
    organiser gave to someone else stays with them."""
    now = utcnow()
    for recommendation, previous_id in changes:
        open_here = (
            Question.recommendation_id == recommendation.id,
            Question.answered_at.is_(None),
        )
        new_lead = answerer_for(recommendation)
        if new_lead is not None:
            held: ColumnElement[bool] = Question.assigned_to_id.is_(None)
            if previous_id is not None:
                held = or_(held, Question.assigned_to_id == previous_id)
            db.session.execute(
                update(Question)
                .where(*open_here, held)
                .values(assigned_to_id=new_lead.id, reassigned_at=now)
                .execution_options(synchronize_session="fetch")
            )
        elif previous_id is not None:
            db.session.execute(
                update(Question)
                .where(*open_here, Question.assigned_to_id == previous_id)
                .values(assigned_to_id=None, reassigned_at=now)
                .execution_options(synchronize_session="fetch")
            )


def open_questions_on(recommendation_ids: list[int]) -> list[Question]:
    """Unanswered questions on these recommendations, due first."""
    if not recommendation_ids:
        return []
    return list(
        db.session.scalars(
            _with_people(select(Question))
            .where(
                Question.recommendation_id.in_(recommendation_ids),
                Question.answered_at.is_(None),
            )
            .order_by(Question.due_on, Question.id)
        )
    )


def answer_question(question: Question, officer: User, answer: str) -> None:
    problems = check_text(
        answer, field="answer", empty="Enter your answer", limit=MAX_ANSWER, name="Your answer"
    )
    if question.is_answered:
        problems = {"answer": "This question has already been answered"}
    if problems:
        raise Problems(problems)
    question.answer = answer.strip()
    question.answered_at = utcnow()
    question.answered_by_id = officer.id
    question.answered_by = officer
    # The mail package's listener writes the answer notification and its email.
    events.emit("question_answered", question=question)


def reassign_question(question: Question, officer: User | None) -> None:
    if officer is None or officer.role not in (Role.OFFICER, Role.ORGANISER):
        raise Problems({"officer": "Choose the officer who should answer"})
    if question.is_answered:
        raise Problems({"officer": "This question has already been answered"})
    question.assigned_to_id = officer.id
    question.assigned_to = officer
    question.reassigned_at = utcnow()


def _with_people(query):
    return query.options(
        joinedload(Question.asked_by),
        joinedload(Question.assigned_to),
        joinedload(Question.answered_by),
    )


def questions_on(recommendation: Recommendation) -> list[Question]:
    return list(
        db.session.scalars(
            _with_people(select(Question))
            .where(Question.recommendation_id == recommendation.id)
            .order_by(Question.asked_at.desc(), Question.id.desc())
        )
    )


def question_or_none(question_id: int) -> Question | None:
    return db.session.scalar(
        _with_people(select(Question))
        .options(joinedload(Question.recommendation).joinedload(Recommendation.assembly))
        .where(Question.id == question_id)
    )


def _unanswered_first(query):
    return query.order_by(
        case((Question.answered_at.is_(None), 0), else_=1),
        Question.due_on,
        Question.id,
    )


def assembly_by_slug(slug: str) -> Assembly | None:
    """The assembly a list of questions is narrowed to (``None`` for none or an unknown one)."""
    if not slug:
        return None
    return db.session.scalar(select(Assembly).where(Assembly.slug == slug))


def questions_to_answer(
    user: User,
    *,
    include_answered: bool = False,
    overdue_only: bool = False,
    assembly_slug: str = "",
) -> list[Question]:
    """An officer's questions (organisers: everyone's), unanswered first by due date.

    ``overdue_only``: unanswered questions past their answer date; ``assembly_slug``: only that
    assembly's (the organiser dashboard links here)."""
    query = _with_people(select(Question)).options(
        joinedload(Question.recommendation).joinedload(Recommendation.assembly)
    )
    if assembly_slug:
        query = query.where(
            Question.recommendation_id.in_(
                select(Recommendation.id)
                .join(Recommendation.assembly)
                .where(Assembly.slug == assembly_slug)
            )
        )
    if not user.is_organiser:
        query = query.where(Question.assigned_to_id == user.id)
    if overdue_only:
        query = query.where(Question.answered_at.is_(None), Question.due_on < today())
    elif not include_answered:
        query = query.where(Question.answered_at.is_(None))
    return list(db.session.scalars(_unanswered_first(query).limit(500)))


def open_questions_for(user: User) -> list[Question]:
    """Unanswered questions assigned to this person (organisers too: only their own), due first."""
    return list(
        db.session.scalars(
            _with_people(select(Question))
            .options(joinedload(Question.recommendation).joinedload(Recommendation.assembly))
            .where(Question.assigned_to_id == user.id, Question.answered_at.is_(None))
            .order_by(Question.due_on, Question.id)
            .limit(500)
        )
    )


def questions_asked_by(user: User) -> list[Question]:
    return list(
        db.session.scalars(
            _unanswered_first(
                _with_people(select(Question))
                .options(joinedload(Question.recommendation).joinedload(Recommendation.assembly))
                .where(Question.asked_by_id == user.id)
            ).limit(100)
        )
    )


def count_unanswered_for(user: User) -> tuple[int, int]:
    """(unanswered, of which overdue) for an officer's questions, or all for an organiser."""
    query = select(
        func.count(Question.id),
        func.coalesce(func.sum(case((Question.due_on < today(), 1), else_=0)), 0),
    ).where(Question.answered_at.is_(None))
    if not user.is_organiser:
        query = query.where(Question.assigned_to_id == user.id)
    unanswered, overdue = db.session.execute(query).one()
    return int(unanswered or 0), int(overdue or 0)


def answerers() -> list[User]:
    """People a question can be assigned to: officers, then organisers, by name."""
    return list(
        db.session.scalars(
            select(User)
            .where(User.role.in_([Role.OFFICER, Role.ORGANISER]), User.is_active_account.is_(True))
            .order_by(case((User.role == Role.OFFICER, 0), else_=1), User.name)
        )
    )
