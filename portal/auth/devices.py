"""A signed cookie that marks a browser where someone has signed in before.

It signs nobody in. It only lets the sign-in limit count failed passwords from that browser on
their own, so a stranger's wrong guesses elsewhere cannot lock the owner out of a browser they
already use (OWASP's "device cookie" defence).
"""

from __future__ import annotations

import hashlib
import secrets

from flask import current_app, request
from itsdangerous import BadSignature, URLSafeSerializer

from portal.auth.services import address_key

DEVICE_COOKIE_DAYS = 365
_SALT = "portal-device"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def remember_device(response, email: str) -> None:
    """Mark this browser as one where ``email``'s owner has signed in."""
    value = _serializer().dumps({"a": address_key(email), "d": secrets.token_urlsafe(16)})
    response.set_cookie(
        current_app.config["DEVICE_COOKIE_NAME"],
        value,
        max_age=DEVICE_COOKIE_DAYS * 24 * 3600,
        path="/",
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        httponly=True,
        samesite="Lax",
    )


def trusted_device_key(email: str) -> str | None:
    """A key for this browser's own sign-in limit, if it carries a valid device cookie for
    ``email``; None otherwise."""
    raw = request.cookies.get(current_app.config["DEVICE_COOKIE_NAME"])
    if not raw:
        return None
    try:
        data = _serializer().loads(raw)
    except BadSignature:
        return None
    if not isinstance(data, dict) or data.get("a") != address_key(email):
        return None
    return hashlib.sha256(str(data.get("d")).encode()).hexdigest()[:32]
