"""Per-recipient placeholders in bodies and headers that are rendered once for many people.

A bulletin or an update email is rendered once and shared by every recipient's outbox row (see
:class:`portal.models.MailBody`). The only per-recipient parts are the unsubscribe links, which
carry a token signed for that person; the worker fills them in as it sends each message:

- ``%%unsubscribe:KIND%%`` becomes that person's one-click unsubscribe URL for KIND;
- ``%%unsubscribe-token:KIND%%`` becomes the bare token (for the ``mailto:`` subject).

Tokens are deterministic, so filling them in at send time gives the same link as at queue time.
"""

from __future__ import annotations

import re

URL_PLACEHOLDER = "%%unsubscribe:{kind}%%"
TOKEN_PLACEHOLDER = "%%unsubscribe-token:{kind}%%"  # noqa: S105 - a placeholder, not a secret
_PLACEHOLDER = re.compile(r"%%unsubscribe(-token)?:([a-z]+(?::[0-9]+)?)%%")


def unsubscribe_placeholder(kind: str) -> str:
    return URL_PLACEHOLDER.format(kind=kind)


def token_placeholder(kind: str) -> str:
    return TOKEN_PLACEHOLDER.format(kind=kind)


def personalise(text: str, user_id: int | None) -> str:
    """Fill in the placeholders for ``user_id``; without a person, link to the preferences."""
    if "%%unsubscribe" not in text:
        return text
    from portal.mail.unsubscribe import make_token, unsubscribe_url
    from portal.templating import absolute_url

    def replace(match: re.Match) -> str:
        is_token, kind = match.group(1), match.group(2)
        if user_id is None:
            return "" if is_token else absolute_url("mail.preferences")
        return make_token(user_id, kind) if is_token else unsubscribe_url(user_id, kind)

    return _PLACEHOLDER.sub(replace, text)
