"""The filter form on an assembly's page: GET parameters, so links to a filtered list work."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import GovSelect
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice

from portal.forms import PortalForm
from portal.models import Decision, ImplementationStatus
from portal.public.listing import (
    NO_DECISION_LABEL,
    NO_UPDATE_LABEL,
    NOT_YET,
    OVERDUE_FILTER_LABELS,
    Filters,
)

ANY = SelectChoice("", "Any")


def _choices(labels: dict[str, str], *extra: tuple[str, str]) -> list[SelectChoice]:
    return [ANY, *(SelectChoice(code, label) for code, label in [*labels.items(), *extra])]


def _enum_choices(codes: type[Decision | ImplementationStatus], *extra: tuple[str, str]):
    """Built when a form is, so the labels are in the visitor's language."""
    return lambda: _choices({code.value: code.label for code in codes}, *extra)


class RecommendationFilterForm(PortalForm):
    """Nothing is stored or changed, so there is no CSRF token; unknown values mean "any"."""

    class Meta:
        csrf = False

    theme = SelectField(_l("Theme"), widget=GovSelect())
    decision = SelectField(
        _l("Council’s decision"),
        choices=_enum_choices(Decision, (NOT_YET, NO_DECISION_LABEL)),
        widget=GovSelect(),
    )
    status = SelectField(
        _l("Implementation status"),
        choices=_enum_choices(ImplementationStatus, (NOT_YET, NO_UPDATE_LABEL)),
        widget=GovSelect(),
    )
    overdue = SelectField(
        _l("Reporting"),
        choices=_choices(OVERDUE_FILTER_LABELS),
        widget=GovSelect(),
    )

    def __init__(self, formdata, themes: list[str]):
        super().__init__(formdata=formdata)
        self.theme.choices = [ANY, *(SelectChoice(theme, theme) for theme in themes)]

    def filters(self) -> Filters:
        def chosen(field: SelectField) -> str:
            allowed = {choice.value for choice in field.choices}
            return field.data if field.data in allowed else ""

        return Filters(
            theme=chosen(self.theme),
            decision=chosen(self.decision),
            status=chosen(self.status),
            overdue=chosen(self.overdue),
        )
