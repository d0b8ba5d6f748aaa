"""The reports panel on the public assembly page: published reports, and whether one is late."""

from __future__ import annotations

from portal.permissions import can_draft_reports
from portal.reports import services
from portal.tracker.deadlines import lateness


def reports_panel(assembly, user) -> dict:
    published = services.reports_of(assembly, published_only=True)
    due = services.next_report_due(assembly, published)
    return {
        "template": "reports/_panel.html",
        "assembly": assembly,
        "reports": published,
        "next_due": due,
        "late": lateness(due),
        "can_draft": can_draft_reports(user),
    }
