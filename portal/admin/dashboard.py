"""The figures on the organiser home page: for each assembly, how much needs attention.

Each :class:`Figure` counts for every assembly in one grouped query and links to the list that
shows exactly the rows it counted (the tracker table, questions, moderation, invitations), using
the same filter as that list, so the number and the list cannot disagree. (Statements waiting
for the council's reply link to the assembly's reports list, which shows each one's reply due
date and lateness.) Emails belong to no
assembly, so their figure is one for the whole portal. The members' statements waiting for the
council's reply, and those overdue, link to the assembly's reports list, which shows each one's
reply due date and lateness.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from flask import url_for
from flask_babel import ngettext
from sqlalchemy import func, select

from portal.actions.services import missed_by_assembly
from portal.admin.invitations import in_state
from portal.extensions import db
from portal.mail import sent
from portal.models import (
    Assembly,
    Comment,
    CommentReport,
    Invitation,
    Question,
    Recommendation,
    Report,
    ReportState,
)
from portal.partners.charter import pending_counts as charter_requests_waiting
from portal.partners.referrals import SHOW_OVERDUE
from portal.partners.referrals import counts_by_assembly as referral_counts
from portal.policy_calendar.services import missing_outcome_counts
from portal.reports.services import next_report_due
from portal.statements.services import awaiting_reply_counts
from portal.timeutil import today
from portal.tracker.deadlines import Lateness, lateness
from portal.tracker.queries import NONE, UNANSWERED, TrackerFilters, counts_by_assembly


@dataclass(frozen=True)
class Figure:
    """One number per assembly: ``count`` runs one grouped query for every assembly (assembly id
    to count), ``text`` says it in words and ``link`` is the list of what was counted."""

    key: str
    text: Callable[[int], str]
    count: Callable[[], dict[int, int]]
    link: Callable[[Assembly], str]


@dataclass(frozen=True)
class Shown:
    key: str
    count: int
    text: str
    href: str


@dataclass(frozen=True)
class AssemblyFigures:
    assembly: Assembly
    members: int
    figures: list[Shown]
    # The median time from submission to sign-off, in words ("" if nothing was signed off).
    sign_off_median: str = ""


def _tracker(filters: TrackerFilters) -> tuple[Callable, Callable]:
    def count() -> dict[int, int]:
        return counts_by_assembly(filters)

    def link(assembly: Assembly) -> str:
        args: dict[str, Any] = {**filters.as_args(), "assembly": assembly.slug}
        return url_for("tracker.table", **args)

    return count, link


def _grouped(query) -> dict[int, int]:
    return {assembly_id: number for assembly_id, number in db.session.execute(query)}


def _open_questions(*, late: bool) -> Callable[[], dict[int, int]]:
    def count() -> dict[int, int]:
        query = (
            select(Recommendation.assembly_id, func.count(Question.id))
            .join(Question.recommendation)
            .where(Question.answered_at.is_(None))
            .group_by(Recommendation.assembly_id)
        )
        if late:
            query = query.where(Question.due_on < today())
        return _grouped(query)

    return count


def _reported_comments() -> dict[int, int]:
    return _grouped(
        select(Recommendation.assembly_id, func.count(func.distinct(CommentReport.comment_id)))
        .join(CommentReport.comment)
        .join(Comment.recommendation)
        .where(CommentReport.resolved_at.is_(None))
        .group_by(Recommendation.assembly_id)
    )


def _invitations(state: str) -> Callable[[], dict[int, int]]:
    def count() -> dict[int, int]:
        return _grouped(
            select(Invitation.assembly_id, func.count(Invitation.id))
            .where(Invitation.assembly_id.is_not(None), in_state(state))
            .group_by(Invitation.assembly_id)
        )

    return count


def _council_report_lateness() -> dict[int, Lateness]:
    """How late each assembly's next council report (first response, annual) is, by the rule the
    public assembly page and the organiser's reports list use: two queries for every assembly."""
    published: dict[int, list[Report]] = defaultdict(list)
    for report in db.session.scalars(
        select(Report).where(Report.state == ReportState.PUBLISHED).order_by(Report.number)
    ):
        published[report.assembly_id].append(report)
    return {
        assembly.id: lateness(next_report_due(assembly, published[assembly.id]))
        for assembly in db.session.scalars(select(Assembly))
    }


