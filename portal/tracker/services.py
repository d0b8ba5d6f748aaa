"""The authority's responses: decisions, progress updates, drafts and corrections.

Published entries are never changed; a correction is a new entry pointing at the one it corrects.
Every change to a recommendation's responses claims its ``version`` first, so two officers
saving at once cannot overwrite each other: the second gets :class:`ConflictError`.

None of these functions commit: the caller commits, so a spreadsheet import publishes all of its
rows, with their notifications and emails, in one transaction.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from flask_babel import gettext as _
from sqlalchemy import select, update

from portal import events
from portal.extensions import db
from portal.models import (
    Decision,
    DecisionMaker,
    EntryKind,
    EvidenceLink,
    ImplementationStatus,
    Recommendation,
    ResponseEntry,
    User,
)
from portal.problems import Problems
from portal.timeutil import today, utcnow
from portal.tracker.deadlines import next_report_due
from portal.tracker.extensions import extended_report_due

MAX_EXPLANATION = 10_000
MAX_SUMMARY = 10_000
MAX_REFERRED_TO = 200
MAX_MILESTONE = 300
MAX_EVIDENCE_TITLE = 300
MAX_EVIDENCE_URL = 1000
MAX_EVIDENCE_LINKS = 3
MAX_DECISION_RECORD_URL = 1000


class ConflictError(Exception):
    """Someone else changed this recommendation's responses since the form was opened."""


@dataclass(frozen=True)
class Evidence:
    title: str
    url: str


MIN_EXPLANATION_CHARACTERS = 30
MIN_EXPLANATION_WORDS = 3
_WORD = re.compile(r"[^\W_]+")


def _words(text: str) -> list[str]:
    return [word.casefold() for word in _WORD.findall(text or "")]


def explanation_problem(explanation: str, decision: Decision, title: str = "") -> str | None:
    """Why ``explanation`` does not explain ``decision``, or None if it is real text.

    The one rule for explanations, used by the tracker's forms and the spreadsheet upload: at
    least 30 characters and three words, not only punctuation, and not the recommendation's
    ``title`` typed again.
    """
    text = (explanation or "").strip()
    label = decision.label
    if not text:
        return _(
            "Explain the decision. Every decision other than ‘Accepted’ needs an explanation "
            "(this one is ‘%(label)s’)",
            label=label,
        )
    words = _words(text)
    if not words:
        return _(
            "Explanation must be written in words, not only punctuation or symbols. "
            "Say why the council decided ‘%(label)s’",
            label=label,
        )
    if title and words == _words(title):
        return _(
            "Explanation must say why the council decided ‘%(label)s’, not repeat the "
            "recommendation’s title",
            label=label,
        )
    if len(text) < MIN_EXPLANATION_CHARACTERS or len(words) < MIN_EXPLANATION_WORDS:
        return _(
            "Explanation must be at least %(characters)d characters and %(words)d words, so "
            "people can understand why the council decided ‘%(label)s’ (yours has %(typed)d "
            "characters and %(typed_words)d words)",
            characters=MIN_EXPLANATION_CHARACTERS,
            words=MIN_EXPLANATION_WORDS,
            label=label,
            typed=len(text),
            typed_words=len(words),
        )
    return None


def check_decision_record(
    decision_maker: str | None,
    decided_on: date | None,
    decision_record_url: str | None,
    evidence: Iterable[Evidence] = (),
) -> dict[str, str]:
    """The decision record and evidence links: each optional, but valid when given."""
    problems = {}
    if decision_maker and decision_maker not in set(DecisionMaker):
        problems["decision_maker"] = _("Choose who made the decision")
    if decided_on is not None and decided_on > today():
        problems["decided_on"] = _("The date of the decision must be today or in the past")
    url = (decision_record_url or "").strip()
    if url and not is_web_address(url):
        problems["decision_record_url"] = _(
            "Enter the web address of the report or minutes starting with https:// or http://"
        )
    elif len(url) > MAX_DECISION_RECORD_URL:
        problems["decision_record_url"] = _(
            "The web address of the report or minutes must be %(max)d characters or fewer",
            max=MAX_DECISION_RECORD_URL,
        )
    problems |= _check_evidence(evidence)
    return problems


