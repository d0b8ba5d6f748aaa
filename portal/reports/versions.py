"""Published versions of a report, and corrections to a published report.

Publishing freezes a snapshot: later entries never change a published report. It is recorded
as **version 1** (:func:`record_published`, called by :func:`portal.reports.services.publish`,
so on both ways to publish: the organiser's "Publish" and an approver's "Approve").

An organiser may **correct** a published report (:func:`correct`): the organiser-written parts
(the introduction, the conclusion, the commentary on each theme) change, and the recommendations
stay exactly as frozen unless the organiser explicitly chooses to re-take them from the record
as it stands at that moment. A correction always has a plain-English reason, is a new, visible
version (2, 3…), and leaves every earlier version readable at its own address. The report's
``snapshot`` is always the latest version's, so every format shows the correction.

None of these functions commit: the caller commits.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import func, select

from portal import events
from portal.extensions import db
from portal.models import Report, ReportThemeComment, ReportVersion, User
from portal.problems import Problems, check_text
from portal.timeutil import utcnow

MAX_REASON = 2_000


def record_published(report: Report, publisher: User | None) -> ReportVersion:
    """Version 1: the snapshot as it was published."""
    version = ReportVersion(
        report_id=report.id,
        version=1,
        snapshot=report.snapshot or "{}",
        created_by_id=publisher.id
        if publisher is not None and publisher.is_authenticated
        else None,
        created_at=report.published_at or utcnow(),
    )
    db.session.add(version)
    db.session.flush()
    return version


def versions_of(report: Report) -> list[ReportVersion]:
    """Every published version of ``report``, first to latest."""
    return list(
        db.session.scalars(
            select(ReportVersion)
            .where(ReportVersion.report_id == report.id)
            .order_by(ReportVersion.version)
        )
    )


def versions_by_report(report_ids: list[int]) -> dict[int, list[ReportVersion]]:
    """The versions of many reports in one query (for the Atom feed)."""
    found: dict[int, list[ReportVersion]] = {report_id: [] for report_id in report_ids}
    if not report_ids:
        return found
    for version in db.session.scalars(
        select(ReportVersion)
        .where(ReportVersion.report_id.in_(sorted(set(report_ids))))
        .order_by(ReportVersion.report_id, ReportVersion.version)
    ):
        found[version.report_id].append(version)
    return found


def current_version(report: Report) -> int:
    """The number of the version everyone sees now (1 for a report never corrected)."""
    return (
        db.session.scalar(
            select(func.max(ReportVersion.version)).where(ReportVersion.report_id == report.id)
        )
        or 1
    )


def version_of(report: Report, number: int) -> ReportVersion | None:
    return db.session.scalar(
        select(ReportVersion).where(
            ReportVersion.report_id == report.id, ReportVersion.version == number
        )
    )


def snapshot_of(version: ReportVersion) -> dict:
    return json.loads(version.snapshot or '{"rows": []}')


def corrections_json(versions: list[ReportVersion]) -> list[dict]:
    """The corrections in open data: ``version``, ``corrected_at`` and ``reason``."""
    from portal.public.open_data import iso_datetime

    return [
        {
            "version": version.version,
            "corrected_at": iso_datetime(version.created_at),
            "reason": version.reason or "",
            "recommendations_retaken": version.retook_recommendations,
        }
        for version in versions
        if version.is_correction
    ]


@dataclass
class Correction:
    """What the organiser asks to change, and why."""

    reason: str
    introduction: str
    conclusion: str
    theme_comments: dict[str, str] = field(default_factory=dict)  # by theme name ("" no theme)
    retake: bool = False
    based_on: int | None = None  # the version the organiser was looking at


def _check(report: Report, correction: Correction) -> dict[str, str]:
    from portal.reports.services import MAX_TEXT

    problems: dict[str, str] = {}
    if correction.based_on is not None and correction.based_on != current_version(report):
        problems["reason"] = _(
            "Someone else corrected this report while you were writing. Check the report as it "
            "is now, then make your correction again"
        )
        return problems
    problems.update(
        check_text(
            correction.reason,
            field="reason",
            empty=_("Say why you are correcting the report"),
            limit=MAX_REASON,
            name=_("The reason"),
        )
    )
    for name, text, label in (
        ("introduction", correction.introduction, _("Introduction")),
        ("conclusion", correction.conclusion, _("Conclusion")),
    ):
        if len(text or "") > MAX_TEXT:
            problems[name] = _(
                "%(name)s must be %(limit)s characters or fewer", name=label, limit=f"{MAX_TEXT:,}"
            )
    for text in correction.theme_comments.values():
        if len(text or "") > MAX_TEXT:
            problems.setdefault(
                "theme_comments",
                _(
                    "%(name)s must be %(limit)s characters or fewer",
                    name=_("The commentary"),
                    limit=f"{MAX_TEXT:,}",
                ),
            )
    return problems


def _save_texts(report: Report, author: User, correction: Correction, themes: list[str]) -> None:
    """Keep the report's own texts in step with the version, so a re-take starts from them."""
    report.introduction = correction.introduction
    report.conclusion = correction.conclusion
    existing = {
        comment.theme: comment
        for comment in db.session.scalars(
            select(ReportThemeComment).where(ReportThemeComment.report_id == report.id)
        )
    }
    for theme in themes:
        text = correction.theme_comments.get(theme, "")
        comment = existing.get(theme)
        if not text:
            if comment is not None:
                db.session.delete(comment)
            continue
        if comment is None:
            comment = ReportThemeComment(report_id=report.id, theme=theme)
            db.session.add(comment)
        comment.comment = text
        comment.author_id = author.id
        comment.updated_at = utcnow()
    db.session.flush()


