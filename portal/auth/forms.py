from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovPasswordInput,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import BooleanField, EmailField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from portal.auth.passwords import password_problem
from portal.forms import PortalForm, ValidEmail


class NewPassword:
    """The password rules, with the user's own email and name refused too."""

    def __call__(self, form, field):
        personal = tuple(getattr(form, "personal_values", ()))
        problem = password_problem(field.data or "", personal=personal)
        if problem:
            raise ValidationError(problem)


class LoginForm(PortalForm):
    email = EmailField(
        _l("Email address"),
        widget=GovTextInput(),
        validators=[DataRequired(_l("Enter your email address"))],
    )
    password = PasswordField(
        _l("Password"),
        widget=GovPasswordInput(),
        validators=[InputRequired(_l("Enter your password"))],
    )
    remember = BooleanField(
        _l("Keep me signed in on this device for 30 days"), widget=GovCheckboxInput()
    )
    submit = SubmitField(_l("Sign in"), widget=GovSubmitInput())


class EmailOnlyForm(PortalForm):
    email = EmailField(_l("Email address"), widget=GovTextInput(), validators=[ValidEmail()])
    submit = SubmitField(_l("Send me a link"), widget=GovSubmitInput())


class EndOtherSessionsForm(PortalForm):
    submit = SubmitField(_l("Sign out of all other devices"), widget=GovSubmitInput())


class ConfirmForm(PortalForm):
    submit = SubmitField(_l("Continue"), widget=GovSubmitInput())


class SetPasswordForm(PortalForm):
    password = PasswordField(
        _l("Create a password"), widget=GovPasswordInput(), validators=[NewPassword()]
    )
    submit = SubmitField(_l("Save password"), widget=GovSubmitInput())


class AcceptInvitationForm(SetPasswordForm):
    submit = SubmitField(_l("Create account"), widget=GovSubmitInput())


class AccountDetailsForm(PortalForm):
    name = StringField(
        _l("Full name"),
        widget=GovTextInput(),
        validators=[
            DataRequired(_l("Enter your full name")),
            Length(max=120, message=_l("Name must be 120 characters or fewer")),
        ],
    )
    display_name = StringField(
        _l("Name shown to others"),
        widget=GovTextInput(),
        validators=[
            DataRequired(_l("Enter the name shown to others")),
            Length(max=60, message=_l("The name shown to others must be 60 characters or fewer")),
        ],
    )
    submit = SubmitField(_l("Save details"), widget=GovSubmitInput())


class ChangeEmailForm(PortalForm):
    email = EmailField(_l("New email address"), widget=GovTextInput(), validators=[ValidEmail()])
    password = PasswordField(
        _l("Your current password"),
        widget=GovPasswordInput(),
        validators=[InputRequired(_l("Enter your current password"))],
    )
    submit = SubmitField(_l("Send confirmation link"), widget=GovSubmitInput())


class ChangePasswordForm(PortalForm):
    current_password = PasswordField(
        _l("Current password"),
        widget=GovPasswordInput(),
        validators=[InputRequired(_l("Enter your current password"))],
    )
    password = PasswordField(
        _l("New password"), widget=GovPasswordInput(), validators=[NewPassword()]
    )
    submit = SubmitField(_l("Change password"), widget=GovSubmitInput())