def check_decision(
    decision: str | None,
    explanation: str,
    referred_to: str | None,
    title: str = "",
    *,
    decision_maker: str | None = None,
    decided_on: date | None = None,
    decision_record_url: str | None = None,
    evidence: Iterable[Evidence] = (),
    referred_organisation: int | None = None,
    respond_by: date | None = None,
) -> dict[str, str]:
    """The rules for a published decision; ``title`` is the recommendation's. A referred
    decision names the body (``referred_to``) or a listed organisation
    (``referred_organisation``, with ``respond_by``: ``portal.partners.referrals``)."""
    from portal.partners.referrals import check_referral

    problems = check_decision_record(decision_maker, decided_on, decision_record_url, evidence)
    if decision not in set(Decision):
        problems["decision"] = "Choose the council’s decision"
    elif decision != Decision.ACCEPTED:
        problem = explanation_problem(explanation, Decision(decision), title)
        if problem:
            problems["explanation"] = problem
    if len(explanation or "") > MAX_EXPLANATION:
        problems["explanation"] = f"Explanation must be {MAX_EXPLANATION:,} characters or fewer"
    if decision == "referred" and not (referred_to or "").strip() and not referred_organisation:
        problems["referred_to"] = _(
            "Enter the name of the body the recommendation was referred to, or choose a "
            "listed organisation"
        )
    elif len((referred_to or "").strip()) > MAX_REFERRED_TO:
        problems["referred_to"] = f"Name of the body must be {MAX_REFERRED_TO} characters or fewer"
    problems |= check_referral(
        decision, referred_to, referred_organisation, respond_by, publishing=True
    )
    return problems


def check_update(
    status: str | None,
    progress: int | None,
    summary: str,
    milestone: str | None = None,
    milestone_due: date | None = None,
    evidence: Iterable[Evidence] = (),
) -> dict[str, str]:
    problems = {}
    if status not in set(ImplementationStatus):
        problems["status"] = "Choose the implementation status"
    if progress is None:
        problems["progress"] = "Enter progress as a whole number from 0 to 100"
    elif not 0 <= progress <= 100:
        problems["progress"] = "Progress must be between 0 and 100"
    if not (summary or "").strip():
        problems["summary"] = "Enter a summary of what has happened"
    elif len(summary) > MAX_SUMMARY:
        problems["summary"] = f"Summary must be {MAX_SUMMARY:,} characters or fewer"
    if milestone_due and not (milestone or "").strip():
        problems["milestone"] = "Enter the next milestone, or remove its date"
    elif len((milestone or "").strip()) > MAX_MILESTONE:
        problems["milestone"] = f"Next milestone must be {MAX_MILESTONE} characters or fewer"
    problems |= _check_evidence(evidence)
    return problems


def _check_evidence(evidence: Iterable[Evidence]) -> dict[str, str]:
    problems = {}
    links = list(evidence)
    if len(links) > MAX_EVIDENCE_LINKS:
        problems["evidence"] = f"Add no more than {MAX_EVIDENCE_LINKS} evidence links"
    for index, link in enumerate(links, start=1):
        if not link.title.strip():
            problems["evidence"] = f"Enter a title for evidence link {index}"
        elif len(link.title.strip()) > MAX_EVIDENCE_TITLE:
            problems["evidence"] = (
                f"The title of evidence link {index} must be {MAX_EVIDENCE_TITLE} characters or fewer"
            )
        elif not is_web_address(link.url):
            problems["evidence"] = (
                f"Evidence link {index} must be a web address starting with http:// or https://"
            )
        elif len(link.url.strip()) > MAX_EVIDENCE_URL:
            problems["evidence"] = (
                f"Evidence link {index} must be {MAX_EVIDENCE_URL} characters or fewer"
            )
    return problems


