"""Forms for email subscriptions: the address, how often, and managing them."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput, GovTextInput
from wtforms import EmailField, HiddenField, RadioField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from portal.forms import PortalForm, ValidEmail
from portal.subscriptions.services import FREQUENCIES


def _frequency_choices() -> list[SelectChoice]:
    return [SelectChoice(frequency.value, frequency.label) for frequency in FREQUENCIES]


class SubscribeForm(PortalForm):
    email = EmailField(
        _l("Email address"),
        description=_l(
            "We will send you an email to check it is yours. We will not send you anything "
            "else until you open the link in it."
        ),
        widget=GovTextInput(),
        validators=[ValidEmail()],
    )
    submit = SubmitField(_l("Continue"), widget=GovSubmitInput())


class FrequencyForm(PortalForm):
    frequency = RadioField(
        _l("How often do you want to get emails?"),
        choices=_frequency_choices,
        widget=GovRadioInput(),
        validators=[InputRequired(_l("Choose how often you want to get emails"))],
    )
    submit = SubmitField(_l("Confirm and subscribe"), widget=GovSubmitInput())


class ManageForm(PortalForm):
    """One subscription on the manage page: change how often, or unsubscribe from it."""

    subscription = HiddenField()
    frequency = RadioField(
        _l("How often"), choices=_frequency_choices, widget=GovRadioInput(), validate_choice=False
    )
    save = SubmitField(_l("Save"), widget=GovSubmitInput())
    cancel = SubmitField(_l("Unsubscribe"), widget=GovSubmitInput())


class UnsubscribeAllForm(PortalForm):
    everything = SubmitField(_l("Unsubscribe from everything"), widget=GovSubmitInput())
