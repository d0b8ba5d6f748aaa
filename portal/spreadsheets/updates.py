"""Applying a confirmed tracker upload: every planned row is published, or nothing is.

The plan comes from :func:`portal.spreadsheets.update_plan.plan_updates`, kept between the
preview and the confirmation; each row is checked again as it is published. An action's row is
applied with :func:`portal.actions.services.edit_action` (its move kept in the action's
history), only if the action is still at the version the preview read.
"""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from flask_babel import ngettext

from portal.actions.services import ActionValues, edit_action
from portal.extensions import db
from portal.models import Action, Recommendation, User
from portal.permissions import can_manage_actions, can_respond_to
from portal.problems import Problems
from portal.spreadsheets.progress import Progress, no_progress
from portal.tracker.services import ConflictError, publish_decision, publish_update


class UpdatesRejected(ValueError):
    """Nothing was published; the message names the row and the reason."""


class Applied(int):
    """How many entries a confirmed upload saved; ``awaiting`` of them wait for sign-off
    (their assembly needs it) and the rest were published."""

    awaiting: int = 0
    actions: int = 0

    def __new__(cls, total: int, awaiting: int = 0, actions: int = 0) -> Applied:
        applied = super().__new__(cls, total)
        applied.awaiting = awaiting
        applied.actions = actions
        return applied

    @property
    def published(self) -> int:
        return int(self) - self.awaiting


def publish_planned(
    planned: list[dict], importer: User, *, progress: Progress = no_progress, commit: bool = True
) -> Applied:
    """Publish every planned row, or nothing. Commits once (unless ``commit`` is false: a
    background job commits with its result); returns the number of entries.

    Where the assembly needs sign-off for a kind of entry, the row's entry of that kind waits
    for an approver instead of being published (:mod:`portal.tracker.signoff`).

    Raises UpdatesRejected if a row can no longer be published: someone else published on the
    recommendation since the file was checked, the importer no longer leads it, or a rule fails.
    """
    published = 0
    awaiting = 0
    actions = 0
    try:
        for plan in planned:
            recommendation = db.session.get(Recommendation, plan["recommendation_id"])
            label = f"Row {plan['row']} ({plan['assembly']} {plan['number']})"
            if recommendation is None:
                raise UpdatesRejected(f"{label}: the recommendation no longer exists")
            if plan.get("action"):
                _apply_action(plan, recommendation, importer)
                actions += 1
                progress(1)
                continue
            if not can_respond_to(importer, recommendation):
                raise UpdatesRejected(f"{label}: you do not lead this recommendation")
            expected = plan["version"]
            try:
                if plan["decision"]:
                    entry = publish_decision(
                        recommendation, importer, expected_version=expected, **plan["decision"]
                    )
                    expected = recommendation.version
                    published += 1
                    awaiting += entry.is_awaiting_sign_off
                if plan["update"]:
                    entry = publish_update(
                        recommendation, importer, expected_version=expected, **plan["update"]
                    )
                    published += 1
                    awaiting += entry.is_awaiting_sign_off
            except ConflictError as error:
                raise UpdatesRejected(
                    f"{label}: someone else published on this recommendation since you checked "
                    "the file"
                ) from error
            except Problems as error:
                raise UpdatesRejected(f"{label}: {error}") from error
            progress(1)
    except UpdatesRejected:
        db.session.rollback()
        raise
    if commit:
        db.session.commit()
    return Applied(published, awaiting, actions)


def applied_message(count: Applied, planned: list[dict]) -> str:
    """What a confirmed upload did, in a sentence or two, for the page that confirms it."""
    recommendations = sum(1 for plan in planned if plan.get("decision") or plan.get("update"))
    if count.awaiting:
        message = _(
            "Saved %(total)d entries on %(recommendations)d recommendations: %(published)d "
            "published and %(waiting)d sent for sign-off. The public sees those once an "
            "approver approves them.",
            total=int(count),
            recommendations=recommendations,
            published=count.published,
            waiting=count.awaiting,
        )
    elif count or not count.actions:
        message = (
            f"Published {count} {'entry' if count == 1 else 'entries'} on {recommendations} "
            f"{'recommendation' if recommendations == 1 else 'recommendations'}."
        )
    else:
        message = ""
    if count.actions:
        changed = ngettext("Changed %(num)d action.", "Changed %(num)d actions.", count.actions)
        message = f"{message} {changed}".strip()
    return message


def _apply_action(plan: dict, recommendation: Recommendation, importer: User) -> None:
    """Change one action as its row says, through the actions service, or raise."""
    label = _(
        "Row %(row)d (%(assembly)s %(number)s, action %(id)d)",
        row=plan["row"],
        assembly=plan["assembly"],
        number=plan["number"],
        id=plan["action_id"],
    )
    action = db.session.get(Action, plan["action_id"], with_for_update=True, populate_existing=True)
    if action is None or action.recommendation_id != recommendation.id:
        raise UpdatesRejected(_("%(label)s: the action no longer exists", label=label))
    if not can_manage_actions(importer, recommendation):
        raise UpdatesRejected(_("%(label)s: you do not lead this recommendation", label=label))
    if action.version != plan["action_version"]:
        raise UpdatesRejected(
            _("%(label)s: someone else changed this action since you checked the file", label=label)
        )
    wanted = plan["action"]
    try:
        edit_action(
            action,
            importer,
            ActionValues(
                title=wanted["title"],
                owner=wanted["owner"],
                due_on=date.fromisoformat(wanted["due_on"]) if wanted["due_on"] else None,
                status=wanted["status"],
                progress=wanted["progress"],
            ),
        )
    except Problems as error:
        raise UpdatesRejected(f"{label}: {error}") from error