def check_decision_draft(
    decision: str | None,
    explanation: str,
    referred_to: str | None,
    *,
    decision_maker: str | None = None,
    decided_on: date | None = None,
    decision_record_url: str | None = None,
    evidence: Iterable[Evidence] = (),
    referred_organisation: int | None = None,
    respond_by: date | None = None,
) -> dict[str, str]:
    """A draft may be unfinished, but what it does say must be storable and valid."""
    from portal.partners.referrals import check_referral

    problems = check_decision_record(decision_maker, decided_on, decision_record_url, evidence)
    if decision and decision not in set(Decision):
        problems["decision"] = "Choose the council’s decision"
    if len(explanation or "") > MAX_EXPLANATION:
        problems["explanation"] = f"Explanation must be {MAX_EXPLANATION:,} characters or fewer"
    if len((referred_to or "").strip()) > MAX_REFERRED_TO:
        problems["referred_to"] = f"Name of the body must be {MAX_REFERRED_TO} characters or fewer"
    problems |= check_referral(
        decision, referred_to, referred_organisation, respond_by, publishing=False
    )
    return problems


def check_update_draft(
    status: str | None,
    progress: int | None,
    summary: str,
    milestone: str | None = None,
    milestone_due: date | None = None,
    evidence: Iterable[Evidence] = (),
) -> dict[str, str]:
    """A draft may be unfinished, but what it does say must be storable and valid."""
    problems = {}
    if status and status not in set(ImplementationStatus):
        problems["status"] = "Choose the implementation status"
    if progress is not None and not 0 <= progress <= 100:
        problems["progress"] = "Progress must be between 0 and 100"
    if len(summary or "") > MAX_SUMMARY:
        problems["summary"] = f"Summary must be {MAX_SUMMARY:,} characters or fewer"
    if len((milestone or "").strip()) > MAX_MILESTONE:
        problems["milestone"] = f"Next milestone must be {MAX_MILESTONE} characters or fewer"
    problems |= _check_evidence(evidence)
    return problems


def is_web_address(url: str) -> bool:
    parts = urlsplit((url or "").strip())
    return parts.scheme in {"http", "https"} and bool(parts.netloc)


def claim_version(recommendation: Recommendation, expected_version: int | None) -> None:
    """Move the recommendation to its next version, or raise ConflictError if it has moved on."""
    query = update(Recommendation).where(Recommendation.id == recommendation.id)
    if expected_version is not None:
        query = query.where(Recommendation.version == expected_version)
    result = db.session.execute(
        query.values(version=Recommendation.version + 1).execution_options(
            synchronize_session=False
        )
    )
    if result.rowcount != 1:
        db.session.rollback()
        raise ConflictError
    db.session.refresh(recommendation, ["version"])


def _published_entries(recommendation: Recommendation) -> list[ResponseEntry]:
    return list(
        db.session.scalars(
            select(ResponseEntry)
            .where(
                ResponseEntry.recommendation_id == recommendation.id,
                ResponseEntry.published_at.is_not(None),
            )
            .order_by(ResponseEntry.published_at, ResponseEntry.id)
        )
    )


def current_entries_of(
    published: list[ResponseEntry],
) -> tuple[ResponseEntry | None, ResponseEntry | None]:
    """The current decision entry and latest update entry among one recommendation's
    ``published`` entries (in publication order).

    A correction takes the place of the entry it corrects; the latest entry of each kind wins.
    """
    by_id = {entry.id: entry for entry in published}
    corrected = {entry.corrects_id for entry in published if entry.corrects_id}

    def original(entry: ResponseEntry) -> ResponseEntry:
        seen = set()
        while entry.corrects_id in by_id and entry.id not in seen:
            seen.add(entry.id)
            entry = by_id[entry.corrects_id]
        return entry

    effective = sorted(
        (entry for entry in published if entry.id not in corrected),
        key=lambda entry: (original(entry).published_at, original(entry).id),
    )
    decisions = [e for e in effective if e.kind == EntryKind.DECISION]
    updates = [e for e in effective if e.kind == EntryKind.UPDATE]
    return (decisions[-1] if decisions else None, updates[-1] if updates else None)


def latest_closure_or_reopening(entries: list[ResponseEntry]) -> ResponseEntry | None:
    """The last closure or reopening among published ``entries`` (in publication order)."""
    outcomes = [e for e in entries if e.kind in (EntryKind.CLOSURE, EntryKind.REOPENING)]
    return outcomes[-1] if outcomes else None


