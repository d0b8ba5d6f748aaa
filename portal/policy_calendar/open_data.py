"""``/assemblies/<slug>/calendar.json``: the assembly's decision points as open data."""

from __future__ import annotations

from portal.models import Assembly, DecisionPoint
from portal.policy_calendar import services
from portal.policy_calendar.ics import calendar_page_url


def _iso_utc(point: DecisionPoint) -> str:
    return point.starts_at.isoformat(timespec="minutes") + "Z"


def point_record(point: DecisionPoint) -> dict:
    return {
        "id": point.id,
        "body": point.body.value,
        "body_name": point.body_title,
        "starts_at": _iso_utc(point),
        "starts_at_local": services.to_uk(point.starts_at).isoformat(timespec="minutes"),
        "time_zone": "Europe/London",
        "what": point.what,
        "papers_url": point.papers_url,
        "recommendations": [r.number for r in point.recommendations],
        "outcome": point.outcome or None,
        "outcome_recorded_at": (
            point.outcome_recorded_at.isoformat(timespec="seconds") + "Z"
            if point.outcome_recorded_at
            else None
        ),
    }


def calendar_json(assembly: Assembly) -> dict:
    return {
        "assembly": {"slug": assembly.slug, "name": assembly.name},
        "calendar_url": calendar_page_url(assembly),
        "decision_points": [point_record(point) for point in services.all_points(assembly)],
    }