def correct(report: Report, author: User, correction: Correction) -> ReportVersion:
    """Publish a correction to a published report as its next version (the caller commits)."""
    from portal.reports import services

    if not report.is_published:
        raise Problems({"reason": _("Only a published report can be corrected")})
    # One correction at a time: on PostgreSQL the report's row is locked until the commit.
    db.session.execute(select(Report.id).where(Report.id == report.id).with_for_update())
    correction.reason = (correction.reason or "").strip()
    correction.introduction = (correction.introduction or "").strip()
    correction.conclusion = (correction.conclusion or "").strip()
    correction.theme_comments = {
        theme: (text or "").strip() for theme, text in correction.theme_comments.items()
    }
    problems = _check(report, correction)
    if problems:
        raise Problems(problems)

    before = services.load_snapshot(report)
    before["report"].setdefault("theme_comments", [])
    if correction.retake:
        after = services.build_snapshot(report)
        missing = services.uncovered(after["rows"])
        if missing:
            raise Problems({"retake": services.Refusal([row["number"] for row in missing]).message})
    else:
        after = json.loads(json.dumps(before))
    themes = list(dict.fromkeys(row["theme"] for row in after.get("rows", [])))
    earlier = {
        item["theme"]: item["comment"] for item in before["report"].get("theme_comments") or []
    }
    comments = {
        theme: correction.theme_comments.get(theme, earlier.get(theme, "")) for theme in themes
    }
    correction.theme_comments = comments
    after["report"]["introduction"] = correction.introduction
    after["report"]["conclusion"] = correction.conclusion
    after["report"]["theme_comments"] = [
        {"theme": theme, "comment": comments[theme]} for theme in themes if comments[theme]
    ]
    after["report"]["published_on"] = before["report"].get("published_on")
    if after == before:
        field_name = "retake" if correction.retake else "introduction"
        raise Problems(
            {
                field_name: _(
                    "This correction changes nothing. Change the introduction, the conclusion or "
                    "a commentary, or re-take the recommendations once the record has changed"
                )
            }
        )
    _save_texts(report, author, correction, themes)
    number = current_version(report) + 1
    report.snapshot = json.dumps(after, ensure_ascii=False)
    version = ReportVersion(
        report_id=report.id,
        version=number,
        snapshot=report.snapshot,
        reason=correction.reason,
        retook_recommendations=correction.retake,
        created_by_id=author.id,
        created_at=utcnow(),
    )
    db.session.add(version)
    db.session.flush()
    events.emit("report_corrected", report=report, version=version)
    return version
