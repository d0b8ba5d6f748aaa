"""Reading an uploaded tracker's action rows: what each would change in its action, or why not.

An action's row (``row_type`` ``action``, or a row with an ``action_id``) names its
recommendation in ``assembly`` and ``number`` and the action in ``action_id``. What was typed is
read with the spreadsheet's rules (:mod:`.cells`: an empty cell is "no change"); the action's
own rules are :func:`portal.actions.services.check_values`, and :mod:`.updates` applies the
plan through :func:`portal.actions.services.edit_action`, so each move is kept in the action's
history. ``action_version`` works like a recommendation's ``version``: a changed row taken from
an older version of the action is refused.

A row cannot add an action: a file uploaded twice would add it twice. New actions are added on
the recommendation's actions page.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal.actions.services import ActionValues, check_values
from portal.extensions import db
from portal.models import Action, ActionChange, ActionStatus, Recommendation, User
from portal.permissions import can_manage_actions
from portal.spreadsheets.cells import quote, same_text, whole_number
from portal.spreadsheets.export import (
    ACTION_COLUMNS,
    ACTION_ROW,
    EDITABLE_COLUMNS,
    RECOMMENDATION_ROW,
)
from portal.templating import format_date
from portal.uploads import ParsedRow

if TYPE_CHECKING:
    from portal.spreadsheets.update_plan import PlannedRow

MAX_ACTION_ID = 2**31 - 1
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_UK_DATE = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})")
_COLUMN_FOR_FIELD = {
    "title": "action_title",
    "owner": "action_owner",
    "status": "action_status",
    "progress": "action_progress",
}


def row_kind(plan: PlannedRow, values: dict[str, str]) -> str | None:
    """``recommendation`` or ``action``; None (with a problem on the row) when it cannot tell.

    A file from before the action columns, or made by hand without them, has only
    recommendation rows.
    """
    typed = values.get("row_type", "").strip().lower()
    action_id = values.get("action_id", "").removeprefix("'").strip()
    if typed not in ("", RECOMMENDATION_ROW, ACTION_ROW):
        plan.problems.append(
            _(
                "row_type: ‘%(typed)s’ is not a kind of row. Use recommendation or action, "
                "as the export wrote it",
                typed=quote(typed),
            )
        )
        return None
    if typed == ACTION_ROW or (not typed and action_id):
        return ACTION_ROW
    if action_id:
        plan.problems.append(
            _(
                "action_id: this row is a recommendation’s (row_type recommendation) but has "
                "an action id. Leave row_type and action_id as the export wrote them"
            )
        )
        return None
    return RECOMMENDATION_ROW


def stray_action_cells(plan: PlannedRow, values: dict[str, str]) -> bool:
    """A recommendation's row with something typed in an action column: a problem, since it
    would otherwise be ignored without a word. True when there is one."""
    typed = [name for name in ACTION_COLUMNS if values.get(name, "").strip()]
    if not typed:
        return False
    plan.problems.append(
        _(
            "%(column)s: this row is the recommendation’s, so its action columns are not read. "
            "Change an action in its own row (row_type action). To add an action, use the "
            "recommendation’s actions page",
            column=typed[0],
        )
    )
    return True


def actions_for(rows: Sequence[ParsedRow]) -> dict[int, Action]:
    """The actions the file's rows name, in one query."""
    ids = set()
    for row in rows:
        number = whole_number(row.values.get("action_id", "").removeprefix("'"))
        if number is not None and number <= MAX_ACTION_ID:
            ids.add(number)
    if not ids:
        return {}
    return {
        action.id: action
        for action in db.session.scalars(select(Action).where(Action.id.in_(sorted(ids))))
    }


