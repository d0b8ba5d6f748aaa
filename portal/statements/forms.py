"""Forms for the members' statement: proposals and comments, the text, endorsing, the reply."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput, GovTextArea
from wtforms import RadioField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length

from portal.forms import PortalForm
from portal.models import StatementPostKind
from portal.statements.services import MAX_POST, MAX_REPLY, MAX_TEXT

MARKDOWN_HINT = _l(
    "You can use Markdown: a blank line between paragraphs, **bold**, "
    "[link text](https://example.org), and lines starting with - for lists."
)


class StartForm(PortalForm):
    submit = SubmitField(_l("Start a members’ statement"), widget=GovSubmitInput())


class PostForm(PortalForm):
    kind = RadioField(
        _l("What are you adding?"),
        choices=[
            SelectChoice(StatementPostKind.PROPOSAL.value, _l("Text for the statement")),
            SelectChoice(StatementPostKind.COMMENT.value, _l("A comment")),
        ],
        widget=GovRadioInput(),
        validators=[InputRequired(_l("Choose whether you are proposing text or commenting"))],
    )
    body = TextAreaField(
        _l("Your text or comment"),
        description=_l("Other members, officers and organisers of this assembly can read it."),
        widget=GovTextArea(),
        validators=[
            DataRequired(_l("Enter your text or comment")),
            Length(max=MAX_POST, message=_l("Your text must be 5,000 characters or fewer")),
        ],
    )
    submit = SubmitField(_l("Post"), widget=GovSubmitInput())


class TextForm(PortalForm):
    text = TextAreaField(
        _l("The text of the statement"),
        description=MARKDOWN_HINT,
        widget=GovTextArea(),
        validators=[
            DataRequired(_l("Enter the text of the statement")),
            Length(max=MAX_TEXT, message=_l("The statement must be 20,000 characters or fewer")),
        ],
    )
    submit = SubmitField(_l("Save the text"), widget=GovSubmitInput())


class OpenForm(PortalForm):
    submit = SubmitField(
        _l("Freeze the text and ask members to endorse it"), widget=GovSubmitInput()
    )


class EndorseForm(PortalForm):
    submit = SubmitField(_l("Endorse this statement"), widget=GovSubmitInput())


class WithdrawForm(PortalForm):
    submit = SubmitField(_l("Withdraw my endorsement"), widget=GovSubmitInput())


class PublishForm(PortalForm):
    submit = SubmitField(_l("Publish the statement"), widget=GovSubmitInput())


class HideForm(PortalForm):
    submit = SubmitField(_l("Hide"), widget=GovSubmitInput())


class ReplyForm(PortalForm):
    reply = TextAreaField(
        _l("The council’s reply"),
        description=MARKDOWN_HINT,
        widget=GovTextArea(),
        validators=[
            DataRequired(_l("Enter the council’s reply")),
            Length(max=MAX_REPLY, message=_l("The reply must be 20,000 characters or fewer")),
        ],
    )
    submit = SubmitField(_l("Publish the reply"), widget=GovSubmitInput())
