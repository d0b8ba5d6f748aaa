"""An assembly's Atom feed of published decisions, updates and the council's reports."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date, datetime
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from portal.commitments.open_data import FeedItem, feed_items
from portal.extensions import db
from portal.links import assembly_url, recommendation_url, report_url
from portal.models import Assembly, EntryKind, Recommendation, Report, ResponseEntry
from portal.public.open_data import iso_datetime, published_history, published_reports
from portal.public.record import correction_heading, decision_record_of, evidence_lines
from portal.reports.services import load_snapshot
from portal.reports.versions import versions_by_report
from portal.templating import absolute_url, format_date

ATOM = "http://www.w3.org/2005/Atom"


_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(value: str | None) -> str:
    """Text that XML 1.0 can carry: control characters other than tab and newlines removed."""
    return _NOT_XML.sub("", value or "")


def _tag_uri(day: date | datetime, specific: str) -> str:
    """A stable tag: URI (RFC 4151) under the portal's public host name."""
    host = urlsplit(current_app.config["PUBLIC_BASE_URL"]).hostname or "localhost"
    return f"tag:{host},{day:%Y-%m-%d}:{specific}"


def feed_entry_title(recommendation: Recommendation, entry: ResponseEntry) -> str:
    prefix = "Correction: " if entry.corrects_id else ""
    if entry.kind == EntryKind.CLOSURE:
        return _(
            "Recommendation %(number)d closed, %(title)s: %(reason)s",
            number=recommendation.number,
            title=recommendation.title,
            reason=entry.closure_reason_label,
        )
    if entry.kind == EntryKind.REOPENING:
        return _(
            "Recommendation %(number)d reopened, %(title)s",
            number=recommendation.number,
            title=recommendation.title,
        )
    if entry.kind == EntryKind.DECISION:
        return (
            f"{prefix}Decision on recommendation {recommendation.number}, "
            f"{recommendation.title}: {entry.decision_label}"
        )
    return (
        f"{prefix}Progress update on recommendation {recommendation.number}, "
        f"{recommendation.title}: {entry.status_label}, "
        f"{entry.progress}% done"
    )


def feed_entry_text(entry: ResponseEntry, corrected: ResponseEntry | None) -> str:
    lines = []
    if corrected is not None:
        lines.append(correction_heading(entry, corrected))
    if entry.kind == EntryKind.CLOSURE:
        lines.append(_("Closed: %(reason)s", reason=entry.closure_reason_label))
        if entry.superseded_by:
            lines.append(_("Superseded by: %(what)s", what=entry.superseded_by))
        lines.append(entry.explanation)
    elif entry.kind == EntryKind.REOPENING:
        lines.append(_("Reopened: reports are due on this recommendation again."))
        lines.append(entry.explanation)
    elif entry.kind == EntryKind.DECISION:
        lines.append(f"Decision: {entry.decision_label}")
        if entry.referred_to:
            lines.append(f"Referred to: {entry.referred_to}")
        if entry.explanation:
            lines.append(entry.explanation)
        record = decision_record_of(entry)
        if record is not None:
            lines.append(record.text)
            if record.url:
                lines.append(_("Report or minutes: %(url)s", url=record.url))
        lines.extend(evidence_lines(entry.evidence))
    else:
        lines.append(f"Status: {entry.status_label}. Progress: {entry.progress}%")
        lines.append(entry.summary)
        if entry.milestone:
            due = f", due by {format_date(entry.milestone_due)}" if entry.milestone_due else ""
            lines.append(f"Next milestone: {entry.milestone}{due}")
        lines.extend(evidence_lines(entry.evidence))
    return "\n\n".join(line for line in lines if line)


def report_entry_title(report: Report) -> str:
    return _("Report published: %(title)s", title=report.title)


def report_entry_text(report: Report, versions: list | None = None) -> str:
    """The report's kind and period, its summary figures as published (or as corrected last),
    and each correction with its reason."""
    summary = load_snapshot(report).get("summary") or {}
    lines = [
        _(
            "%(kind)s for %(start)s to %(end)s.",
            kind=report.kind.label,
            start=format_date(report.period_from),
            end=format_date(report.period_to),
        )
    ]
    if summary:
        lines.append(
            _(
                "Accepted: %(accepted)d. Partly accepted: %(partly)d. Not accepted: "
                "%(not_accepted)d. Completed: %(completed)d. Changed since the previous "
                "report: %(changed)d.",
                accepted=summary.get("accepted", 0),
                partly=summary.get("partly_accepted", 0),
                not_accepted=summary.get("not_accepted", 0),
                completed=summary.get("completed", 0),
                changed=summary.get("changed", 0),
            )
        )
    for version in versions or []:
        if version.is_correction:
            lines.append(
                _(
                    "Corrected on %(date)s (version %(version)d): %(reason)s",
                    date=format_date(version.created_at),
                    version=version.version,
                    reason=version.reason or "",
                )
            )
    return "\n\n".join(lines)