def _council_report(
    found: Callable[[], dict[int, Lateness]], *states: Lateness
) -> Callable[[], dict[int, int]]:
    """1 for each assembly whose next council report is late by one of ``states``."""

    def count() -> dict[int, int]:
        return {assembly_id: 1 for assembly_id, late in found().items() if late in states}

    return count


def _statement_replies(
    found: Callable[[], dict[int, tuple[int, int]]], which: int
) -> Callable[[], dict[int, int]]:
    """Statements waiting for the council's reply (``which`` 0) or overdue (1), per assembly."""

    def count() -> dict[int, int]:
        return {assembly_id: pair[which] for assembly_id, pair in found().items()}

    return count


def _figures() -> list[Figure]:
    # Both council-report figures read the same lateness, worked out once per page; both
    # statement figures read the same grouped query.
    council_reports = cache(_council_report_lateness)
    statement_replies = cache(awaiting_reply_counts)
    return [
        Figure(
            "council_report_overdue",
            lambda n: ngettext(
                "%(num)d council report overdue", "%(num)d council reports overdue", n
            ),
            _council_report(council_reports, Lateness.OVERDUE, Lateness.LONG_OVERDUE),
            lambda a: url_for("reports.organiser_reports", slug=a.slug),
        ),
        Figure(
            "council_report_long_overdue",
            lambda n: ngettext(
                "%(num)d council report long overdue", "%(num)d council reports long overdue", n
            ),
            _council_report(council_reports, Lateness.LONG_OVERDUE),
            lambda a: url_for("reports.organiser_reports", slug=a.slug),
        ),
        Figure(
            "statements_awaiting_reply",
            lambda n: ngettext(
                "%(num)d statement waiting for the council’s reply",
                "%(num)d statements waiting for the council’s reply",
                n,
            ),
            _statement_replies(statement_replies, 0),
            lambda a: url_for("reports.organiser_reports", slug=a.slug, _anchor="statements"),
        ),
        Figure(
            "statement_reply_overdue",
            lambda n: ngettext(
                "%(num)d reply to a statement overdue",
                "%(num)d replies to statements overdue",
                n,
            ),
            _statement_replies(statement_replies, 1),
            lambda a: url_for("reports.organiser_reports", slug=a.slug, _anchor="statements"),
        ),
        Figure(
            "overdue",
            lambda n: ngettext("%(num)d report overdue", "%(num)d reports overdue", n),
            *_tracker(TrackerFilters(overdue="overdue")),
        ),
        Figure(
            "long_overdue",
            lambda n: ngettext("%(num)d report long overdue", "%(num)d reports long overdue", n),
            *_tracker(TrackerFilters(overdue="long_overdue")),
        ),
        Figure(
            "due_soon",
            lambda n: ngettext(
                "%(num)d report due in the next 30 days",
                "%(num)d reports due in the next 30 days",
                n,
            ),
            *_tracker(TrackerFilters(overdue="due_soon")),
        ),
        Figure(
            "open_questions",
            lambda n: ngettext("%(num)d open question", "%(num)d open questions", n),
            _open_questions(late=False),
            lambda a: url_for("scrutiny.questions_to_answer", assembly=a.slug),
        ),
        Figure(
            "late_questions",
            lambda n: ngettext(
                "%(num)d question past its answer date",
                "%(num)d questions past their answer date",
                n,
            ),
            _open_questions(late=True),
            lambda a: url_for("scrutiny.questions_to_answer", assembly=a.slug, show="overdue"),
        ),
        Figure(
            "reported_comments",
            lambda n: ngettext(
                "%(num)d comment reported for moderation",
                "%(num)d comments reported for moderation",
                n,
            ),
            _reported_comments,
            lambda a: url_for("scrutiny.moderation_queue", assembly=a.slug),
        ),
        Figure(
            "outcome_missing",
            lambda n: ngettext(
                "%(num)d decision without its outcome after 14 days",
                "%(num)d decisions without their outcome after 14 days",
                n,
            ),
            missing_outcome_counts,
            lambda a: url_for("policy_calendar.admin_list", slug=a.slug, show="missing"),
        ),
        Figure(
            "pending_invitations",
            lambda n: ngettext(
                "%(num)d invitation not yet accepted", "%(num)d invitations not yet accepted", n
            ),
            _invitations("pending"),
            lambda a: url_for("admin.invitations_list", assembly=a.slug, state="pending"),
        ),
        Figure(
            "expired_invitations",
            lambda n: ngettext("%(num)d invitation expired", "%(num)d invitations expired", n),
            _invitations("expired"),
            lambda a: url_for("admin.invitations_list", assembly=a.slug, state="expired"),
        ),
        Figure(
            "without_lead",
            lambda n: ngettext(
                "%(num)d recommendation without a lead",
                "%(num)d recommendations without a lead",
                n,
            ),
            *_tracker(TrackerFilters(lead=NONE)),
        ),
        Figure(
            "unanswered_leads",
            lambda n: ngettext(
                "%(num)d lead not confirmed after 10 working days",
                "%(num)d leads not confirmed after 10 working days",
                n,
            ),
            *_tracker(TrackerFilters(lead=UNANSWERED)),
        ),
        Figure(
            "missed_actions",
            lambda n: ngettext("%(num)d action missed", "%(num)d actions missed", n),
            missed_by_assembly,
            lambda a: url_for("actions.missed", slug=a.slug),
        ),
        Figure(
            "referrals_overdue",
            lambda n: ngettext(
                "%(num)d referral to an organisation overdue",
                "%(num)d referrals to organisations overdue",
                n,
            ),
            lambda: referral_counts(SHOW_OVERDUE),
            lambda a: url_for("partners.admin_referrals", slug=a.slug, show=SHOW_OVERDUE),
        ),
        Figure(
            "charter_requests",
            lambda n: ngettext(
                "%(num)d request to sign the charter waiting",
                "%(num)d requests to sign the charter waiting",
                n,
            ),
            charter_requests_waiting,
            lambda a: url_for("partners.admin_charter", slug=a.slug, _anchor="requests"),
        ),
    ]


