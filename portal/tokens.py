"""Signed, single-use tokens for links sent by email.

A link carries a random secret signed with the app's key (so a forged or truncated link is told
apart from an old one); the database keeps only the secret's SHA-256, when it expires and when it
was used.
"""

from __future__ import annotations

import enum
import hashlib
import secrets

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer


class TokenProblem(enum.StrEnum):
    INVALID = "invalid"
    EXPIRED = "expired"
    USED = "used"


class TokenError(Exception):
    def __init__(self, problem: TokenProblem):
        super().__init__(problem.value)
        self.problem = problem


def _serializer(purpose: str) -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=f"portal-link-{purpose}")


def new_link_token(purpose: str) -> tuple[str, str]:
    """Return ``(token for the link, hash to store)``."""
    secret = secrets.token_urlsafe(32)
    return _serializer(purpose).dumps(secret), digest(secret)


def hash_from_link_token(token: str, purpose: str) -> str:
    """The stored hash a link token stands for; TokenError(INVALID) if forged or damaged."""
    try:
        secret = _serializer(purpose).loads(token)
    except BadSignature as error:
        raise TokenError(TokenProblem.INVALID) from error
    if not isinstance(secret, str):
        raise TokenError(TokenProblem.INVALID)
    return digest(secret)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()
