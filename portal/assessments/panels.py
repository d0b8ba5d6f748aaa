"""The members' assessment panel on a published report's page: how many have taken part while
the round is open (never anyone's answers), a link to the results once it has closed, and the
organiser's way to open or close a round."""

from __future__ import annotations

from portal.assessments import services
from portal.permissions import can_assess, can_open_assessment


def assessment_panel(report, user) -> dict | None:
    assessment = services.round_for(report)
    organiser = can_open_assessment(user)
    if assessment is None and not organiser:
        return None
    participation = (
        services.participation_of(assessment, user)
        if assessment and user.is_authenticated
        else None
    )
    return {
        "template": "assessments/_panel.html",
        "report": report,
        "assessment": assessment,
        "turnout": services.turnout(assessment) if assessment else None,
        "can_answer": bool(assessment and not assessment.is_closed and can_assess(user, report)),
        "started": participation is not None,
        "finished": bool(participation and participation.finished_at),
        "can_manage": organiser,
        "results": services.results(assessment) if assessment and assessment.is_closed else None,
    }
