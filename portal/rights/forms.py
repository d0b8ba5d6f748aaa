from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import (
    GovPasswordInput,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import PasswordField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from portal.forms import PortalForm

MAX_REASON = 2000


class DownloadDataForm(PortalForm):
    submit = SubmitField(_l("Download your data"), widget=GovSubmitInput())


class DeleteAccountForm(PortalForm):
    password = PasswordField(
        _l("Your password"),
        widget=GovPasswordInput(),
        validators=[InputRequired(_l("Enter your password"))],
    )
    submit = SubmitField(_l("Delete my account"), widget=GovSubmitInput())


class EmailDeleteLinkForm(PortalForm):
    submit = SubmitField(_l("Email me a link to delete my account"), widget=GovSubmitInput())


class ConfirmDeleteForm(PortalForm):
    submit = SubmitField(_l("Delete my account"), widget=GovSubmitInput())


class EraseAccountForm(PortalForm):
    reason = TextAreaField(
        _l("Why you are deleting this account"),
        description=_l(
            "For example, the date and way the person asked. This goes in the moderation log. "
            "Do not include their name or email address."
        ),
        widget=GovTextArea(),
        validators=[
            DataRequired(_l("Enter why you are deleting this account")),
            Length(
                max=MAX_REASON,
                message=_l("The reason must be %(max)d characters or fewer", max=MAX_REASON),
            ),
        ],
    )
    confirm_email = StringField(
        _l("Type the person's email address to confirm"),
        widget=GovTextInput(),
        validators=[DataRequired(_l("Type the person's email address to confirm"))],
    )
    submit = SubmitField(_l("Delete this account"), widget=GovSubmitInput())
