"""Forms for opening an assessment round and for a member's answers.

The answer form has one group of radios and one reason box per recommendation of the report,
so its class is built for the report (:func:`answer_form`). Ratings and reasons are checked by
the service, which gives each problem a plain-English message naming the recommendation.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextArea,
)
from wtforms import BooleanField, RadioField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Optional

from portal.assessments.services import RATINGS, rating_field, reason_field
from portal.forms import GovDateField, PortalForm


class OpenRoundForm(PortalForm):
    closes_on = GovDateField(
        _l("Closing date"),
        description=_l(
            "Members can answer until the end of this day. For example, 27 3 2027. "
            "We suggest 3 weeks."
        ),
        validators=[InputRequired(_l("Enter the closing date"))],
    )
    submit = SubmitField(_l("Ask members for their assessment"), widget=GovSubmitInput())


class CloseRoundForm(PortalForm):
    submit = SubmitField(_l("Close the assessment now"), widget=GovSubmitInput())


class _AnswerForm(PortalForm):
    may_quote = BooleanField(
        _l("You may quote my reasons in the published results, without my name"),
        widget=GovCheckboxInput(),
        validators=[Optional()],
    )
    save = SubmitField(_l("Save and come back later"), widget=GovSubmitInput())
    submit = SubmitField(_l("Submit your assessment"), widget=GovSubmitInput())


def answer_form(recommendations: list[dict], **kwargs) -> _AnswerForm:
    """A form with a rating and a reason for each of ``recommendations`` (numbers and titles)."""

    class AnswerForm(_AnswerForm):
        pass

    choices = [SelectChoice(rating.value, rating.label) for rating in RATINGS]
    for recommendation in recommendations:
        number = recommendation["number"]
        setattr(
            AnswerForm,
            rating_field(number),
            RadioField(
                _l(
                    "Recommendation %(number)d: %(title)s",
                    number=number,
                    title=recommendation["title"],
                ),
                choices=choices,
                widget=GovRadioInput(),
                validate_choice=False,
                validators=[Optional()],
            ),
        )
        setattr(
            AnswerForm,
            reason_field(number),
            TextAreaField(
                _l("Your reason for recommendation %(number)d (optional)", number=number),
                description=_l("500 characters at most."),
                widget=GovTextArea(),
                validators=[Optional()],
            ),
        )
    return AnswerForm(**kwargs)
