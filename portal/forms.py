"""The base form every portal form inherits, and field helpers shared across capabilities."""

from __future__ import annotations

import re
from datetime import date

from email_validator import EmailNotValidError, validate_email
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovDateInput
from wtforms import DateField, ValidationError

# Line breaks of every kind a person or a spreadsheet can put in text (str.splitlines' set).
_LINE_BREAK = re.compile(r"[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")


def has_line_break(text: str | None) -> bool:
    """True if ``text`` is more than one line. Titles and names must be one line: they go into
    email subjects, page titles and spreadsheet cells."""
    return text is not None and _LINE_BREAK.search(text) is not None


class PortalForm(FlaskForm):
    """CSRF-protected, and strips surrounding whitespace from every text field."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            filters = unbound_field.kwargs.get("filters", [])
            if _strip not in filters and unbound_field.field_class.__name__ in {
                "StringField",
                "EmailField",
                "TextAreaField",
                "URLField",
                "SearchField",
            }:
                filters = [_strip, *filters]
            return unbound_field.bind(form=form, filters=filters, **options)


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def normalise_email(address: str) -> str:
    """Validate without DNS look-ups and return the normalised, lower-cased address.

    Raises ``ValueError`` with a plain-English message when the address is not valid.
    """
    address = (address or "").strip()
    if not address:
        raise ValueError("Enter an email address")
    try:
        result = validate_email(address, check_deliverability=False)
    except EmailNotValidError as error:
        raise ValueError(
            "Enter an email address in the correct format, like name@example.com"
        ) from error
    return result.normalized.lower()


def comparable_email(address: str) -> str:
    """The form of ``address`` to compare, look up or key a limit on: normalised as
    :func:`normalise_email` does (so ``。``, ``．`` and ``｡`` in a domain are full stops), or just
    stripped and lower-cased when it is not a valid address."""
    try:
        return normalise_email(address)
    except ValueError:
        return (address or "").strip().lower()


class ValidEmail:
    """WTForms validator that also replaces the field's data with the normalised address."""

    def __call__(self, form, field):
        try:
            field.data = normalise_email(field.data)
        except ValueError as error:
            raise ValidationError(str(error)) from error


class GovDateField(DateField):
    """A GOV.UK day/month/year date: empty is None; anything else must be a real date."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("widget", GovDateInput())
        super().__init__(label, validators, format="%d %m %Y", **kwargs)

    def process_formdata(self, valuelist):
        if not valuelist:
            self.raw_data = None  # the widget then shows ``data``; it cannot unpack an empty list
            return
        if len(valuelist) != 3:  # only a hand-made request sends other than day, month, year
            self.raw_data = [*valuelist, "", "", ""][:3]
        parts = [part.strip() for part in self.raw_data or valuelist]
        if not any(parts):
            self.data = None
            return
        try:
            day, month, year = (int(part) for part in parts)
            if year < 1900 or year > 2200:
                raise ValueError
            self.data = date(year, month, day)
        except (TypeError, ValueError):
            self.data = None
            raise ValueError(
                f"{self.label.text} must be a real date, for example 27 3 2026"
            ) from None
