"""Forms for drafting a report and for a coverage note."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import (
    GovRadioInput,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import HiddenField, RadioField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from portal.forms import GovDateField, PortalForm
from portal.models import ReportKind, ReportOrder
from portal.reports.services import MAX_NOTE, MAX_TEXT, MAX_TITLE
from portal.reports.versions import MAX_REASON

MARKDOWN_HINT = _l(
    "You can use Markdown: a blank line between paragraphs, **bold**, "
    "[link text](https://example.org), and lines starting with - for lists."
)


class ReportForm(PortalForm):
    kind = RadioField(
        _l("What kind of report is it?"),
        choices=lambda: [SelectChoice(kind.value, kind.label) for kind in ReportKind],
        widget=GovRadioInput(),
        validators=[InputRequired(_l("Choose the kind of report"))],
    )
    title = StringField(
        _l("Title"),
        description=_l("For example, The council’s first response to the assembly"),
        widget=GovTextInput(),
        validators=[
            DataRequired(_l("Enter a title")),
            Length(max=MAX_TITLE, message=_l("Title must be 300 characters or fewer")),
        ],
    )
    period_from = GovDateField(
        _l("Period starts"),
        description=_l("For example, 1 4 2026"),
        validators=[InputRequired(_l("Enter the date the period starts"))],
    )
    period_to = GovDateField(
        _l("Period ends"),
        description=_l("For example, 31 3 2027"),
        validators=[InputRequired(_l("Enter the date the period ends"))],
    )
    introduction = TextAreaField(
        _l("Introduction (optional)"),
        description=MARKDOWN_HINT,
        widget=GovTextArea(),
        validators=[
            Optional(),
            Length(max=MAX_TEXT, message=_l("Introduction must be 20,000 characters or fewer")),
        ],
    )
    conclusion = TextAreaField(
        _l("Conclusion (optional)"),
        description=MARKDOWN_HINT,
        widget=GovTextArea(),
        validators=[
            Optional(),
            Length(max=MAX_TEXT, message=_l("Conclusion must be 20,000 characters or fewer")),
        ],
    )
    submit = SubmitField(_l("Save draft report"), widget=GovSubmitInput())


class CoverageNoteForm(PortalForm):
    note = TextAreaField(
        _l("Why did nothing change in this period?"),
        description=_l("This is published in the report, in plain English."),
        widget=GovTextArea(),
        validators=[
            DataRequired(_l("Say why nothing changed in this period")),
            Length(max=MAX_NOTE, message=_l("The reason must be 2,000 characters or fewer")),
        ],
    )
    submit = SubmitField(_l("Save the reason"), widget=GovSubmitInput())


class PublishForm(PortalForm):
    submit = SubmitField(_l("Publish the report"), widget=GovSubmitInput())


class SignOffRequestForm(PortalForm):
    """ "Publish" where the assembly's reports need sign-off: it sends the draft to the approvers."""

    submit = SubmitField(_l("Send it to the approvers for sign-off"), widget=GovSubmitInput())


class OrderForm(PortalForm):
    order_by = RadioField(
        _l("How should the report list the recommendations?"),
        choices=lambda: [SelectChoice(order.value, order.label) for order in ReportOrder],
        widget=GovRadioInput(),
        validators=[InputRequired(_l("Choose how to list the recommendations"))],
    )
    submit = SubmitField(_l("Save the order"), widget=GovSubmitInput())


class ThemeCommentForm(PortalForm):
    comment = TextAreaField(
        _l("Commentary (optional)"),
        description=MARKDOWN_HINT,
        widget=GovTextArea(),
        validators=[
            Optional(),
            Length(max=MAX_TEXT, message=_l("The commentary must be 20,000 characters or fewer")),
        ],
    )
    submit = SubmitField(_l("Save the commentary"), widget=GovSubmitInput())


class ReportReturnForm(PortalForm):
    """The approver returns a report waiting for sign-off to the organiser, with a reason."""

    reason = TextAreaField(
        _l("Why are you returning it?"),
        description=_l(
            "The organiser sees this on the draft. Say what must change before you can approve it."
        ),
        widget=GovTextArea(),
    )
    submit = SubmitField(_l("Return it to the organiser"), widget=GovSubmitInput())


KEEP = "keep"
RETAKE = "retake"


class CorrectionForm(PortalForm):
    """A correction to a published report; one commentary box per theme is added by
    :func:`correction_form` (``comment_1``, ``comment_2``… in the report's order)."""

    introduction = TextAreaField(
        _l("Introduction"),
        description=MARKDOWN_HINT,
        widget=GovTextArea(),
        validators=[
            Optional(),
            Length(max=MAX_TEXT, message=_l("Introduction must be 20,000 characters or fewer")),
        ],
    )
    conclusion = TextAreaField(
        _l("Conclusion"),
        description=MARKDOWN_HINT,
        widget=GovTextArea(),
        validators=[
            Optional(),
            Length(max=MAX_TEXT, message=_l("Conclusion must be 20,000 characters or fewer")),
        ],
    )
    retake = RadioField(
        _l("Should the recommendations be re-taken from the record as it is now?"),
        description=_l(
            "The recommendations stay exactly as they were published unless you choose to "
            "re-take them. Re-take them only to put right a mistake in the record itself."
        ),
        choices=lambda: [
            SelectChoice(KEEP, str(_l("No, keep them as published"))),
            SelectChoice(RETAKE, str(_l("Yes, re-take them from the record as it is now"))),
        ],
        default=KEEP,
        widget=GovRadioInput(),
        validators=[InputRequired(_l("Choose whether to re-take the recommendations"))],
    )
    reason = TextAreaField(
        _l("Why are you correcting the report?"),
        description=_l(
            "This is published with the report, in plain English, for example: The conclusion "
            "gave the wrong month for the cabinet meeting."
        ),
        widget=GovTextArea(),
        validators=[
            DataRequired(_l("Say why you are correcting the report")),
            Length(max=MAX_REASON, message=_l("The reason must be 2,000 characters or fewer")),
        ],
    )
    based_on = HiddenField()
    submit = SubmitField(_l("Publish the correction"), widget=GovSubmitInput())

    def theme_fields(self) -> list:
        return [field for name, field in self._fields.items() if name.startswith("comment_")]


def correction_form(themes: list[dict], **kwargs) -> CorrectionForm:
    """The correction form with one commentary box per theme of the report."""

    class ThemedCorrectionForm(CorrectionForm):
        pass

    for theme in themes:
        setattr(
            ThemedCorrectionForm,
            f"comment_{theme['index']}",
            TextAreaField(
                _l("Commentary on %(theme)s (optional)", theme=theme["name"]),
                widget=GovTextArea(),
                validators=[
                    Optional(),
                    Length(
                        max=MAX_TEXT,
                        message=_l("The commentary must be 20,000 characters or fewer"),
                    ),
                ],
            ),
        )
    return ThemedCorrectionForm(**kwargs)
