from __future__ import annotations

import re
from datetime import datetime, time

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    HiddenField,
    RadioField,
    SearchField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
    ValidationError,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from portal.forms import GovDateField, PortalForm
from portal.mail.bulletins import MAX_BODY, MAX_SUBJECT
from portal.mail.preferences import SAME_AS_USUAL, ThemeGroup
from portal.mail.sent import KIND_LABELS
from portal.models import BulletinAudience, Frequency, MessageState

YES_NO = [SelectChoice("yes", "Yes"), SelectChoice("no", "No")]


class BulletinForm(PortalForm):
    subject = StringField(
        _l("Subject"),
        description=_l("People see this in their inbox, so say what the bulletin is about."),
        widget=GovTextInput(),
        validators=[
            DataRequired(_l("Enter a subject")),
            Length(
                max=MAX_SUBJECT,
                message=_l("Subject must be %(max)s characters or fewer", max=MAX_SUBJECT),
            ),
        ],
    )
    body = TextAreaField(
        _l("Message"),
        description=(
            _l(
                "You can use Markdown: a blank line between paragraphs, **bold**, "
                "[link text](https://example.org), and lines starting with - for lists."
            )
        ),
        widget=GovTextArea(),
        validators=[
            DataRequired(_l("Enter the message")),
            Length(
                max=MAX_BODY,
                message=_l("Message must be %(max)s characters or fewer", max=f"{MAX_BODY:,}"),
            ),
        ],
    )
    audience = RadioField(
        _l("Who is it for?"),
        choices=lambda: [SelectChoice(value.value, value.label) for value in BulletinAudience],
        widget=GovRadioInput(),
        validators=[InputRequired(_l("Choose who the bulletin is for"))],
    )
    assembly = SelectField(
        _l("Which assembly?"),
        description=_l("Only if it is for all members of an assembly."),
        widget=GovSelect(),
        default="",
        validate_choice=False,
    )
    recommendations = SelectMultipleField(
        _l("Which recommendations?"),
        description=_l("Only if it is for people who follow chosen recommendations."),
        widget=GovCheckboxesInput(),
        coerce=int,
        default=[],
        validate_choice=False,
    )
    submit = SubmitField(_l("Save and preview"), widget=GovSubmitInput())

    def validate_assembly(self, field):
        if self.audience.data != BulletinAudience.ASSEMBLY:
            return
        if not field.data:
            raise ValidationError("Choose the assembly whose members get the bulletin")
        if field.data not in {str(choice.value) for choice in field.choices}:
            raise ValidationError("Choose an assembly from the list")

    def validate_recommendations(self, field):
        if self.audience.data != BulletinAudience.RECOMMENDATIONS:
            return
        if not field.data:
            raise ValidationError("Choose at least one recommendation")
        if not set(field.data) <= {choice.value for choice in field.choices}:
            raise ValidationError("Choose recommendations from the list")


def parse_time(text: str) -> time | None:
    """09:30, 9.30, 14:00, 9am, 2:30pm; None if it is not a time of day."""
    match = re.fullmatch(r"(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?", (text or "").strip().lower())
    if not match:
        return None
    hour, minute, half = int(match.group(1)), int(match.group(2) or 0), match.group(3)
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    elif match.group(2) is None:
        return None
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


class TimeOfDay:
    def __call__(self, form, field):
        if parse_time(field.data) is None:
            raise ValidationError("Enter a time like 09:30 or 2:30pm")


class ScheduleForm(PortalForm):
    send_on = GovDateField(
        _l("Date"),
        description=_l("For example, 27 3 2027"),
        validators=[InputRequired(_l("Enter the date to send it"))],
    )
    send_at = StringField(
        _l("Time (UK time)"),
        description=_l("For example, 09:30 or 2:30pm"),
        widget=GovTextInput(),
        validators=[DataRequired(_l("Enter the time to send it")), TimeOfDay()],
    )
    submit = SubmitField(_l("Schedule bulletin"), widget=GovSubmitInput())

    def local_datetime(self) -> datetime:
        return datetime.combine(self.send_on.data, parse_time(self.send_at.data))