def refresh_current_state(recommendation: Recommendation) -> None:
    """Recompute the stored current decision, status, progress, closure and next report date.

    A closed recommendation owes no report, so its next report date is empty. Every published
    entry that is not a correction counts as a report, closures and reopenings included, so a
    reopened recommendation's next report is due one reporting cycle after it was reopened.
    """
    entries = _published_entries(recommendation)
    decision, update_entry = current_entries_of(entries)
    recommendation.current_decision = decision.decision if decision else None
    recommendation.current_status = update_entry.status if update_entry else None
    recommendation.current_progress = update_entry.progress if update_entry else None
    recommendation.last_published_at = entries[-1].published_at if entries else None
    outcome = latest_closure_or_reopening(entries)
    closure = outcome if outcome is not None and outcome.kind == EntryKind.CLOSURE else None
    recommendation.closed_at = closure.published_at if closure else None
    recommendation.closure_reason = closure.closure_reason if closure else None
    if closure is not None:
        recommendation.next_report_due = None
        return
    reports = [e for e in entries if not e.corrects_id]
    assembly = recommendation.assembly
    due = next_report_due(
        first_response_due=assembly.effective_first_response_due,
        has_decision=decision is not None,
        last_report_at=reports[-1].published_at if reports else None,
        cadence_months=assembly.update_cadence_months,
    )
    recommendation.next_report_due = extended_report_due(recommendation, due)


def closed_problems(recommendation: Recommendation, corrects: ResponseEntry | None) -> dict:
    """New decisions and updates wait until a closed recommendation is reopened; corrections
    to what was published before may still be made."""
    if not recommendation.is_closed or corrects is not None:
        return {}
    return {
        "closed": _(
            "Recommendation %(number)d is closed. An organiser must reopen it before a new "
            "decision or progress update is published on it",
            number=recommendation.number,
        )
    }


def _check_correction(
    recommendation: Recommendation, corrects: ResponseEntry | None, kind: str, note: str
) -> dict[str, str]:
    if corrects is None:
        return {}
    problems = _check_corrected_entry(recommendation, corrects, kind)
    if problems:
        return problems
    if not (note or "").strip():
        return {"correction_note": "Say what this corrects and why"}
    if len(note) > MAX_EXPLANATION:
        return {
            "correction_note": f"Correction note must be {MAX_EXPLANATION:,} characters or fewer"
        }
    return {}


def _check_corrected_entry(
    recommendation: Recommendation, corrects: ResponseEntry, kind: str
) -> dict[str, str]:
    if corrects.recommendation_id != recommendation.id or not corrects.is_published:
        return {"corrects": "You can only correct a published entry of this recommendation"}
    if corrects.kind != kind:
        return {"corrects": "A correction must be of the same kind as the entry it corrects"}
    if correction_of(corrects) is not None:
        return {
            "corrects": "This entry has already been corrected. Correct the latest version instead"
        }
    return {}


def correction_of(entry: ResponseEntry) -> ResponseEntry | None:
    """The published entry that corrects ``entry``, if there is one."""
    return db.session.scalar(
        select(ResponseEntry)
        .where(ResponseEntry.corrects_id == entry.id, ResponseEntry.published_at.is_not(None))
        .order_by(ResponseEntry.id)
        .limit(1)
    )


def _check_draft(
    recommendation: Recommendation, draft: ResponseEntry | None, kind: str
) -> dict[str, str]:
    if draft is None:
        return {}
    if draft.recommendation_id != recommendation.id or draft.is_published or draft.kind != kind:
        return {"draft": "This draft has already been published or discarded"}
    if draft.is_awaiting_sign_off:
        return {"draft": _("This draft is waiting for sign-off. An approver must return it first")}
    return {}


