"""Pages for email: organisers' bulletins and sent email, members' bulletins, preferences and
the one-click unsubscribe link."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_number, ngettext
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from portal.extensions import csrf, db, limiter
from portal.mail import bulletins, preferences, sent
from portal.mail.bulletins import AlreadySent
from portal.mail.forms import (
    BulletinForm,
    ScheduleForm,
    SentEmailSearchForm,
    UndoUnsubscribeForm,
    preferences_form,
)
from portal.mail.unsubscribe import (
    UnsubscribeLinkError,
    read_token,
    undo,
    undo_token,
    unsubscribe,
)
from portal.models import Assembly, Bulletin, BulletinState, MessageState, OutboxMessage, User
from portal.pagination import page_number, pagination
from portal.permissions import can_read_bulletin, organiser_required, signed_in_required
from portal.problems import Problems
from portal.redirects import safe_next
from portal.templating import absolute_url
from portal.timeutil import utcnow

bp = Blueprint("mail", __name__)

UK = ZoneInfo("Europe/London")


def to_utc(local: datetime) -> datetime:
    return local.replace(tzinfo=UK).astimezone(UTC).replace(tzinfo=None)


def uk_datetime(value: datetime | None) -> str:
    """A stored (UTC) time shown in UK time: 3 March 2027 at 9:30am."""
    from portal.templating import format_datetime

    if value is None:
        return ""
    return format_datetime(value.replace(tzinfo=UTC).astimezone(UK).replace(tzinfo=None))


# Organisers: bulletins


def _bulletin_or_404(bulletin_id: int) -> Bulletin:
    return db.session.get(Bulletin, bulletin_id) or abort(404)


def _fill_choices(form: BulletinForm) -> None:
    assemblies = db.session.scalars(select(Assembly).order_by(Assembly.name)).all()
    form.assembly.choices = [SelectChoice("", "Choose an assembly")] + [
        SelectChoice(str(a.id), a.name) for a in assemblies
    ]
    form.recommendations.choices = [
        SelectChoice(rec.id, f"{assembly.name}: {rec.number}. {rec.title}")
        for assembly, recs in bulletins.recommendation_choices()
        for rec in recs
    ]


def _save_bulletin(form: BulletinForm, bulletin: Bulletin | None) -> Bulletin | None:
    assembly = db.session.get(Assembly, int(form.assembly.data)) if form.assembly.data else None
    try:
        saved = bulletins.save_draft(
            bulletin,
            current_user,
            subject=form.subject.data,
            body=form.body.data,
            audience=form.audience.data,
            assembly=assembly,
            recommendation_ids=list(form.recommendations.data or []),
        )
    except Problems as problems:
        db.session.rollback()
        problems.show_on(form)
        return None
    db.session.commit()
    return saved


@bp.route("/admin/bulletins")
@organiser_required
def bulletin_list():
    return render_template(
        "mail/bulletin_list.html",
        title=_("Bulletins"),
        bulletins=bulletins.organiser_bulletins(),
    )


@bp.route("/admin/bulletins/new", methods=["GET", "POST"])
@organiser_required
def compose_bulletin():
    form = BulletinForm()
    _fill_choices(form)
    if form.validate_on_submit():
        bulletin = _save_bulletin(form, None)
        if bulletin is not None:
            return redirect(url_for("mail.preview_bulletin", bulletin_id=bulletin.id))
    return render_template("mail/compose.html", title=_("Write a bulletin"), form=form)


@bp.route("/admin/bulletins/<int:bulletin_id>/edit", methods=["GET", "POST"])
@organiser_required
def edit_bulletin(bulletin_id: int):
    bulletin = _bulletin_or_404(bulletin_id)
    if bulletin.state == BulletinState.SENT:
        flash(_("This bulletin has been sent, so it cannot be changed."))
        return redirect(url_for("mail.bulletin_report", bulletin_id=bulletin.id))
    form = BulletinForm(
        obj=bulletin,
        data={
            "body": bulletin.body_markdown,
            "assembly": str(bulletin.assembly_id or ""),
            "recommendations": bulletin.recommendation_ids,
        },
    )
    _fill_choices(form)
    if form.validate_on_submit() and _save_bulletin(form, bulletin) is not None:
        return redirect(url_for("mail.preview_bulletin", bulletin_id=bulletin.id))
    return render_template(
        "mail/compose.html", title=_("Change the bulletin"), form=form, bulletin=bulletin
    )


@bp.route("/admin/bulletins/<int:bulletin_id>")
@organiser_required
def preview_bulletin(bulletin_id: int):
    bulletin = _bulletin_or_404(bulletin_id)
    if bulletin.state == BulletinState.SENT:
        return redirect(url_for("mail.bulletin_report", bulletin_id=bulletin.id))
    context = bulletins.email_context(bulletin)
    plain_text = render_template(
        "email/bulletin.txt",
        **context,
        unsubscribe_url="(a link to stop bulletins, personal to each person)",
        preferences_url=absolute_url("mail.preferences"),
        subject=bulletin.subject,
    )
    return render_template(
        "mail/preview.html",
        title=_("Check the bulletin: %(subject)s", subject=bulletin.subject),
        bulletin=bulletin,
        content_html=context["content_html"],
        plain_text=plain_text,
        size=bulletins.audience_size(bulletin),
        audience_label=bulletin.audience.label,
    )


@bp.route("/admin/bulletins/<int:bulletin_id>/test", methods=["POST"])
@organiser_required
def test_bulletin(bulletin_id: int):
    bulletin = _bulletin_or_404(bulletin_id)
    bulletins.send_test(bulletin, current_user)
    db.session.commit()
    flash(
        _(
            "A test has been sent to %(email)s. It should arrive in a minute or two.",
            email=current_user.email,
        ),
        "success",
    )
    return redirect(url_for("mail.preview_bulletin", bulletin_id=bulletin.id))


@bp.route("/admin/bulletins/<int:bulletin_id>/send", methods=["POST"])
@organiser_required
def send_bulletin(bulletin_id: int):
    bulletin = _bulletin_or_404(bulletin_id)
    try:
        count = bulletins.send_now(bulletin)
    except AlreadySent:
        db.session.rollback()
        flash(_("This bulletin had already been sent. It has not been sent again."))
        return redirect(url_for("mail.bulletin_report", bulletin_id=bulletin_id))
    db.session.commit()
    flash(
        ngettext(
            "Your bulletin is being sent to %(count)s person.",
            "Your bulletin is being sent to %(count)s people.",
            count,
            count=format_number(count),
        ),
        "success",
    )
    return redirect(url_for("mail.bulletin_report", bulletin_id=bulletin_id))


@bp.route("/admin/bulletins/<int:bulletin_id>/schedule", methods=["GET", "POST"])
@organiser_required
def schedule_bulletin(bulletin_id: int):
    bulletin = _bulletin_or_404(bulletin_id)
    if bulletin.state == BulletinState.SENT:
        return redirect(url_for("mail.bulletin_report", bulletin_id=bulletin.id))
    form = ScheduleForm()
    if form.validate_on_submit():
        when = to_utc(form.local_datetime())
        if when <= utcnow():
            form.send_on.errors.append("Enter a date and time in the future")
        else:
            bulletins.schedule(bulletin, when)
            db.session.commit()
            flash(
                _("Your bulletin will be sent on %(when)s (UK time).", when=uk_datetime(when)),
                "success",
            )
            return redirect(url_for("mail.bulletin_list"))
    return render_template(
        "mail/schedule.html", title=_("Schedule the bulletin"), form=form, bulletin=bulletin
    )


@bp.route("/admin/bulletins/<int:bulletin_id>/unschedule", methods=["POST"])
@organiser_required
def unschedule_bulletin(bulletin_id: int):
    bulletin = _bulletin_or_404(bulletin_id)
    try:
        bulletins.unschedule(bulletin)
    except AlreadySent:
        flash(_("This bulletin had already been sent."))
        return redirect(url_for("mail.bulletin_report", bulletin_id=bulletin.id))
    db.session.commit()
    flash(_("The bulletin is no longer scheduled. It is saved as a draft."), "success")
    return redirect(url_for("mail.preview_bulletin", bulletin_id=bulletin.id))


@bp.route("/admin/bulletins/<int:bulletin_id>/delete", methods=["POST"])
@organiser_required
def delete_bulletin(bulletin_id: int):
    bulletin = _bulletin_or_404(bulletin_id)
    if bulletin.state == BulletinState.SENT:
        flash(_("A sent bulletin cannot be deleted."))
        return redirect(url_for("mail.bulletin_report", bulletin_id=bulletin.id))
    db.session.delete(bulletin)
    db.session.commit()
    flash(_("The draft has been deleted."), "success")
    return redirect(url_for("mail.bulletin_list"))


@bp.route("/admin/bulletins/<int:bulletin_id>/report")
@organiser_required
def bulletin_report(bulletin_id: int):
    bulletin = _bulletin_or_404(bulletin_id)
    if bulletin.state != BulletinState.SENT:
        return redirect(url_for("mail.preview_bulletin", bulletin_id=bulletin.id))
    state = sent.shown_state(request.args.get("state"))
    page = sent.messages(state, page_number(), bulletin_id=bulletin.id)
    return render_template(
        "mail/report.html",
        title=_("Delivery report: %(subject)s", subject=bulletin.subject),
        bulletin=bulletin,
        counts=bulletins.delivery_counts(bulletin),
        page=page,
        state=state,
        states=MessageState.shown(),
        audience_label=bulletin.audience.label,
        pagination=pagination(page, "mail.bulletin_report", bulletin_id=bulletin.id, state=state),
    )


# Organisers: every email sent


@bp.route("/admin/sent-email")
@organiser_required
def sent_email():
    form = SentEmailSearchForm(request.args)
    form.validate()
    filters = sent.from_form(form)
    page = sent.messages(filters, page_number())
    return render_template(
        "mail/sent.html",
        title=_("Sent email"),
        form=form if form.errors else None,
        search_form=form,
        page=page,
        state=filters.state,
        filters=filters,
        counts=sent.state_counts(),
        kind_labels=sent.KIND_LABELS,
        results_heading=_sent_heading(page.total, filters.active),
        pagination=pagination(page, "mail.sent_email", **filters.as_args()),
    )


def _sent_heading(total: int, filtered: bool) -> str:
    if filtered:
        return ngettext(
            "%(num)d email matches your search", "%(num)d emails match your search", total
        )
    return ngettext("%(num)d email", "%(num)d emails", total)


@bp.route("/admin/sent-email/people/<int:user_id>")
@organiser_required
def person_emails(user_id: int):
    person = db.session.get(User, user_id) or abort(404)
    filters = sent.SentFilters(user_id=person.id, user_email=person.email)
    page = sent.messages(filters, page_number())
    return render_template(
        "mail/person_emails.html",
        title=_("Emails sent to %(name)s", name=person.name),
        person=person,
        page=page,
        state=None,
        kind_labels=sent.KIND_LABELS,
        pagination=pagination(page, "mail.person_emails", user_id=person.id),
    )


@bp.route("/admin/sent-email/<int:message_id>/retry", methods=["POST"])
@organiser_required
def retry_message(message_id: int):
    message = db.session.get(OutboxMessage, message_id) or abort(404)
    if sent.retry(message):
        db.session.commit()
        flash(
            _("The email to %(address)s will be sent again.", address=message.to_address),
            "success",
        )
    else:
        flash(_("That email has not failed, so there is nothing to retry."))
    return redirect(
        safe_next(request.form.get("next")) or url_for("mail.sent_email", state="failed")
    )


@bp.route("/admin/sent-email/retry-failed", methods=["POST"])
@organiser_required
def retry_failed():
    count = sent.retry_all_failed()
    db.session.commit()
    if count:
        flash(
            ngettext(
                "%(count)s failed email will be sent again.",
                "%(count)s failed emails will be sent again.",
                count,
                count=format_number(count),
            ),
            "success",
        )
    else:
        flash(_("There are no failed emails to retry."))
    return redirect(url_for("mail.sent_email"))


# Everyone signed in: past bulletins and preferences


@bp.route("/bulletins")
@signed_in_required
def bulletins_received():
    page = sent.paginate(bulletins.visible_bulletins(current_user), page_number())
    return render_template(
        "mail/bulletins.html",
        title=_("Bulletins from the organisers"),
        page=page,
        pagination=pagination(page, "mail.bulletins_received"),
    )


@bp.route("/bulletins/<int:bulletin_id>")
@signed_in_required
def read_bulletin(bulletin_id: int):
    bulletin = db.session.get(Bulletin, bulletin_id)
    if (
        bulletin is None
        or bulletin.state != BulletinState.SENT
        or not can_read_bulletin(current_user, bulletin)
    ):
        abort(404)
    return render_template(
        "mail/bulletin.html",
        title=bulletin.subject,
        bulletin=bulletin,
        content_html=bulletins.render_markdown(bulletin.body_markdown),
    )


@bp.route("/email-preferences", methods=["GET", "POST"], endpoint="preferences")
@signed_in_required
def preferences_page():
    followed = preferences.followed_with_frequency(current_user) if current_user.is_member else []
    form = preferences_form(
        followed,
        data={
            "frequency": current_user.email_frequency,
            "bulletins": "yes" if current_user.bulletins_opt_in else "no",
            "replies": "yes" if current_user.reply_emails else "no",
            "reminders": "yes" if current_user.reminder_emails else "no",
        },
    )
    if form.validate_on_submit():
        preferences.save_preferences(
            current_user,
            default_frequency=form.frequency.data,
            bulletins=form.bulletins.data == "yes",
            replies=form.replies.data == "yes",
            reminders=form.reminders.data != "no",
            per_recommendation={
                int(field.name.removeprefix("recommendation_")): field.data or ""
                for field in form.recommendation_fields()
            },
        )
        db.session.commit()
        flash(_("Your email preferences have been saved."), "success")
        return redirect(url_for("mail.preferences"))
    return render_template(
        "mail/preferences.html",
        title=_("Your email preferences"),
        form=form,
        followed=followed,
        fieldsets=form.theme_fieldsets(preferences.by_theme(followed)),
    )


# Anyone with the link: one-click unsubscribe (RFC 8058)


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"], endpoint="unsubscribe")
@csrf.exempt
@limiter.limit("60 per minute")
def unsubscribe_link(token: str):
    """GET asks to confirm; POST ``List-Unsubscribe=One-Click`` unsubscribes at once.

    Mail providers POST here without cookies or a CSRF token (RFC 8058), so this one view is
    exempt from CSRF: the signed, per-person token is what authorises it.
    """
    try:
        subscription = read_token(token)
    except UnsubscribeLinkError:
        return render_template(
            "mail/unsubscribe_invalid.html", title=_("This link does not work")
        ), 400
    if request.method == "POST":
        if request.form.get("List-Unsubscribe") != "One-Click":
            return render_template(
                "mail/unsubscribe.html",
                title=_("Stop these emails"),
                subscription=subscription,
                problem=True,
            ), 400
        previous = unsubscribe(subscription)
        db.session.commit()
        form = UndoUnsubscribeForm(undo=undo_token(token, previous))
        return render_template(
            "mail/unsubscribed.html",
            title=_("You have unsubscribed"),
            subscription=subscription,
            form=form,
            token=token,
        )
    return render_template(
        "mail/unsubscribe.html", title=_("Stop these emails"), subscription=subscription
    )


@bp.route("/unsubscribe/<token>/undo", methods=["POST"])
@limiter.limit("60 per minute")
def undo_unsubscribe(token: str):
    """Put back the emails an unsubscribe link stopped, from the button on its confirmation."""
    form = UndoUnsubscribeForm()
    if not form.validate_on_submit():
        return render_template(
            "mail/unsubscribe_invalid.html", title=_("This link does not work")
        ), 400
    try:
        subscription = undo(token, form.undo.data or "")
    except UnsubscribeLinkError:
        return render_template(
            "mail/unsubscribe_invalid.html", title=_("This link does not work")
        ), 400
    db.session.commit()
    return render_template(
        "mail/resubscribed.html", title=_("You are subscribed again"), subscription=subscription
    )
