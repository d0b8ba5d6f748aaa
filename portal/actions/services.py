"""Adding, editing and moving on the actions under a recommendation.

Each change to an action's status or progress is kept as an ``ActionChange`` (who, when, from
and to), and the recommendation's ``actions_progress`` (the mean of the progress of its actions
that are not dropped, each weighted equally) is worked out again. An action is a **missed
milestone** when its due date has passed, it is neither done nor dropped, and it has not been
moved on since its due date.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import and_, func, or_, select

from portal.extensions import db
from portal.models import (
    Action,
    ActionChange,
    ActionStatus,
    Recommendation,
    ResponseEntry,
    User,
)
from portal.problems import Problems
from portal.timeutil import today, utcnow

TITLE_LIMIT = 300
OWNER_LIMIT = 200


@dataclass(frozen=True)
class ActionValues:
    title: str
    owner: str
    due_on: date | None
    status: str
    progress: int | None


def check_values(values: ActionValues) -> dict[str, str]:
    """The problems with what was typed, by field name (empty when all is well)."""
    problems: dict[str, str] = {}
    title = values.title.strip()
    if not title:
        problems["title"] = _("Enter what the action is")
    elif len(title) > TITLE_LIMIT:
        problems["title"] = _("The action must be %(limit)d characters or fewer", limit=TITLE_LIMIT)
    if len(values.owner.strip()) > OWNER_LIMIT:
        problems["owner"] = _("The owner must be %(limit)d characters or fewer", limit=OWNER_LIMIT)
    if values.status not in {status.value for status in ActionStatus}:
        problems["status"] = _("Select the action’s status")
    problems.update(check_progress(values.progress))
    return problems


def check_progress(progress: int | None, field: str = "progress") -> dict[str, str]:
    if progress is None:
        return {field: _("Enter the action’s progress, a whole number from 0 to 100")}
    if not 0 <= progress <= 100:
        return {field: _("Progress must be between 0 and 100")}
    return {}


def add_action(recommendation: Recommendation, user: User, values: ActionValues) -> Action:
    problems = check_values(values)
    if problems:
        raise Problems(problems)
    action = Action(
        recommendation_id=recommendation.id,
        title=values.title.strip(),
        owner=values.owner.strip(),
        due_on=values.due_on,
        status=ActionStatus(values.status),
        progress=values.progress or 0,
        created_by_id=user.id,
    )
    db.session.add(action)
    db.session.flush()
    refresh_actions_progress(recommendation)
    return action


def edit_action(action: Action, user: User, values: ActionValues) -> Action:
    problems = check_values(values)
    if problems:
        raise Problems(problems)
    details = (values.title.strip(), values.owner.strip(), values.due_on)
    details_change = details != (action.title, action.owner, action.due_on)
    action.title, action.owner, action.due_on = details
    moved = move_action(action, user, ActionStatus(values.status), values.progress or 0)
    if details_change and moved is None:
        action.version += 1
    refresh_actions_progress(action.recommendation)
    return action


def move_action(
    action: Action,
    user: User | None,
    status: ActionStatus,
    progress: int,
    entry: ResponseEntry | None = None,
) -> ActionChange | None:
    """Record a move of the action's status or progress; nothing when neither changed.

    A move is a new version of the action (``Action.version``), as is any edit of its details.
    """
    if status == action.status and progress == action.progress:
        return None
    change = ActionChange(
        action_id=action.id,
        entry_id=entry.id if entry is not None else None,
        changed_by_id=user.id if user is not None else None,
        changed_at=utcnow(),
        from_status=action.status,
        to_status=status,
        from_progress=action.progress,
        to_progress=progress,
    )
    db.session.add(change)
    action.status = status
    action.progress = progress
    action.moved_on = today()
    action.version += 1
    change.version = action.version
    return change


def move_actions(
    recommendation: Recommendation,
    user: User | None,
    moves: Iterable[tuple[Action, ActionStatus, int]],
    entry: ResponseEntry | None = None,
) -> list[ActionChange]:
    """Move several actions on at once (from a progress update), then roll up again."""
    changes = [
        change
        for action, status, progress in moves
        if (change := move_action(action, user, status, progress, entry)) is not None
    ]
    refresh_actions_progress(recommendation)
    return changes


def refresh_actions_progress(recommendation: Recommendation) -> None:
    db.session.flush()
    mean = db.session.scalar(
        select(func.avg(Action.progress)).where(
            Action.recommendation_id == recommendation.id,
            Action.status != ActionStatus.DROPPED,
        )
    )
    recommendation.actions_progress = None if mean is None else round(float(mean))


def actions_of(recommendation: Recommendation) -> list[Action]:
    return list(
        db.session.scalars(
            select(Action)
            .where(Action.recommendation_id == recommendation.id)
            .order_by(Action.due_on.is_(None), Action.due_on, Action.id)
        )
    )


def action_in(recommendation: Recommendation, action_id: int) -> Action | None:
    action = db.session.get(Action, action_id) if action_id <= 2**31 - 1 else None
    if action is None or action.recommendation_id != recommendation.id:
        return None
    return action


def missed_condition(on: date | None = None):
    """SQL: the action is a missed milestone on ``on`` (today by default)."""
    day = on or today()
    return and_(
        Action.due_on.is_not(None),
        Action.due_on < day,
        Action.status.in_([ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS]),
        or_(Action.moved_on.is_(None), Action.moved_on <= Action.due_on),
    )


def is_missed(action: Action, on: date | None = None) -> bool:
    """The same rule as :func:`missed_condition`, for an action already loaded."""
    day = on or today()
    return (
        action.due_on is not None
        and action.due_on < day
        and not ActionStatus(action.status).is_finished
        and (action.moved_on is None or action.moved_on <= action.due_on)
    )


def changes_of(actions: list[Action]) -> dict[int, list[ActionChange]]:
    """Each action's history, oldest first, in one query (with who made each change)."""
    if not actions:
        return {}
    from sqlalchemy.orm import selectinload

    rows = db.session.scalars(
        select(ActionChange)
        .where(ActionChange.action_id.in_([action.id for action in actions]))
        .options(selectinload(ActionChange.changed_by))
        .order_by(ActionChange.id)
    )
    history: dict[int, list[ActionChange]] = {action.id: [] for action in actions}
    for change in rows:
        history[change.action_id].append(change)
    return history