def decision_problems(
    recommendation: Recommendation,
    *,
    decision: str | None,
    explanation: str = "",
    referred_to: str | None = None,
    decision_maker: str | None = None,
    decided_on: date | None = None,
    decision_record_url: str | None = None,
    evidence: Iterable[Evidence] = (),
    referred_organisation: int | None = None,
    respond_by: date | None = None,
    corrects: ResponseEntry | None = None,
    correction_note: str = "",
    draft: ResponseEntry | None = None,
) -> dict[str, str]:
    """Everything that stops this decision being published now (empty if nothing does)."""
    problems = check_decision(
        decision,
        explanation,
        referred_to,
        recommendation.title,
        decision_maker=decision_maker,
        decided_on=decided_on,
        decision_record_url=decision_record_url,
        evidence=evidence,
        referred_organisation=referred_organisation,
        respond_by=respond_by,
    )
    problems |= _check_correction(recommendation, corrects, EntryKind.DECISION, correction_note)
    problems |= closed_problems(recommendation, corrects)
    problems |= _check_draft(recommendation, draft, EntryKind.DECISION)
    return problems


def update_problems(
    recommendation: Recommendation,
    *,
    status: str | None,
    progress: int | None,
    summary: str,
    milestone: str | None = None,
    milestone_due: date | None = None,
    evidence: Iterable[Evidence] = (),
    corrects: ResponseEntry | None = None,
    correction_note: str = "",
    draft: ResponseEntry | None = None,
) -> dict[str, str]:
    """Everything that stops this progress update being published now (empty if nothing does)."""
    problems = check_update(status, progress, summary, milestone, milestone_due, evidence)
    problems |= _check_correction(recommendation, corrects, EntryKind.UPDATE, correction_note)
    problems |= closed_problems(recommendation, corrects)
    problems |= _check_draft(recommendation, draft, EntryKind.UPDATE)
    return problems


def preview_entry(
    recommendation: Recommendation,
    author: User,
    kind: EntryKind,
    values: dict,
    *,
    corrects: ResponseEntry | None = None,
    correction_note: str = "",
) -> ResponseEntry:
    """The entry these values would publish, as it would read if published now.

    It is never added to the session, so nothing is saved: the check step before publishing
    shows it with the public page's own template parts.
    """
    entry = ResponseEntry(recommendation_id=recommendation.id, kind=kind)
    if kind == EntryKind.DECISION:
        _fill_decision(entry, author, _record_of(values))
    else:
        _fill_update(
            entry,
            author,
            values["status"],
            values["progress"],
            values["summary"],
            values["milestone"],
            values["milestone_due"],
            list(values["evidence"]),
        )
    entry.corrects_id = corrects.id if corrects else None
    entry.correction_note = (correction_note or "").strip() if corrects else ""
    entry.published_at = utcnow()
    return entry


@dataclass(frozen=True)
class DecisionValues:
    """What a decision says: the decision itself, its decision record and its evidence."""

    decision: str | None
    explanation: str = ""
    referred_to: str | None = None
    decision_maker: str | None = None
    decided_on: date | None = None
    decision_record_url: str | None = None
    evidence: tuple[Evidence, ...] = ()
    # A listed organisation the decision is referred to, and the date it should respond by.
    referred_organisation: int | None = None
    respond_by: date | None = None


def _record_of(values: dict) -> DecisionValues:
    return DecisionValues(
        decision=values.get("decision"),
        explanation=values.get("explanation") or "",
        referred_to=values.get("referred_to"),
        decision_maker=values.get("decision_maker"),
        decided_on=values.get("decided_on"),
        decision_record_url=values.get("decision_record_url"),
        evidence=tuple(values.get("evidence") or ()),
        referred_organisation=values.get("referred_organisation"),
        respond_by=values.get("respond_by"),
    )


def publish_decision(
    recommendation: Recommendation,
    author: User,
    *,
    decision: str,
    explanation: str = "",
    referred_to: str | None = None,
    decision_maker: str | None = None,
    decided_on: date | None = None,
    decision_record_url: str | None = None,
    evidence: Iterable[Evidence] = (),
    referred_organisation: int | None = None,
    respond_by: date | None = None,
    corrects: ResponseEntry | None = None,
    correction_note: str = "",
    expected_version: int | None = None,
    draft: ResponseEntry | None = None,
) -> ResponseEntry:
    values = DecisionValues(
        decision,
        explanation,
        referred_to,
        decision_maker,
        decided_on,
        decision_record_url,
        tuple(evidence),
        referred_organisation,
        respond_by,
    )
    problems = decision_problems(
        recommendation,
        **_as_arguments(values),
        corrects=corrects,
        correction_note=correction_note,
        draft=draft,
    )
    if problems:
        raise Problems(problems)
    claim_version(recommendation, expected_version)
    entry = draft or ResponseEntry(recommendation_id=recommendation.id, kind=EntryKind.DECISION)
    _fill_decision(entry, author, values)
    return _publish(recommendation, entry, corrects, correction_note)