def report_updated_at(report: Report, versions: list) -> datetime:
    """When the report last changed: its latest correction, or its publication."""
    dates = [report.published_at, *(version.created_at for version in versions)]
    return max(when for when in dates if when is not None)


def _order(item) -> int:
    """Among items published at the same moment: partners' first, then entries, then reports."""
    return 2 if isinstance(item, Report) else 1 if isinstance(item, ResponseEntry) else 0


def atom_feed(assembly: Assembly) -> bytes:
    """An Atom 1.0 feed with one entry per published decision or update, per published report,
    and per partner's commitment and update on one, newest first."""
    recommendations = {
        recommendation.id: recommendation
        for recommendation in db.session.scalars(
            select(Recommendation).where(Recommendation.assembly_id == assembly.id)
        )
    }
    history = published_history(assembly)
    entries = sorted(
        (entry for entries in history.values() for entry in entries),
        key=lambda entry: (entry.published_at, entry.id),
        reverse=True,
    )
    by_id = {entry.id: entry for entry in entries}
    reports = [report for report in published_reports(assembly) if report.published_at]
    report_versions = versions_by_report([report.id for report in reports])
    partners = feed_items(assembly, recommendations)
    items: list[ResponseEntry | Report | FeedItem] = [*entries, *reports, *partners]
    items.sort(key=lambda item: (item.published_at, _order(item), item.id), reverse=True)
    changed = [
        *(entry.published_at for entry in entries[:1] if entry.published_at),
        *(item.published_at for item in partners),
        *(report_updated_at(report, report_versions[report.id]) for report in reports),
    ]
    updated = max(changed) if changed else assembly.created_at

    ET.register_namespace("", ATOM)

    def add(parent, tag: str, text: str | None = None, **attributes) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
        if text is not None:
            element.text = _xml_text(text)
        return element

    feed = ET.Element(f"{{{ATOM}}}feed")
    add(feed, "id", _tag_uri(assembly.created_at, f"assembly-{assembly.id}"))
    add(feed, "title", f"{assembly.name}: the council’s decisions and progress updates")
    if assembly.topic_question:
        add(feed, "subtitle", assembly.topic_question)
    add(feed, "updated", iso_datetime(updated))
    add(
        feed,
        "link",
        rel="self",
        type="application/atom+xml",
        href=absolute_url("public.feed", slug=assembly.slug),
    )
    add(
        feed,
        "link",
        rel="alternate",
        type="text/html",
        href=assembly_url(assembly, external=True),
    )
    author = add(feed, "author")
    add(author, "name", current_app.config["AUTHORITY_NAME"])
    for entry in items:
        if isinstance(entry, FeedItem):
            item = add(feed, "entry")
            add(item, "id", _tag_uri(entry.published_at, entry.tag))
            add(item, "title", entry.title)
            add(item, "published", iso_datetime(entry.published_at))
            add(item, "updated", iso_datetime(entry.published_at))
            add(item, "link", rel="alternate", type="text/html", href=entry.link)
            add(item, "category", term=entry.category)
            add(item, "summary", entry.summary, type="text")
            add(item, "content", entry.content, type="text")
            continue
        if isinstance(entry, Report):
            item = add(feed, "entry")
            add(item, "id", _tag_uri(entry.published_at or entry.created_at, f"report-{entry.id}"))
            add(item, "title", report_entry_title(entry))
            add(item, "published", iso_datetime(entry.published_at))
            add(
                item,
                "updated",
                iso_datetime(report_updated_at(entry, report_versions[entry.id])),
            )
            add(
                item,
                "link",
                rel="alternate",
                type="text/html",
                href=report_url(entry, external=True),
            )
            add(item, "category", term="report")
            add(item, "summary", entry.title, type="text")
            add(item, "content", report_entry_text(entry, report_versions[entry.id]), type="text")
            continue
        recommendation = recommendations[entry.recommendation_id]
        item = add(feed, "entry")
        add(item, "id", _tag_uri(entry.published_at, f"response-entry-{entry.id}"))
        add(item, "title", feed_entry_title(recommendation, entry))
        add(item, "published", iso_datetime(entry.published_at))
        add(item, "updated", iso_datetime(entry.published_at))
        add(
            item,
            "link",
            rel="alternate",
            type="text/html",
            href=recommendation_url(
                anchor=f"entry-{entry.id}",
                slug=assembly.slug,
                number=recommendation.number,
                external=True,
            ),
        )
        add(item, "category", term=entry.kind)
        add(item, "summary", recommendation.title, type="text")
        add(item, "content", feed_entry_text(entry, by_id.get(entry.corrects_id)), type="text")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
