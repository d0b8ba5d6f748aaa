"""Forms for decisions, progress updates, leads and recommendations.

The response forms only collect what was typed: the rules (explanation required, progress 0-100,
web addresses only) live in :mod:`portal.tracker.services`, which also checks spreadsheet rows.
Each form's fields have names unique across the forms, so two forms can share one page.
"""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import (
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import HiddenField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice

from portal.forms import GovDateField, PortalForm
from portal.models import ClosureReason, Decision, DecisionMaker, ImplementationStatus
from portal.partners.referrals import organisation_choices
from portal.tracker.services import MAX_EVIDENCE_LINKS, Evidence, is_web_address

DECISION_HINTS = {
    "accepted": "The council will do what the assembly recommended.",
    "partly_accepted": "The council will do some of it.",
    "modified": "The council will do it in a different way.",
    "not_accepted": "The council will not do it.",
    "under_consideration": "The council has not decided yet.",
    "referred": "Another body, like national government, must decide.",
}


def whole_number(text: str | None, *, label: str, example: str) -> tuple[int | None, str | None]:
    """Read a whole number typed into a text box: (number, None), (None, None) if empty, or a problem."""
    text = (text or "").strip().removesuffix("%").strip()
    if not text:
        return None, None
    if not re.fullmatch(r"-?[0-9]{1,9}", text):
        return None, f"{label} must be a whole number, like {example}"
    return int(text), None


class EvidenceFields:
    """Up to three evidence links (a title and a web address each), named ``<prefix>_<n>_title``
    and ``<prefix>_<n>_url``: updates and decisions both take them."""

    evidence_prefix = "evidence"

    def _evidence_field(self, index: int, part: str):
        return getattr(self, f"{self.evidence_prefix}_{index}_{part}")

    def evidence_links(self) -> list[Evidence]:
        """The links typed, checking each pair so errors point at the right box."""
        links = []
        for index in range(1, MAX_EVIDENCE_LINKS + 1):
            title_field = self._evidence_field(index, "title")
            url_field = self._evidence_field(index, "url")
            title, url = title_field.data or "", url_field.data or ""
            if not title and not url:
                continue
            if not title:
                title_field.errors = [
                    *title_field.errors,
                    f"Enter a title for link {index}, or remove its web address",
                ]
            if not url:
                url_field.errors = [
                    *url_field.errors,
                    f"Enter the web address of link {index}, or remove its title",
                ]
            elif not is_web_address(url):
                url_field.errors = [
                    *url_field.errors,
                    f"Web address of link {index} must start with http:// or https://, like https://www.example.org/report",
                ]
            links.append(Evidence(title=title, url=url))
        return links

    def fill_evidence(self, links) -> None:
        for index, link in enumerate(list(links)[:MAX_EVIDENCE_LINKS], start=1):
            self._evidence_field(index, "title").data = link.title
            self._evidence_field(index, "url").data = link.url


class DecisionForm(EvidenceFields, PortalForm):
    evidence_prefix = "decision_evidence"

    decision = RadioField(
        "Decision",
        choices=lambda: [SelectChoice(code.value, code.label) for code in Decision],
        widget=GovRadioInput(),
        validate_choice=False,
    )
    explanation = TextAreaField(
        "Explanation",
        description="Say why. Every decision other than ‘Accepted’ needs an explanation.",
        widget=GovTextArea(),
    )
    referred_organisation = SelectField(
        _l("If referred to a listed organisation: choose it"),
        description=_l(
            "We email the organisation and ask it to respond by the date you give. Its "
            "response appears on the public record."
        ),
        choices=lambda: [
            SelectChoice("", str(_l("Not a listed organisation"))),
            *(SelectChoice(value, name) for value, name in organisation_choices()),
        ],
        widget=GovSelect(),
        validate_choice=False,
    )
    respond_by = GovDateField(
        _l("If referred to a listed organisation: the date it should respond by"),
        description=_l("For example, 27 3 2027"),
    )
    referred_to = StringField(
        "If referred to a body that is not listed: its name",
        description="For example, UK Government Department for Transport. Leave empty for other decisions.",
        widget=GovTextInput(),
    )
    decision_maker = RadioField(
        _l("Who made the decision? (optional)"),
        choices=lambda: [SelectChoice(code.value, code.label) for code in DecisionMaker],
        widget=GovRadioInput(),
        validate_choice=False,
    )
    decided_on = GovDateField(
        _l("Date of the decision (optional)"),
        description=_l("The date of the meeting or of the signed decision. For example, 12 3 2026"),
    )
    decision_record_url = StringField(
        _l("Link to the report or minutes (optional)"),
        description=_l(
            "The web address of the published report, minutes or decision notice, so people "
            "can check the decision. It starts with https://"
        ),
        widget=GovTextInput(),
    )
    decision_evidence_1_title = StringField(_l("Title of link 1"), widget=GovTextInput())
    decision_evidence_1_url = StringField(_l("Web address of link 1"), widget=GovTextInput())
    decision_evidence_2_title = StringField(_l("Title of link 2"), widget=GovTextInput())
    decision_evidence_2_url = StringField(_l("Web address of link 2"), widget=GovTextInput())
    decision_evidence_3_title = StringField(_l("Title of link 3"), widget=GovTextInput())
    decision_evidence_3_url = StringField(_l("Web address of link 3"), widget=GovTextInput())
    correction_note = TextAreaField(
        "What does this correct, and why?",
        description="This note is published with the correction.",
        widget=GovTextArea(),
    )
    decision_version = HiddenField()

    def apply_problems(self, problems: dict[str, str]) -> None:
        apply_field_problems(
            self, problems, fallback=self.decision, evidence=self.decision_evidence_1_url
        )


class UpdateForm(EvidenceFields, PortalForm):
    status = RadioField(
        "Implementation status",
        choices=lambda: [SelectChoice(code.value, code.label) for code in ImplementationStatus],
        widget=GovRadioInput(),
        validate_choice=False,
    )
    progress = StringField(
        "Progress, as a percentage",
        description="A whole number from 0 to 100",
        widget=GovTextInput(),
    )
    summary = TextAreaField("Summary of what has happened", widget=GovTextArea())
    milestone = StringField("Next milestone (optional)", widget=GovTextInput())
    milestone_due = GovDateField(
        "Date of the next milestone (optional)", description="For example, 27 3 2027"
    )
    evidence_1_title = StringField("Title of link 1", widget=GovTextInput())
    evidence_1_url = StringField("Web address of link 1", widget=GovTextInput())
    evidence_2_title = StringField("Title of link 2", widget=GovTextInput())
    evidence_2_url = StringField("Web address of link 2", widget=GovTextInput())
    evidence_3_title = StringField("Title of link 3", widget=GovTextInput())
    evidence_3_url = StringField("Web address of link 3", widget=GovTextInput())
    correction_note = TextAreaField(
        "What does this correct, and why?",
        description="This note is published with the correction.",
        widget=GovTextArea(),
    )
    update_version = HiddenField()

    def progress_value(self) -> int | None:
        value, problem = whole_number(self.progress.data, label="Progress", example="40")
        if problem:
            self.progress.errors = [*self.progress.errors, problem]
        return value

    def apply_problems(self, problems: dict[str, str]) -> None:
        apply_field_problems(self, problems, fallback=self.status, evidence=self.evidence_1_url)


def apply_field_problems(form: PortalForm, problems: dict[str, str], *, fallback, evidence=None):
    """Each message on its field (``evidence`` for the evidence links', ``fallback`` for a name
    the form has no field for), unless the field shows a message already."""
    for name, message in problems.items():
        field = getattr(form, name, None) if name != "evidence" else evidence
        if field is None:
            field = fallback
        if not field.errors:
            field.errors = [message]


class DiscardDraftForm(PortalForm):
    discard_version = HiddenField()
    submit = SubmitField("Discard this draft", widget=GovSubmitInput())


class LeadForm(PortalForm):
    lead_officer = SelectField("Lead officer", widget=GovSelect(), validate_choice=False)
    lead_department = StringField(
        "Lead department",
        description="Leave empty to use the lead officer’s own department.",
        widget=GovTextInput(),
    )
    submit = SubmitField("Save the lead", widget=GovSubmitInput())


class RecommendationForm(PortalForm):
    number = StringField("Number", widget=GovTextInput())
    title = StringField("Title", widget=GovTextInput())
    text = TextAreaField("Full text", widget=GovTextArea())
    theme = StringField(
        "Theme (optional)", description="For example, Travel", widget=GovTextInput()
    )
    support = StringField(
        "Support, as a percentage (optional)",
        description="The share of members who voted for it, from 0 to 100",
        widget=GovTextInput(),
    )
    submit = SubmitField("Save recommendation", widget=GovSubmitInput())

    def values(self) -> dict | None:
        """The typed values as the service takes them, or None if a number is not a number."""
        number, number_problem = whole_number(self.number.data, label="Number", example="7")
        support, support_problem = whole_number(self.support.data, label="Support", example="85")
        if number_problem:
            self.number.errors = [*self.number.errors, number_problem]
        if support_problem:
            self.support.errors = [*self.support.errors, support_problem]
        if number_problem or support_problem:
            return None
        return {
            "number": number,
            "title": self.title.data or "",
            "text": self.text.data or "",
            "theme": self.theme.data or "",
            "support": support,
        }

    def apply_problems(self, problems: dict[str, str]) -> None:
        apply_field_problems(self, problems, fallback=self.title)


CLOSURE_HINTS = {
    ClosureReason.COMPLETED: _l("The council has done what it said it would do."),
    ClosureReason.NOT_TAKEN_FORWARD: _l("The council will do nothing more on it."),
    ClosureReason.SUPERSEDED: _l("Another recommendation or plan now covers it. Say which below."),
    ClosureReason.HANDED_OVER: _l(
        "Another body, like national government, has taken it on and reports on it itself."
    ),
}


class CloseForm(PortalForm):
    """The final outcome of a recommendation: a reason and an explanation, published."""

    closure_reason = RadioField(
        _l("Why is the recommendation being closed?"),
        choices=lambda: [SelectChoice(code.value, code.label) for code in ClosureReason],
        widget=GovRadioInput(),
        validate_choice=False,
    )
    superseded_by = StringField(
        _l("If superseded: the recommendation or plan that replaces it"),
        description=_l(
            "Its name, or a link to it. For example, Northbridge Local Transport Plan 2027. "
            "Leave empty for other reasons."
        ),
        widget=GovTextInput(),
    )
    closure_explanation = TextAreaField(
        _l("Explanation"),
        description=_l(
            "Say why it is being closed and what was done. This is published on the "
            "recommendation’s public page and sent to its followers."
        ),
        widget=GovTextArea(),
    )
    closure_version = HiddenField()
    submit = SubmitField(_l("Close the recommendation"), widget=GovSubmitInput())

    def apply_problems(self, problems: dict[str, str]) -> None:
        apply_field_problems(self, problems, fallback=self.closure_reason)


class ReopenForm(PortalForm):
    reopen_reason = TextAreaField(
        _l("Why is the recommendation being reopened?"),
        description=_l(
            "This is published on the recommendation’s public page and sent to its followers. "
            "Reports are due again from today."
        ),
        widget=GovTextArea(),
    )
    reopen_version = HiddenField()
    submit = SubmitField(_l("Reopen the recommendation"), widget=GovSubmitInput())

    def apply_problems(self, problems: dict[str, str]) -> None:
        apply_field_problems(self, problems, fallback=self.reopen_reason)


class ApproveForm(PortalForm):
    """The queue's Approve button: it posts, with nothing to fill in."""

    submit = SubmitField(_l("Approve and publish"), widget=GovSubmitInput())


class ReturnForm(PortalForm):
    reason = TextAreaField(
        _l("Why are you returning it?"),
        description=_l(
            "Its author sees this on the draft and in an email. Say what must change before you "
            "can approve it."
        ),
        widget=GovTextArea(),
    )
    submit = SubmitField(_l("Return it to its author"), widget=GovSubmitInput())


class ExtendDeadlineForm(PortalForm):
    """An organiser moves a report date or a question's answer date; the rules are in
    :mod:`portal.tracker.extensions`."""

    new_date = GovDateField(_l("New date"), description=_l("For example, 27 3 2027"))
    reason = TextAreaField(
        _l("Why is the deadline being extended?"),
        description=_l("This is published with the new date."),
        widget=GovTextArea(),
    )
    submit = SubmitField(_l("Extend the deadline"), widget=GovSubmitInput())


class EscalationForm(PortalForm):
    note = TextAreaField(
        _l("Note for the senior contact"),
        description=_l(
            "Say what you need from them. It is emailed to them with the recommendation’s "
            "history, and is not published."
        ),
        widget=GovTextArea(),
    )
    submit = SubmitField(_l("Escalate the recommendation"), widget=GovSubmitInput())


class InternalNoteForm(PortalForm):
    """An internal note: for staff only, never shown to members or the public."""

    note_body = TextAreaField(
        _l("Your note"),
        description=_l(
            "Only council staff, approvers and colleagues given this assembly can read it. "
            "Members and the public never see it. You can use Markdown: **bold**, *italics*, "
            "lists and links."
        ),
        widget=GovTextArea(),
    )
    submit = SubmitField(_l("Add the note"), widget=GovSubmitInput())

    def apply_problems(self, problems: dict[str, str]) -> None:
        apply_field_problems(self, problems, fallback=self.note_body)


class LeadAcceptForm(PortalForm):
    submit = SubmitField(_l("Accept"), widget=GovSubmitInput())


class LeadDeclineForm(PortalForm):
    """ "This isn't mine": the organisers are emailed the reason and the suggestion."""

    decline_reason = TextAreaField(
        _l("Why is it not yours?"),
        description=_l("The organisers read this when they choose another lead."),
        widget=GovTextArea(),
    )
    suggested_lead = StringField(
        _l("Who should it be? (optional)"),
        description=_l("A name, a team or a department"),
        widget=GovTextInput(),
    )
    submit = SubmitField(_l("This isn't mine"), widget=GovSubmitInput())

    def apply_problems(self, problems: dict[str, str]) -> None:
        apply_field_problems(self, problems, fallback=self.decline_reason)
