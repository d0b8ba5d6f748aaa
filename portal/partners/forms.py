"""Forms for organisations (the organisers' pages, and the organisation part of asking to sign a
charter). Rules are checked by the services, which give each problem a plain-English message."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import (
    GovFileInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import RadioField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional

from portal.forms import PortalForm
from portal.models import OrganisationKind
from portal.partners.organisations import OrganisationInput


def kind_choices() -> list[SelectChoice]:
    return [SelectChoice(kind.value, kind.label) for kind in OrganisationKind]


class OrganisationFields(PortalForm):
    name = StringField(_l("Name of the organisation"), widget=GovTextInput())
    kind = RadioField(
        _l("What kind of organisation is it?"),
        choices=kind_choices,
        widget=GovRadioInput(),
        validate_choice=False,
        validators=[Optional()],
    )
    website = StringField(
        _l("Website (optional)"),
        description=_l("For example, https://www.example.org"),
        widget=GovTextInput(),
    )
    description = TextAreaField(
        _l("What the organisation does (optional)"),
        description=_l("One or two sentences, 600 characters at most."),
        widget=GovTextArea(),
    )
    logo = FileField(
        _l("Logo (optional)"),
        description=_l(
            "A PNG or JPEG image, smaller than 2 MB. We shrink it to fit 400 by 400 pixels."
        ),
        widget=GovFileInput(),
    )

    def organisation_input(self) -> OrganisationInput:
        return OrganisationInput(
            name=self.name.data or "",
            kind=self.kind.data or "",
            website=self.website.data or "",
            description=self.description.data or "",
        )


class OrganisationForm(OrganisationFields):
    submit = SubmitField(_l("Save organisation"), widget=GovSubmitInput())
