"""The action form (add and edit), and the optional fieldset per action in a progress update."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput, GovTextInput
from wtforms import RadioField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice

from portal.actions.services import ActionValues
from portal.forms import GovDateField, PortalForm
from portal.models import ActionStatus
from portal.tracker.forms import whole_number


def status_choices() -> list[SelectChoice]:
    return [SelectChoice(status.value, status.label) for status in ActionStatus]


class ActionForm(PortalForm):
    title = StringField(_l("What is the action?"), widget=GovTextInput())
    owner = StringField(
        _l("Owner (optional)"),
        description=_l("The department or organisation doing it"),
        widget=GovTextInput(),
    )
    due_on = GovDateField(_l("Due date (optional)"), description=_l("For example, 27 3 2027"))
    status = RadioField(
        _l("Status"), choices=status_choices, widget=GovRadioInput(), validate_choice=False
    )
    progress = StringField(
        _l("Progress, as a percentage"),
        description=_l("A whole number from 0 to 100"),
        widget=GovTextInput(),
    )
    submit = SubmitField(_l("Save the action"), widget=GovSubmitInput())

    def values(self) -> ActionValues:
        progress, problem = whole_number(self.progress.data, label="Progress", example="40")
        if problem:
            self.progress.errors = [*self.progress.errors, problem]
        return ActionValues(
            title=self.title.data or "",
            owner=self.owner.data or "",
            due_on=self.due_on.data,
            status=self.status.data or "",
            progress=progress,
        )
