"""Organisers manage the people in an assembly: the list, its CSV, and actions on one person.

Suspending and restoring are the moderation pages' own (``scrutiny.moderate_member``), which
come back here afterwards; resending and withdrawing use :mod:`portal.admin.invitations`.
"""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select

from portal.admin import invitations, members
from portal.admin.forms import (
    ActionForm,
    DisplayNameForm,
    RemoveMemberForm,
    WithdrawInvitationForm,
)
from portal.admin.routes import bp
from portal.extensions import db
from portal.models import Assembly, Role
from portal.pagination import page_number, pagination
from portal.permissions import organiser_required
from portal.problems import Problems
from portal.redirects import safe_next
from portal.spreadsheets.files import write_csv


def _assembly_or_404(slug: str) -> Assembly:
    return db.session.scalar(select(Assembly).where(Assembly.slug == slug)) or abort(404)


def _back_url(assembly: Assembly) -> str:
    """The list the organiser came from (its filters and page kept), or the whole list."""
    return safe_next(request.args.get("next")) or url_for("admin.members_list", slug=assembly.slug)


def _back_to_list(assembly: Assembly):
    return redirect(_back_url(assembly))


@bp.route("/assemblies/<slug>/members")
@organiser_required
def members_list(slug: str):
    assembly = _assembly_or_404(slug)
    filters = members.Filters.from_args(request.args)
    page = members.people_page(assembly, filters, page_number())
    args = filters.as_args()
    return render_template(
        "admin/members.html",
        title=_("People in %(assembly)s", assembly=assembly.name),
        assembly=assembly,
        filters=filters,
        page=page,
        selects=_filter_selects(filters),
        results_heading=_results_heading(page.total, bool(args)),
        state_classes=STATE_TAGS,
        csv_url=url_for("admin.members_csv", slug=assembly.slug, **args),
        here=url_for("admin.members_list", slug=assembly.slug, page=page.number, **args),
        pagination=pagination(page, "admin.members_list", slug=assembly.slug, **args),
    )


STATE_TAGS = {
    members.MemberState.ACTIVE: "govuk-tag--green",
    members.MemberState.SUSPENDED: "govuk-tag--orange",
    members.MemberState.DEACTIVATED: "govuk-tag--grey",
    members.MemberState.INVITED: "govuk-tag--blue",
    members.MemberState.EXPIRED: "govuk-tag--yellow",
}


def _filter_selects(filters: members.Filters) -> list[dict]:
    def options(choices, chosen):
        return [{"value": "", "text": _("Any"), "selected": not chosen}] + [
            {"value": value, "text": str(text), "selected": value == chosen}
            for value, text in choices
        ]

    return [
        {
            "id": "role",
            "name": "role",
            "label": {"text": _("Role")},
            "items": options(
                [(role.value, role.label) for role in Role],
                filters.role.value if filters.role else "",
            ),
        },
        {
            "id": "state",
            "name": "state",
            "label": {"text": _("State")},
            "items": options(list(members.STATE_FILTERS.items()), filters.state or ""),
        },
    ]


def _results_heading(total: int, filtered: bool) -> str:
    if filtered:
        return ngettext(
            "%(num)d person matches your filters", "%(num)d people match your filters", total
        )
    return ngettext("%(num)d person", "%(num)d people", total)


@bp.route("/assemblies/<slug>/members.csv")
@organiser_required
def members_csv(slug: str):
    assembly = _assembly_or_404(slug)
    filters = members.Filters.from_args(request.args)
    rows = (person.csv_row() for person in members.everyone_matching(assembly, filters))
    return Response(
        write_csv(members.CSV_COLUMNS, rows),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{assembly.slug}-members.csv"'},
    )


def _member_or_404(assembly: Assembly, user_id: int):
    return members.member_or_none(assembly, user_id) or abort(404)


