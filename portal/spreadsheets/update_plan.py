"""Reading an uploaded tracker: what each row would publish, or why it cannot.

The upload is the edited export (:mod:`portal.spreadsheets.export`). Each row is compared with
the recommendation's current state and becomes at most one decision and one progress update,
checked with the same rules as the forms (:func:`check_decision`, :func:`check_update`).
An action's row (``row_type`` ``action``) is read by :mod:`portal.spreadsheets.action_plan`
and becomes at most one change to that action.
Nothing is published here: :mod:`portal.spreadsheets.updates` publishes the plan once confirmed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select, tuple_
from sqlalchemy.orm import joinedload

from portal.extensions import db
from portal.models import (
    Assembly,
    Decision,
    EntryKind,
    ImplementationStatus,
    Recommendation,
    ResponseEntry,
    User,
)
from portal.permissions import can_respond_to
from portal.spreadsheets.action_plan import (
    actions_for,
    plan_action_row,
    row_kind,
    stray_action_cells,
)
from portal.spreadsheets.cells import quote, same_text, whole_number
from portal.spreadsheets.export import (
    ACTION_ROW,
    IDENTIFYING_COLUMNS,
    RECOMMENDATION_ROW,
    TRACKER_COLUMNS,
    current_entries,
)
from portal.spreadsheets.files import read_spreadsheet, strip_neutralisation
from portal.spreadsheets.recommendation_import import MAX_NUMBER
from portal.templating import format_date
from portal.tracker.services import check_decision, check_update
from portal.uploads import CheckedRows, ParsedRow


@dataclass
class PlannedRow:
    """What one row of an uploaded tracker will publish, or why it cannot."""

    row: int
    assembly: str = ""
    number: str = ""
    title: str = ""
    recommendation_id: int | None = None
    version: int | None = None
    exported_version: int | None = None
    out_of_date: bool = False
    decision: dict | None = None
    update: dict | None = None
    kind: str = RECOMMENDATION_ROW
    action_id: int | None = None
    action_version: int | None = None
    action: dict | None = None
    changes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def reference(self) -> str:
        reference = f"{self.assembly} {self.number}".strip()
        if self.action_id is not None:
            reference += ", " + _("action %(id)d", id=self.action_id)
        return reference

    @property
    def has_changes(self) -> bool:
        return bool(self.decision or self.update or self.action)

    def to_payload(self) -> dict:
        return {
            "row": self.row,
            "assembly": self.assembly,
            "number": self.number,
            "recommendation_id": self.recommendation_id,
            "version": self.version,
            "decision": self.decision,
            "update": self.update,
            "action_id": self.action_id,
            "action_version": self.action_version,
            "action": self.action,
            "changes": self.changes,
        }


@dataclass
class UpdatePlan(CheckedRows):
    rows: list[PlannedRow]

    @property
    def changed_rows(self) -> list[PlannedRow]:
        return [row for row in self.rows if row.has_changes and not row.problems]

    @property
    def entry_count(self) -> int:
        return sum(bool(row.decision) + bool(row.update) for row in self.changed_rows)

    @property
    def recommendation_count(self) -> int:
        """Recommendations that get a decision or an update."""
        return sum(1 for row in self.changed_rows if row.decision or row.update)

    @property
    def action_count(self) -> int:
        return sum(1 for row in self.changed_rows if row.action)

    @property
    def confirm_label(self) -> str:
        """The confirm button: ‘Publish 2 entries and change 1 action’."""
        entries = ngettext("%(num)d entry", "%(num)d entries", self.entry_count)
        actions = ngettext("%(num)d action", "%(num)d actions", self.action_count)
        if self.entry_count and self.action_count:
            return _("Publish %(entries)s and change %(actions)s", entries=entries, actions=actions)
        if self.action_count:
            return _("Change %(actions)s", actions=actions)
        return _("Publish %(entries)s", entries=entries)

    @property
    def skipped_count(self) -> int:
        return sum(1 for row in self.rows if not row.has_changes and not row.problems)

    def payload(self) -> list[dict]:
        return [row.to_payload() for row in self.changed_rows]


def plan_updates(data: bytes, filename: str, importer: User) -> UpdatePlan:
    """Read an uploaded tracker and work out, row by row, exactly what it would publish.

    Raises UploadError when the file itself is unusable; row problems are kept on the rows.
    """
    rows = read_spreadsheet(data, filename, TRACKER_COLUMNS, required=IDENTIFYING_COLUMNS)
    for row in rows:
        for name in row.values:
            row.values[name] = strip_neutralisation(row.values[name])
        for name in IDENTIFYING_COLUMNS:
            row.values[name] = row.values[name].removeprefix("'").strip()
        row.values["assembly"] = row.values["assembly"].lower()
    recommendations = _recommendations_for(rows)
    entries = current_entries(
        db.session.scalars(
            select(ResponseEntry)
            .where(
                ResponseEntry.recommendation_id.in_(
                    [recommendation.id for recommendation in recommendations.values()] or [0]
                ),
                ResponseEntry.published_at.is_not(None),
            )
            .order_by(ResponseEntry.published_at, ResponseEntry.id)
        )
    )
    assemblies = {recommendation.assembly.slug for recommendation in recommendations.values()}
    known_assemblies = assemblies | set(
        db.session.scalars(
            select(Assembly.slug).where(
                Assembly.slug.in_(sorted({r.values["assembly"] for r in rows}))
            )
        )
    )
    actions = actions_for(rows)
    planned = []
    seen: dict[tuple[str, int], int] = {}
    seen_actions: dict[int, int] = {}
    for row in rows:
        plan = PlannedRow(row=row.row, problems=list(row.problems))
        recommendation = _recommendation_of(plan, row, recommendations, known_assemblies)
        if recommendation is None:
            pass
        elif plan.kind == ACTION_ROW:
            plan_action_row(plan, row, importer, recommendation, actions, seen_actions)
        elif not stray_action_cells(plan, row.values):
            _plan_row(plan, row, importer, recommendation, entries, seen)
        planned.append(plan)
    _explain_out_of_date([plan for plan in planned if plan.out_of_date])
    return UpdatePlan(rows=planned)


def _recommendations_for(rows: Sequence[ParsedRow]) -> dict[tuple[str, int], Recommendation]:
    keys = set()
    for row in rows:
        number = whole_number(row.values["number"])
        if row.values["assembly"] and number is not None and number <= MAX_NUMBER:
            keys.add((row.values["assembly"], number))
    if not keys:
        return {}
    found = db.session.scalars(
        select(Recommendation)
        .join(Assembly, Recommendation.assembly_id == Assembly.id)
        .options(joinedload(Recommendation.assembly))
        .where(tuple_(Assembly.slug, Recommendation.number).in_(sorted(keys)))
    )
    return {(r.assembly.slug, r.number): r for r in found}


def _recommendation_of(
    plan: PlannedRow,
    row: ParsedRow,
    recommendations: dict[tuple[str, int], Recommendation],
    known_assemblies: set[str],
) -> Recommendation | None:
    """The recommendation a row is about (an action's row: the one its action is under), and
    the kind of row; None, with a problem on the row, when it cannot be found."""
    values = row.values
    plan.assembly, plan.number = values["assembly"], values["number"]
    kind = row_kind(plan, values)
    if kind is None:
        return None
    plan.kind = kind
    if not plan.assembly or not plan.number:
        plan.problems.append(
            "Enter the assembly’s short name and the recommendation number, "
            "so we know which recommendation this row is about"
        )
        return None
    number = whole_number(plan.number)
    if number is None or number > MAX_NUMBER:
        plan.problems.append(f"number: ‘{quote(plan.number)}’ is not a recommendation number")
        return None
    if plan.assembly not in known_assemblies:
        plan.problems.append(f"assembly: no assembly has the short name ‘{quote(plan.assembly)}’")
        return None
    recommendation = recommendations.get((plan.assembly, number))
    if recommendation is None:
        plan.problems.append(f"number: {plan.assembly} has no recommendation {number}")
    return recommendation


def _plan_row(
    plan: PlannedRow,
    row: ParsedRow,
    importer: User,
    recommendation: Recommendation,
    entries: dict[int, tuple[ResponseEntry | None, ResponseEntry | None]],
    seen: dict[tuple[str, int], int],
) -> None:
    """Work out what a recommendation's row publishes, or add its problems to ``plan``."""
    values = row.values
    number = recommendation.number
    if (plan.assembly, number) in seen:
        plan.problems.append(
            f"Recommendation {number} of {plan.assembly} is also in row {seen[(plan.assembly, number)]}"
        )
        return
    seen[(plan.assembly, number)] = row.row
    plan.recommendation_id = recommendation.id
    plan.title = recommendation.title
    plan.version = recommendation.version
    if not _read_exported_version(plan, values.get("version", ""), recommendation):
        return
    problems_before = len(plan.problems)
    current_decision, current_update = entries.get(recommendation.id, (None, None))
    _plan_decision(plan, values, recommendation, current_decision)
    _plan_update(plan, row, recommendation, current_update)
    stale = plan.exported_version is not None and plan.exported_version < recommendation.version
    if stale and (plan.has_changes or len(plan.problems) > problems_before):
        # Taken before later work: publishing it would put old words back. The message
        # (who published what since) is written once every row is planned.
        plan.out_of_date = True
        plan.decision = plan.update = None
        plan.changes = []
        del plan.problems[problems_before:]
        return
    if plan.has_changes and not can_respond_to(importer, recommendation):
        plan.problems.append(
            "You do not lead this recommendation, so you cannot publish on it. "
            "Leave its row unchanged or remove it"
        )


def _read_exported_version(plan: PlannedRow, typed: str, recommendation: Recommendation) -> bool:
    """Read the row's ``version`` cell (empty in a hand-made row); False if it is unusable."""
    typed = typed.removeprefix("'").strip()
    if not typed:
        return True
    version = whole_number(typed)
    if version is None or version > recommendation.version:
        plan.problems.append(
            _(
                "version: ‘%(typed)s’ is not a version this recommendation has had (it is at "
                "version %(current)d). Leave the version column as the export wrote it, or "
                "export the tracker again",
                typed=quote(typed),
                current=recommendation.version,
            )
        )
        return False
    plan.exported_version = version
    return True


def _explain_out_of_date(plans: list[PlannedRow]) -> None:
    """Say, for each out-of-date row, who published what since the row was exported."""
    if not plans:
        return
    published = db.session.scalars(
        select(ResponseEntry)
        .options(joinedload(ResponseEntry.author))
        .where(
            ResponseEntry.recommendation_id.in_({plan.recommendation_id for plan in plans}),
            ResponseEntry.published_at.is_not(None),
            ResponseEntry.published_version.is_not(None),
        )
        .order_by(ResponseEntry.published_at, ResponseEntry.id)
    ).all()
    for plan in plans:
        since = [
            entry
            for entry in published
            if entry.recommendation_id == plan.recommendation_id
            and (entry.published_version or 0) > (plan.exported_version or 0)
        ]
        plan.problems.append(_out_of_date_message(plan, since))


def _out_of_date_message(plan: PlannedRow, since: list[ResponseEntry]) -> str:
    if since:
        what = "; ".join(_published_since(entry) for entry in since)
        happened = _("Since then, %(what)s.", what=what)
    else:
        happened = _(
            "Since then, someone has saved, discarded or published a response on it "
            "(it is at version %(current)d now).",
            current=plan.version or 0,
        )
    return _(
        "out of date: this row was exported from version %(exported)d of recommendation "
        "%(number)s. %(happened)s Nothing in this row has been published. Export the tracker "
        "again and make your change in the new file",
        exported=plan.exported_version or 0,
        number=plan.number,
        happened=happened,
    )


def _published_since(entry: ResponseEntry) -> str:
    """‘Sarah Whitfield published a progress update (In progress, 40% done) on 2 May 2027’."""
    who = entry.author.name if entry.author else _("someone")
    when = format_date(entry.published_at)
    if entry.kind == EntryKind.DECISION:
        return _(
            "%(who)s published a decision (%(decision)s) on %(when)s",
            who=who,
            decision=entry.decision_label,
            when=when,
        )
    return _(
        "%(who)s published a progress update (%(status)s, %(progress)s%% done: “%(summary)s”) "
        "on %(when)s",
        who=who,
        status=entry.status_label,
        progress=entry.progress if entry.progress is not None else 0,
        summary=quote(entry.summary, 80),
        when=when,
    )


def _plan_decision(
    plan: PlannedRow,
    values: dict[str, str],
    recommendation: Recommendation,
    current: ResponseEntry | None,
) -> None:
    typed_decision, explanation = values["decision"], values["explanation"]
    current_code = recommendation.current_decision
    current_explanation = current.explanation if current else ""
    decision = current_code
    if typed_decision:
        decision = _code_for(typed_decision, Decision)
        if decision is None:
            plan.problems.append(
                f"decision: ‘{quote(typed_decision)}’ is not a decision. Use one of: "
                + ", ".join(Decision)
            )
            return
    decision_changes = decision != current_code
    explanation_changes = bool(explanation) and not same_text(explanation, current_explanation)
    if not decision_changes and not explanation_changes:
        return
    if decision is None:
        plan.problems.append("decision: enter the decision this explanation is for")
        return
    if decision_changes and explanation and same_text(explanation, current_explanation):
        before = current_code.label if current_code else ""
        plan.problems.append(
            _(
                "explanation: the decision changes from ‘%(before)s’ to ‘%(after)s’, but the "
                "explanation is still the one published with ‘%(before)s’. Write the "
                "explanation for ‘%(after)s’ in this row",
                before=before,
                after=decision.label,
            )
            + (_(", or clear the explanation cell") if decision == Decision.ACCEPTED else "")
        )
        return
    referred_to = None
    if decision == "referred":
        if current_code != "referred" or current is None:
            plan.problems.append(
                "decision: to refer a recommendation to another body, publish the decision "
                "on the recommendation’s page, where you can name the body"
            )
            return
        referred_to = current.referred_to
    problems = check_decision(decision, explanation, referred_to, recommendation.title)
    if problems:
        plan.problems.extend(_column_problems(problems))
        return
    plan.decision = {"decision": decision, "explanation": explanation, "referred_to": referred_to}
    after = decision.label
    if decision_changes:
        before = current_code.label if current_code else "No decision yet"
        described = f"Decision: {before} → {after}"
        if explanation:
            described += f" with explanation “{explanation}”"
    else:
        described = f"Decision: {after} (unchanged) with a new explanation “{explanation}”"
    plan.changes.append(described)


def _plan_update(
    plan: PlannedRow, row: ParsedRow, recommendation: Recommendation, current: ResponseEntry | None
) -> None:
    values = row.values
    typed_status, typed_progress, summary = (
        values["status"],
        values["progress"],
        values["update_summary"],
    )
    status = recommendation.current_status
    progress = recommendation.current_progress
    if typed_status:
        status = _code_for(typed_status, ImplementationStatus)
        if status is None:
            plan.problems.append(
                f"status: ‘{quote(typed_status)}’ is not a status. Use one of: "
                + ", ".join(ImplementationStatus)
            )
            return
    if "progress" in getattr(row, "percent_columns", ()):
        plan.problems.append(
            f"progress: the cell is a number formatted as a percentage ({quote(typed_progress)}). "
            "Type the whole number instead, like 60"
        )
        return
    if typed_progress:
        progress = whole_number(typed_progress, allow_percent=True)
        if progress is None:
            plan.problems.append(
                "progress: enter a whole number from 0 to 100, like 60 or 60% "
                f"(not ‘{quote(typed_progress)}’)"
            )
            return
    current_summary = (current.summary if current else "").strip()
    state_changes = (
        status != recommendation.current_status or progress != recommendation.current_progress
    )
    summary_changes = bool(summary) and not same_text(summary, current_summary)
    if not state_changes and not summary_changes:
        return
    if state_changes and not summary_changes:
        plan.problems.append(
            "update_summary: write what has happened. A new status or progress needs a new summary"
        )
        return
    problems = check_update(status, progress, summary)
    if problems:
        plan.problems.extend(_column_problems(problems))
        return
    plan.update = {"status": status, "progress": progress, "summary": summary}
    plan.changes.append(f"Update: {status.label if status else ''}, {progress} %, “{summary}”")


_Code = TypeVar("_Code", Decision, ImplementationStatus)


def _code_for(typed: str, codes: type[_Code]) -> _Code | None:
    """A code from its code or its label, ignoring case: ``not_accepted`` or ``Not accepted``."""
    wanted = " ".join(typed.replace("_", " ").split()).lower()
    for code in codes:
        if wanted in (code.value.replace("_", " "), code.label.lower()):
            return code
    return None


_COLUMN_FOR_FIELD = {
    "decision": "decision",
    "explanation": "explanation",
    "referred_to": "decision",
    "status": "status",
    "progress": "progress",
    "summary": "update_summary",
}


def _column_problems(problems: dict[str, str]) -> list[str]:
    return [f"{_COLUMN_FOR_FIELD.get(name, name)}: {message}" for name, message in problems.items()]
