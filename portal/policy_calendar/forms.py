"""Forms for adding or changing a decision point and for recording its outcome.

Rules (a name for a committee, a real web address, recommendations of this assembly) are checked
by the service, which gives each problem a plain-English message for the error summary.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    RadioField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
    ValidationError,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Optional

from portal.forms import GovDateField, PortalForm
from portal.mail.forms import parse_time
from portal.models import DecisionBody


class _TimeOfDay:
    def __call__(self, form, field):
        if parse_time(field.data) is None:
            raise ValidationError(str(_l("Enter a time like 18:30 or 6:30pm")))


class DecisionPointForm(PortalForm):
    body = RadioField(
        _l("Which body decides?"),
        choices=lambda: [SelectChoice(body.value, body.label) for body in DecisionBody],
        widget=GovRadioInput(),
        validate_choice=False,
        validators=[InputRequired(_l("Choose which body decides"))],
    )
    body_name = StringField(
        _l("Name of the body (optional for cabinet and full council)"),
        description=_l("For example, Planning Committee or the NHS Trust Board."),
        widget=GovTextInput(),
        validators=[Optional()],
    )
    starts_on = GovDateField(
        _l("Date of the meeting"),
        description=_l("For example, 12 3 2027"),
        validators=[InputRequired(_l("Enter the date of the meeting"))],
    )
    starts_at = StringField(
        _l("Time (UK time)"),
        description=_l("For example, 18:30 or 6:30pm"),
        widget=GovTextInput(),
        validators=[InputRequired(_l("Enter the time of the meeting")), _TimeOfDay()],
    )
    what = TextAreaField(
        _l("What will be decided"),
        description=_l("In plain English, for members of the assembly."),
        widget=GovTextArea(),
        validators=[Optional()],
    )
    papers_url = StringField(
        _l("Link to the agenda or papers (optional)"),
        description=_l("A web address starting with https://"),
        widget=GovTextInput(),
        validators=[Optional()],
    )
    recommendations = SelectMultipleField(
        _l("Which recommendations does it affect?"),
        widget=GovCheckboxesInput(),
        coerce=int,
        default=[],
        validate_choice=False,
    )
    submit = SubmitField(_l("Save decision point"), widget=GovSubmitInput())

    def local_start(self) -> datetime | None:
        when = parse_time(self.starts_at.data or "")
        if self.starts_on.data is None or when is None:
            return None
        return datetime.combine(self.starts_on.data, when)


class OutcomeForm(PortalForm):
    outcome = TextAreaField(
        _l("What was decided"),
        description=_l(
            "What the body decided about each recommendation, and where to read the minutes. "
            "You can use Markdown."
        ),
        widget=GovTextArea(),
        validators=[Optional()],
    )
    submit = SubmitField(_l("Save outcome"), widget=GovSubmitInput())
