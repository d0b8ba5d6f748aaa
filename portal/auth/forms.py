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
        "Email address",
        widget=GovTextInput(),
        validators=[DataRequired("Enter your email address")],
    )
    password = PasswordField(
        "Password", widget=GovPasswordInput(), validators=[InputRequired("Enter your password")]
    )
    remember = BooleanField(
        "Keep me signed in on this device for 30 days", widget=GovCheckboxInput()
    )
    submit = SubmitField("Sign in", widget=GovSubmitInput())


class EmailOnlyForm(PortalForm):
    email = EmailField("Email address", widget=GovTextInput(), validators=[ValidEmail()])
    submit = SubmitField("Send me a link", widget=GovSubmitInput())


class EndOtherSessionsForm(PortalForm):
    submit = SubmitField(_l("Sign out of all other devices"), widget=GovSubmitInput())


class ConfirmForm(PortalForm):
    submit = SubmitField("Continue", widget=GovSubmitInput())


class SetPasswordForm(PortalForm):
    password = PasswordField(
        "Create a password", widget=GovPasswordInput(), validators=[NewPassword()]
    )
    submit = SubmitField("Save password", widget=GovSubmitInput())


class AcceptInvitationForm(SetPasswordForm):
    submit = SubmitField("Create account", widget=GovSubmitInput())


class AccountDetailsForm(PortalForm):
    name = StringField(
        "Full name",
        widget=GovTextInput(),
        validators=[
            DataRequired("Enter your full name"),
            Length(max=120, message="Name must be 120 characters or fewer"),
        ],
    )
    display_name = StringField(
        "Name shown to others",
        widget=GovTextInput(),
        validators=[
            DataRequired("Enter the name shown to others"),
            Length(max=60, message="The name shown to others must be 60 characters or fewer"),
        ],
    )
    submit = SubmitField("Save details", widget=GovSubmitInput())


class ChangeEmailForm(PortalForm):
    email = EmailField("New email address", widget=GovTextInput(), validators=[ValidEmail()])
    password = PasswordField(
        "Your current password",
        widget=GovPasswordInput(),
        validators=[InputRequired("Enter your current password")],
    )
    submit = SubmitField("Send confirmation link", widget=GovSubmitInput())


class ChangePasswordForm(PortalForm):
    current_password = PasswordField(
        "Current password",
        widget=GovPasswordInput(),
        validators=[InputRequired("Enter your current password")],
    )
    password = PasswordField("New password", widget=GovPasswordInput(), validators=[NewPassword()])
    submit = SubmitField("Change password", widget=GovSubmitInput())
