"""Success banners after an action, shown at the top of the next page (GOV.UK notification banner).

The page an action returns to is not scrolled to an anchor: the banner is at the top, GOV.UK
Frontend moves focus to it, and it carries a link to the part of the page the action changed
(``#comment-12``) for whoever wants to go there.
"""

from __future__ import annotations

from flask import flash
from markupsafe import Markup

_HEADING = Markup('<p class="govuk-notification-banner__heading">{}</p>')
_WITH_LINK = Markup(
    '<p class="govuk-notification-banner__heading">{} '
    '<a class="govuk-notification-banner__link" href="#{}">{}</a>.</p>'
)


def flash_success(message: str, *, link_text: str = "", anchor: str = "") -> None:
    """Flash ``message`` as a success banner, with a link to ``#anchor`` when one is given.

    The message is escaped here; the session keeps it as Markup (Flask's session serialiser
    tags Markup), so the template shows it as the banner's HTML.
    """
    if link_text and anchor:
        flash(_WITH_LINK.format(message, anchor, link_text), "success")
    else:
        flash(_HEADING.format(message), "success")


def banner_html(message: str) -> Markup:
    """A flashed message as the banner's HTML: ours as they are, any other text escaped."""
    if isinstance(message, Markup):
        return message
    return _HEADING.format(message)
