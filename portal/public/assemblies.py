"""The assemblies a visitor may see."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, func, select

from portal.extensions import db
from portal.models import Assembly, Recommendation
from portal.permissions import can_view_assembly
from portal.timeutil import today


@dataclass(frozen=True)
class AssemblyListing:
    assembly: Assembly
    recommendations: int
    decided: int
    overdue: int


def public_assemblies() -> list[Assembly]:
    return list(
        db.session.scalars(
            select(Assembly).where(Assembly.is_public.is_(True)).order_by(Assembly.name)
        )
    )


def visible_assemblies(user) -> list[AssemblyListing]:
    """Public assemblies, plus the private ones ``user`` may see, each with a few counts."""
    assemblies = [
        assembly
        for assembly in db.session.scalars(select(Assembly).order_by(Assembly.name))
        if can_view_assembly(user, assembly)
    ]
    if not assemblies:
        return []
    on = today()
    rows = db.session.execute(
        select(
            Recommendation.assembly_id,
            func.count(Recommendation.id),
            func.count(Recommendation.current_decision),
            func.coalesce(func.sum(case((Recommendation.next_report_due < on, 1), else_=0)), 0),
        )
        .where(Recommendation.assembly_id.in_([assembly.id for assembly in assemblies]))
        .group_by(Recommendation.assembly_id)
    )
    counts = {
        assembly_id: (total, decided, overdue) for assembly_id, total, decided, overdue in rows
    }
    return [
        AssemblyListing(assembly, *counts.get(assembly.id, (0, 0, 0))) for assembly in assemblies
    ]