class PreferencesForm(PortalForm):
    frequency = RadioField(
        _l("How often do you want emails about the recommendations you follow?"),
        choices=lambda: [SelectChoice(value.value, value.label) for value in Frequency],
        widget=GovRadioInput(),
        validators=[InputRequired(_l("Choose how often you want emails"))],
    )
    bulletins = RadioField(
        _l("Do you want bulletins from the assembly organisers?"),
        choices=YES_NO,
        widget=GovRadioInput(),
        validators=[InputRequired(_l("Choose yes or no"))],
    )
    replies = RadioField(
        _l("Do you want an email when someone replies to your comment or answers your question?"),
        choices=YES_NO,
        widget=GovRadioInput(),
        validators=[InputRequired(_l("Choose yes or no"))],
    )
    reminders = RadioField(
        _l("Do you want reminders when reports are due or overdue?"),
        choices=YES_NO,
        widget=GovRadioInput(),
        validators=[Optional()],
    )
    submit = SubmitField(_l("Save your email preferences"), widget=GovSubmitInput())

    def recommendation_fields(self) -> list:
        return [field for field in self if field.name.startswith("recommendation_")]

    def theme_fieldsets(self, groups: list[ThemeGroup]) -> list[tuple[str, list]]:
        """Each theme's legend with the choices of its recommendations, for one fieldset each."""
        return [
            (
                group.legend,
                [self[f"recommendation_{item.recommendation.id}"] for item in group.followed],
            )
            for group in groups
        ]


def preferences_form(followed, **kwargs) -> PreferencesForm:
    """The preferences form with one frequency choice per followed recommendation."""

    class Form(PreferencesForm):
        pass

    choices = [SelectChoice(SAME_AS_USUAL, "Same as your usual choice")] + [
        SelectChoice(value.value, value.label) for value in Frequency
    ]
    for item in followed:
        recommendation = item.recommendation
        setattr(
            Form,
            f"recommendation_{recommendation.id}",
            SelectField(
                f"{recommendation.number}. {recommendation.title}",
                description=item.assembly.name,
                choices=choices,
                default=item.frequency,
                widget=GovSelect(),
                validators=[Optional()],
            ),
        )
    return Form(**kwargs)


class SentEmailSearchForm(PortalForm):
    """The search on the sent-email list: GET values, so a search can be linked to (the
    organiser dashboard does); nothing changes, so no CSRF token."""

    class Meta:
        csrf = False

    email = SearchField(
        _l("Recipient’s email address"),
        description=_l("All or part of it"),
        widget=GovTextInput(),
        validators=[Optional(), Length(max=254, message=_l("Enter 254 characters or fewer"))],
    )
    kind = SelectField(_l("Kind of email"), widget=GovSelect(), validate_choice=False)
    state = SelectField(_l("State"), widget=GovSelect(), validate_choice=False)
    from_date = GovDateField(
        _l("Queued on or after"), description=_l("For example, 27 3 2026"), validators=[Optional()]
    )
    to_date = GovDateField(
        _l("Queued on or before"), description=_l("For example, 27 3 2026"), validators=[Optional()]
    )

    def __init__(self, formdata=None, **kwargs):
        super().__init__(formdata=formdata, **kwargs)
        any_choice = SelectChoice("", _("Any"))
        self.kind.choices = [any_choice] + [
            SelectChoice(code, str(label)) for code, label in KIND_LABELS.items()
        ]
        self.state.choices = [any_choice] + [
            SelectChoice(state.value, state.label) for state in MessageState.shown()
        ]

    def validate_to_date(self, field):
        if self.from_date.data and field.data and field.data < self.from_date.data:
            raise ValidationError(
                _("‘Queued on or before’ must be the same as or after ‘Queued on or after’")
            )


class UndoUnsubscribeForm(PortalForm):
    """The "undo" button on the unsubscribe confirmation: ``undo`` is the signed earlier state."""

    undo = HiddenField(validators=[DataRequired(), Length(max=20_000)])
