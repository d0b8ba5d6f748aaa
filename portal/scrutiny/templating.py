"""Template helpers for scrutiny pages and panels, and the unread count in the header."""

from __future__ import annotations

from flask import Flask
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError

from portal.extensions import db
from portal.links import assembly_url, recommendation_url
from portal.models import Role
from portal.scrutiny import notifications
from portal.scrutiny.rendering import render_markdown

BADGES = {Role.OFFICER.value: "Council officer", Role.ORGANISER.value: "Organiser"}


def role_badge(user) -> str:
    """ "Council officer" or "Organiser" for staff; nothing for members."""
    return BADGES.get(getattr(user, "role", None) or "", "")


def author_name(user) -> str:
    return user.display_name if user is not None else "Former member"


def notification_link() -> dict | None:
    """For the account bar: the notifications link and how many are unread."""
    if not current_user.is_authenticated:
        return None
    try:
        return {"count": notifications.unread_count(current_user)}
    except SQLAlchemyError:  # error pages (database down) must still render
        db.session.rollback()
        return None


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def capitalize_first(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def init_app(app: Flask) -> None:
    app.add_template_filter(lower_first, "lower_first")
    app.add_template_filter(capitalize_first, "capitalize_first")
    app.add_template_filter(render_markdown, "member_markdown")
    app.add_template_filter(role_badge, "role_badge")
    app.add_template_filter(author_name, "author_name")
    app.add_template_filter(recommendation_url, "recommendation_page")
    app.add_template_filter(assembly_url, "assembly_page")
    app.add_template_global(notification_link, "notification_link")