def _as_arguments(values: DecisionValues) -> dict:
    return {
        "decision": values.decision,
        "explanation": values.explanation,
        "referred_to": values.referred_to,
        "decision_maker": values.decision_maker,
        "decided_on": values.decided_on,
        "decision_record_url": values.decision_record_url,
        "evidence": values.evidence,
        "referred_organisation": values.referred_organisation,
        "respond_by": values.respond_by,
    }


def _fill_decision(entry: ResponseEntry, author: User, values: DecisionValues) -> None:
    decision = values.decision
    entry.author_id = author.id
    entry.decision = Decision(decision) if decision else None
    entry.explanation = (values.explanation or "").strip()
    entry.referred_to = (
        (values.referred_to or "").strip() or None if decision == "referred" else None
    )
    entry.decision_maker = DecisionMaker(values.decision_maker) if values.decision_maker else None
    entry.decided_on = values.decided_on
    entry.decision_record_url = (values.decision_record_url or "").strip() or None
    entry.evidence = _evidence_links(values.evidence)
    from portal.partners.referrals import fill_referral

    fill_referral(entry, values.referred_organisation, values.respond_by)


def _evidence_links(evidence: Iterable[Evidence]) -> list[EvidenceLink]:
    return [
        EvidenceLink(title=link.title.strip(), url=link.url.strip(), position=index)
        for index, link in enumerate(evidence)
    ]


def publish_update(
    recommendation: Recommendation,
    author: User,
    *,
    status: str,
    progress: int | None,
    summary: str,
    milestone: str | None = None,
    milestone_due: date | None = None,
    evidence: Iterable[Evidence] = (),
    corrects: ResponseEntry | None = None,
    correction_note: str = "",
    expected_version: int | None = None,
    draft: ResponseEntry | None = None,
) -> ResponseEntry:
    evidence = list(evidence)
    problems = update_problems(
        recommendation,
        status=status,
        progress=progress,
        summary=summary,
        milestone=milestone,
        milestone_due=milestone_due,
        evidence=evidence,
        corrects=corrects,
        correction_note=correction_note,
        draft=draft,
    )
    if problems:
        raise Problems(problems)
    claim_version(recommendation, expected_version)
    entry = draft or ResponseEntry(recommendation_id=recommendation.id, kind=EntryKind.UPDATE)
    _fill_update(entry, author, status, progress, summary, milestone, milestone_due, evidence)
    return _publish(recommendation, entry, corrects, correction_note)


def _fill_update(
    entry: ResponseEntry,
    author: User,
    status: str | None,
    progress: int | None,
    summary: str,
    milestone: str | None,
    milestone_due: date | None,
    evidence: list[Evidence],
) -> None:
    entry.author_id = author.id
    entry.status = ImplementationStatus(status) if status else None
    entry.progress = progress
    entry.summary = (summary or "").strip()
    entry.milestone = (milestone or "").strip() or None
    entry.milestone_due = milestone_due if entry.milestone else None
    entry.evidence = _evidence_links(evidence)


