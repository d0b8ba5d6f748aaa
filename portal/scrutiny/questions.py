"""Formal questions from members to the lead officer, answered in the portal by a due date."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import case, func, select
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
from portal.timeutil import today, utcnow

MAX_QUESTION = 3000
MAX_ANSWER = 10_000
DEFAULT_ANSWER_DAYS = 20
QUESTIONS_PER_PAGE = 50


def add_working_days(start: date, days: int) -> date:
    """The date ``days`` working days (Monday to Friday) after ``start``."""
    current = start
    remaining = max(0, days)
    while remaining:
        current += timedelta(days=1)
        if current.weekday() < 5:
            remaining -= 1
    return current


def answer_due(assembly: Assembly, asked_on: date) -> date:
    return add_working_days(asked_on, assembly.question_answer_days or DEFAULT_ANSWER_DAYS)


def ask_question(recommendation: Recommendation, member: User, body: str) -> Question:
    """A member's question, assigned to the recommendation's lead officer (the caller commits)."""
    problems = check_text(
        body,
        field="body",
        empty="Enter your question",
        limit=MAX_QUESTION,
        name="Your question",
    )
    if problems:
        raise Problems(problems)
    now = utcnow()
    question = Question(
        recommendation_id=recommendation.id,
        asked_by_id=member.id,
        assigned_to_id=recommendation.lead_officer_id,
        body=body.strip(),
        asked_at=now,
        due_on=answer_due(recommendation.assembly, now.date()),
    )
    question.recommendation = recommendation
    db.session.add(question)
    db.session.flush()
    return question


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


def questions_to_answer(user: User, *, include_answered: bool = False) -> list[Question]:
    """An officer's questions (organisers: everyone's), unanswered first by due date."""
    query = _with_people(select(Question)).options(
        joinedload(Question.recommendation).joinedload(Recommendation.assembly)
    )
    if not user.is_organiser:
        query = query.where(Question.assigned_to_id == user.id)
    if not include_answered:
        query = query.where(Question.answered_at.is_(None))
    return list(db.session.scalars(_unanswered_first(query).limit(500)))


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
