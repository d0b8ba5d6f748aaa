"""Who may do what: role decorators for views and policy functions for single objects.

Every view and service asks here; nothing else decides access.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING

from flask import abort, current_app, has_request_context, request
from flask_login import current_user
from sqlalchemy import ScalarSelect, String, cast, func, select

from portal.extensions import db
from portal.models import (
    Assembly,
    CharterSignature,
    Membership,
    Recommendation,
    Role,
    SignatureState,
)

if TYPE_CHECKING:
    from portal.models import User


def role_required(*roles: Role) -> Callable:
    """Allow only signed-in people with one of ``roles``: sign-in page if anonymous, 403 if not."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return current_app.login_manager.unauthorized()
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def signed_in_required(view: Callable) -> Callable:
    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            return current_app.login_manager.unauthorized()
        return view(*args, **kwargs)

    return wrapped


organiser_required = role_required(Role.ORGANISER)
staff_required = role_required(Role.ORGANISER, Role.OFFICER)
member_required = role_required(Role.MEMBER)
# The tracker's read-only pages: staff, and approvers and colleagues (for the assemblies they
# are given: ``tracker_assembly_ids`` scopes what they see).
internal_required = role_required(Role.ORGANISER, Role.OFFICER, Role.APPROVER, Role.COLLEAGUE)
approver_required = role_required(Role.APPROVER)
# Partners' own pages (portal.partners.home): people who act for an organisation.
partner_required = role_required(Role.PARTNER)


def request_memo() -> dict:
    """A dict that lives as long as the current request (outside one, a fresh dict each time).

    Not ``g``: an app context can outlive a request (tests share one across requests).
    """
    if not has_request_context():
        return {}
    memo = getattr(request, "portal_memo", None)
    if memo is None:
        memo = request.portal_memo = {}
    return memo


def is_member_of(user: User, assembly: Assembly) -> bool:
    if not user.is_authenticated or not user.is_member:
        return False
    return _has_membership(user, assembly)


def is_given(user: User, assembly: Assembly) -> bool:
    """An approver or colleague given this assembly by an organiser."""
    if not user.is_authenticated or not (user.is_approver or user.is_colleague):
        return False
    return _has_membership(user, assembly)


def membership_ids_of(user_id) -> ScalarSelect[str | None]:
    """The ids of the assemblies the person with ``user_id`` (a column or a value) belongs to,
    comma-separated, as a subquery: signing a request in (``auth.sessions.load``) reads it with
    the session, so membership checks in that request need no statement of their own."""
    return (
        select(func.aggregate_strings(cast(Membership.assembly_id, String), ","))
        .where(Membership.user_id == user_id)
        .scalar_subquery()
    )


def remember_memberships(user: User, ids: str | None) -> None:
    """Keep what :func:`membership_ids_of` read for this request's checks."""
    if has_request_context():
        known = {int(part) for part in (ids or "").split(",") if part}
        request_memo().setdefault("membership_sets", {})[user.id] = known


def _has_membership(user: User, assembly: Assembly) -> bool:
    # Pages ask this several times (one per panel); remember the answer for the request.
    known = request_memo().get("membership_sets", {}).get(user.id)
    if known is not None:
        return assembly.id in known
    cache = request_memo().setdefault("memberships", {})
    key = (user.id, assembly.id)
    if key not in cache:
        cache[key] = (
            db.session.scalar(
                select(Membership.id).where(
                    Membership.user_id == user.id, Membership.assembly_id == assembly.id
                )
            )
            is not None
        )
    return cache[key]


def can_take_part(user: User, assembly: Assembly) -> bool:
    """Members of the assembly, officers and organisers: the people inside the process."""
    if not user.is_authenticated:
        return False
    return user.is_staff or is_member_of(user, assembly)


def can_view_assembly(user: User, assembly: Assembly) -> bool:
    return assembly.is_public or can_take_part(user, assembly) or is_given(user, assembly)


def can_read_tracker(user: User, assembly: Assembly) -> bool:
    """The tracker's view of an assembly (internal material included): staff see every assembly,
    approvers and colleagues the ones they are given."""
    if not user.is_authenticated:
        return False
    return user.is_staff or is_given(user, assembly)


def tracker_assembly_ids(user: User) -> set[int] | None:
    """The assemblies ``user`` sees in the tracker: ``None`` means every one."""
    if user.is_staff:
        return None
    if not user.is_authenticated or not user.is_internal:
        return set()
    known = request_memo().get("membership_sets", {}).get(user.id)
    if known is not None:
        return set(known)
    return set(
        db.session.scalars(select(Membership.assembly_id).where(Membership.user_id == user.id))
    )


