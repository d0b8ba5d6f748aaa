"""The one exception services raise when input breaks a rule, and a check for text fields.

Views catch :class:`Problems` and show its messages in the GOV.UK error summary, each linked to
its field.
"""

from __future__ import annotations

from flask_babel import gettext as _


class Problems(ValueError):
    """``problems`` maps form field names to plain-English messages for the error summary."""

    def __init__(self, problems: dict[str, str], *, status: int = 200):
        super().__init__("; ".join(problems.values()))
        self.problems = problems
        self.status = status

    def show_on(self, form, *, fallback: str | None = None) -> None:
        """Add each message to its field's errors, for the error summary; a message for a name
        the form has no field for goes on ``fallback``."""
        for name, message in self.problems.items():
            if fallback is not None and not hasattr(form, name):
                name = fallback
            field = getattr(form, name)
            field.errors = [*field.errors, message]


def check_text(value: str | None, *, field: str, empty: str, limit: int, name: str) -> dict:
    text = (value or "").strip()
    if not text:
        return {field: empty}
    if len(text) > limit:
        return {
            field: _(
                "%(name)s must be %(limit)s characters or fewer",
                name=name,
                limit=f"{limit:,}",
            )
        }
    return {}
