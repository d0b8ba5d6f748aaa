from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovFileInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
    URLField,
    ValidationError,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    URL,
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
)

from portal.forms import GovDateField, PortalForm, ValidEmail

ROLE_CHOICES = [
    SelectChoice("member", "Assembly member"),
    SelectChoice("officer", "Council officer"),
    SelectChoice("organiser", "Organiser"),
    SelectChoice("approver", _l("Approver (signs off the authority’s entries)")),
    SelectChoice("colleague", _l("Colleague (reads the tracker, cannot publish)")),
    SelectChoice("partner", _l("Partner (acts for an organisation outside the council)")),
]


class InviteForm(PortalForm):
    name = StringField(
        "Full name",
        widget=GovTextInput(),
        validators=[DataRequired("Enter the person’s full name"), Length(max=120)],
    )
    email = EmailField("Email address", widget=GovTextInput(), validators=[ValidEmail()])
    role = RadioField(
        "Role",
        choices=ROLE_CHOICES,
        default="member",
        widget=GovRadioInput(),
        validators=[InputRequired("Choose a role")],
    )
    assembly = SelectField(
        "Assembly",
        description=_l(
            "Members, approvers and colleagues must belong to an assembly. "
            "Officers and organisers can leave this empty."
        ),
        widget=GovSelect(),
        validators=[Optional()],
    )
    organisation = SelectField(
        _l("Organisation"),
        description=_l("Partners act for one organisation. Leave this empty for anyone else."),
        widget=GovSelect(),
        validators=[Optional()],
    )
    submit = SubmitField("Send invitation", widget=GovSubmitInput())


class RosterUploadForm(PortalForm):
    roster = FileField(
        "Upload a roster CSV file",
        description=_l(
            "Columns: name,email,role,assembly. "
            "Role is member, officer, organiser, approver or colleague."
        ),
        widget=GovFileInput(),
    )
    submit = SubmitField("Check the file", widget=GovSubmitInput())


class ConfirmUploadForm(PortalForm):
    upload_id = HiddenField()
    submit = SubmitField("Send all invitations", widget=GovSubmitInput())


class ActionForm(PortalForm):
    """A button that posts: resend, revoke and the like."""

    submit = SubmitField("Continue", widget=GovSubmitInput())


class AssemblyForm(PortalForm):
    name = StringField(
        "Name",
        widget=GovTextInput(),
        validators=[DataRequired("Enter the assembly’s name"), Length(max=200)],
    )
    slug = StringField(
        "Short name for web addresses",
        description="Lower-case letters, numbers and hyphens, for example climate-2026",
        widget=GovTextInput(),
        validators=[
            DataRequired("Enter a short name for web addresses"),
            Length(max=80),
            Regexp(
                r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
                message="Short name must use only lower-case letters, numbers and hyphens",
            ),
        ],
    )
    topic_question = TextAreaField(
        "The question the assembly answered", widget=GovTextArea(), validators=[Length(max=2000)]
    )
    description = TextAreaField(
        "Short description", widget=GovTextArea(), validators=[Length(max=5000)]
    )
    starts_on = GovDateField("First meeting", validators=[Optional()])
    ends_on = GovDateField("Last meeting", validators=[Optional()])
    concluded_on = GovDateField(
        "Date the assembly concluded",
        description="The first response is due 3 months after this date, unless you set a date below.",
        validators=[Optional()],
    )
    report_url = URLField(
        "Link to the assembly’s report",
        widget=GovTextInput(),
        validators=[
            Optional(),
            URL(require_tld=False, message="Enter a full web address, starting with https://"),
            Length(max=500),
        ],
    )
    first_response_due = GovDateField("First response due (optional)", validators=[Optional()])
    update_cadence_months = RadioField(
        "How often the council reports progress",
        choices=[SelectChoice("12", "Every 12 months"), SelectChoice("6", "Every 6 months")],
        default="12",
        widget=GovRadioInput(),
    )
    question_answer_days = IntegerField(
        "Working days to answer a member’s question",
        default=20,
        widget=GovTextInput(),
        validators=[
            InputRequired("Enter the number of working days"),
            NumberRange(min=1, max=120, message="Enter a number of working days from 1 to 120"),
        ],
    )
    is_public = BooleanField(
        "Publish the record of this assembly for everyone to see", widget=GovCheckboxInput()
    )
    show_discussion_publicly = BooleanField(
        "Show member discussion publicly", widget=GovCheckboxInput()
    )
    # A new assembly asks for sign-off of decisions and reports; updates are published at once.
    sign_off_decisions = BooleanField(
        _l("Decisions need sign-off"), default=True, widget=GovCheckboxInput()
    )
    sign_off_updates = BooleanField(
        _l("Progress updates need sign-off"), default=False, widget=GovCheckboxInput()
    )
    sign_off_reports = BooleanField(
        _l("Reports need sign-off"), default=True, widget=GovCheckboxInput()
    )
    progress_from_actions = BooleanField(
        _l("Progress from actions"), default=False, widget=GovCheckboxInput()
    )
    submit = SubmitField("Save assembly", widget=GovSubmitInput())

    # WTForms 3 turns only ValidationError into a message on the field: anything else is a 500.
    def validate_ends_on(self, field):
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_("Last meeting must be the same as or after the first meeting"))

    def validate_concluded_on(self, field):
        if not field.data:
            return
        if self.ends_on.data and field.data < self.ends_on.data:
            raise ValidationError(
                _("Date the assembly concluded must be the same as or after the last meeting")
            )
        if self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(
                _("Date the assembly concluded must be the same as or after the first meeting")
            )

    def validate_first_response_due(self, field):
        if field.data and self.concluded_on.data and field.data <= self.concluded_on.data:
            raise ValidationError(
                _("First response due must be after the date the assembly concluded")
            )


class RemoveMemberForm(PortalForm):
    reason = TextAreaField(
        _l("Why are you removing them? (optional)"),
        description=_l("Kept in the moderation log. They are not told the reason."),
        widget=GovTextArea(),
        validators=[Length(max=1000, message=_l("The reason must be 1,000 characters or fewer"))],
    )
    submit = SubmitField(_l("Remove from the assembly"), widget=GovSubmitInput())


class DisplayNameForm(PortalForm):
    display_name = StringField(
        _l("New name shown to others"),
        description=_l("For example their first name and the initial of their last name."),
        widget=GovTextInput(),
    )
    reason = TextAreaField(
        _l("Why are you changing it?"),
        description=_l("Kept in the moderation log with the old and new names."),
        widget=GovTextArea(),
    )
    submit = SubmitField(_l("Change the name"), widget=GovSubmitInput())


class WithdrawInvitationForm(PortalForm):
    submit = SubmitField(_l("Withdraw the invitation"), widget=GovSubmitInput())


class DepartmentContactForm(PortalForm):
    """A department's senior contact; the rules are in :mod:`portal.tracker.escalation`."""

    department = StringField(
        _l("Department"),
        description=_l("As recommendations name their lead department, like Transport"),
        widget=GovTextInput(),
    )
    name = StringField(_l("Name"), widget=GovTextInput())
    role = StringField(
        _l("Role"),
        description=_l(
            "Shown publicly when a recommendation is escalated, like Director of Transport"
        ),
        widget=GovTextInput(),
    )
    email = StringField(_l("Email address"), widget=GovTextInput())
    submit = SubmitField(_l("Save the contact"), widget=GovSubmitInput())
