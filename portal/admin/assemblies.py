"""Creating and editing assemblies."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Assembly, Membership, User


def slug_taken(slug: str, *, except_id: int | None = None) -> bool:
    query = select(Assembly.id).where(func.lower(Assembly.slug) == slug.lower())
    if except_id is not None:
        query = query.where(Assembly.id != except_id)
    return db.session.scalar(query) is not None


def create_assembly(
    slug: str,
    name: str,
    *,
    concluded_on: date | None = None,
    is_public: bool = False,
    **details,
) -> Assembly:
    """Add an assembly (the caller commits). Raises ValueError if the slug is taken."""
    if slug_taken(slug):
        raise ValueError(f"An assembly already uses the short name ‘{slug}’")
    assembly = Assembly(
        slug=slug, name=name, concluded_on=concluded_on, is_public=is_public, **details
    )
    db.session.add(assembly)
    db.session.flush()
    return assembly


SIGN_OFF_KINDS = ("decisions", "reports", "updates")


def parse_sign_off(text: str | None) -> dict[str, bool]:
    """The sign-off settings named in ``text`` ("decisions,reports", any of the three kinds):
    each ``sign_off_<kind>`` column True if named, False if not. Raises ValueError naming a kind
    it does not know."""
    named = [part.strip().lower() for part in (text or "").split(",") if part.strip()]
    unknown = [part for part in named if part not in SIGN_OFF_KINDS]
    if unknown:
        raise ValueError(
            _(
                "--sign-off does not know ‘%(unknown)s’: use any of decisions, reports and "
                "updates, separated by commas, for example --sign-off decisions,reports",
                unknown=", ".join(unknown),
            )
        )
    return {f"sign_off_{kind}": kind in named for kind in SIGN_OFF_KINDS}


def all_assemblies() -> list[Assembly]:
    return list(db.session.scalars(select(Assembly).order_by(Assembly.name)))


def assemblies_of(user: User) -> list[Assembly]:
    return list(
        db.session.scalars(
            select(Assembly)
            .join(Membership, Membership.assembly_id == Assembly.id)
            .where(Membership.user_id == user.id)
            .order_by(Assembly.name)
        )
    )


def member_counts() -> dict[int, int]:
    rows = db.session.execute(
        select(Membership.assembly_id, func.count(Membership.id)).group_by(Membership.assembly_id)
    )
    return dict(rows.all())