def can_manage_assemblies(user: User) -> bool:
    return user.is_authenticated and user.is_organiser


def can_respond_to(user: User, recommendation: Recommendation) -> bool:
    """Organisers can act for any lead officer; officers respond on what they lead."""
    if not user.is_authenticated:
        return False
    if user.is_organiser:
        return True
    return user.is_officer and recommendation.lead_officer_id == user.id


def can_close(user: User, recommendation: Recommendation) -> bool:
    """The lead officer or an organiser may close a recommendation with its final outcome."""
    if not user.is_authenticated:
        return False
    if user.is_organiser:
        return True
    return user.is_officer and recommendation.lead_officer_id == user.id


def can_reopen(user: User, recommendation: Recommendation) -> bool:
    """Only an organiser may reopen a closed recommendation (with a public reason)."""
    return user.is_authenticated and user.is_organiser


def can_see_sign_off_queue(user: User) -> bool:
    """Approvers work the sign-off queue; organisers may look at it."""
    return user.is_authenticated and (user.is_approver or user.is_organiser)


def can_sign_off(user: User, entry) -> bool:
    """An approver given the entry's assembly may approve or return it."""
    if not user.is_authenticated or not user.is_approver:
        return False
    return is_given(user, entry.recommendation.assembly)


def can_sign_off_report(user: User, report) -> bool:
    """An approver given the report's assembly may approve or return a report waiting for
    sign-off (organisers send it; they never approve it)."""
    if not user.is_authenticated or not user.is_approver:
        return False
    return is_given(user, report.assembly)


def can_approve(user: User, entry) -> bool:
    """As :func:`can_sign_off`, but never an entry they wrote themselves."""
    return can_sign_off(user, entry) and entry.author_id != user.id


def assembly_for_viewer_or_404(slug: str, user: User) -> Assembly:
    """The assembly if ``user`` may see it. Private assemblies are 404, so they stay unknown."""
    assembly = db.session.scalar(select(Assembly).where(Assembly.slug == slug))
    if assembly is None or not can_view_assembly(user, assembly):
        abort(404)
    return assembly


# Member scrutiny: discussion, verdicts, questions and moderation.

COMMENT_EDIT_MINUTES = 30


def can_read_discussion(user: User, assembly: Assembly) -> bool:
    """Members' content (comments, verdict tallies, questions) for the people inside the process,
    and read-only for everyone when a public assembly's organiser shows its discussion publicly."""
    if is_inside(user, assembly):
        return True
    return assembly.is_public and assembly.show_discussion_publicly


def can_follow(user: User, assembly: Assembly) -> bool:
    return is_member_of(user, assembly)


def is_suspended(user: User) -> bool:
    """An organiser has suspended this member: they may read, follow and rate, but post nothing
    others read (comments, replies, questions, verdict reasons, reports, a new display name)."""
    return bool(user.is_authenticated and user.comments_suspended_at is not None)


def can_comment(user: User, assembly: Assembly) -> bool:
    """Members, officers and organisers may comment, unless an organiser has suspended them."""
    return can_take_part(user, assembly) and not is_suspended(user)


def can_give_verdict(user: User, assembly: Assembly) -> bool:
    return is_member_of(user, assembly)


def can_ask(user: User, assembly: Assembly) -> bool:
    return is_member_of(user, assembly) and not is_suspended(user)


def can_write_verdict_reason(user: User) -> bool:
    return not is_suspended(user)


def can_change_display_name(user: User) -> bool:
    return not is_suspended(user)


def can_answer(user: User, question) -> bool:
    """The officer the question is assigned to, or any organiser."""
    if not user.is_authenticated:
        return False
    if user.is_organiser:
        return True
    return user.is_officer and question.assigned_to_id == user.id


def can_moderate(user: User) -> bool:
    return user.is_authenticated and user.is_organiser


def can_report(user: User, comment) -> bool:
    """Anyone taking part may report someone else's visible comment."""
    if not user.is_authenticated or comment.author_id == user.id:
        return False
    if comment.is_deleted or comment.is_hidden or is_suspended(user):
        return False
    return can_take_part(user, comment.recommendation.assembly)


def can_edit_comment(user: User, comment, now) -> bool:
    """Authors may edit their own visible comment for 30 minutes after posting it."""
    from datetime import timedelta

    if not can_delete_comment(user, comment) or comment.is_hidden:
        return False
    if user.comments_suspended_at is not None:
        return False
    return now - comment.created_at <= timedelta(minutes=COMMENT_EDIT_MINUTES)


def can_delete_comment(user: User, comment) -> bool:
    return user.is_authenticated and comment.author_id == user.id and not comment.is_deleted


