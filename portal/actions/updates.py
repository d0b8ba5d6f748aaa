"""A progress update moves actions on: the update form gets an optional fieldset per action
(its status and progress, filled in with where it stands), and publishing the update records each
action that changed, linked to the update, in the same transaction.

Where the assembly's updates need sign-off the fieldsets are left out (an update waiting for an
approver is not public yet, so nothing it says may move an action on): the actions are then
moved on their own page.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovTextInput
from wtforms import SelectField, StringField, ValidationError

from portal.actions import services
from portal.actions.forms import status_choices
from portal.models import Action, ActionStatus, EntryKind, Recommendation, ResponseEntry
from portal.tracker.forms import UpdateForm, whole_number
from portal.tracker.signoff import needs_sign_off


def _status_name(action: Action) -> str:
    return f"action_{action.id}_status"


def _progress_name(action: Action) -> str:
    return f"action_{action.id}_progress"


def _check_progress(form, field) -> None:
    value, problem = whole_number(field.data, label="Progress", example="40")
    if problem:
        raise ValidationError(problem)
    problems = services.check_progress(value)
    if problems:
        raise ValidationError(next(iter(problems.values())))


def _check_status(form, field) -> None:
    if field.data not in {status.value for status in ActionStatus}:
        raise ValidationError(str(_l("Select the action’s status")))


def movable_actions(recommendation: Recommendation) -> list[Action]:
    """The actions an update on ``recommendation`` may move on (none where it needs sign-off)."""
    if needs_sign_off(recommendation.assembly, EntryKind.UPDATE):
        return []
    return services.actions_of(recommendation)


def update_form_class(recommendation: Recommendation, actions: list[Action]) -> type[UpdateForm]:
    """The update form with a status and a progress field for each action."""
    if not actions:
        return UpdateForm
    fields: dict = {"moved_actions": actions}
    for action in actions:
        fields[_status_name(action)] = SelectField(
            _l("Status"),
            choices=status_choices(),
            default=ActionStatus(action.status).value,
            widget=GovSelect(),
            validators=[_check_status],
            validate_choice=False,
        )
        fields[_progress_name(action)] = StringField(
            _l("Progress, as a percentage"),
            default=str(action.progress),
            widget=GovTextInput(),
            validators=[_check_progress],
        )
    return type("UpdateWithActionsForm", (UpdateForm,), fields)


def fieldsets(form: UpdateForm) -> list[dict]:
    """For the template: each action with its two fields."""
    return [
        {
            "action": action,
            "status": form[_status_name(action)],
            "progress": form[_progress_name(action)],
        }
        for action in getattr(form, "moved_actions", [])
    ]


def apply_moves(recommendation: Recommendation, form: UpdateForm, entry: ResponseEntry, user):
    """Once ``entry`` is published: move each action whose status or progress was changed."""
    actions = getattr(form, "moved_actions", [])
    if not actions or not entry.is_published:
        return []
    moves = []
    for action in actions:
        progress, _problem = whole_number(
            form[_progress_name(action)].data, label="Progress", example="40"
        )
        moves.append((action, ActionStatus(form[_status_name(action)].data), int(progress or 0)))
    return services.move_actions(recommendation, user, moves, entry)
