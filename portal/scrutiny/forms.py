from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import (
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
)
from wtforms import HiddenField, RadioField, SelectField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional

from portal.forms import PortalForm
from portal.models import VerdictRating

MARKDOWN_HINT = (
    "You can use **bold**, *italics*, lists starting with - and links like "
    "[text](https://example.org)."
)


class CommentForm(PortalForm):
    """Rules are checked by the service, which gives the messages (so POST and tests agree)."""

    entry_id = SelectField(
        _l("What is your comment about?"),
        widget=GovSelect(),
        validators=[Optional()],
        choices=[],
        validate_choice=False,
    )
    body = TextAreaField(_l("Your comment"), description=MARKDOWN_HINT, widget=GovTextArea())
    submit = SubmitField(_l("Post comment"), widget=GovSubmitInput())


class ReplyForm(PortalForm):
    body = TextAreaField(_l("Your reply"), description=MARKDOWN_HINT, widget=GovTextArea())
    submit = SubmitField(_l("Post reply"), widget=GovSubmitInput())


class EditCommentForm(PortalForm):
    body = TextAreaField(_l("Your comment"), description=MARKDOWN_HINT, widget=GovTextArea())
    submit = SubmitField(_l("Save changes"), widget=GovSubmitInput())


class ConfirmForm(PortalForm):
    """A button that posts: delete, restore, dismiss, follow and the like."""

    next = HiddenField()
    submit = SubmitField(_l("Continue"), widget=GovSubmitInput())


class ReportForm(PortalForm):
    reason = TextAreaField(
        _l("What is wrong with this comment?"),
        description=_l(
            "For example, it is abusive, shares someone’s personal details, or is spam."
        ),
        widget=GovTextArea(),
    )
    submit = SubmitField(_l("Report comment"), widget=GovSubmitInput())


class VerdictForm(PortalForm):
    rating = RadioField(
        _l("Is this response good enough?"),
        choices=lambda: [SelectChoice(rating.value, rating.label) for rating in VerdictRating],
        widget=GovRadioInput(),
        validate_choice=False,
    )
    reason = TextAreaField(
        _l("Why? (optional)"),
        description=_l("Officers leading this recommendation can read your reason."),
        widget=GovTextArea(),
    )
    submit = SubmitField(_l("Save your verdict"), widget=GovSubmitInput())


class QuestionForm(PortalForm):
    body = TextAreaField(
        _l("Your question"),
        description=_l(
            "Ask one clear question. All members of the assembly can read it and the answer."
        ),
        widget=GovTextArea(),
    )
    submit = SubmitField(_l("Send question"), widget=GovSubmitInput())


class AnswerForm(PortalForm):
    answer = TextAreaField(
        _l("Your answer"),
        description="All members of the assembly can read it. " + MARKDOWN_HINT,
        widget=GovTextArea(),
    )
    submit = SubmitField(_l("Publish answer"), widget=GovSubmitInput())


class ReassignForm(PortalForm):
    officer = SelectField(
        _l("Who should answer this question?"),
        widget=GovSelect(),
        validators=[Optional()],
        choices=[],
        validate_choice=False,
    )
    submit = SubmitField(_l("Reassign question"), widget=GovSubmitInput())


class ReasonForm(PortalForm):
    """A moderator's action with a reason (required or optional, as the service decides)."""

    reason = TextAreaField(_l("Reason"), widget=GovTextArea())
    submit = SubmitField(_l("Continue"), widget=GovSubmitInput())
