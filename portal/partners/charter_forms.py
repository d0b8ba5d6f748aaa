"""Forms for the civic charter: the organiser's text, asking to sign, and the decision."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import (
    GovRadioInput,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import EmailField, RadioField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from portal.forms import PortalForm, ValidEmail
from portal.partners.charter import SignInput
from portal.partners.forms import OrganisationFields


class CharterTextForm(PortalForm):
    text = TextAreaField(
        _l("Charter text"),
        description=_l(
            "What organisations that sign commit to. You can use Markdown: **bold**, *italics*, "
            "lists and links."
        ),
        widget=GovTextArea(),
    )
    submit = SubmitField(_l("Save the charter"), widget=GovSubmitInput())


class SignForm(OrganisationFields):
    contact_name = StringField(_l("Your full name"), widget=GovTextInput())
    contact_email = EmailField(
        _l("Your email address"),
        description=_l("We will email you our decision. We will not show it on the charter."),
        widget=GovTextInput(),
        validators=[ValidEmail()],
    )
    statement = TextAreaField(
        _l("Statement of support"),
        description=_l(
            "Why your organisation supports the assembly’s recommendations. We show it on the "
            "charter beside your name. 1,500 characters at most."
        ),
        widget=GovTextArea(),
    )
    submit = SubmitField(_l("Send the request"), widget=GovSubmitInput())

    def sign_input(self) -> SignInput:
        return SignInput(
            organisation=self.organisation_input(),
            contact_name=self.contact_name.data or "",
            contact_email=self.contact_email.data or "",
            statement=self.statement.data or "",
        )


class DecisionForm(PortalForm):
    decision = RadioField(
        _l("Do you approve this request?"),
        choices=[
            SelectChoice("approve", _l("Yes, add the organisation to the charter")),
            SelectChoice("decline", _l("No, decline the request")),
        ],
        widget=GovRadioInput(),
        validators=[InputRequired(_l("Choose whether to approve or decline the request"))],
    )
    reason = TextAreaField(
        _l("Reason for declining"),
        description=_l("Needed if you decline. We email it to the person who asked."),
        widget=GovTextArea(),
    )
    submit = SubmitField(_l("Save the decision"), widget=GovSubmitInput())
