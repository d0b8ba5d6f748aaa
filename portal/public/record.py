"""One recommendation and its published response history.

The history is loaded in one query with its evidence. Drafts are never read: every history query
asks for published entries only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal.extensions import db
from portal.models import (
    Assembly,
    DecisionMaker,
    EntryKind,
    Recommendation,
    Referral,
    ResponseEntry,
    Role,
)
from portal.permissions import request_memo
from portal.templating import format_date
from portal.tracker.services import is_web_address

LEAD_ROLE_LABELS = {
    Role.OFFICER: lazy_gettext("Council officer"),
    Role.ORGANISER: lazy_gettext("Organiser"),
    Role.MEMBER: lazy_gettext("Assembly member"),
}


def lead_line(recommendation: Recommendation) -> str:
    """Who leads the council's response, as the public record says it.

    The lead's role and department; the person's name only when the council shows names
    (``PUBLIC_SHOW_LEAD_NAMES``); "No lead assigned yet" when nobody leads it.
    """
    officer = recommendation.lead_officer
    department = (recommendation.lead_department or "").strip() or (
        (officer.department or "").strip() if officer else ""
    )
    if officer is None:
        if department:
            return _("No lead assigned yet (%(department)s)", department=department)
        return _("No lead assigned yet")
    role = str(LEAD_ROLE_LABELS.get(officer.role_enum, LEAD_ROLE_LABELS[Role.OFFICER]))
    who = role
    if current_app.config.get("PUBLIC_SHOW_LEAD_NAMES"):
        who = _("%(name)s, %(role)s", name=officer.name, role=role.lower())
    if department:
        return _("%(who)s, %(department)s", who=who, department=department)
    return who


def recommendation_in(assembly: Assembly, number: int) -> Recommendation | None:
    return db.session.scalar(
        select(Recommendation)
        .options(joinedload(Recommendation.lead_officer))  # the lead line shows who leads it
        .where(Recommendation.assembly_id == assembly.id, Recommendation.number == number)
    )


@dataclass
class TimelineEntry:
    """A published entry, with the entry it corrects and the corrections made to it."""

    entry: ResponseEntry
    corrects: ResponseEntry | None = None
    corrected_by: list[ResponseEntry] = field(default_factory=list)

    @property
    def is_corrected(self) -> bool:
        return bool(self.corrected_by)

    @property
    def kind_label(self) -> str:
        return kind_label(self.entry)

    @property
    def correction_text(self) -> str:
        return correction_heading(self.entry, self.corrects) if self.corrects else ""

    @property
    def sign_off_text(self) -> str:
        """'Approved by the leader’s office on 3 December 2026', or '' if it needed no sign-off."""
        entry = self.entry
        if entry.signed_off_at is None:
            return ""
        if entry.signed_off_role:
            return _(
                "Approved by the %(role)s on %(date)s",
                role=entry.signed_off_role,
                date=format_date(entry.signed_off_at),
            )
        return _("Approved by an approver on %(date)s", date=format_date(entry.signed_off_at))

    @property
    def corrects_kind_label(self) -> str:
        return kind_label(self.corrects) if self.corrects else ""

    @property
    def superseded_by_is_link(self) -> bool:
        return bool(self.entry.superseded_by) and is_web_address(self.entry.superseded_by or "")

    @property
    def decision_record(self) -> DecisionRecordView | None:
        return decision_record_of(self.entry)

    @property
    def referral(self):
        """The organisation a referred decision asks to respond, with its lateness and any
        response (``portal.partners.referrals.ReferralView``), or None."""
        from portal.partners.referrals import view_of

        if self.entry.kind != EntryKind.DECISION:
            return None
        return view_of(self.entry.referral)

    @property
    def evidence(self) -> list[EvidenceView]:
        """Evidence links; an address that is not http(s) is shown as text, never as a link."""
        return [
            EvidenceView(link.title, link.url, is_web_address(link.url))
            for link in self.entry.evidence
        ]


@dataclass(frozen=True)
class EvidenceView:
    title: str
    url: str
    is_link: bool


def evidence_lines(links) -> list[str]:
    """An entry's (or a partner's update's) evidence links as lines of a feed entry's text (the Atom feeds)."""
    return [_("Evidence: %(title)s %(url)s", title=link.title, url=link.url) for link in links]


# Who decided, in "Decided by ... on 12 March 2026".
_DECIDED_BY = {
    DecisionMaker.CABINET: lazy_gettext("Cabinet"),
    DecisionMaker.CABINET_MEMBER: lazy_gettext("a cabinet member"),
    DecisionMaker.FULL_COUNCIL: lazy_gettext("full council"),
    DecisionMaker.OFFICER_DELEGATED: lazy_gettext("an officer under delegated powers"),
}
# The link to the record, saying what it is.
_RECORD_LINK = {
    DecisionMaker.CABINET: lazy_gettext("Read the cabinet report or minutes"),
    DecisionMaker.CABINET_MEMBER: lazy_gettext("Read the cabinet member’s decision record"),
    DecisionMaker.FULL_COUNCIL: lazy_gettext("Read the full council report or minutes"),
    DecisionMaker.OFFICER_DELEGATED: lazy_gettext("Read the officer’s decision record"),
}


@dataclass(frozen=True)
class DecisionRecordView:
    """A decision's record as the public reads it: "Decided by Cabinet on 12 March 2026" and
    a link to the report or minutes that says where it goes."""

    text: str
    url: str
    link_text: str
    is_link: bool


def decision_record_of(entry: ResponseEntry) -> DecisionRecordView | None:
    """The decision record of a decision entry, or None when it has none."""
    if entry.kind != EntryKind.DECISION:
        return None
    maker = DecisionMaker(entry.decision_maker) if entry.decision_maker else None
    url = entry.decision_record_url or ""
    if maker is None and entry.decided_on is None and not url:
        return None
    when = format_date(entry.decided_on)
    if maker is not None and when:
        text = _("Decided by %(who)s on %(date)s", who=_DECIDED_BY[maker], date=when)
    elif maker is not None:
        text = _("Decided by %(who)s", who=_DECIDED_BY[maker])
    elif when:
        text = _("Decided on %(date)s", date=when)
    else:
        text = ""
    is_link = is_web_address(url)
    what = str(_RECORD_LINK[maker]) if maker else _("Read the report or minutes")
    host = (urlsplit(url.strip()).hostname or "") if is_link else ""
    return DecisionRecordView(
        text=text,
        url=url,
        link_text=_("%(what)s on %(host)s", what=what, host=host) if host else what,
        is_link=is_link,
    )


def _published_entries_query():
    """Published entries with their evidence and any referral to an organisation joined in,
    so any number costs one statement."""
    return (
        select(ResponseEntry)
        .where(ResponseEntry.published_at.is_not(None))
        .options(
            joinedload(ResponseEntry.evidence),
            joinedload(ResponseEntry.referral).joinedload(Referral.organisation),
        )
    )


def published_entries_of(recommendation: Recommendation) -> list[ResponseEntry]:
    """Every published decision and update with its evidence, newest first; read once per
    request (the timeline and scrutiny's panels on the same page share it)."""
    memo = request_memo().setdefault("published_entries", {})
    if recommendation.id not in memo:
        memo[recommendation.id] = list(
            db.session.scalars(
                _published_entries_query()
                .where(ResponseEntry.recommendation_id == recommendation.id)
                .order_by(ResponseEntry.published_at.desc(), ResponseEntry.id.desc())
            ).unique()
        )
    return memo[recommendation.id]


def timeline_of(recommendation: Recommendation) -> list[TimelineEntry]:
    """Every published decision and update, newest first. Drafts never appear."""
    return _link_corrections(published_entries_of(recommendation))


def _link_corrections(entries: list[ResponseEntry]) -> list[TimelineEntry]:
    by_id = {entry.id: TimelineEntry(entry) for entry in entries}
    for item in by_id.values():
        corrected = by_id.get(item.entry.corrects_id)
        if corrected is not None:
            item.corrects = corrected.entry
            corrected.corrected_by.append(item.entry)
    return [by_id[entry.id] for entry in entries]


def kind_label(entry: ResponseEntry) -> str:
    if entry.kind in (EntryKind.CLOSURE, EntryKind.REOPENING):
        return EntryKind(entry.kind).label
    return "decision" if entry.kind == EntryKind.DECISION else "update"


def correction_heading(correction: ResponseEntry, corrected: ResponseEntry) -> str:
    """'Correction to the update of 3 May 2026: <note>'."""
    text = f"Correction to the {kind_label(corrected)} of {format_date(corrected.published_at)}"
    return f"{text}: {correction.correction_note}" if correction.correction_note else text
