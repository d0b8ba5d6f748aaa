"""Security headers, the Content-Security-Policy nonce and the signed-in user loader."""

import re
import secrets

from flask import Flask, Request, g, request
from flask.sessions import SecureCookieSessionInterface
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.utils import cached_property

from portal.extensions import login_manager
from portal.models import User

_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def without_control_characters(value: str) -> str:
    """Text as a person could have typed it: no NUL or other control characters.

    PostgreSQL refuses NUL in text, and none of these belong in anything people write.
    Tabs and line breaks are kept.
    """
    return _CONTROL_CHARACTERS.sub("", value)


class PortalRequest(Request):
    """Form fields and query parameters arrive without control characters."""

    def _load_form_data(self) -> None:
        super()._load_form_data()
        self.__dict__["form"] = ImmutableMultiDict(
            [(key, without_control_characters(value)) for key, value in self.form.items(multi=True)]
        )

    @cached_property
    def args(self) -> ImmutableMultiDict:
        return ImmutableMultiDict(
            [
                (without_control_characters(key), without_control_characters(value))
                for key, value in super().args.items(multi=True)
            ]
        )


class PortalSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, with the signing serializer made once per secret key
    rather than twice per request (a cached public page is served in a fraction of a millisecond,
    and building it was a tenth of that)."""

    def get_signing_serializer(self, app):
        secrets_now = (app.secret_key, tuple(app.config.get("SECRET_KEY_FALLBACKS") or ()))
        cached = getattr(self, "_serializer", None)
        if cached is None or cached[0] != secrets_now:
            self._serializer = (secrets_now, super().get_signing_serializer(app))
        return self._serializer[1]


def init_app(app: Flask) -> None:
    app.request_class = PortalRequest
    app.session_interface = PortalSessionInterface()
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Sign in to see this page."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def load_user(session_id: str) -> User | None:
        from portal.auth import sessions

        return sessions.load(session_id)

    @app.before_request
    def make_csp_nonce() -> None:
        g.csp_nonce = secrets.token_urlsafe(16)

    @app.after_request
    def add_security_headers(response):
        nonce = g.get("csp_nonce", "")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; "
            f"script-src 'self' 'nonce-{nonce}'; "
            "style-src 'self'; img-src 'self' data:; font-src 'self'; "
            "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        )
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        if app.config["PRODUCTION"]:
            response.headers.setdefault(
                "Strict-Transport-Security", "max-age=31536000; includeSubDomains"
            )
        if request.endpoint != "static" and "Cache-Control" not in response.headers:
            private = "private, no-store" if _is_private(response) else "no-cache"
            response.headers["Cache-Control"] = private
        return response


def _is_private(response) -> bool:
    from flask_login import current_user

    return bool(current_user and current_user.is_authenticated)