def save_decision_draft(
    recommendation: Recommendation,
    author: User,
    *,
    decision: str | None,
    explanation: str = "",
    referred_to: str | None = None,
    decision_maker: str | None = None,
    decided_on: date | None = None,
    decision_record_url: str | None = None,
    evidence: Iterable[Evidence] = (),
    referred_organisation: int | None = None,
    respond_by: date | None = None,
    corrects: ResponseEntry | None = None,
    correction_note: str = "",
    expected_version: int | None = None,
    draft: ResponseEntry | None = None,
) -> ResponseEntry:
    """Save an unpublished decision (new, or over ``draft``). Drafts may be unfinished."""
    values = DecisionValues(
        decision,
        explanation,
        referred_to,
        decision_maker,
        decided_on,
        decision_record_url,
        tuple(evidence),
        referred_organisation,
        respond_by,
    )
    problems = check_decision_draft(
        decision,
        explanation,
        referred_to,
        decision_maker=decision_maker,
        decided_on=decided_on,
        decision_record_url=decision_record_url,
        evidence=values.evidence,
        referred_organisation=referred_organisation,
        respond_by=respond_by,
    )
    problems |= _check_draft(recommendation, draft, EntryKind.DECISION)
    if corrects is not None:
        problems |= _check_corrected_entry(recommendation, corrects, EntryKind.DECISION)
    if problems:
        raise Problems(problems)
    claim_version(recommendation, expected_version)
    entry = draft or ResponseEntry(recommendation_id=recommendation.id, kind=EntryKind.DECISION)
    _fill_decision(entry, author, values)
    return _keep_draft(entry, corrects, correction_note)


def save_update_draft(
    recommendation: Recommendation,
    author: User,
    *,
    status: str | None,
    progress: int | None,
    summary: str = "",
    milestone: str | None = None,
    milestone_due: date | None = None,
    evidence: Iterable[Evidence] = (),
    corrects: ResponseEntry | None = None,
    correction_note: str = "",
    expected_version: int | None = None,
    draft: ResponseEntry | None = None,
) -> ResponseEntry:
    """Save an unpublished progress update (new, or over ``draft``). Drafts may be unfinished."""
    evidence = list(evidence)
    problems = check_update_draft(status, progress, summary, milestone, milestone_due, evidence)
    problems |= _check_draft(recommendation, draft, EntryKind.UPDATE)
    if corrects is not None:
        problems |= _check_corrected_entry(recommendation, corrects, EntryKind.UPDATE)
    if problems:
        raise Problems(problems)
    claim_version(recommendation, expected_version)
    entry = draft or ResponseEntry(recommendation_id=recommendation.id, kind=EntryKind.UPDATE)
    _fill_update(entry, author, status, progress, summary, milestone, milestone_due, evidence)
    return _keep_draft(entry, corrects, correction_note)


def _keep_draft(
    entry: ResponseEntry, corrects: ResponseEntry | None, correction_note: str
) -> ResponseEntry:
    entry.corrects_id = corrects.id if corrects else None
    entry.correction_note = (correction_note or "").strip() if corrects else ""
    entry.updated_at = utcnow()
    entry.published_at = None
    db.session.add(entry)
    db.session.flush()
    return entry


def discard_draft(
    recommendation: Recommendation, draft: ResponseEntry, *, expected_version: int | None = None
) -> None:
    """Delete an unpublished entry. Published entries are never deleted."""
    if draft.recommendation_id != recommendation.id or not draft.is_draft:
        raise Problems({"draft": "This draft has already been published or discarded"})
    claim_version(recommendation, expected_version)
    db.session.delete(draft)
    db.session.flush()


def _publish(
    recommendation: Recommendation,
    entry: ResponseEntry,
    corrects: ResponseEntry | None,
    correction_note: str,
) -> ResponseEntry:
    entry.corrects_id = corrects.id if corrects else None
    entry.correction_note = (correction_note or "").strip() if corrects else ""
    from portal.tracker.signoff import needs_sign_off, submit_for_sign_off

    if needs_sign_off(recommendation.assembly, entry.kind):
        return submit_for_sign_off(recommendation, entry)
    return publish_entry(recommendation, entry)


def publish_entry(recommendation: Recommendation, entry: ResponseEntry) -> ResponseEntry:
    """Publish ``entry`` now, bring the recommendation's current state up to date and tell
    whoever listens. The caller has checked the entry and claimed the version (and, where the
    assembly needs sign-off, an approver has approved it: :mod:`portal.tracker.signoff`)."""
    now = utcnow()
    entry.updated_at = now
    entry.published_at = now
    entry.published_version = recommendation.version
    db.session.add(entry)
    db.session.flush()
    refresh_current_state(recommendation)
    events.emit("entry_published", entry=entry)
    return entry