def is_inside(user: User, assembly: Assembly) -> bool:
    """Taking part (members of it, officers, organisers), or an approver or colleague given it."""
    return can_take_part(user, assembly) or is_given(user, assembly)


def assembly_for_insider(assembly: Assembly, user: User) -> Assembly:
    """The assembly if ``user`` is inside it (reading only): 404 if they may not see it, else 403."""
    if not can_view_assembly(user, assembly):
        abort(404)
    if not is_inside(user, assembly):
        abort(403)
    return assembly


def assembly_for_participant(assembly: Assembly, user: User) -> Assembly:
    """The assembly if ``user`` takes part in it: 404 if they may not even see it, else 403."""
    if not can_view_assembly(user, assembly):
        abort(404)
    if not can_take_part(user, assembly):
        abort(403)
    return assembly


def can_manage_recommendations(user: User) -> bool:
    """Organisers add and edit recommendations and choose who leads each one."""
    return user.is_authenticated and user.is_organiser


def can_extend_deadlines(user: User) -> bool:
    """Organisers may move a report date or a question's answer date, with a public reason."""
    return user.is_authenticated and user.is_organiser


def can_send_bulletins(user: User) -> bool:
    return user.is_authenticated and user.is_organiser


def can_see_sent_email(user: User) -> bool:
    return user.is_authenticated and user.is_organiser


def can_read_bulletin(user: User, bulletin) -> bool:
    """Sent bulletins: staff read all; members those to everyone, or to one of their assemblies
    (as members, or as followers of its recommendations). Drafts: organisers only."""
    from portal.models import BulletinAudience, BulletinState

    if not user.is_authenticated:
        return False
    if user.is_organiser:
        return True
    if bulletin.state != BulletinState.SENT:
        return False
    if user.is_staff or bulletin.audience == BulletinAudience.EVERYONE:
        return True
    if bulletin.audience == BulletinAudience.ASSEMBLY:
        return bulletin.assembly is not None and is_inside(user, bulletin.assembly)
    if bulletin.audience == BulletinAudience.RECOMMENDATIONS:
        return any(is_inside(user, rec.assembly) for rec in bulletin.recommendations)
    return False


# People's data rights: download and delete (portal.rights).


def can_delete_own_account(user: User) -> bool:
    """Members delete their own account. Staff accounts are the council's work accounts: their
    names on published responses are part of its record, so they are closed another way."""
    return bool(user.is_authenticated and user.is_member)


def can_erase_account(actor: User, person: User) -> bool:
    """An organiser deletes a member's account on the member's request (never their own)."""
    return bool(
        actor.is_authenticated and actor.is_organiser and person.is_member and person.id != actor.id
    )


def can_subscribe_by_email(assembly: Assembly) -> bool:
    """Anyone may get update emails about a public assembly without an account (an email
    subscription); a private assembly offers none, to anyone."""
    return assembly.is_public


def can_see_subscriber_counts(user: User) -> bool:
    return user.is_authenticated and user.is_organiser


# Internal notes (portal.tracker.notes): staff, and approvers and colleagues given the assembly.
# Never members, never the public.


def can_read_internal_notes(user: User, assembly: Assembly) -> bool:
    return can_read_tracker(user, assembly)


def can_add_internal_note(user: User, assembly: Assembly) -> bool:
    return can_read_tracker(user, assembly)


# The council's reports on an assembly (portal.reports).


def can_draft_reports(user: User) -> bool:
    """Organisers draft, check and publish the council's reports."""
    return user.is_authenticated and user.is_organiser


def can_read_report(user: User, report) -> bool:
    """A published report, for whoever may see its assembly (a private one: the people inside)."""
    return report.is_published and can_view_assembly(user, report.assembly)


def can_correct_report(user: User, report) -> bool:
    """Organisers correct a published report (a new, visible version with a reason)."""
    return report.is_published and can_draft_reports(user)


def can_read_report_version(user: User, report) -> bool:
    """Earlier versions of a report: for whoever may read the report itself."""
    return can_read_report(user, report)


# The members' statement on a published report and the council's reply (portal.statements).


def can_run_statement(user: User) -> bool:
    """Organisers open the draft, edit its text, open it for endorsement, publish, moderate."""
    return user.is_authenticated and user.is_organiser


def can_see_statement_draft(user: User, assembly: Assembly) -> bool:
    """The draft and its proposals: the assembly's members, officers and organisers."""
    return can_take_part(user, assembly)


def can_contribute_to_statement(user: User, assembly: Assembly) -> bool:
    """Members of the assembly propose text and comment, unless suspended."""
    return is_member_of(user, assembly) and not is_suspended(user)


