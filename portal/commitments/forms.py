"""Forms for a partner's commitment and for its updates. They only collect what was typed: the
rules are in :mod:`portal.commitments.services` (an update's are the council's)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import (
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice

from portal.forms import GovDateField, PortalForm
from portal.models import ImplementationStatus
from portal.tracker.forms import EvidenceFields, apply_field_problems, whole_number


class CommitmentForm(PortalForm):
    recommendation = SelectField(
        _l("Which recommendation will your organisation act on?"),
        widget=GovSelect(),
        validate_choice=False,
    )
    text = TextAreaField(
        _l("What will your organisation do?"),
        description=_l(
            "Say what you will do, so members and the public can follow it up. For example, "
            "run evening buses on routes 4 and 12 every day."
        ),
        widget=GovTextArea(),
    )
    due_on = GovDateField(
        _l("By when will it be done?"),
        description=_l("For example, 31 3 2027"),
    )
    submit = SubmitField(_l("Save the commitment"), widget=GovSubmitInput())

    def apply_problems(self, problems: dict[str, str]) -> None:
        # changing a commitment has no recommendation field: its problems go on the text
        fallback = self.recommendation if "recommendation" in self else self.text
        apply_field_problems(self, problems, fallback=fallback)

    def recommendation_id(self) -> int | None:
        value = (self.recommendation.data or "").strip()
        return int(value) if value.isdigit() and len(value) < 10 else None


class CommitmentUpdateForm(EvidenceFields, PortalForm):
    status = RadioField(
        _l("Status"),
        choices=lambda: [SelectChoice(code.value, code.label) for code in ImplementationStatus],
        widget=GovRadioInput(),
        validate_choice=False,
    )
    progress = StringField(
        _l("Progress, as a percentage"),
        description=_l("A whole number from 0 to 100"),
        widget=GovTextInput(),
    )
    summary = TextAreaField(_l("Summary of what has happened"), widget=GovTextArea())
    evidence_1_title = StringField(_l("Title of link 1"), widget=GovTextInput())
    evidence_1_url = StringField(_l("Web address of link 1"), widget=GovTextInput())
    evidence_2_title = StringField(_l("Title of link 2"), widget=GovTextInput())
    evidence_2_url = StringField(_l("Web address of link 2"), widget=GovTextInput())
    evidence_3_title = StringField(_l("Title of link 3"), widget=GovTextInput())
    evidence_3_url = StringField(_l("Web address of link 3"), widget=GovTextInput())
    submit = SubmitField(_l("Publish the update"), widget=GovSubmitInput())

    def apply_problems(self, problems: dict[str, str]) -> None:
        apply_field_problems(self, problems, fallback=self.status, evidence=self.evidence_1_url)

    def progress_value(self) -> int | None:
        value, problem = whole_number(self.progress.data, label="Progress", example="40")
        if problem:
            self.progress.errors = [*self.progress.errors, problem]
        return value