def plan_action_row(
    plan: PlannedRow,
    row: ParsedRow,
    importer: User,
    recommendation: Recommendation,
    actions: dict[int, Action],
    seen: dict[int, int],
) -> None:
    """Work out what an action's row changes, or add its problems to ``plan``."""
    values = row.values
    for name in EDITABLE_COLUMNS:
        if values.get(name, "").strip():
            plan.problems.append(
                _(
                    "%(column)s: this row is an action’s, so the recommendation’s columns are "
                    "not read here. Change the recommendation in its own row",
                    column=name,
                )
            )
            return
    action = _action_named(plan, values, recommendation, actions)
    if action is None:
        return
    if action.id in seen:
        plan.problems.append(
            _("Action %(id)d is also in row %(row)d", id=action.id, row=seen[action.id])
        )
        return
    seen[action.id] = row.row
    plan.recommendation_id = recommendation.id
    plan.action_id = action.id
    plan.title = action.title
    plan.action_version = action.version
    readable, exported = _exported_version(plan, values.get("action_version", ""), action)
    if not readable:
        return
    problems_before = len(plan.problems)
    wanted = _typed_values(plan, row, action)
    changes = _described_changes(action, wanted) if wanted is not None else []
    stale = exported is not None and exported < action.version
    if exported is not None and stale and (changes or len(plan.problems) > problems_before):
        del plan.problems[problems_before:]
        plan.problems.append(_out_of_date(action, exported))
        return
    if wanted is None or not changes:
        return
    if not can_manage_actions(importer, recommendation):
        plan.problems.append(
            _(
                "You do not lead this recommendation, so you cannot change its actions. "
                "Leave the action’s row unchanged or remove it"
            )
        )
        return
    problems = check_values(wanted)
    if problems:
        plan.problems.extend(
            f"{_COLUMN_FOR_FIELD.get(name, name)}: {message}" for name, message in problems.items()
        )
        return
    plan.action = {
        "title": wanted.title.strip(),
        "owner": wanted.owner.strip(),
        "due_on": wanted.due_on.isoformat() if wanted.due_on else None,
        "status": wanted.status,
        "progress": wanted.progress,
    }
    plan.changes.append(_("Action %(id)d: %(changes)s", id=action.id, changes="; ".join(changes)))


def _action_named(
    plan: PlannedRow,
    values: dict[str, str],
    recommendation: Recommendation,
    actions: dict[int, Action],
) -> Action | None:
    typed = values.get("action_id", "").removeprefix("'").strip()
    if not typed:
        plan.problems.append(
            _(
                "action_id: a new action cannot be added from the spreadsheet, because "
                "uploading the file twice would add it twice. Add it on the recommendation’s "
                "actions page, then export the tracker again"
            )
        )
        return None
    action_id = whole_number(typed)
    if action_id is None or action_id > MAX_ACTION_ID:
        plan.problems.append(
            _(
                "action_id: ‘%(typed)s’ is not an action id. Leave the action_id column as the "
                "export wrote it",
                typed=quote(typed),
            )
        )
        return None
    action = actions.get(action_id)
    if action is None:
        plan.problems.append(
            _(
                "action_id: there is no action %(id)d. It may have been removed; export the "
                "tracker again",
                id=action_id,
            )
        )
        return None
    if action.recommendation_id != recommendation.id:
        owner = db.session.get(Recommendation, action.recommendation_id)
        plan.problems.append(
            _(
                "action_id: action %(id)d belongs to recommendation %(other)s of %(assembly)s, "
                "not recommendation %(number)d of %(this_assembly)s. Leave the assembly, "
                "number and action_id as the export wrote them",
                id=action_id,
                other=owner.number if owner else "?",
                assembly=owner.assembly.slug if owner else "?",
                number=recommendation.number,
                this_assembly=recommendation.assembly.slug,
            )
        )
        return None
    return action


def _exported_version(plan: PlannedRow, typed: str, action: Action) -> tuple[bool, int | None]:
    """Whether the row's ``action_version`` can be read, and what it is (None when empty: a
    hand-made row is compared with the action as it is now)."""
    typed = typed.removeprefix("'").strip()
    if not typed:
        return True, None
    version = whole_number(typed)
    if version is None or not 1 <= version <= action.version:
        plan.problems.append(
            _(
                "action_version: ‘%(typed)s’ is not a version this action has had (it is at "
                "version %(current)d). Leave the action_version column as the export wrote "
                "it, or export the tracker again",
                typed=quote(typed),
                current=action.version,
            )
        )
        return False, None
    return True, version


def _typed_values(plan: PlannedRow, row: ParsedRow, action: Action) -> ActionValues | None:
    """The action as the row would leave it (an empty cell keeps what it has); None, with
    problems on the row, when a cell cannot be read."""
    values = row.values
    title = _kept_or_typed(values.get("action_title", ""), action.title)
    owner = _kept_or_typed(values.get("action_owner", ""), action.owner)
    before = len(plan.problems)
    due_on = action.due_on
    typed_due = values.get("action_due_on", "").removeprefix("'").strip()
    if typed_due:
        due_on = read_date(typed_due)
        if due_on is None:
            plan.problems.append(
                _(
                    "action_due_on: ‘%(typed)s’ is not a date. Write the date as YYYY-MM-DD, "
                    "like 2027-03-12",
                    typed=quote(typed_due),
                )
            )
    status = ActionStatus(action.status).value
    typed_status = values.get("action_status", "")
    if typed_status:
        code = status_for(typed_status)
        if code is None:
            plan.problems.append(
                _(
                    "action_status: ‘%(typed)s’ is not an action status. Use one of: %(codes)s",
                    typed=quote(typed_status),
                    codes=", ".join(ActionStatus),
                )
            )
        else:
            status = code.value
    progress: int | None = action.progress
    typed_progress = values.get("action_progress", "")
    if "action_progress" in getattr(row, "percent_columns", ()):
        plan.problems.append(
            _(
                "action_progress: the cell is a number formatted as a percentage (%(typed)s). "
                "Type the whole number instead, like 60",
                typed=quote(typed_progress),
            )
        )
    elif typed_progress:
        progress = whole_number(typed_progress, allow_percent=True)
        if progress is None:
            plan.problems.append(
                _(
                    "action_progress: enter a whole number from 0 to 100, like 60 or 60%% "
                    "(not ‘%(typed)s’)",
                    typed=quote(typed_progress),
                )
            )
    if len(plan.problems) > before:
        return None
    return ActionValues(title=title, owner=owner, due_on=due_on, status=status, progress=progress)


