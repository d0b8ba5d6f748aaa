"""A realistic response history for the demo climate assembly, published through the services.

Dates are set relative to today, so the demo always shows reports on time, overdue and long
overdue: every decision, every implementation status, corrections and drafts.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from portal.extensions import db
from portal.models import Assembly, InternalNote, ResponseEntry, User
from portal.timeutil import add_months, today
from portal.tracker import escalation, extensions
from portal.tracker.closing import close_recommendation, reopen_recommendation
from portal.tracker.services import (
    Evidence,
    publish_decision,
    publish_update,
    refresh_current_state,
    save_decision_draft,
    save_update_draft,
)

RAILWAY_BODY = "UK Government Department for Transport"


def _months_ago(months: int, days: int = 0, hour: int = 10) -> datetime:
    return datetime.combine(add_months(today(), -months) - timedelta(days=days), time(hour, 0))


def _dated(entry: ResponseEntry, when: datetime) -> ResponseEntry:
    entry.created_at = entry.updated_at = entry.published_at = when
    return entry


# The cabinet meeting that made the first decisions, with its published minutes.
CABINET_MINUTES = "https://www.example.org/northbridge/cabinet/minutes"


def add_response_history(
    *,
    climate: Assembly,
    organiser: User,
    officers: list[User],
    members: list[User],
    rng,
    **_,
) -> None:
    recommendations = {rec.number: rec for rec in climate.recommendations}
    if not recommendations:
        return
    lead = {number: rec.lead_officer or organiser for number, rec in recommendations.items()}
    first_response = _months_ago(14, days=20)
    cabinet_record: dict[str, Any] = {
        "decision_maker": "cabinet",
        "decided_on": (first_response - timedelta(days=7)).date(),
        "decision_record_url": CABINET_MINUTES,
    }

    def decide(number, decision, explanation="", referred_to=None, when=first_response, **record):
        entry = publish_decision(
            recommendations[number],
            lead[number],
            decision=decision,
            explanation=explanation,
            referred_to=referred_to,
            **record,
        )
        return _dated(entry, when)

    def report(number, when, status, progress, summary, **extra):
        entry = publish_update(
            recommendations[number],
            lead[number],
            status=status,
            progress=progress,
            summary=summary,
            **extra,
        )
        return _dated(entry, when)

    decide(
        1,
        "partly_accepted",
        "Free travel for everyone under 25 would cost £4.1 million a year. Cabinet agreed free "
        "travel for under-19s from September, paid for by the workplace parking levy, and will "
        "review extending it once the levy has run for a year.",
        **cabinet_record,
        evidence=[
            Evidence(
                "Free travel for young people: report to cabinet",
                "https://www.example.org/northbridge/cabinet/free-travel-report.pdf",
            )
        ],
    )
    report(
        1,
        _months_ago(9),
        "planned",
        15,
        "The workplace parking levy consultation closed with 1,240 responses. The scheme "
        "design has been agreed with the two bus operators.",
        milestone="Free travel for under-19s starts",
        milestone_due=add_months(today(), 2),
    )
    report(
        1,
        _months_ago(2),
        "in_progress",
        40,
        "The levy starts in January. Bus operators are updating their ticket machines so "
        "young people can show a Northbridge youth pass.",
        milestone="Youth passes posted to every 16 to 18-year-old",
        milestone_due=add_months(today(), 1),
        evidence=[
            Evidence(
                "Cabinet report: workplace parking levy",
                "https://www.example.org/northbridge/cabinet/parking-levy",
            )
        ],
    )

    decide(
        2,
        "accepted",
        "",
        decision_maker="officer_delegated",
        decided_on=(first_response - timedelta(days=3)).date(),
        decision_record_url="https://www.example.org/northbridge/decisions/officer/2024-118",
    )
    report(
        2,
        _months_ago(3),
        "in_progress",
        35,
        "Four of eleven school routes are designed. Work on the Millbrook Academy route starts "
        "in the spring holidays.",
        milestone="Millbrook Academy route open",
        milestone_due=add_months(today(), 5),
        evidence=[
            Evidence("School cycle routes map", "https://www.example.org/northbridge/cycle-routes"),
            Evidence(
                "Active travel fund award letter",
                "https://www.example.org/northbridge/active-travel-fund",
            ),
        ],
    )

    decide(3, "accepted", decision_maker="cabinet_member", decided_on=first_response.date())
    report(
        3,
        _months_ago(6),
        "completed",
        100,
        "20mph limits now apply on every residential street in the district. Average speeds "
        "near schools fell by 6mph in the first three months.",
        evidence=[
            Evidence(
                "20mph monitoring report", "https://www.example.org/northbridge/20mph-monitoring"
            )
        ],
    )

    first = decide(
        4,
        "accepted",
        "",
        when=first_response,
    )
    correction = publish_decision(
        recommendations[4],
        lead[4],
        decision="modified",
        explanation="Cabinet agreed to retrofit every council home to EPC band C by 2032, not "
        "2030: the grant the council depends on runs to 2032. Homes in fuel poverty come first.",
        corrects=first,
        correction_note="The decision was published as ‘Accepted’ by mistake. Cabinet accepted "
        "the recommendation with a later target date.",
        **cabinet_record,
    )
    _dated(correction, first_response + timedelta(days=2))
    report(
        4,
        _months_ago(4),
        "delayed",
        20,
        "Insulation work is 4 months behind because the main contractor went into "
        "administration. A new contractor starts in the new year.",
        milestone="New retrofit contract signed",
        milestone_due=add_months(today(), 1),
    )

    decide(5, "accepted", when=_months_ago(14))
    report(
        5,
        _months_ago(13),
        "in_progress",
        60,
        "Northbridge Energy Advice has visited 2,300 homes. Most visits now follow a referral "
        "from a GP surgery or food bank.",
    )

    decide(
        6,
        "under_consideration",
        "The zero-carbon standard will be tested in the Local Plan review. The inspector decides "
        "whether it can apply, so the council cannot promise it yet.",
        when=_months_ago(13),
    )

    decide(7, "accepted")
    wrong = report(
        7,
        _months_ago(5),
        "in_progress",
        52,
        "12,000 trees have been planted this winter, mostly in Eastfield and the town centre.",
        evidence=[Evidence("Tree planting map", "https://www.example.org/northbridge/trees")],
    )
    fixed = publish_update(
        recommendations[7],
        lead[7],
        status="in_progress",
        progress=25,
        summary="12,000 trees have been planted this winter, mostly in Eastfield and the town "
        "centre. That is a quarter of the trees needed for +20% tree cover.",
        evidence=[Evidence("Tree planting map", "https://www.example.org/northbridge/trees")],
        corrects=wrong,
        correction_note="Progress was typed as 52% instead of 25%.",
    )
    _dated(fixed, _months_ago(5) + timedelta(days=1))

    decide(
        8,
        "partly_accepted",
        "A third of park edges will become meadow. Road verges stay mown where drivers need to "
        "see round corners.",
    )
    report(
        8,
        _months_ago(7),
        "planned",
        10,
        "Sites have been chosen with the Wildlife Trust. Mowing changes start in spring.",
        milestone="First meadow verges sown",
        milestone_due=add_months(today(), 4),
    )

    decide(9, "accepted")
    report(
        9,
        _months_ago(8),
        "not_started",
        0,
        "The council has asked Northe Water for its sewage overflow data. Work cannot start "
        "until the Environment Agency agrees the restoration plan.",
    )

    decide(10, "accepted")
    report(
        10,
        _months_ago(1),
        "in_progress",
        70,
        "Solar panels are on 31 of 44 suitable council buildings, including 9 schools.",
    )

    decide(12, "accepted")
    report(
        12,
        _months_ago(3),
        "completed",
        100,
        "Weekly food waste collections now reach every home, including 3,400 flats.",
    )

    decide(
        13,
        "not_accepted",
        "The council cannot fund repair cafés in every town within its budget. It will instead "
        "offer free rooms to volunteer groups who run them.",
        when=_months_ago(16),
    )

    decide(14, "accepted")
    report(
        14,
        _months_ago(10),
        "in_progress",
        30,
        "Air quality sensors are installed at 12 schools. Readings are published every hour.",
    )

    decide(
        15,
        "under_consideration",
        "Parks and housing are mapping land that could be used for growing.",
    )

    decide(16, "accepted")
    report(
        16,
        _months_ago(2),
        "in_progress",
        50,
        "This portal is the yearly public report. A public meeting is booked for the spring.",
        milestone="Public meeting on progress",
        milestone_due=add_months(today(), 4),
    )

    decide(
        17,
        "modified",
        "The assembly will meet again after three years, not two, so that the larger projects "
        "have had time to show results.",
    )
    report(
        17,
        _months_ago(4),
        "planned",
        5,
        "The budget for the recall session is set aside.",
    )

    decide(
        18,
        "referred",
        "Only national government can reopen a railway line. The council has asked the "
        "Department for Transport to fund a feasibility study.",
        referred_to=RAILWAY_BODY,
    )
    report(
        18,
        _months_ago(6),
        "not_started",
        0,
        "The Department for Transport has acknowledged the request and expects to reply next year.",
    )

    # Closing: 20mph limits (3) are done and closed; food waste (12) was closed as completed,
    # then reopened by an organiser when flats were found to be missed.
    closed = close_recommendation(
        recommendations[3],
        lead[3],
        reason="completed",
        explanation="Every residential street has a 20mph limit and the monitoring report is "
        "published. Speed checks now continue as part of normal road safety work, so the "
        "council will not report on this recommendation again.",
    )
    _dated(closed, _months_ago(5))
    early = close_recommendation(
        recommendations[12],
        lead[12],
        reason="completed",
        explanation="Weekly food waste collections reach every home in the district, so the "
        "recommendation has been carried out in full.",
    )
    _dated(early, _months_ago(2, days=10))
    reopened = reopen_recommendation(
        recommendations[12],
        organiser,
        reason="Residents of 600 flats in Eastfield told us their food waste is still not "
        "collected. The council will report on this recommendation until every flat has it.",
    )
    _dated(reopened, _months_ago(1))

    # Recommendation 11 has no response at all: its first response is long overdue.

    save_update_draft(
        recommendations[14],
        lead[14],
        status="in_progress",
        progress=45,
        summary="Sensors now cover 20 schools. Draft: waiting for the public health figures.",
    )
    save_decision_draft(
        recommendations[15],
        lead[15],
        decision="accepted",
        explanation="",
    )

    db.session.flush()
    for recommendation in recommendations.values():
        refresh_current_state(recommendation)
    db.session.flush()

    # Recommendation 11's first response is long overdue: the organisers escalated it to the
    # senior contact of its lead department.
    energy = recommendations[11]
    department = energy.lead_department or "Climate and Environment"
    energy.lead_department = department
    escalation.save_contact(
        department, "Priya Natarajan", f"Director of {department}", "director@northbridge.example"
    )
    db.session.flush()
    if escalation.readiness(energy).problem is None:
        escalation.escalate(
            energy,
            organiser,
            "The first response is months late and the lead officer has not replied to our "
            "reminders. Please agree a date with the team.",
        )
        db.session.flush()

    # An organiser moved one report date, with the reason the public sees on its page.
    dated = [
        (rec.next_report_due, rec.number, rec)
        for rec in recommendations.values()
        if rec.next_report_due is not None and not rec.is_closed
    ]
    latest_due, _number, latest = max(dated, key=lambda row: row[:2])
    if latest_due > today() + timedelta(days=60):
        extensions.extend_report_deadline(
            latest,
            organiser,
            add_months(latest_due, 1),
            "The cabinet meeting that agrees the budget for this work moved to the following "
            "month, so the report will come a month later with the agreed figures.",
        )
        db.session.flush()
    add_internal_notes(climate=climate, organiser=organiser, officers=officers)
    # One lead chosen three weeks ago who has not yet accepted: flagged for the organisers.
    unconfirmed = recommendations[max(recommendations)]
    if unconfirmed.lead_officer_id is not None:
        unconfirmed.lead_assigned_at = datetime.combine(today() - timedelta(days=21), time(9, 0))
        unconfirmed.lead_accepted_at = None
    db.session.flush()


def add_sign_off_demo(*, climate: Assembly, **_) -> None:
    """The climate assembly's decisions need sign-off from here on (its history was published
    before it opted in), and one decision waits for the demo approver."""
    from portal.tracker.signoff import approvers_of

    recommendations = {rec.number: rec for rec in climate.recommendations}
    if 6 not in recommendations or not approvers_of(climate):
        return
    climate.sign_off_decisions = True
    recommendation = recommendations[6]
    publish_decision(
        recommendation,
        recommendation.lead_officer or approvers_of(climate)[0],
        decision="modified",
        explanation="The Local Plan inspector accepted a zero-carbon standard for homes from "
        "2028, two years later than the assembly asked, so that builders can train enough staff.",
        decision_maker="full_council",
        decided_on=today() - timedelta(days=10),
        decision_record_url="https://www.example.org/northbridge/full-council/local-plan-minutes",
    )


def add_internal_notes(*, climate: Assembly, organiser: User, officers: list[User], **_) -> None:
    """A few internal notes on the climate assembly's first recommendations (staff only)."""
    recommendations = {rec.number: rec for rec in climate.recommendations}
    notes = [
        (
            1,
            organiser,
            _months_ago(2, days=3),
            "Cabinet briefing is booked for next month. **Do not** publish the costs until the "
            "budget is agreed.",
        ),
        (
            1,
            officers[0] if officers else organiser,
            _months_ago(1, days=10),
            "Spoke to the bus operator:\n\n- they can start the trial in spring\n"
            "- they want a two-year contract",
        ),
        (
            2,
            organiser,
            _months_ago(0, days=5),
            "The lead is on leave until the end of the month; ask the deputy for the next update.",
        ),
    ]
    for number, author, when, body in notes:
        if number in recommendations:
            db.session.add(
                InternalNote(
                    recommendation_id=recommendations[number].id,
                    author_id=author.id,
                    author_name=author.name,
                    body=body,
                    created_at=when,
                )
            )
    db.session.flush()
