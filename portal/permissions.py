"""Who may do what: role decorators for views and policy functions for single objects.

Every view and service asks here; nothing else decides access.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING

from flask import abort, current_app
from flask_login import current_user
from sqlalchemy import select

from portal.extensions import db
from portal.models import Assembly, Membership, Recommendation, Role

if TYPE_CHECKING:
    from portal.models import User


def role_required(*roles: Role) -> Callable:
    """Allow only signed-in people with one of ``roles``: sign-in page if anonymous, 403 if not."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return current_app.login_manager.unauthorized()
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def signed_in_required(view: Callable) -> Callable:
    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            return current_app.login_manager.unauthorized()
        return view(*args, **kwargs)

    return wrapped


organiser_required = role_required(Role.ORGANISER)
staff_required = role_required(Role.ORGANISER, Role.OFFICER)
member_required = role_required(Role.MEMBER)


def is_member_of(user: User, assembly: Assembly) -> bool:
    if not user.is_authenticated or not user.is_member:
        return False
    return (
        db.session.scalar(
            select(Membership.id).where(
                Membership.user_id == user.id, Membership.assembly_id == assembly.id
            )
        )
        is not None
    )


def can_take_part(user: User, assembly: Assembly) -> bool:
    """Members of the assembly, officers and organisers: the people inside the process."""
    if not user.is_authenticated:
        return False
    return user.is_staff or is_member_of(user, assembly)


def can_view_assembly(user: User, assembly: Assembly) -> bool:
    return assembly.is_public or can_take_part(user, assembly)


def can_manage_assemblies(user: User) -> bool:
    return user.is_authenticated and user.is_organiser


def can_respond_to(user: User, recommendation: Recommendation) -> bool:
    """Organisers can act for any lead officer; officers respond on what they lead."""
    if not user.is_authenticated:
        return False
    if user.is_organiser:
        return True
    return user.is_officer and recommendation.lead_officer_id == user.id


def assembly_for_viewer_or_404(slug: str, user: User) -> Assembly:
    """The assembly if ``user`` may see it. Private assemblies are 404, so they stay unknown."""
    assembly = db.session.scalar(select(Assembly).where(Assembly.slug == slug))
    if assembly is None or not can_view_assembly(user, assembly):
        abort(404)
    return assembly


def can_send_bulletins(user: User) -> bool:
    return user.is_authenticated and user.is_organiser


def can_see_sent_email(user: User) -> bool:
    return user.is_authenticated and user.is_organiser


def can_read_bulletin(user: User, bulletin) -> bool:
    """Sent bulletins: staff read all; members those to everyone, or to one of their assemblies
    (as members, or as followers of its recommendations). Drafts: organisers only."""
    from portal.models import BulletinAudience, BulletinState

    if not user.is_authenticated:
        return False
    if user.is_organiser:
        return True
    if bulletin.state != BulletinState.SENT:
        return False
    if user.is_staff or bulletin.audience == BulletinAudience.EVERYONE:
        return True
    if bulletin.audience == BulletinAudience.ASSEMBLY:
        return bulletin.assembly is not None and is_member_of(user, bulletin.assembly)
    if bulletin.audience == BulletinAudience.RECOMMENDATIONS:
        return any(is_member_of(user, rec.assembly) for rec in bulletin.recommendations)
    return False