def missed_by_recommendation(recommendation_ids: Iterable[int]) -> dict[int, int]:
    """How many missed actions each recommendation has, in one query."""
    ids = list(recommendation_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        select(Action.recommendation_id, func.count(Action.id))
        .where(Action.recommendation_id.in_(ids), missed_condition())
        .group_by(Action.recommendation_id)
    )
    return {recommendation_id: count for recommendation_id, count in rows}


def actions_url(recommendation: Recommendation) -> str:
    from flask import url_for

    return url_for(
        "actions.actions", slug=recommendation.assembly.slug, number=recommendation.number
    )


def actions_by_recommendation(assembly_id: int) -> dict[int, list[Action]]:
    """Every action in an assembly, by recommendation, with its history: two queries."""
    from sqlalchemy.orm import selectinload

    rows = db.session.scalars(
        select(Action)
        .join(Recommendation, Recommendation.id == Action.recommendation_id)
        .where(Recommendation.assembly_id == assembly_id)
        .options(selectinload(Action.changes))
        .order_by(Action.due_on.is_(None), Action.due_on, Action.id)
    )
    grouped: dict[int, list[Action]] = {}
    for action in rows:
        grouped.setdefault(action.recommendation_id, []).append(action)
    return grouped


def action_record(action: Action) -> dict:
    """One action as open data: plain values, dates in ISO 8601, and its history."""
    return {
        "title": action.title,
        "owner": action.owner,
        "due_on": action.due_on.isoformat() if action.due_on else None,
        "status": ActionStatus(action.status).value,
        "progress": action.progress,
        "missed": is_missed(action),
        "history": [
            {
                "changed_at": change.changed_at.isoformat(timespec="seconds") + "Z",
                "from_status": ActionStatus(change.from_status).value,
                "to_status": ActionStatus(change.to_status).value,
                "from_progress": change.from_progress,
                "to_progress": change.to_progress,
            }
            for change in action.changes
        ],
    }


def missed_by_assembly() -> dict[int, int]:
    """How many missed actions each assembly has, in one grouped query (the organiser home)."""
    rows = db.session.execute(
        select(Recommendation.assembly_id, func.count(Action.id))
        .join(Recommendation, Recommendation.id == Action.recommendation_id)
        .where(missed_condition())
        .group_by(Recommendation.assembly_id)
    )
    return {assembly_id: number for assembly_id, number in rows}


def missed_in(assembly_id: int) -> list[Action]:
    """The missed actions of one assembly, by recommendation number then due date."""
    from sqlalchemy.orm import contains_eager

    return list(
        db.session.scalars(
            select(Action)
            .join(Action.recommendation)
            .where(Recommendation.assembly_id == assembly_id, missed_condition())
            .options(contains_eager(Action.recommendation))
            .order_by(Recommendation.number, Action.due_on, Action.id)
        )
    )