@bp.route("/assemblies/<slug>/members/<int:user_id>/remove", methods=["GET", "POST"])
@organiser_required
def remove_member(slug: str, user_id: int):
    assembly = _assembly_or_404(slug)
    member = _member_or_404(assembly, user_id)
    form = RemoveMemberForm()
    if form.validate_on_submit():
        try:
            closed = members.remove(assembly, member, current_user, form.reason.data)
        except Problems as problems:
            problems.show_on(form, fallback="reason")
        else:
            db.session.commit()
            if closed:
                message = _(
                    "%(name)s has been removed from %(assembly)s. It was their only assembly, "
                    "so their account is closed and they have been signed out.",
                    name=member.name,
                    assembly=assembly.name,
                )
            else:
                message = _(
                    "%(name)s has been removed from %(assembly)s. They keep their account for "
                    "their other assemblies.",
                    name=member.name,
                    assembly=assembly.name,
                )
            flash(message, "success")
            return _back_to_list(assembly)
    return render_template(
        "admin/member_remove.html",
        title=_("Remove %(name)s from %(assembly)s", name=member.name, assembly=assembly.name),
        form=form,
        assembly=assembly,
        member=member,
        closes_account=members.closes_account(member, assembly),
        other_assemblies=members.other_assemblies(member, assembly),
        back=_back_url(assembly),
    )


@bp.route("/assemblies/<slug>/members/<int:user_id>/display-name", methods=["GET", "POST"])
@organiser_required
def change_member_display_name(slug: str, user_id: int):
    from portal.scrutiny import moderation

    assembly = _assembly_or_404(slug)
    member = _member_or_404(assembly, user_id)
    form = DisplayNameForm()
    if form.validate_on_submit():
        old = member.display_name
        try:
            moderation.change_display_name(
                member, current_user, form.display_name.data, form.reason.data
            )
        except Problems as problems:
            db.session.rollback()
            problems.show_on(form)
        else:
            db.session.commit()
            flash(
                _("“%(old)s” is now shown as “%(new)s”.", old=old, new=member.display_name),
                "success",
            )
            return _back_to_list(assembly)
    return render_template(
        "admin/member_display_name.html",
        title=_("Change the name %(name)s shows to others", name=member.name),
        form=form,
        assembly=assembly,
        member=member,
        back=_back_url(assembly),
    )


def _invitation_or_404(assembly: Assembly, invitation_id: int):
    return members.invitation_or_none(assembly, invitation_id) or abort(404)


@bp.route("/assemblies/<slug>/members/invitations/<int:invitation_id>/resend", methods=["POST"])
@organiser_required
def resend_member_invitation(slug: str, invitation_id: int):
    assembly = _assembly_or_404(slug)
    invitation = _invitation_or_404(assembly, invitation_id)
    if ActionForm().validate_on_submit():
        invitations.resend(invitation)
        flash(
            _("The invitation to %(email)s has been sent again.", email=invitation.email),
            "success",
        )
    return _back_to_list(assembly)


@bp.route(
    "/assemblies/<slug>/members/invitations/<int:invitation_id>/withdraw",
    methods=["GET", "POST"],
)
@organiser_required
def withdraw_member_invitation(slug: str, invitation_id: int):
    assembly = _assembly_or_404(slug)
    invitation = _invitation_or_404(assembly, invitation_id)
    if invitation.revoked_at is not None:
        abort(404)
    form = WithdrawInvitationForm()
    if form.validate_on_submit():
        invitations.revoke(invitation)
        flash(
            _(
                "The invitation to %(email)s has been withdrawn. Its link no longer works.",
                email=invitation.email,
            ),
            "success",
        )
        return _back_to_list(assembly)
    return render_template(
        "admin/invitation_withdraw.html",
        title=_("Withdraw the invitation to %(name)s", name=invitation.name),
        form=form,
        assembly=assembly,
        invitation=invitation,
        back=_back_url(assembly),
    )
