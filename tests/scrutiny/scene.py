"""A small world for scrutiny tests: two assemblies, their people and a recommendation with a
published decision and update."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from portal.extensions import db
from portal.models import Assembly, Recommendation, ResponseEntry, User
from portal.timeutil import utcnow
from tests.support.data import create_assembly, create_entry, create_recommendation, create_user


@dataclass
class Scene:
    assembly: Assembly
    other_assembly: Assembly
    member: User
    second_member: User
    outsider: User
    officer: User
    other_officer: User
    organiser: User
    recommendation: Recommendation
    other_recommendation: Recommendation
    decision: ResponseEntry
    update: ResponseEntry

    @property
    def page(self) -> str:
        return recommendation_page(self.recommendation)

    def people(self) -> dict[str, User | None]:
        return {
            "anonymous": None,
            "member of A": self.member,
            "member of B": self.outsider,
            "officer": self.officer,
            "organiser": self.organiser,
        }


def recommendation_page(recommendation: Recommendation, anchor: str = "") -> str:
    path = f"/assemblies/{recommendation.assembly.slug}/recommendations/{recommendation.number}"
    return f"{path}#{anchor}" if anchor else path


def build_scene(*, public: bool = True, show_discussion: bool = False) -> Scene:
    assembly = create_assembly(
        "climate", name="Climate Assembly", public=public, show_discussion_publicly=show_discussion
    )
    other = create_assembly("housing", name="Housing Assembly", public=True)
    officer = create_user(
        "officer@council.example", role="officer", name="Sarah Whitfield", department="Transport"
    )
    other_officer = create_user(
        "other.officer@council.example", role="officer", name="David Osei", department="Housing"
    )
    organiser = create_user("organiser@council.example", role="organiser", name="Olivia Grant")
    member = create_user("amira@example.org", name="Amira Khan", assemblies=[assembly])
    second = create_user("ben@example.org", name="Ben Okafor", assemblies=[assembly])
    outsider = create_user("chloe@example.org", name="Chloe Smith", assemblies=[other])
    recommendation = create_recommendation(
        assembly, 1, title="Make bus travel free for under-25s", lead_officer=officer
    )
    other_rec = create_recommendation(other, 1, title="Build more social homes")
    now = utcnow()
    decision = create_entry(
        recommendation,
        kind="decision",
        author=officer,
        decision="accepted",
        published_at=now - timedelta(days=20),
    )
    update = create_entry(
        recommendation,
        kind="update",
        author=officer,
        status="in_progress",
        progress=40,
        summary="Talks with bus companies have started.",
        published_at=now - timedelta(days=5),
    )
    recommendation.current_decision = "accepted"
    recommendation.current_status = "in_progress"
    recommendation.current_progress = 40
    recommendation.last_published_at = update.published_at
    recommendation.next_report_due = (now + timedelta(days=360)).date()
    db.session.commit()
    return Scene(
        assembly=assembly,
        other_assembly=other,
        member=member,
        second_member=second,
        outsider=outsider,
        officer=officer,
        other_officer=other_officer,
        organiser=organiser,
        recommendation=recommendation,
        other_recommendation=other_rec,
        decision=decision,
        update=update,
    )