def can_endorse_statement(user: User, assembly: Assembly) -> bool:
    return is_member_of(user, assembly)


def can_reply_to_statement(user: User) -> bool:
    """The council's reply is written by an officer or an organiser."""
    return user.is_authenticated and user.is_staff


def can_answer_lead(user: User, recommendation: Recommendation) -> bool:
    """Only the lead officer accepts a recommendation or says it isn't theirs."""
    return bool(
        user.is_authenticated and user.is_officer and recommendation.lead_officer_id == user.id
    )


def can_search_assembly(assembly: Assembly) -> bool:
    """Search covers public assemblies only, for everyone (private ones never show in it)."""
    return assembly.is_public


# Members' assessment of a published report (portal.assessments).


def can_open_assessment(user: User) -> bool:
    """Organisers ask the members to assess a published report, and may close it early."""
    return user.is_authenticated and user.is_organiser


def can_assess(user: User, report) -> bool:
    """Every member of the assembly rates the council's response (nobody else does)."""
    return report.is_published and is_member_of(user, report.assembly)


# The policy calendar (portal.policy_calendar).


def can_manage_charter(user: User) -> bool:
    """Organisers write an assembly's civic charter and decide on requests to sign it."""
    return user.is_authenticated and user.is_organiser


def can_edit_organisation_details(user: User) -> bool:
    """Only organisers change an organisation's details and logo; its partners do not (they
    ask an organiser), so what the public record says about an organisation stays the council's."""
    return user.is_authenticated and user.is_organiser


def can_respond_to_referral(user: User, referral) -> bool:
    """A partner of the organisation a published decision was referred to answers it, once."""
    return (
        user.is_authenticated
        and user.is_partner
        and user.organisation_id is not None
        and user.organisation_id == referral.organisation_id
        and referral.entry.is_published
    )


def can_see_referrals(user: User) -> bool:
    """Organisers see every assembly's referrals to organisations, answered or waiting."""
    return user.is_authenticated and user.is_organiser


def can_see_charter_request_logo(user: User) -> bool:
    """A request's logo is not public until an organiser approves it: organisers only."""
    return can_manage_charter(user)


def can_manage_calendar(user: User) -> bool:
    """Organisers add and change decision points (and record outcomes)."""
    return user.is_authenticated and user.is_organiser


def can_record_outcome(user: User) -> bool:
    """Officers and organisers record what a body decided, as they write the council's record."""
    return user.is_authenticated and user.is_staff


def can_see_calendar(user: User, assembly: Assembly) -> bool:
    """The calendar is as visible as its assembly: a private one only to the people inside."""
    return can_view_assembly(user, assembly)


def can_manage_actions(user: User, recommendation: Recommendation) -> bool:
    """The officer leading a recommendation and organisers add, edit and move on its actions."""
    if not user.is_authenticated:
        return False
    if user.is_organiser:
        return True
    return user.is_officer and recommendation.lead_officer_id == user.id


def can_see_job(user: User, job) -> bool:
    """A background job's progress and result: the person who started it, and organisers."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_organiser or (job.started_by_id is not None and job.started_by_id == user.id)


# Partners' commitments (portal.commitments).


def has_signed_charter(organisation_id: int | None, assembly: Assembly) -> bool:
    """Whether the organisation's request to sign ``assembly``'s charter was approved."""
    if organisation_id is None:
        return False
    cache = request_memo().setdefault("signed_charters", {})
    key = (organisation_id, assembly.id)
    if key not in cache:
        cache[key] = (
            db.session.scalar(
                select(CharterSignature.id).where(
                    CharterSignature.organisation_id == organisation_id,
                    CharterSignature.assembly_id == assembly.id,
                    CharterSignature.state == SignatureState.APPROVED,
                )
            )
            is not None
        )
    return cache[key]


def can_commit_to(user: User, recommendation: Recommendation) -> bool:
    """A partner commits for its organisation, on a recommendation of an assembly it may see
    whose civic charter the organisation signed (the organiser approved its request)."""
    if not user.is_authenticated or not user.is_partner or user.organisation_id is None:
        return False
    assembly = recommendation.assembly
    return can_view_assembly(user, assembly) and has_signed_charter(user.organisation_id, assembly)


def can_update_commitment(user: User, commitment) -> bool:
    """Only a partner of the committed organisation, while it is still a signatory, changes the
    commitment and publishes its updates."""
    return (
        user.is_authenticated
        and user.is_partner
        and user.organisation_id == commitment.organisation_id
        and can_commit_to(user, commitment.recommendation)
    )