def _kept_or_typed(typed: str, current: str) -> str:
    """An empty cell, or one a spreadsheet program only re-spaced, keeps the stored text."""
    return current if not typed or same_text(typed, current) else typed.strip()


def read_date(typed: str) -> date | None:
    """``2027-03-12`` (as the export writes it), or the UK's ``12/03/2027``; None otherwise."""
    iso = _ISO_DATE.fullmatch(typed)
    uk = _UK_DATE.fullmatch(typed)
    try:
        if iso:
            return date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        if uk:
            return date(int(uk.group(3)), int(uk.group(2)), int(uk.group(1)))
    except ValueError:
        return None
    return None


def status_for(typed: str) -> ActionStatus | None:
    """An action status from its code or its label, ignoring case: ``in_progress``, ``In progress``."""
    wanted = " ".join(typed.replace("_", " ").split()).lower()
    for code in ActionStatus:
        if wanted in (code.value.replace("_", " "), code.label.lower()):
            return code
    return None


def _described_changes(action: Action, wanted: ActionValues) -> list[str]:
    """What the row changes, in the words of the preview; empty when it changes nothing."""
    changes = []
    if wanted.title != action.title:
        changes.append(
            _("title “%(before)s” → “%(after)s”", before=action.title, after=wanted.title)
        )
    if wanted.owner != action.owner:
        changes.append(
            _("owner “%(before)s” → “%(after)s”", before=action.owner, after=wanted.owner)
        )
    if wanted.due_on != action.due_on:
        changes.append(
            _(
                "due date %(before)s → %(after)s",
                before=format_date(action.due_on) or _("none"),
                after=format_date(wanted.due_on),
            )
        )
    current = ActionStatus(action.status)
    if wanted.status != current.value:
        after = ActionStatus(wanted.status).label if wanted.status in set(ActionStatus) else ""
        changes.append(_("status %(before)s → %(after)s", before=current.label, after=after))
    if wanted.progress != action.progress:
        changes.append(
            _(
                "progress %(before)d%% → %(after)s%%",
                before=action.progress,
                after=wanted.progress,
            )
        )
    return changes


def _out_of_date(action: Action, exported: int) -> str:
    """Say who moved the action on since the row's version, as far as its history tells."""
    moves = db.session.scalars(
        select(ActionChange)
        .options(joinedload(ActionChange.changed_by))
        .where(ActionChange.action_id == action.id, ActionChange.version > exported)
        .order_by(ActionChange.id)
    ).all()
    since = [_moved_since(change) for change in moves]
    if len(moves) < action.version - exported:
        since.append(_("someone changed its title, owner or due date"))
    return _(
        "out of date: this row was exported from version %(exported)d of action %(id)d. Since "
        "then, %(since)s (it is at version %(current)d now: %(status)s, %(progress)d%% done). "
        "Nothing in this row has been changed. Export the tracker again and make your change "
        "in the new file",
        exported=exported,
        id=action.id,
        since="; ".join(since),
        current=action.version,
        status=ActionStatus(action.status).label,
        progress=action.progress,
    )


def _moved_since(change: ActionChange) -> str:
    """‘Olu Adeyemi moved it on (Not started, 0% → In progress, 25%) on 4 December 2026’."""
    return _(
        "%(who)s moved it on (%(from_status)s, %(from_progress)d%% → %(to_status)s, "
        "%(to_progress)d%%) on %(when)s",
        who=change.changed_by.name if change.changed_by else _("someone"),
        from_status=ActionStatus(change.from_status).label,
        from_progress=change.from_progress,
        to_status=ActionStatus(change.to_status).label,
        to_progress=change.to_progress,
        when=format_date(change.changed_at),
    )