def assembly_figures(
    assemblies: list[Assembly], member_counts: dict[int, int]
) -> list[AssemblyFigures]:
    """Every figure for every assembly: one query per figure, whatever the number of assemblies."""
    from portal.tracker.signoff import describe_wait, median_sign_off_times

    figures = [(figure, figure.count()) for figure in _figures()]
    medians = median_sign_off_times()
    return [
        AssemblyFigures(
            assembly,
            member_counts.get(assembly.id, 0),
            [
                Shown(
                    figure.key,
                    counts.get(assembly.id, 0),
                    figure.text(counts.get(assembly.id, 0)),
                    figure.link(assembly),
                )
                for figure, counts in figures
            ],
            describe_wait(medians[assembly.id]) if assembly.id in medians else "",
        )
        for assembly in assemblies
    ]


def _sent_email_url(args: dict[str, Any]) -> str:
    return url_for("mail.sent_email", **args)


def portal_figures() -> list[Shown]:
    """Figures that belong to no assembly: emails that failed in the last 7 days."""
    failed = sent.failed_since()
    number = sent.count(failed)
    return [
        Shown(
            "failed_emails",
            number,
            ngettext(
                "%(num)d email failed in the last %(days)d days",
                "%(num)d emails failed in the last %(days)d days",
                number,
                days=sent.FAILED_RECENTLY_DAYS,
            ),
            _sent_email_url(failed.as_args()),
        )
    ]
